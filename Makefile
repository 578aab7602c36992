# hyoka — see README.md. Two set-up commands: `make setup` and `make test`.
GO ?= go
BIN := bin/hyoka

.PHONY: generated setup models reference build test test-short fuzz vet clean compare

## setup: fetch the real models and the llama.cpp reference, build, run a first real job
setup: models reference build
	./scripts/first-job.sh

## models: download the pinned GGUF models into models/ (sha256-checked)
models:
	./scripts/fetch-models.sh

## reference: install node-llama-cpp (llama.cpp prebuilt) into tools/llamacpp
reference:
	./scripts/fetch-reference.sh

build:
	$(GO) build -o $(BIN) ./cmd/hyoka

vet:
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { echo "gofmt needed:"; gofmt -l $$(git ls-files '*.go'); exit 1; }
	$(GO) vet ./...

## test: vet, unit and end-to-end tests, the purego build, and a short fuzz of each target (a count of executions, see scripts/fuzz-short.sh)
test: vet generated
	HYOKA_REQUIRE_MODELS=1 $(GO) test -count=1 -timeout 30m ./...
	HYOKA_REQUIRE_MODELS=1 $(GO) test -count=1 -timeout 30m -tags purego ./...
	./scripts/fuzz-short.sh

## generated: fail if a generated assembly file differs from what its generator writes
generated:
	@tmp=$$(mktemp) && python3 scripts/gen_x8k_asm.py $$tmp && cmp -s $$tmp kernels/x8k_amd64.s \
		|| { echo "kernels/x8k_amd64.s is out of date: run python3 scripts/gen_x8k_asm.py kernels/x8k_amd64.s" >&2; rm -f $$tmp; exit 1; }; \
		rm -f $$tmp
	@tmp=$$(mktemp) && python3 scripts/gen_attn_pair_asm.py $$tmp && cmp -s $$tmp kernels/attn_pair512_amd64.s \
		|| { echo "kernels/attn_pair512_amd64.s is out of date: run python3 scripts/gen_attn_pair_asm.py kernels/attn_pair512_amd64.s" >&2; rm -f $$tmp; exit 1; }; \
		rm -f $$tmp

## compare: engine vs llama.cpp on the fetched models (long; see docs/engine.md)
compare:
	./scripts/compare-llamacpp.sh

clean:
	rm -rf bin
