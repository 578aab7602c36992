// Package metric implements the scoring functions of the generation tasks of
// the swallow-evaluation v202407 protocol, each faithful to the reference
// implementation it names:
//
//   - llm-jp-eval 1.3.0: CharF1 (fuzzywuzzy token_sort_ratio with the
//     python-Levenshtein backend), ExactMatch, SetF1, after NFKC and the cut
//     of the prediction at its first blank line (NormalizeJa, CutPrediction);
//   - sacrebleu 2.x corpus BLEU (CorpusBLEU) with the 13a tokenizer, and for
//     Japanese targets (CorpusBLEUJa) a word segmentation by kagome in place
//     of nagisa: UniDic (measured closest to nagisa) or the IPA dictionary;
//   - ROUGE-2 F of the JP harness's xlsum_ja task (Rouge2Ja): emoji removal,
//     neologdn normalisation (Neologdn), MeCab-style words (kagome with
//     UniDic in place of fugashi + unidic-lite), rouge-score n-gram F and the
//     BootstrapAggregator "mid";
//   - SQuAD v2 exact match and F1 (SquadExact, SquadF1) as the HF squad_v2
//     metric computes them;
//   - the unbiased pass@k estimator of human-eval (PassAtK).
//
// The functions are pure and safe for concurrent use. The Japanese word
// segmenters load their dictionaries once, lazily, on first use (tens of MB
// each); nothing is loaded by importing the package.
//
// Golden values for every metric come from the Python reference packages on
// real benchmark data: testdata/make_goldens.py writes testdata/*.json, and
// the tests compare against them with the tolerances written there. The
// measured differences of the Japanese segmenters against nagisa and
// fugashi + unidic-lite are written in docs/metrics.md.
package metric
