"""Reviewer–application affinity: TF-IDF cosine of expertise keywords vs the proposal text.

Japanese has no spaces, so runs of CJK characters are cut into overlapping
character bigrams (a run of one character stays a unigram); Latin letters and
digits are taken as words. Pure Python for the vectors; the reviewer × application
matrix product uses numpy (installed with OR-Tools) so 2,000 × 500 stays fast.
"""

import math
import re
import unicodedata
from collections import Counter

import numpy as np

# Hiragana, katakana (incl. prolonged sound mark), CJK unified ideographs, iteration mark.
_CJK = "\u3041-\u3096\u30a1-\u30fa\u30fc\u3005\u4e00-\u9fff\u3400-\u4dbf"
_TOKEN_RE = re.compile(rf"[{_CJK}]+|[a-z0-9]+")
_CJK_RE = re.compile(rf"[{_CJK}]")


def tokenize(text: str) -> list[str]:
    """Words for Latin text, character bigrams for CJK runs."""
    text = unicodedata.normalize("NFKC", text or "").lower()
    tokens: list[str] = []
    for run in _TOKEN_RE.findall(text):
        if _CJK_RE.match(run):
            if len(run) == 1:
                tokens.append(run)
            else:
                tokens.extend(run[i : i + 2] for i in range(len(run) - 1))
        elif len(run) > 1:
            tokens.append(run)
    return tokens


def tfidf_vectors(documents: list[str]) -> list[dict[str, float]]:
    """L2-normalised TF-IDF vectors (sublinear tf, smoothed idf) for a list of texts."""
    counts = [Counter(tokenize(doc)) for doc in documents]
    df: Counter = Counter()
    for c in counts:
        df.update(c.keys())
    n = len(documents)
    idf = {term: math.log((1 + n) / (1 + d)) + 1 for term, d in df.items()}
    vectors = []
    for c in counts:
        vec = {t: (1 + math.log(tf)) * idf[t] for t, tf in c.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        vectors.append({t: v / norm for t, v in vec.items()})
    return vectors


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(t, 0.0) for t, v in a.items())


def affinity_matrix(application_texts: list[str], reviewer_texts: list[str]) -> np.ndarray:
    """Cosine similarity, shape (applications, reviewers), in [0, 1].

    IDF is computed over both sets together, so a term every proposal uses
    weighs little. Only terms some reviewer uses can contribute to a dot
    product, so the dense matrices span the reviewers' vocabulary only.
    """
    vectors = tfidf_vectors(list(application_texts) + list(reviewer_texts))
    apps, revs = vectors[: len(application_texts)], vectors[len(application_texts) :]
    vocab: dict[str, int] = {}
    for vec in revs:
        for term in vec:
            vocab.setdefault(term, len(vocab))
    # Reviewers as a dense (vocabulary × reviewers) matrix; each application is sparse, so its
    # row of the result is a small dot product over the few reviewer terms it contains.
    r = np.zeros((len(vocab), len(revs)), dtype=np.float64)
    for j, vec in enumerate(revs):
        for term, v in vec.items():
            r[vocab[term], j] = v
    result = np.zeros((len(apps), len(revs)), dtype=np.float64)
    for i, vec in enumerate(apps):
        shared = [(vocab[t], v) for t, v in vec.items() if t in vocab]
        if shared:
            rows, weights = zip(*shared, strict=True)
            result[i] = np.asarray(weights) @ r[list(rows)]
    return np.clip(result, 0.0, 1.0)
