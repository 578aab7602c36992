#!/usr/bin/env node
// naive_score.mjs — log-likelihood requests scored the naive way through
// llama.cpp (node-llama-cpp 3.21.1, the same prebuilt CPU binary and loading
// options as ref.mjs): every request's whole context+continuation is decoded
// from an empty sequence (the sequence is cleared before each request, as
// lm-eval's GGUF backend sends every request on its own), and the
// continuation tokens' log-probabilities are summed.
//
//   node naive_score.mjs --model M --requests FILE.jsonl [--threads N] [--kv-type f16|f32]
//
// FILE.jsonl: one request per line, {"context_ids":[..],"continuation_ids":[..]}
// (other fields, e.g. task/doc_id/choice from tools/evalrequests, are copied
// to the output). Output on stdout: one line per request,
// {...input fields without the ids, "logprob", "is_greedy", "n_tokens", "seconds"},
// then {"summary":{"requests","tokens","decode_seconds","post_seconds","wall_seconds", ...}}.
// decode_seconds sums the controlledEvaluate calls (llama_decode of the
// whole sequence plus llama.cpp's full-vocabulary softmax at each scored
// position); post_seconds is the JavaScript work on the returned
// probabilities; wall_seconds covers the whole scoring loop.
//
// Log-probabilities: as in ref.mjs, probabilities are read at temperature
// T = 8 (no underflow) and turned back into shifted logits
// l_i - max l = T ln(p_i / p_max); log p(target) = (l_t - max l) - ln sum_i exp(l_i - max l),
// in float64. is_greedy: the target has the highest probability.
import fs from "node:fs";
import os from "node:os";
import process from "node:process";
import { getLlama, LlamaLogLevel } from "node-llama-cpp";

const T = 8;

function parseArgs(argv) {
	const o = {};
	for (let i = 0; i < argv.length; i += 2) {
		if (!argv[i].startsWith("--") || i + 1 >= argv.length) usage(`bad argument ${JSON.stringify(argv[i])}`);
		o[argv[i].slice(2)] = argv[i + 1];
	}
	if (!o.model || !o.requests) usage("--model and --requests are required");
	return o;
}

function usage(msg) {
	process.stderr.write(`naive_score.mjs: ${msg}\nusage: node naive_score.mjs --model M --requests FILE.jsonl [--threads N] [--kv-type f16|f32]\n`);
	process.exit(2);
}

async function main() {
	const opts = parseArgs(process.argv.slice(2));
	const threads = Number(opts.threads ?? os.availableParallelism());
	const kv = (opts["kv-type"] ?? "f16").toUpperCase();
	if (!Number.isInteger(threads) || threads < 1) usage("--threads must be a positive integer");
	if (kv !== "F16" && kv !== "F32") usage("--kv-type must be f16 or f32");
	const reqs = fs
		.readFileSync(opts.requests, "utf8")
		.split("\n")
		.filter((l) => l.trim() !== "")
		.map((l, i) => {
			const r = JSON.parse(l);
			if (!Array.isArray(r.context_ids) || !Array.isArray(r.continuation_ids) || r.context_ids.length === 0 || r.continuation_ids.length === 0)
				throw new Error(`${opts.requests}:${i + 1}: needs non-empty context_ids and continuation_ids`);
			return r;
		});
	const llama = await getLlama({
		gpu: false,
		build: "never",
		usePrebuiltBinaries: true,
		skipDownload: true,
		progressLogs: false,
		logLevel: LlamaLogLevel.warn,
		logger: (level, message) => process.stderr.write(`[llama.cpp ${level}] ${message.trimEnd()}\n`),
	});
	if (!fs.existsSync(opts.model)) throw new Error(`model file not found: ${opts.model}`);
	const model = await llama.loadModel({ modelPath: opts.model, gpuLayers: 0, useMmap: true });
	const maxLen = Math.max(...reqs.map((r) => r.context_ids.length + r.continuation_ids.length));
	const size = Math.max(256, maxLen);
	const ctx = await model.createContext({
		contextSize: size,
		batchSize: size, // the whole sequence in one decode
		threads,
		sequences: 1,
		flashAttention: false,
		swaFullCache: true,
		performanceTracking: false,
		experimentalKvCacheKeyType: kv,
		experimentalKvCacheValueType: kv,
	});
	const seq = ctx.getSequence();
	const gen = { generateNext: { probabilities: true, options: { temperature: T, topK: 0, topP: 1, minP: 0, seed: 1 } } };
	let decodeS = 0,
		postS = 0,
		tokens = 0;
	const now = () => process.hrtime.bigint();
	const secs = (a, b) => Number(b - a) / 1e9;
	const out = [];
	const wall0 = now();
	for (const r of reqs) {
		const all = r.context_ids.concat(r.continuation_ids);
		const nc = r.context_ids.length;
		// lm-eval: the model reads (context + continuation)[:-1]; position i's
		// logits score token i+1, so positions nc-1 .. len-2 score the continuation.
		const input = all.slice(0, -1).map((t, i) => (i >= nc - 1 ? [t, gen] : t));
		await seq.clearHistory();
		const t0 = now();
		const res = await seq.controlledEvaluate(input);
		const t1 = now();
		let lp = 0,
			greedy = true;
		for (let i = nc - 1; i < all.length - 1; i++) {
			const probs = res[i]?.next?.probabilities;
			if (probs == null) throw new Error(`no probabilities at position ${i}`);
			const target = all[i + 1];
			let pmax = 0;
			for (const p of probs.values()) if (p > pmax) pmax = p;
			let sum = 0;
			for (const p of probs.values()) sum += Math.exp(T * Math.log(p / pmax));
			const pt = probs.get(target) ?? 0;
			lp += T * Math.log(pt / pmax) - Math.log(sum);
			if (pt < pmax) greedy = false;
		}
		const t2 = now();
		decodeS += secs(t0, t1);
		postS += secs(t1, t2);
		tokens += input.length;
		const { context_ids, continuation_ids, ...rest } = r;
		out.push(JSON.stringify({ ...rest, logprob: lp, is_greedy: greedy, n_tokens: continuation_ids.length, seconds: secs(t0, t2) }));
	}
	const wallS = secs(wall0, now());
	process.stdout.write(out.join("\n") + "\n");
	process.stdout.write(
		JSON.stringify({
			summary: {
				requests: reqs.length,
				tokens_decoded: tokens,
				decode_seconds: decodeS,
				post_seconds: postS,
				wall_seconds: wallS,
				threads,
				kv_type: kv,
				n_ctx: ctx.contextSize,
				n_batch: ctx.batchSize,
				llama_cpp: "v0.4.0 (node-llama-cpp 3.21.1, " + llama.buildType + " binary)",
			},
		}) + "\n",
	);
	await ctx.dispose();
	await model.dispose();
}

main().then(
	() => process.exit(0),
	(err) => {
		process.stderr.write(`naive_score.mjs: ${err?.message ?? err}\n`);
		process.exit(1);
	},
);
