// Package eval is the evaluator: tasks declared as data, readers for the
// published dataset formats, requests, metrics, the runner that reuses shared
// prefixes, and result files.
//
// A Task (tasks_en.go, tasks_ja.go) names its dataset files, a reader that
// turns them into Docs, the harness whose prompt layout and few-shot rule it
// follows (lm-eval 0.4.2, the JP harness, llm-jp-eval 1.3.0), the request
// type, stop strings, token limit, scorer and metric, and every deviation
// from the paper's protocol. Task.Instances builds the exact prompts the
// reference harness builds (proven by prompt_test.go against goldens
// rendered by the reference code); few-shot draws use a bit-exact port of
// Python's random (internal/pyrand).
//
// Run evaluates tasks through the LM interface, which a model engine
// implements; it writes results.json and samples_<task>.jsonl and resumes an
// interrupted run from the samples. The benchmark data ship inside the
// binary (data/*.tar.gz, see Embedded) and OpenSource reads another copy.
package eval
