// Package eval is the evaluator: tasks declared as data, readers for the
// published dataset formats, requests, metrics, the runner that reuses shared
// prefixes, and result files.
package eval
