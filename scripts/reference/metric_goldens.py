#!/usr/bin/env python3
"""Write eval/testdata/metrics.json: answer extraction and per-sample scores
of the reference code for many responses, odd ones included, the oracle of
eval/metrics_test.go.

- lm-eval 0.4.2 filters are the wheel's own classes (filters/extraction.py
  RegexFilter and WhitespaceFilter, loaded from the PyPI wheel as
  prompt_goldens.py does); exact_match is Hugging Face evaluate's
  exact_match metric, transcribed below (it is fetched from the Hub at run
  time and is not in any wheel).
- MGSM is lm-evaluation-harness-jp tasks/ja/mgsm.py _extract_answer +
  process_results, transcribed.
- llm-jp-eval 1.3.0 exact_match: normalize(output.split("\\n\\n")[0]) ==
  normalize(gold), normalize = unicodedata NFKC, transcribed.
"""
import json
import os
import re
import string
import sys
import types
import unicodedata

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from prompt_goldens import LM, load_module  # noqa: E402  (fetches the lm_eval 0.4.2 wheel)

api = types.ModuleType("lm_eval.api.filter")
api.Filter = object
sys.modules["lm_eval"] = types.ModuleType("lm_eval")
sys.modules["lm_eval.api"] = types.ModuleType("lm_eval.api")
sys.modules["lm_eval.api.filter"] = api
extraction = load_module("lm_eval_extraction", os.path.join(LM, "filters", "extraction.py"))


def hf_exact_match(predictions, references, regexes_to_ignore=None, ignore_case=False,
                   ignore_punctuation=False, ignore_numbers=False):
    # evaluate-metric/exact_match exact_match.py _compute
    if regexes_to_ignore is not None:
        for s in regexes_to_ignore:
            predictions = np.array([re.sub(s, "", x) for x in predictions])
            references = np.array([re.sub(s, "", x) for x in references])
    else:
        predictions = np.asarray(predictions)
        references = np.asarray(references)
    if ignore_case:
        predictions = np.char.lower(predictions)
        references = np.char.lower(references)
    if ignore_punctuation:
        repl_table = string.punctuation.maketrans("", "", string.punctuation)
        predictions = np.char.translate(predictions, table=repl_table)
        references = np.char.translate(references, table=repl_table)
    if ignore_numbers:
        repl_table = string.digits.maketrans("", "", string.digits)
        predictions = np.char.translate(predictions, table=repl_table)
        references = np.char.translate(references, table=repl_table)
    score_list = predictions == references
    return {"exact_match": float(np.mean(score_list))}


def regex_filter(pattern, resp):
    return extraction.RegexFilter(regex_pattern=pattern).apply([[resp]], None)[0][0]


def gsm8k(resp, ref):
    ex = regex_filter(r"#### (\-?[0-9\.\,]+)", resp)
    s = hf_exact_match([ex], [ref], regexes_to_ignore=[",", "\\$", "(?s).*#### ", "\\.$"],
                       ignore_case=True, ignore_punctuation=False)["exact_match"]
    return ex, s


def bbh(resp, target):
    ex = regex_filter(r"(?<=the answer is )(.*)(?=.)", resp)
    return ex, hf_exact_match([ex], [target])["exact_match"]


def triviaqa(resp, aliases):
    ex = extraction.WhitespaceFilter().apply([[resp]], None)[0][0]
    s = hf_exact_match([ex] * len(aliases), aliases, ignore_case=True, ignore_punctuation=True)["exact_match"]
    return ex, 1.0 if s > 0.0 else 0.0


ANS_RE = re.compile(r"(\-?[0-9\.\,]+)")
INVALID_ANS = "[invalid]"


def mgsm(completion, answer_number):
    def _extract_answer(completion):
        matches = ANS_RE.findall(completion)
        if matches:
            match_str = matches[-1].strip(".")
            match_str = match_str.replace(",", "")
            try:
                match_float = float(match_str)
            except ValueError:
                return INVALID_ANS
            if match_float.is_integer():
                return int(match_float)
        return INVALID_ANS
    ex = _extract_answer(completion)
    return str(ex), 1.0 if ex == answer_number else 0.0


def llmjp(output, gold):
    pred = unicodedata.normalize("NFKC", output.split("\n\n")[0])
    return pred, 1.0 if pred == unicodedata.normalize("NFKC", gold) else 0.0


GSM = [
    ("Natalia sold 48/2 = 24 clips in May.\n#### 72", "48/2 = 24\n#### 72"),
    (" The answer is 72.\n#### 72.", "#### 72"),
    ("#### $1,000", "#### 1000"),
    ("#### 1,000.", "#### 1000"),
    ("#### -5", "#### -5"),
    ("#### 5\n#### 6", "#### 6"),
    ("####5", "#### 5"),
    ("#### ５", "#### 5"),
    ("answer: 72", "#### 72"),
    ("#### 72\n", "#### 72"),
    ("#### 3.50", "#### 3.5"),
    ("#### .", "#### 0"),
    ("", "#### 0"),
]
BBH = [
    ("Let's see. So the answer is (A).", "(A)"),
    ("So the answer is True.", "True"),
    ("So the answer is True", "Tru"),
    ("the answer is \nthe answer is False.", "False"),
    ("So the answer is } ] >.", "} ] >"),
    ("So the Answer is 5.", "5"),
    ("the answer is 12.\nthe answer is 13.", "12"),
    ("the answer is x", ""),
    ("the answer is", "[invalid]"),
    ("So the answer is 答え。", "答え"),
    ("So the answer is  valid .", "valid"),
]
TRIVIA = [
    (" Onion", ["Onion", "Onions"]),
    ("onion", ["Onion"]),
    ("  Onion", ["Onion"]),
    ("\nOnion", ["Onion"]),
    (" The Beatles!", ["the beatles"]),
    (" U.S.A", ["USA"]),
    (" Río", ["rio"]),
    (" Paris", ["London", "Paris"]),
    ("", ["Onion"]),
    (" Naïve", ["NAÏVE"]),
]
MGSM = [
    ("答えは11です。", 11),
    ("5+6=11。答えは11です", 11),
    ("答えは1,000です。", 1000),
    ("答えは-3.", -3),
    ("答えは3.5です。", 3),
    ("答えは１１です。", 11),
    ("答えは11.0", 11),
    ("1.2.3", 1),
    ("答えはありません", 0),
    ("...", 0),
    ("-", 0),
    ("答えは$18", 18),
    ("18ドル、そして20", 20),
]
LLMJP = [
    ("3", "3"),
    ("\n3", "3"),
    ("３", "3"),
    ("3\n\n説明", "3"),
    ("3 ", "3"),
    ("B", "B"),
    ("Ｂ", "B"),
    ("b", "B"),
    ("B.", "B"),
    ("", "0"),
    ("ｶ", "カ"),
]

out = {
    "gsm8k": [{"response": r, "reference": g, "extracted": gsm8k(r, g)[0], "score": gsm8k(r, g)[1]} for r, g in GSM],
    "bbh": [{"response": r, "target": g, "extracted": bbh(r, g)[0], "score": bbh(r, g)[1]} for r, g in BBH],
    "triviaqa": [{"response": r, "aliases": a, "extracted": triviaqa(r, a)[0], "score": triviaqa(r, a)[1]} for r, a in TRIVIA],
    "mgsm": [{"response": r, "answer": a, "extracted": mgsm(r, a)[0], "score": mgsm(r, a)[1]} for r, a in MGSM],
    "llmjp": [{"response": r, "gold": g, "extracted": llmjp(r, g)[0], "score": llmjp(r, g)[1]} for r, g in LLMJP],
}
json.dump(out, sys.stdout, ensure_ascii=False, indent=1)
sys.stdout.write("\n")
