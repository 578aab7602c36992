#!/usr/bin/env python3
"""Render the reference prompts of hyoka's first ten tasks and write them to
eval/testdata/prompts/<task>.jsonl, the goldens of eval's prompt tests.

The English tasks run the real lm-evaluation-harness v0.4.2 code and task
files: the wheel is fetched from PyPI (pip download lm_eval==0.4.2), its task
YAMLs are loaded with PyYAML, templates are rendered with jinja2 in
lm_eval.utils' Environment, the task utils.py functions are imported from the
wheel and few-shot examples come from the wheel's api/samplers.py
ContextSampler / FirstNSampler driven by random.Random(1234). What lm-eval does
in ConfigurableTask (doc_to_text/target/choice dispatch, fewshot_context,
construct_requests) is re-implemented below line for line.

The Japanese tasks re-implement, from their published source, llm-jp-eval
v1.3.0's preprocessing and get_evaluation_prompt (JCommonsenseQA, JMMLU) and
the JP harness's Task.fewshot_context with the evaluator's
random.Random(42) document shuffle (MGSM, prompt version 0.0).

Documents are read from ../shared/datasets (or $HYOKA_DATASETS), converted to
the Hugging Face row layout the harnesses read; where the data are a
substitute (see the task's deviations) the same substitute rule is applied.

usage: python3 scripts/reference/prompt_goldens.py [N]   (N documents, default 20)
"""
import ast
import csv
import bz2
import glob
import hashlib
import importlib.util
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import types
import zipfile

import jinja2
import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DATA = os.environ.get("HYOKA_DATASETS", os.path.join(ROOT, "..", "shared", "datasets"))
OUT = os.path.join(ROOT, "eval", "testdata", "prompts")
N = int(sys.argv[1]) if len(sys.argv) > 1 else 20


def fetch_lm_eval():
    cache = os.path.join(tempfile.gettempdir(), "hyoka-lm_eval-0.4.2")
    pkg = os.path.join(cache, "lm_eval")
    if not os.path.isdir(pkg):
        os.makedirs(cache, exist_ok=True)
        subprocess.check_call([sys.executable, "-m", "pip", "download", "--no-deps", "-q",
                               "-d", cache, "lm_eval==0.4.2"])
        whl = glob.glob(os.path.join(cache, "lm_eval-0.4.2-*.whl"))[0]
        zipfile.ZipFile(whl).extractall(cache)
    return pkg


LM = fetch_lm_eval()


def load_module(name, path, stubs=()):
    for s in stubs:
        m = sys.modules.setdefault(s, types.ModuleType(s))
        m.Dataset = getattr(m, "Dataset", object)  # only used in annotations
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


samplers = load_module("lm_eval_samplers", os.path.join(LM, "api", "samplers.py"))
# lm_eval/utils.py: env = Environment(loader=BaseLoader, undefined=StrictUndefined)
ENV = jinja2.Environment(loader=jinja2.BaseLoader, undefined=jinja2.StrictUndefined)


def apply_template(template, doc):
    return ENV.from_string(template).render(**doc)


def load_yaml(rel):
    """Load a task yaml of the wheel, resolving include: and !function."""
    path = os.path.join(LM, "tasks", rel)

    class Loader(yaml.SafeLoader):
        pass

    def function(loader, node):
        mod_name, fn = loader.construct_scalar(node).rsplit(".", 1)
        mod = load_module("task_" + mod_name, os.path.join(os.path.dirname(path), mod_name + ".py"),
                          stubs=("datasets",))
        return getattr(mod, fn)

    Loader.add_constructor("!function", function)
    with open(path, encoding="utf-8") as f:
        cfg = yaml.load(f, Loader=Loader)
    if "include" in cfg:
        base = load_yaml(os.path.join(os.path.dirname(rel), cfg.pop("include")))
        base.update(cfg)
        cfg = base
    return cfg


class LMEvalTask:
    """The parts of lm-eval 0.4.2 ConfigurableTask that build prompts."""

    def __init__(self, cfg, eval_docs, fewshot_docs, num_fewshot):
        cfg.setdefault("target_delimiter", " ")
        cfg.setdefault("fewshot_delimiter", "\n\n")
        cfg.setdefault("doc_to_choice", None)
        cfg.setdefault("fewshot_split", None)
        cfg.setdefault("description", "")
        self.config = types.SimpleNamespace(**cfg)
        self._config = self.config
        self.eval_docs = eval_docs
        self.features = list(eval_docs[0].keys())
        self.num_fewshot = num_fewshot
        sampler_name = (cfg.get("fewshot_config") or {}).get("sampler", "default")
        self.sampler = samplers.get_sampler(sampler_name)(list(fewshot_docs), self, rnd=random.Random(1234))
        self.multiple_input = 0
        test_doc = eval_docs[0]
        if self.config.doc_to_choice is not None:
            if isinstance(self.doc_to_text(test_doc), int) and isinstance(self.doc_to_target(test_doc), str):
                self.multiple_input = len(self.doc_to_choice(test_doc))

    def doc_to_text(self, doc):
        t = self.config.doc_to_text
        if isinstance(t, int):
            return t
        if isinstance(t, str):
            if t in self.features:
                return doc[t]
            s = apply_template(t, doc)
            if s.isdigit() and self.config.doc_to_choice is not None:
                return ast.literal_eval(s)
            return s
        return t(doc)

    def doc_to_target(self, doc):
        t = self.config.doc_to_target
        if isinstance(t, int):
            return t
        if isinstance(t, str):
            if t in self.features:
                return doc[t]
            s = apply_template(t, doc)
            if s.isdigit() and self.config.doc_to_choice is not None:
                return ast.literal_eval(s)
            if len(s) >= 2 and s[0] == "[" and s[-1] == "]":
                try:
                    return ast.literal_eval(s)
                except (SyntaxError, ValueError):
                    return s
            return s
        if isinstance(t, list):
            return t
        return t(doc)

    def doc_to_choice(self, doc):
        c = self.config.doc_to_choice
        if isinstance(c, str):
            if c in self.features:
                return doc[c]
            return ast.literal_eval(apply_template(c, doc))
        if isinstance(c, list):
            return c
        if isinstance(c, dict):
            return list(c.values())
        return c(doc)

    def fewshot_context(self, doc, num_fewshot):
        description = self.config.description
        if description:
            description = apply_template(self.config.description, doc)
        if num_fewshot == 0:
            labeled = description
        else:
            labeled = description + self.sampler.get_context(doc, num_fewshot)
        example = self.doc_to_text(doc)
        if self.multiple_input:
            return labeled
        if isinstance(example, str):
            return labeled + example
        if isinstance(example, list):
            return [labeled + ex for ex in example]
        if isinstance(example, int):
            if self.config.doc_to_choice is not None:
                return labeled + self.doc_to_choice(doc)[example]
            return labeled + str(example)

    def requests(self, doc, ctx):
        if self.config.output_type == "multiple_choice":
            choices = self.doc_to_choice(doc)
            td = self.config.target_delimiter
            if self.multiple_input:
                cont = self.doc_to_target(doc)
                return {"ll": [[ctx + c, f"{td}{cont}"] for c in choices]}
            return {"ll": [[ctx, f"{td}{c}"] for c in choices]}
        gk = dict(self.config.generation_kwargs)
        return {"gen": {"until": gk.get("until"), "max_gen_toks": gk.get("max_gen_toks", 256)}}

    def build(self, n=None):
        out = []
        for i, doc in enumerate(self.eval_docs[:n]):
            ctx = self.fewshot_context(doc, self.num_fewshot)
            out.append(dict(index=i, prompt=ctx, **self.requests(doc, ctx)))
        return out


def jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(l) for l in f if l.strip()]


ALL = {}


def digest(rows):
    """sha256 over every document's prompt and requests, in order: prompt
    NUL, then per log-likelihood request context-suffix NUL continuation NUL,
    or the generation parameters as JSON, then \\x01."""
    h = hashlib.sha256()
    for r in rows:
        h.update(r["prompt"].encode() + b"\0")
        for ctx, cont in r.get("ll", []):
            h.update(ctx.encode() + b"\0" + cont.encode() + b"\0")
        if "gen" in r:
            h.update(json.dumps(r["gen"]).encode())
        h.update(b"\1")
    return h.hexdigest()


def write(task, rows, extra=()):
    """Write the first N rows (and the rows at the indices in extra) as the
    golden, and the digest of all rows into all.json. Requests are stored
    relative to the prompt to keep the goldens small: each log-likelihood
    context is the prompt plus the stored suffix (also in the digest)."""
    for r in rows:
        if "ll" in r:
            for req in r["ll"]:
                assert req[0].startswith(r["prompt"])
                req[0] = req[0][len(r["prompt"]):]
    ALL[task] = {"documents": len(rows), "sha256": digest(rows)}
    keep = set(range(min(N, len(rows)))) | set(extra)
    rows = [r for r in rows if r["index"] in keep]
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, task + ".jsonl"), "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(task, len(rows), file=sys.stderr)


# ---------------- English (lm-eval 0.4.2) ----------------

def obqa_docs(split):
    out = []
    for r in jsonl(os.path.join(DATA, "openbookqa", "Data", "Main", split + ".jsonl")):
        out.append({"id": r["id"], "question_stem": r["question"]["stem"],
                    "choices": {"text": [c["text"] for c in r["question"]["choices"]],
                                "label": [c["label"] for c in r["question"]["choices"]]},
                    "answerKey": r["answerKey"]})
    return out


def gen_openbookqa():
    cfg = load_yaml("openbookqa/openbookqa.yaml")
    write("openbookqa", LMEvalTask(cfg, obqa_docs("test"), obqa_docs("train"), 4).build())


def gen_hellaswag():
    cfg = load_yaml("hellaswag/hellaswag.yaml")
    utils = load_module("hs_utils", os.path.join(LM, "tasks", "hellaswag", "utils.py"), stubs=("datasets",))
    # utils.process_docs maps this over a datasets.Dataset; the same function, per row:
    def process(doc):
        ctx = doc["ctx_a"] + " " + doc["ctx_b"].capitalize()
        return {"query": utils.preprocess(doc["activity_label"] + ": " + ctx),
                "choices": [utils.preprocess(e) for e in doc["endings"]],
                "gold": int(doc["label"])}
    with bz2.open(os.path.join(DATA, "hellaswag", "hellaswag_val_full.txt.bz2"), "rt", encoding="utf-8") as f:
        lines = f.read().split("\n")
    val = []
    for i in range(0, len(lines) - 5, 6):
        # substitute data: the derived text has "label: ctx" and no ctx_a/ctx_b split
        val.append({"query": utils.preprocess(lines[i]),
                    "choices": [utils.preprocess(e) for e in lines[i + 2:i + 6]],
                    "gold": int(lines[i + 1]), "label": lines[i + 1]})
    train = [dict(r, **process(r)) for r in jsonl(os.path.join(DATA, "hellaswag", "olmes_std_fewshot_train.jsonl"))]
    cfg["process_docs"] = None
    write("hellaswag", LMEvalTask(cfg, val, train, 4).build())


def xwino_docs():
    docs = []
    with open(os.path.join(DATA, "xwinograd_en", "dataset.tsv"), encoding="utf-8") as f:
        for line in f:
            c = line.rstrip("\n").split("\t")
            if c[0] != "en":
                continue
            sent, toks = c[3], json.loads(c[4])
            pron, cands = json.loads(c[5]), json.loads(c[6])
            pos, spans = 0, []
            for tk in toks:
                span = None
                for alt in (tk, tk.replace("``", '"').replace("''", '"'), "'"):
                    j = sent.find(alt, pos)
                    if j >= 0 and sent[pos:j].strip() == "":
                        span = (j, j + len(alt))
                        pos = span[1]
                        break
                spans.append(span)
            a, b = pron[1]
            start, end = spans[a][0], spans[b - 1][1]
            assert sent[start:end] == pron[0], (sent, pron)
            docs.append({"sentence": sent[:start] + "_" + sent[end:],
                         "option1": cands[0][0], "option2": cands[1][0],
                         "answer": "1" if cands[0][3] else "2"})
    return docs


def gen_xwinograd():
    cfg = load_yaml("xwinograd/xwinograd_en.yaml")
    docs = xwino_docs()
    # training/validation splits are null: fewshot_docs() falls back to test_docs()
    write("xwinograd_en", LMEvalTask(cfg, docs, docs, 4).build())


def mmlu_docs(split):
    docs = []
    for path in sorted(glob.glob(os.path.join(DATA, "mmlu", split, "*_%s.csv" % split))):
        subject = os.path.basename(path)[: -len("_%s.csv" % split)]
        with open(path, encoding="utf-8", newline="") as f:
            for row in csv.reader(f):
                docs.append({"question": row[0], "subject": subject, "choices": row[1:5],
                             "answer": "ABCD".index(row[5].strip())})
    return docs


def gen_mmlu():
    test, dev = mmlu_docs("test"), mmlu_docs("dev")
    subjects = sorted({d["subject"] for d in test})
    tasks = {}
    for s in subjects:
        cfg = load_yaml("mmlu/default/mmlu_%s.yaml" % s)
        tasks[s] = LMEvalTask(cfg, [d for d in test if d["subject"] == s], [d for d in dev if d["subject"] == s], 5)
    # hyoka evaluates the subjects in name order; golden: the first N documents,
    # then the first document of every subject
    order = [(s, i) for s in subjects for i in range(len(tasks[s].eval_docs))]
    first = {}
    for k, (s, i) in enumerate(order):
        first.setdefault(s, k)
    rows = []
    for k in range(len(order)):
        s, i = order[k]
        t = tasks[s]
        doc = t.eval_docs[i]
        ctx = t.fewshot_context(doc, 5)  # first_n sampler: no generator state
        rows.append(dict(index=k, prompt=ctx, **t.requests(doc, ctx)))
    write("mmlu", rows, first.values())


def gen_gsm8k():
    cfg = load_yaml("gsm8k/gsm8k.yaml")
    test = jsonl(os.path.join(DATA, "gsm8k", "test.jsonl"))
    train = jsonl(os.path.join(DATA, "gsm8k", "train.jsonl"))
    write("gsm8k", LMEvalTask(cfg, test, train, 4).build())  # --num_fewshot 4


def gen_bbh():
    subs = sorted(os.path.basename(p)[:-5] for p in glob.glob(os.path.join(DATA, "bbh", "bbh", "*.json")))
    order, tasks = [], {}
    for s in subs:
        with open(os.path.join(DATA, "bbh", "bbh", s + ".json"), encoding="utf-8") as f:
            docs = json.load(f)["examples"]
        cfg = load_yaml("bbh/cot_fewshot/%s.yaml" % s)
        tasks[s] = LMEvalTask(cfg, docs, docs, 0)  # num_fewshot: 0 (the CLI's 3 is ignored)
        order += [(s, i) for i in range(len(docs))]
    first = {}
    for k, (s, i) in enumerate(order):
        first.setdefault(s, k)
    rows = []
    for k in range(len(order)):
        s, i = order[k]
        t = tasks[s]
        doc = t.eval_docs[i]
        ctx = t.fewshot_context(doc, 0)
        rows.append(dict(index=k, prompt=ctx, **t.requests(doc, ctx)))
    write("bbh", rows, first.values())


def gen_triviaqa():
    cfg = load_yaml("triviaqa/default.yaml")
    docs = []
    for r in jsonl(os.path.join(DATA, "triviaqa", "llm-foundry_triviaqa_sm_sub.jsonl")):
        q = r["context"][len("Question: "):-len("\nAnswer:")]
        docs.append({"question": q, "answer": {"aliases": r["aliases"], "value": r["answer"]}})
    # substitute: the subsample is both the evaluated split and the few-shot pool
    cfg["fewshot_split"] = cfg["test_split"] = "validation"
    write("triviaqa", LMEvalTask(cfg, docs, docs, 4).build())


# ---------------- llm-jp-eval v1.3.0 ----------------

LLMJP_INTRO = "以下は、タスクを説明する指示と、文脈のある入力の組み合わせです。要求を適切に満たす応答を書きなさい。"


def llmjp_prompt(instruction, few_shots, inp):
    # utils.get_evaluation_prompt (no custom template) then PromptTemplate.format(input=...)
    system_message = f"{LLMJP_INTRO}\n\n### 指示:\n{instruction}"
    for s in few_shots:
        system_message += f"\n\n### 入力:\n{s['input']}\n\n### 応答:\n{s['output']}"
    template = system_message + "\n\n### 入力:\n{input}\n\n### 応答:\n"
    return template.replace("{input}", inp)


def gen_jcommonsenseqa():
    def sample(d):
        return {"input": f"質問：{d['question']}\n選択肢：0.{d['choice0']},1.{d['choice1']},2.{d['choice2']},3.{d['choice3']},4.{d['choice4']}",
                "output": str(d["label"])}
    train = [sample(d) for d in jsonl(os.path.join(DATA, "jcommonsenseqa", "train-v1.1.json"))]
    random.seed(42)
    random.shuffle(train)
    train = train[: int(len(train) * 0.9)]
    test = [sample(d) for d in jsonl(os.path.join(DATA, "jcommonsenseqa", "valid-v1.1.json"))]
    inst = "質問と回答の選択肢を入力として受け取り、選択肢から回答を選択してください。なお、回答は選択肢の番号（例：0）でするものとします。 回答となる数値をint型で返し、他には何も含めないことを厳守してください。"
    rows = []
    for i, s in enumerate(test):
        p = llmjp_prompt(inst, train[:4], s["input"])
        rows.append({"index": i, "prompt": p, "gen": {"until": None, "max_gen_toks": 1}})
    write("jcommonsenseqa", rows)


def gen_jmmlu():
    with open(os.path.join(DATA, "jmmlu", "llm-jp-eval-1.3.0_fewshots.json"), encoding="utf-8") as f:
        shots = json.load(f)["few_shots"]
    inputs = {s["input"] for s in shots}
    test = []
    for path in sorted(glob.glob(os.path.join(DATA, "jmmlu", "JMMLU", "*.csv"))):
        # default text mode (universal newlines), assumed for llm-jp-eval's reader
        with open(path, encoding="utf-8-sig") as f:
            for row in csv.reader(f):
                inp = f"質問：{row[0]}\n選択肢：A.{row[1]},B.{row[2]},C.{row[3]},D.{row[4]}"
                if inp not in inputs:
                    test.append(inp)
    inst = "与えられた質問と選択肢から、最も適切な回答を選択してください。なお、回答には選択肢のアルファベット（例：A）のみを含め、他には何も含めないことを厳守してください。"
    rows = [{"index": i, "prompt": llmjp_prompt(inst, shots[:4], inp), "gen": {"until": None, "max_gen_toks": 1}}
            for i, inp in enumerate(test)]
    write("jmmlu", rows)


# ---------------- JP harness (MGSM, prompt version 0.0) ----------------

def gen_mgsm():
    test = []
    with open(os.path.join(DATA, "mgsm_ja", "mgsm_ja.tsv"), encoding="utf-8") as f:
        for line in f:
            q, a = line.rstrip("\n").rsplit("\t", 1)
            test.append({"question": q, "answer": None, "answer_number": int(a.replace(",", ""))})
    train = jsonl(os.path.join(DATA, "mgsm_ja", "mgsm_ja_exemplars.jsonl"))

    def doc_to_text(doc):
        return f"問題：{doc['question'].replace('問題：', '')}\nステップごとの答え："

    def doc_to_target(doc):
        return "" + doc["answer"].replace("ステップごとの答え：", "")

    def fewshot_context(doc, num_fewshot, rnd):
        # base.Task.fewshot_context: SEP "\n" gives FEWSHOT_SEP "\n\n"; no DESCRIPTION;
        # has_training_docs() -> fewshot_examples -> rnd.sample(training_docs, k)
        sep = "\n\n"
        fewshotex = rnd.sample(train, num_fewshot)
        labeled = sep.join([doc_to_text(d) + doc_to_target(d) for d in fewshotex]) + sep
        return "" + labeled + doc_to_text(doc)

    # evaluator.py: rnd = random.Random(); rnd.seed(42); rnd.shuffle(task_docs)
    rnd = random.Random()
    rnd.seed(42)
    docs = list(test)
    rnd.shuffle(docs)
    rows = []
    for i, doc in enumerate(docs):
        rows.append({"index": i, "prompt": fewshot_context(doc, 4, rnd), "gen": {"until": ["\n"], "max_gen_toks": 256}})
    write("mgsm_ja", rows)


if __name__ == "__main__":
    for g in (gen_jcommonsenseqa, gen_jmmlu, gen_mgsm, gen_openbookqa, gen_hellaswag, gen_xwinograd,
              gen_mmlu, gen_gsm8k, gen_bbh, gen_triviaqa):
        g()
    with open(os.path.join(OUT, "all.json"), "w", encoding="utf-8") as f:
        json.dump(ALL, f, indent=1, sort_keys=True)
        f.write("\n")
