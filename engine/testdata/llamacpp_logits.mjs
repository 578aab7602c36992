#!/usr/bin/env node
// llamacpp_logits.mjs — next-token logits from llama.cpp (node-llama-cpp
// 3.21.1, CPU) for a long token sequence, streamed to a file so that large
// vocabularies fit in memory. Used by scripts/compare-llamacpp.sh.
//
//   node llamacpp_logits.mjs MODEL TOKENS.json OUT.f32 [THREADS]
//
// TOKENS.json is a JSON array of token ids. OUT.f32 receives, for every
// position i, n_vocab little-endian float32 logits shifted so that their
// maximum is 0, read from the sampler's probabilities at temperature 8 as
// tools/llamacpp/ref.mjs does (flash attention off, f16 KV cache).
import fs from "node:fs";
import { getLlama, LlamaLogLevel } from "node-llama-cpp";

const [modelPath, tokensPath, outPath, threadsArg] = process.argv.slice(2);
if (!outPath) {
	process.stderr.write("usage: node llamacpp_logits.mjs MODEL TOKENS.json OUT.f32 [THREADS]\n");
	process.exit(2);
}
const T = 8;
const tokens = JSON.parse(fs.readFileSync(tokensPath, "utf8"));
const llama = await getLlama({ gpu: false, build: "never", skipDownload: true, progressLogs: false, logLevel: LlamaLogLevel.error });
const model = await llama.loadModel({ modelPath, gpuLayers: 0 });
const nVocab = model.fileInfo.metadata.tokenizer.ggml.tokens.length;
const ctx = await model.createContext({
	contextSize: Math.max(256, tokens.length + 1),
	batchSize: 64,
	threads: Number(threadsArg ?? 2),
	sequences: 1,
	flashAttention: false,
	swaFullCache: true,
});
const seq = ctx.getSequence();
const gen = { generateNext: { probabilities: true, options: { temperature: T, topK: 0, topP: 1, minP: 0, seed: 1 } } };
const fd = fs.openSync(outPath, "w");
const row = new Float32Array(nVocab);
for (let lo = 0; lo < tokens.length; lo += 64) {
	const slice = tokens.slice(lo, lo + 64);
	const res = await seq.controlledEvaluate(slice.map((t) => [t, gen]));
	for (let i = 0; i < slice.length; i++) {
		const probs = res[i]?.next?.probabilities;
		if (probs == null || probs.size !== nVocab) throw new Error(`position ${lo + i}: no full probabilities`);
		let pmax = 0;
		for (const p of probs.values()) if (p > pmax) pmax = p;
		row.fill(-Infinity);
		for (const [id, p] of probs) row[id] = T * Math.log(p / pmax);
		fs.writeSync(fd, new Uint8Array(row.buffer));
	}
}
fs.closeSync(fd);
await ctx.dispose();
await model.dispose();
