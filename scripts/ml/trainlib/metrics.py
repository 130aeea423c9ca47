"""Ranking and calibration metrics of a score on labelled rows."""

from __future__ import annotations

import math

import numpy as np

PCTS = (1, 2, 5, 10)


def top_n(rows: int, pct: float) -> int:
    return max(1, int(round(rows * pct / 100)))


def ranking(y: np.ndarray, s: np.ndarray) -> dict:
    """precision@k% of the rows with the highest scores (ties kept in row order), recall@10%."""
    order = np.argsort(-s, kind="stable")
    ys = y[order]
    out = {f"precisionAt{p}pct": float(ys[: top_n(len(y), p)].mean()) for p in PCTS}
    out["recallAt10pct"] = float(ys[: top_n(len(y), 10)].sum() / max(1, int(y.sum())))
    out["auc"] = auc(y, s)
    return out


def auc(y: np.ndarray, s: np.ndarray) -> float:
    pos = int(y.sum())
    neg = len(y) - pos
    if pos == 0 or neg == 0:
        return math.nan
    order = np.argsort(s, kind="mergesort")
    ranks = np.empty(len(s))
    sorted_s = s[order]
    i = 0
    while i < len(s):  # average ranks over ties
        j = i
        while j + 1 < len(s) and sorted_s[j + 1] == sorted_s[i]:
            j += 1
        ranks[order[i : j + 1]] = (i + j) / 2 + 1
        i = j + 1
    return float((ranks[y == 1].sum() - pos * (pos + 1) / 2) / (pos * neg))


def calibration(y: np.ndarray, p: np.ndarray, bins: int = 10) -> dict:
    """How well the probability matches observed rates on these rows: Brier score, log loss,
    expected calibration error over equal-width bins, and the mean predicted vs observed rate
    per decile of the prediction."""
    eps = 1e-15
    pc = np.clip(p, eps, 1 - eps)
    brier = float(np.mean((p - y) ** 2))
    logloss = float(-np.mean(y * np.log(pc) + (1 - y) * np.log(1 - pc)))
    edges = np.linspace(0, 1, bins + 1)
    idx = np.clip(np.digitize(p, edges[1:-1]), 0, bins - 1)
    ece = 0.0
    for b in range(bins):
        m = idx == b
        if m.any():
            ece += m.mean() * abs(p[m].mean() - y[m].mean())
    order = np.argsort(p, kind="stable")
    deciles = []
    for chunk in np.array_split(order, 10):
        if len(chunk):
            deciles.append({"rows": int(len(chunk)), "meanPredicted": round(float(p[chunk].mean()), 6),
                            "observedRate": round(float(y[chunk].mean()), 6)})
    return {"method": "none (LightGBM's probability as is)", "brier": brier, "logLoss": logloss,
            "ece10": float(ece), "deciles": deciles}
