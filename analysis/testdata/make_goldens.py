#!/usr/bin/env python3
"""Regenerate analysis/testdata/goldens.json, the reference numbers that
analysis tests compare against.

Run from the repository root (needs ../shared beside it):

    pip install scikit-learn scipy numpy factor_analyzer
    python3 analysis/testdata/make_goldens.py

Everything is computed with the reference packages, not with hyoka:
  * scipy.stats.pearsonr / spearmanr (r and two-sided p) for every pair of
    benchmarks on the 38 models with in_2024-07-21_snapshot=yes;
  * sklearn.decomposition.PCA on the same matrix z-scored with numpy
    (column mean 0, sample sd with ddof=1): explained_variance_ratio_,
    explained_variance_, components_;
  * factor_analyzer.Rotator(method="varimax") (Kaiser-normalised, R's
    algorithm) on the first 3 structure loadings;
  * scipy.stats.linregress of MMLU and of PC1 scores on log10(6 N D) with
    N = params_B*1e9, D = train_tokens_total_B*1e9 from model_meta.csv;
  * spearmanr and rankdata on a small vector with ties.
"""
import csv, json, math, os, sys
import numpy as np
import scipy, sklearn
from scipy import stats
from sklearn.decomposition import PCA

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SHARED = os.environ.get("HYOKA_SHARED", os.path.join(ROOT, "..", "shared"))
TABLE = os.path.join(SHARED, "paper", "swallow_leaderboard_2024_base_scores.csv")
META = os.path.join(SHARED, "paper", "model_meta.csv")

# Column headers of the table, in the order hyoka uses (its Tasks list).
TASKS = [
    ("JCom", "jcommonsenseqa"), ("JEMHopQA", "jemhopqa"), ("NIILC", "niilc"),
    ("JSQuAD", "jsquad"), ("XL-Sum", "xlsum_ja"), ("MGSM", "mgsm_ja"),
    ("WMT20 (en-ja)", "wmt20_en_ja"), ("WMT20 (ja-en)", "wmt20_ja_en"),
    ("JMMLU", "jmmlu"), ("JHumanEval", "jhumaneval"), ("OpenBookQA", "openbookqa"),
    ("TriviaQA", "triviaqa"), ("HellaSwag", "hellaswag"), ("SQuAD2", "squad2"),
    ("XWINO", "xwinograd_en"), ("MMLU", "mmlu"), ("GSM8K", "gsm8k"), ("BBH", "bbh"),
    ("HumanEval", "humaneval"),
]

rows = [r for r in csv.DictReader(open(TABLE)) if r["in_2024-07-21_snapshot"] == "yes"]
models = [r["model"] for r in rows]
X = np.array([[float(r[h]) for h, _ in TASKS] for r in rows])
n, k = X.shape

pear_r = np.eye(k); pear_p = np.zeros((k, k))
spear_r = np.eye(k); spear_p = np.zeros((k, k))
for a in range(k):
    for b in range(a + 1, k):
        res = stats.pearsonr(X[:, a], X[:, b])
        pear_r[a, b] = pear_r[b, a] = res.statistic
        pear_p[a, b] = pear_p[b, a] = res.pvalue
        res = stats.spearmanr(X[:, a], X[:, b])
        spear_r[a, b] = spear_r[b, a] = res.statistic
        spear_p[a, b] = spear_p[b, a] = res.pvalue

Z = (X - X.mean(axis=0)) / X.std(axis=0, ddof=1)
pca = PCA().fit(Z)
comps = pca.components_.copy()  # components x benchmarks
# hyoka's sign convention: PC1 loadings sum > 0; others: largest |loading| > 0.
for c in range(comps.shape[0]):
    if c == 0:
        flip = comps[c].sum() < 0
    else:
        flip = comps[c][np.argmax(np.abs(comps[c]))] < 0
    if flip:
        comps[c] = -comps[c]
scores = Z @ comps.T

from factor_analyzer.rotator import Rotator
structure = comps[:3].T * np.sqrt(pca.explained_variance_[:3])
rot = Rotator(method="varimax", normalize=True, max_iter=1000, tol=1e-5).fit_transform(structure)
# hyoka's order: by sum of squares, descending; sign: column sum > 0.
order = np.argsort(-(rot ** 2).sum(axis=0), kind="stable")
rot = rot[:, order]
rot = rot * np.where(rot.sum(axis=0) < 0, -1, 1)

meta = {r["model"]: r for r in csv.DictReader(open(META))}
def log10c(m):
    r = meta.get(m)
    if not r or not r["params_B"] or not r["train_tokens_total_B"]:
        return None
    return math.log10(6 * float(r["params_B"]) * 1e9 * float(r["train_tokens_total_B"]) * 1e9)
fits = {}
for name, y in (("mmlu", X[:, [t for _, t in TASKS].index("mmlu")]), ("PC1", scores[:, 0])):
    xs, ys, used = [], [], []
    for i, m in enumerate(models):
        c = log10c(m)
        if c is not None:
            xs.append(c); ys.append(y[i]); used.append(m)
    lr = stats.linregress(xs, ys)
    fits[name] = {"slope": lr.slope, "intercept": lr.intercept, "r2": lr.rvalue ** 2, "n": len(xs), "models": used}

ties_x = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5]
ties_y = [2, 7, 1, 8, 2, 8, 1, 8, 2, 8, 4]
sp = stats.spearmanr(ties_x, ties_y)

out = {
    "generator": "analysis/testdata/make_goldens.py",
    "versions": {"numpy": np.__version__, "scipy": scipy.__version__, "scikit-learn": sklearn.__version__},
    "filter": "in_2024-07-21_snapshot=yes",
    "benchmarks": [t for _, t in TASKS],
    "models": models,
    "pearson": pear_r.tolist(), "pearson_p": pear_p.tolist(),
    "spearman": spear_r.tolist(), "spearman_p": spear_p.tolist(),
    "explained_variance_ratio": pca.explained_variance_ratio_.tolist(),
    "explained_variance": pca.explained_variance_.tolist(),
    "loadings": comps.T.tolist(),
    "varimax3": rot.tolist(),
    "fits_total_compute": fits,
    "ties": {"x": ties_x, "y": ties_y, "rank_x": stats.rankdata(ties_x).tolist(),
             "spearman": sp.statistic, "spearman_p": sp.pvalue},
}
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "goldens.json")
with open(path, "w") as f:
    json.dump(out, f, indent=1)
    f.write("\n")
print("wrote", path, file=sys.stderr)
