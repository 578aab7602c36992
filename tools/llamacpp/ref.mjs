#!/usr/bin/env node
// ref.mjs — llama.cpp (node-llama-cpp 3.21.1, prebuilt CPU binaries, llama.cpp
// tag v0.4.0) as the reference for hyoka's tokenizer, logits, generation and
// speed tests. See tools/llamacpp/README.md for the exact contracts.
//
// Subcommands print JSON to stdout; errors go to stderr with exit status 1
// (2 for command-line mistakes).
//
//   tokenize --model M [--add-special B] [--parse-special B] (--text T | --jsonl FILE)
//   logits   --model M (--text T | --tokens-json "[..]") [--add-special B] [--top-k K] [--out FILE.f32]
//   generate --model M (--text T | --tokens-json "[..]") [--add-special B] -n N
//   bench    --model M --threads T [--pp 512] [--tg 128] [--reps 3] [--tg-logits true|false]
//   info     --model M
//
// Common options: --threads N (default: all cores), --ctx N (context size),
// --batch N (batch size; default: the whole input in one decode),
// --kv-type f16|f32 (KV cache type; default f16, llama.cpp's default).
import fs from "node:fs";
import os from "node:os";
import readline from "node:readline";
import process from "node:process";
import { getLlama, LlamaLogLevel } from "node-llama-cpp";

class UsageError extends Error {}

const flag = (key) => (key.length === 1 ? `-${key}` : `--${key}`);

const USAGE = `usage: node ref.mjs <tokenize|logits|generate|bench|info> --model FILE [options]
  tokenize --model M [--add-special true|false] [--parse-special true|false] (--text T | --jsonl FILE)
  logits   --model M (--text T | --tokens-json "[..]") [--add-special B] [--top-k K] [--out FILE.f32]
  generate --model M (--text T | --tokens-json "[..]") [--add-special B] -n N
  bench    --model M --threads T [--pp 512] [--tg 128] [--reps 3] [--tg-logits true|false]
  info     --model M
common: --threads N  --ctx N  --batch N  --kv-type f16|f32`;

// Temperature used only to read logits through the sampler's probabilities:
// dividing by it keeps tokens up to ~87*LOGIT_TEMP below the maximum out of
// float32 underflow, at no cost in precision (see README.md).
const LOGIT_TEMP = 8;

function parseArgs(argv) {
	const [cmd, ...rest] = argv;
	if (!cmd || cmd === "-h" || cmd === "--help") throw new UsageError(USAGE);
	const opts = {};
	for (let i = 0; i < rest.length; i++) {
		const a = rest[i];
		if (!a.startsWith("-")) throw new UsageError(`unexpected argument ${JSON.stringify(a)}\n${USAGE}`);
		const key = a.replace(/^--?/, "");
		if (i + 1 >= rest.length) throw new UsageError(`${a} needs a value`);
		opts[key] = rest[++i];
	}
	return { cmd, opts };
}

function bool(opts, key, def) {
	const v = opts[key];
	if (v == null) return def;
	if (v === "true" || v === "1") return true;
	if (v === "false" || v === "0") return false;
	throw new UsageError(`${flag(key)} must be true or false, not ${JSON.stringify(v)}`);
}

function int(opts, key, def, min = 0) {
	const v = opts[key];
	if (v == null) {
		if (def === undefined) throw new UsageError(`${flag(key)} is required`);
		return def;
	}
	const n = Number(v);
	if (!Number.isInteger(n) || n < min) throw new UsageError(`${flag(key)} must be an integer >= ${min}, not ${JSON.stringify(v)}`);
	return n;
}

function need(opts, key) {
	if (opts[key] == null) throw new UsageError(`${flag(key)} is required`);
	return opts[key];
}

async function loadLlama() {
	return getLlama({
		gpu: false, // CPU only: deterministic, and what hyoka compares with
		build: "never", // never build from source
		usePrebuiltBinaries: true,
		skipDownload: true, // never download anything
		progressLogs: false,
		logLevel: LlamaLogLevel.warn,
		logger: (level, message) => process.stderr.write(`[llama.cpp ${level}] ${message.trimEnd()}\n`),
	});
}

async function loadModel(llama, opts, vocabOnly = false) {
	const modelPath = need(opts, "model");
	if (!fs.existsSync(modelPath)) throw new Error(`model file not found: ${modelPath}`);
	return llama.loadModel({ modelPath, gpuLayers: 0, vocabOnly, useMmap: true });
}

// tokenizeExact reproduces llama.cpp's llama_tokenize(vocab, text, add_special, parse_special).
// node-llama-cpp's model.tokenize(text, parseSpecial) calls exactly
// common_tokenize(vocab, text, add_special=false, parse_special) (AddonModel.cpp),
// except that it returns [] for "" without calling llama.cpp (llama.cpp gives []
// too). In llama.cpp v0.4.0 (src/llama-vocab.cpp, llama_vocab::impl::tokenize),
// add_special changes nothing but this for SPM, BPE and UGM vocabularies: a BOS
// in front when the vocab's add_bos is set and an EOS at the end when add_eos is
// set (the SPM space prefix does not depend on add_special). WPM (BERT) always
// adds BOS and SEP, and RWKV adds nothing; neither family is used here, so they
// are refused rather than guessed.
function makeTokenizer(model) {
	const vt = model._model.getVocabularyType(); // llama_vocab_type: 1 SPM, 2 BPE, 3 WPM, 4 UGM, 5 RWKV, 6 PLaMo2
	const addBos = model._model.shouldPrependBosToken();
	const addEos = model._model.shouldAppendEosToken();
	const bos = model._model.tokenBos();
	const eos = model._model.tokenEos();
	return (text, addSpecial, parseSpecial) => {
		const ids = text === "" ? [] : Array.from(model._model.tokenize(text, parseSpecial));
		if (!addSpecial) return ids;
		if (vt !== 1 && vt !== 2 && vt !== 4) throw new Error(`add_special for vocabulary type ${vt} is not reproduced`);
		if (addBos) {
			if (bos < 0) throw new Error("vocab asks for BOS but has none");
			ids.unshift(bos);
		}
		if (addEos) {
			if (eos < 0) throw new Error("vocab asks for EOS but has none");
			ids.push(eos);
		}
		return ids;
	};
}

async function cmdTokenize(opts) {
	const llama = await loadLlama();
	const model = await loadModel(llama, opts, true);
	const tok = makeTokenizer(model);
	const addSpecial = bool(opts, "add-special", true);
	const parseSpecial = bool(opts, "parse-special", false);
	const out = (ids) => process.stdout.write(JSON.stringify({ ids }) + "\n");
	if (opts.text != null) {
		out(tok(opts.text, addSpecial, parseSpecial));
	} else if (opts.jsonl != null) {
		const rl = readline.createInterface({ input: fs.createReadStream(opts.jsonl), crlfDelay: Infinity });
		let line = 0;
		for await (const raw of rl) {
			line++;
			if (raw.trim() === "") continue;
			let s;
			try {
				s = JSON.parse(raw);
			} catch (e) {
				throw new Error(`${opts.jsonl}:${line}: not JSON: ${e.message}`);
			}
			if (typeof s !== "string") throw new Error(`${opts.jsonl}:${line}: not a JSON string`);
			out(tok(s, addSpecial, parseSpecial));
		}
	} else throw new UsageError("tokenize needs --text or --jsonl");
	await model.dispose();
}

function inputTokens(model, opts) {
	if (opts["tokens-json"] != null) {
		let t;
		try {
			t = JSON.parse(opts["tokens-json"]);
		} catch (e) {
			throw new UsageError(`--tokens-json: ${e.message}`);
		}
		if (!Array.isArray(t) || t.some((x) => !Number.isInteger(x) || x < 0))
			throw new UsageError("--tokens-json must be a JSON array of token ids");
		const n = vocabSize(model);
		const bad = t.find((x) => x >= n);
		if (bad !== undefined) throw new UsageError(`--tokens-json: token id ${bad} is outside the vocabulary (n_vocab ${n})`);
		return t;
	}
	if (opts.text != null) return makeTokenizer(model)(opts.text, bool(opts, "add-special", true), bool(opts, "parse-special", false));
	throw new UsageError("needs --text or --tokens-json");
}

function threadsOf(opts) {
	return int(opts, "threads", os.availableParallelism(), 1);
}

function kvType(opts) {
	const v = (opts["kv-type"] ?? "f16").toUpperCase();
	if (v !== "F16" && v !== "F32") throw new UsageError(`--kv-type must be f16 or f32, not ${JSON.stringify(opts["kv-type"])}`);
	return v;
}

async function makeContext(model, opts, nTokens, batchDefault) {
	const contextSize = int(opts, "ctx", Math.max(256, nTokens), 1);
	const batchSize = int(opts, "batch", Math.min(contextSize, Math.max(1, batchDefault)), 1);
	return model.createContext({
		contextSize,
		batchSize,
		threads: threadsOf(opts),
		sequences: 1,
		flashAttention: false,
		swaFullCache: true,
		performanceTracking: false,
		// llama.cpp's default KV cache is F16; --kv-type f32 gives an F32 cache.
		experimentalKvCacheKeyType: kvType(opts),
		experimentalKvCacheValueType: kvType(opts),
	});
}

// nextLogits decodes tokens into seq and returns, for each index in want, the
// next-token logits over the whole vocabulary, shifted so their maximum is 0
// (Float64Array), read from the probabilities llama.cpp's sampler computes.
async function evalLogits(seq, tokens, want, nVocab) {
	const gen = { generateNext: { probabilities: true, options: { temperature: LOGIT_TEMP, topK: 0, topP: 1, minP: 0, seed: 1 } } };
	const input = tokens.map((t, i) => (want.has(i) ? [t, gen] : t));
	const res = await seq.controlledEvaluate(input);
	const out = new Map();
	for (const i of want) {
		const probs = res[i]?.next?.probabilities;
		if (probs == null) throw new Error(`llama.cpp returned no probabilities for position ${i}`);
		if (probs.size !== nVocab) throw new Error(`position ${i}: ${probs.size} probabilities, expected ${nVocab}`);
		let pmax = 0;
		for (const p of probs.values()) if (p > pmax) pmax = p;
		const l = new Float64Array(nVocab);
		for (const [id, p] of probs) l[id] = LOGIT_TEMP * Math.log(p / pmax);
		out.set(i, l);
	}
	return out;
}

function topOf(l, k) {
	const idx = [];
	for (let i = 0; i < l.length; i++) {
		if (idx.length < k || l[i] > l[idx[idx.length - 1]]) {
			idx.push(i);
			idx.sort((a, b) => l[b] - l[a] || a - b);
			if (idx.length > k) idx.pop();
		}
	}
	return idx.map((i) => [i, round6(l[i])]);
}

function round6(x) {
	return Number.isFinite(x) ? Math.round(x * 1e6) / 1e6 : x > 0 ? "inf" : "-inf";
}

function vocabSize(model) {
	const toks = model.fileInfo.metadata?.tokenizer?.ggml?.tokens;
	if (Array.isArray(toks)) return toks.length;
	throw new Error("cannot find tokenizer.ggml.tokens in the model metadata");
}

async function cmdLogits(opts) {
	const llama = await loadLlama();
	const model = await loadModel(llama, opts);
	const tokens = inputTokens(model, opts);
	if (tokens.length === 0) throw new UsageError("no tokens to evaluate");
	const topK = int(opts, "top-k", 5, 0);
	const nVocab = vocabSize(model);
	const ctx = await makeContext(model, opts, tokens.length, tokens.length);
	const seq = ctx.getSequence();
	const all = new Set(tokens.map((_, i) => i));
	const logits = await evalLogits(seq, tokens, all, nVocab);
	const top = [];
	let fd = null;
	if (opts.out != null) fd = fs.openSync(opts.out, "w");
	for (let i = 0; i < tokens.length; i++) {
		const l = logits.get(i);
		top.push(topOf(l, topK));
		if (fd != null) {
			const f = Float32Array.from(l); // little-endian on every platform node-llama-cpp ships for
			fs.writeSync(fd, new Uint8Array(f.buffer));
		}
	}
	if (fd != null) fs.closeSync(fd);
	process.stdout.write(JSON.stringify({ tokens, n_vocab: nVocab, logit_shift: "max", top }) + "\n");
	await ctx.dispose();
	await model.dispose();
}

async function cmdGenerate(opts) {
	const llama = await loadLlama();
	const model = await loadModel(llama, opts);
	const prompt = inputTokens(model, opts);
	if (prompt.length === 0) throw new UsageError("empty prompt");
	const n = int(opts, "n", undefined, 0);
	const ctx = await makeContext(model, opts, prompt.length + n + 1, prompt.length);
	const seq = ctx.getSequence();
	// Greedy: temperature 0 makes node-llama-cpp use llama.cpp's greedy sampler
	// (argmax of the raw logits); its probabilities are softmax(raw logits),
	// from which the top-2 logit gap is log(p1/p2).
	const gen = { generateNext: { token: true, probabilities: true, options: { temperature: 0 } } };
	const out = [];
	const gaps = [];
	let input = prompt.map((t, i) => (i === prompt.length - 1 ? [t, gen] : t));
	for (let step = 0; step < n; step++) {
		const res = await seq.controlledEvaluate(input);
		const next = res[input.length - 1]?.next;
		if (next?.token == null) throw new Error(`no token at step ${step}`);
		let p1 = 0,
			p2 = 0;
		for (const p of next.probabilities.values()) {
			if (p > p1) {
				p2 = p1;
				p1 = p;
			} else if (p > p2) p2 = p;
		}
		out.push(next.token);
		gaps.push(round6(Math.log(p1 / p2)));
		if (model.isEogToken(next.token)) break;
		input = [[next.token, gen]];
	}
	const text = model.detokenize(out, false);
	process.stdout.write(JSON.stringify({ prompt_tokens: prompt, tokens: out, text, top2_gaps: gaps }) + "\n");
	await ctx.dispose();
	await model.dispose();
}

// lcg gives the same pseudo-random token ids on every run.
function* lcg(seed, n) {
	let x = seed >>> 0;
	for (;;) {
		x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
		yield x % n;
	}
}

async function cmdBench(opts) {
	const llama = await loadLlama();
	const model = await loadModel(llama, opts);
	const threads = int(opts, "threads", undefined, 1);
	const pp = int(opts, "pp", 512, 0);
	const tg = int(opts, "tg", 128, 0);
	const reps = int(opts, "reps", 3, 1);
	// tg computes each token's logits and picks the next token greedily, as
	// llama-bench's generation computes the output layer; without it
	// (--tg-logits false) llama.cpp skips the output layer, which for
	// Gemma 3 (262,144 x 640) is most of a token's time
	const tgLogits = bool(opts, "tg-logits", true);
	const nVocab = vocabSize(model);
	const ctx = await makeContext(model, { ...opts, threads: String(threads) }, Math.max(pp, tg) + 1, Math.max(pp, 1));
	const seq = ctx.getSequence();
	const rnd = lcg(42, nVocab);
	const ids = (k) => Array.from({ length: k }, () => rnd.next().value);
	const time = async (fn) => {
		const t0 = process.hrtime.bigint();
		await fn();
		return Number(process.hrtime.bigint() - t0) / 1e9;
	};
	const ppRun = async () => {
		await seq.clearHistory();
		const toks = ids(pp);
		return time(() => seq.evaluateWithoutGeneratingNewTokens(toks));
	};
	const tgRun = async () => {
		await seq.clearHistory();
		const toks = ids(tg);
		let s = 0;
		const gen = [{ generateNext: { token: true, options: { temperature: 0 } } }];
		for (const t of toks) {
			s += await time(() => (tgLogits ? seq.controlledEvaluate([[t, ...gen]]) : seq.evaluateWithoutGeneratingNewTokens([t])));
		}
		return s;
	};
	// one warm-up of each, as llama-bench does
	if (pp > 0) await ppRun();
	if (tg > 0) {
		await seq.clearHistory();
		await seq.evaluateWithoutGeneratingNewTokens(ids(1));
	}
	const ppRate = [],
		tgRate = [];
	for (let r = 0; r < reps; r++) {
		if (pp > 0) ppRate.push(pp / (await ppRun()));
		if (tg > 0) tgRate.push(tg / (await tgRun()));
	}
	const r2 = (a) => a.map((x) => Math.round(x * 100) / 100);
	process.stdout.write(
		JSON.stringify({
			threads,
			pp,
			tg,
			tg_logits: tgLogits,
			reps,
			n_ctx: ctx.contextSize,
			n_batch: ctx.batchSize,
			pp_tokens_per_s: r2(ppRate),
			tg_tokens_per_s: r2(tgRate),
		}) + "\n",
	);
	await ctx.dispose();
	await model.dispose();
}

async function cmdInfo(opts) {
	const llama = await loadLlama();
	const model = await loadModel(llama, opts);
	const md = model.fileInfo.metadata;
	const stat = fs.statSync(opts.model);
	const typeCounts = {};
	for (const t of model.fileInfo.fullTensorInfo ?? model.fileInfo.tensorInfo ?? []) {
		const name = ggmlTypeName(t.ggmlType);
		typeCounts[name] = (typeCounts[name] ?? 0) + 1;
	}
	const info = {
		architecture: md?.general?.architecture,
		name: md?.general?.name ?? null,
		description: model._model.getModelDescription(), // llama_model_desc
		n_params: model._model.getTotalParameters(), // llama_model_n_params
		model_size_bytes: model._model.getTotalSize(), // llama_model_size
		file_size_bytes: stat.size,
		file_type: md?.general?.file_type ?? null,
		gguf_version: model.fileInfo.version,
		tensor_count: model.fileInfo.totalTensorCount ?? (model.fileInfo.fullTensorInfo ?? model.fileInfo.tensorInfo ?? []).length,
		tensor_types: typeCounts,
		n_vocab: vocabSize(model),
		vocab_type: model._model.getVocabularyType(),
		n_ctx_train: model.trainContextSize,
		n_embd: model.embeddingVectorSize,
		n_layer: model.fileInsights.totalLayers - 1,
		bos: model._model.tokenBos(),
		eos: model._model.tokenEos(),
		add_bos: model._model.shouldPrependBosToken(),
		add_eos: model._model.shouldAppendEosToken(),
		llama_cpp: "v0.4.0 (node-llama-cpp 3.21.1, " + llama.buildType + " binary)",
	};
	process.stdout.write(JSON.stringify(info) + "\n");
	await model.dispose();
}

// ggml_type names by id (ggml.h), for the tensor type histogram.
const GGML_TYPES = ["F32", "F16", "Q4_0", "Q4_1", "Q4_2", "Q4_3", "Q5_0", "Q5_1", "Q8_0", "Q8_1", "Q2_K", "Q3_K", "Q4_K", "Q5_K", "Q6_K", "Q8_K", "IQ2_XXS", "IQ2_XS", "IQ3_XXS", "IQ1_S", "IQ4_NL", "IQ3_S", "IQ2_S", "IQ4_XS", "I8", "I16", "I32", "I64", "F64", "IQ1_M", "BF16"];
function ggmlTypeName(t) {
	return GGML_TYPES[t] ?? `type${t}`;
}

const COMMANDS = { tokenize: cmdTokenize, logits: cmdLogits, generate: cmdGenerate, bench: cmdBench, info: cmdInfo };

async function main() {
	const { cmd, opts } = parseArgs(process.argv.slice(2));
	const fn = COMMANDS[cmd];
	if (!fn) throw new UsageError(`unknown subcommand ${JSON.stringify(cmd)}\n${USAGE}`);
	await fn(opts);
}

main().then(
	() => process.exit(0),
	(err) => {
		process.stderr.write(`ref.mjs: ${process.env.REF_DEBUG ? err?.stack ?? err : err?.message ?? err}\n`);
		process.exit(err instanceof UsageError ? 2 : 1);
	},
);
