"""The files of a model directory besides model.onnx (see docs/risk-model.md)."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import math
from datetime import datetime, timezone

import numpy as np

FORMAT_VERSION = 1


def num(v: float) -> str:
    """Shortest text that reads back as the same float64; empty for NaN."""
    return "" if math.isnan(v) else repr(float(v))


def iso(ms: int) -> str:
    return datetime.fromtimestamp(ms / 1000, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def dumps(obj) -> str:
    return json.dumps(obj, indent=2, sort_keys=False, ensure_ascii=False, allow_nan=False) + "\n"


def features_json(spec: dict) -> str:
    feats = [{k: f[k] for k in ("name", "kind", "description") if k in f} for f in spec["features"]]
    return dumps({"formatVersion": FORMAT_VERSION, "kind": spec["kind"], "features": feats})


def model_version(model_txt: str, features: str) -> str:
    h = hashlib.sha256()
    h.update(model_txt.encode("utf-8"))
    h.update(b"\0")
    h.update(features.encode("utf-8"))
    return h.hexdigest()[:12]


def check_csv(ids, names, X, prob, margin, contrib) -> str:
    """One row per check event: features, LightGBM's probability and margin, and its
    pred_contrib (TreeSHAP) per feature plus the bias (expected value)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["event_id", *names, "probability", "margin", *[f"contrib_{n}" for n in names], "bias"])
    for i in range(len(ids)):
        w.writerow([ids[i], *[num(v) for v in X[i]], num(prob[i]), num(margin[i]), *[num(v) for v in contrib[i]]])
    return buf.getvalue()


def pick_check_rows(n_valid: int, want: int = 200) -> np.ndarray:
    """Evenly spread over the validation rows (deterministic)."""
    if n_valid <= want:
        return np.arange(n_valid)
    return np.unique(np.linspace(0, n_valid - 1, want).round().astype(np.int64))


def model_card(meta: dict) -> str:
    v = meta["validation"]["metrics"]
    c = meta["validation"]["calibration"]
    t = meta["training"]
    lines = [
        f"# Risk model `{meta['modelVersion']}` ({meta['kind']})",
        "",
        "**Intended use.** Ranks events of kind "
        f"`{meta['kind']}` by the probability that a control finds an irregularity, to choose "
        "which to inspect or review first. A score supports an officer's decision; it is not a "
        "finding, and it must not be the only reason for an action against a person.",
        "",
        f"**Data.** Feature table `{meta['table']['file']}` ({meta['table']['rows']} rows, "
        f"{len(meta['features'])} features, source: {meta['table'].get('source') or 'not stated'}). "
        "Labels are outcomes of past controls, so the model learns what was selected and found, "
        "including the selection's own biases.",
        "",
        f"**Window.** Training {t['from']} .. {t['to']} ({t['rows']} rows, base rate "
        f"{t['baseRate']:.4f}); validation {meta['validation']['from']} .. "
        f"{meta['validation']['to']} ({meta['validation']['rows']} rows, base rate "
        f"{meta['validation']['baseRate']:.4f}), the latest events.",
        "",
        "**Validation metrics.** "
        f"precision@1% {v['precisionAt1pct']:.3f}, @2% {v['precisionAt2pct']:.3f}, "
        f"@5% {v['precisionAt5pct']:.3f}, @10% {v['precisionAt10pct']:.3f}; recall@10% "
        f"{v['recallAt10pct']:.3f}; AUC {v['auc']:.3f}. Calibration: Brier {c['brier']:.4f}, "
        f"log loss {c['logLoss']:.4f}, ECE (10 bins) {c['ece10']:.4f}; no recalibration applied. "
        f"The validation rows also chose the number of trees ({meta['params']['num_iterations']}, "
        "early stopping), so these figures are slightly optimistic.",
        "",
        "**Limits.** Valid only for features computed exactly as at training (docs/risk-features.md); "
        "drifts as trade and control practice change: retrain on recent outcomes and compare "
        "figures before switching. Rates of rarely seen entities rest on the prior. Not a "
        "measure of fraud prevalence outside the controlled population.",
        "",
    ]
    return "\n".join(lines)
