// Package analysis reads score tables of many models and computes what the
// paper computes from them: correlations between benchmarks, principal
// components (ability factors), compute-scaling fits, figures and a report.
package analysis
