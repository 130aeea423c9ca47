#!/usr/bin/env python3
"""Trains the risk score: LightGBM binary on a feature table, validated on the latest events.

  python scripts/ml/train.py --table FILE --out DIR [--valid-from EPOCH_MS | --valid-share 0.2]
                             [--seed N] [--threads N] [--params JSON] [--max-rounds N]

FILE is a CSV (event_id,event_time,label,<features>) with FILE.features.json beside it; DIR
receives model.onnx, model.txt, trees.json, features.json, metadata.json, MODEL_CARD.md and
check.csv (formats: docs/risk-model.md). Same table, seed and threads => same bytes.
Exits 1 with a message naming the file and field on bad input, and 2 if ONNX and LightGBM
disagree by more than 1e-6 on any row of the table.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys

import lightgbm as lgb
import numpy as np
import onnx
import onnxmltools
import onnxruntime

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from trainlib import artifacts, metrics  # noqa: E402
from trainlib.onnx_export import onnx_probabilities, to_onnx  # noqa: E402
from trainlib.table import TableError, read_table  # noqa: E402

TOLERANCE = 1e-6
DEFAULT_PARAMS = {
    "objective": "binary",
    "learning_rate": 0.05,
    "num_leaves": 31,
    "min_data_in_leaf": 40,
    "feature_fraction": 0.8,
    "bagging_fraction": 0.8,
    "bagging_freq": 1,
    "lambda_l2": 1.0,
    "max_cat_to_onehot": 8,
    "cat_smooth": 10.0,
}
OUTPUTS = ("model.onnx", "model.txt", "trees.json", "features.json", "metadata.json", "MODEL_CARD.md", "check.csv")


def fail(msg: str, code: int = 1):
    print(f"train.py: {msg}", file=sys.stderr)
    sys.exit(code)


def parse_args(argv):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--table", required=True)
    ap.add_argument("--out", required=True)
    g = ap.add_mutually_exclusive_group()
    g.add_argument("--valid-from", type=int, help="events at or after this epoch ms validate")
    g.add_argument("--valid-share", type=float, help="latest share of events that validate (default 0.2)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--threads", type=int, default=1, help="LightGBM threads; part of what makes the bytes")
    ap.add_argument("--params", default="{}", help="JSON object of LightGBM parameters over the defaults")
    ap.add_argument("--max-rounds", type=int, default=3000)
    ap.add_argument("--early-stopping", type=int, default=100)
    ap.add_argument("--check-rows", type=int, default=200)
    a = ap.parse_args(argv)
    if a.valid_share is not None and not 0 < a.valid_share < 1:
        fail(f"--valid-share {a.valid_share} must be between 0 and 1")
    try:
        a.params = json.loads(a.params)
        assert isinstance(a.params, dict)
    except (json.JSONDecodeError, AssertionError):
        fail(f"--params must be a JSON object, got {a.params!r}")
    return a


def split(times: np.ndarray, valid_from: int | None, share: float) -> int:
    """Rows are time-ordered; returns the first validation row. With a share, the cut moves
    back to the first row of the cut's timestamp so that no timestamp straddles the split."""
    if valid_from is not None:
        return int(np.searchsorted(times, valid_from, side="left"))
    cut = int(len(times) * (1 - share))
    cut = min(max(cut, 1), len(times) - 1)
    return int(np.searchsorted(times, times[cut], side="left"))


def prepare_out(out: str) -> None:
    if os.path.isdir(out):
        extra = sorted(set(os.listdir(out)) - set(OUTPUTS))
        if extra:
            fail(f"{out}: exists with other files {extra[:5]}; give an empty or new directory")
    else:
        os.makedirs(out)


def write(out: str, name: str, data: str | bytes) -> None:
    mode = "wb" if isinstance(data, bytes) else "w"
    with open(os.path.join(out, name), mode, **({} if mode == "wb" else {"encoding": "utf-8", "newline": ""})) as fh:
        fh.write(data)


def _with(X: np.ndarray, j: int, v: float) -> np.ndarray:
    Y = X.copy()
    Y[:, j] = v
    return Y


def main(argv=None) -> int:
    a = parse_args(argv)
    try:
        t = read_table(a.table)
    except TableError as e:
        fail(str(e))
    order = np.argsort(t.times, kind="stable")
    X, y, times = t.X[order], t.labels[order], t.times[order]
    ids = [t.event_ids[i] for i in order]
    cut = split(times, a.valid_from, 0.2 if a.valid_share is None else a.valid_share)
    if cut < 10 or len(y) - cut < 10:
        fail(f"{a.table}: split at row {cut} of {len(y)} leaves fewer than 10 training or validation rows")
    if y[:cut].min() == y[:cut].max():
        fail(f"{a.table}: the training rows have a single label value")

    params = {**DEFAULT_PARAMS, **a.params, "seed": a.seed, "deterministic": True, "num_threads": a.threads,
              "force_row_wise": True, "verbose": -1}
    cats = [i for i, k in enumerate(t.kinds) if k == "categorical"]
    dtr = lgb.Dataset(X[:cut], y[:cut], feature_name=t.names, categorical_feature=cats, free_raw_data=False)
    dva = lgb.Dataset(X[cut:], y[cut:], reference=dtr)
    booster = lgb.train(params, dtr, a.max_rounds, valid_sets=[dva], valid_names=["validation"],
                        callbacks=[lgb.early_stopping(a.early_stopping, verbose=False)])
    best = booster.best_iteration or booster.current_iteration()
    model_txt = booster.model_to_string(num_iteration=best)
    # Everything below uses the saved model text, so the files agree with each other.
    model = lgb.Booster(model_str=model_txt)

    onnx_bytes = to_onnx(model, len(t.names))
    p_lgb = model.predict(X)
    p_onnx = onnx_probabilities(onnx_bytes, X)
    diff = float(np.max(np.abs(p_lgb - p_onnx)))
    if not diff <= TOLERANCE:
        fail(f"ONNX and LightGBM disagree: max |diff| {diff:.3g} > {TOLERANCE} over {len(y)} rows", 2)
    chk = cut + artifacts.pick_check_rows(len(y) - cut, a.check_rows)
    # Missing values the table may not have had (a feature never missing in training): each
    # check row again with one feature at a time set to NaN, then to 0.
    probes = np.concatenate([_with(X[chk], j, v) for v in (np.nan, 0.0) for j in range(len(t.names))])
    probe_diff = float(np.max(np.abs(model.predict(probes) - onnx_probabilities(onnx_bytes, probes))))
    if not probe_diff <= TOLERANCE:
        fail(f"ONNX and LightGBM disagree on missing/zero probes: max |diff| {probe_diff:.3g} > {TOLERANCE}", 2)

    pv = p_lgb[cut:]
    yv = y[cut:]
    val_metrics = metrics.ranking(yv, pv)
    calib = metrics.calibration(yv, pv)

    margin = model.predict(X[chk], raw_score=True)
    contrib = model.predict(X[chk], pred_contrib=True)
    sum_err = float(np.max(np.abs(contrib.sum(axis=1) - margin)))
    if sum_err > 1e-9:
        fail(f"LightGBM's contributions do not sum to its margin (max |diff| {sum_err:.3g})", 2)

    features_txt = artifacts.features_json(t.spec)
    version = artifacts.model_version(model_txt, features_txt)
    trees = model.dump_model()
    meta = {
        "formatVersion": artifacts.FORMAT_VERSION,
        "modelVersion": version,
        "kind": t.spec["kind"],
        "features": t.names,
        "output": {"input": "features", "inputType": "double[N, features]", "output": "probabilities",
                   "outputType": "float[N, 2]", "probabilityColumn": 1},
        "table": {"file": os.path.basename(a.table), "rows": int(len(y)), "source": t.spec.get("source", "")},
        "training": {"from": artifacts.iso(int(times[0])), "to": artifacts.iso(int(times[cut - 1])),
                     "fromMs": int(times[0]), "toMs": int(times[cut - 1]), "rows": int(cut),
                     "positives": int(y[:cut].sum()), "baseRate": float(y[:cut].mean())},
        "validation": {"from": artifacts.iso(int(times[cut])), "to": artifacts.iso(int(times[-1])),
                       "fromMs": int(times[cut]), "toMs": int(times[-1]), "rows": int(len(y) - cut),
                       "positives": int(yv.sum()), "baseRate": float(yv.mean()),
                       "metrics": val_metrics, "calibration": calib},
        "baseRate": float(y[:cut].mean()),
        "params": {**{k: v for k, v in params.items() if k != "verbose"}, "num_iterations": int(best),
                   "max_rounds": a.max_rounds, "early_stopping_rounds": a.early_stopping},
        "trees": int(model.num_trees()),
        "onnxCheck": {"rows": int(len(y)), "maxAbsDiff": diff, "probeRows": int(len(probes)),
                      "probeMaxAbsDiff": probe_diff, "tolerance": TOLERANCE},
        "checkRows": int(len(chk)),
        "libraries": {"python": platform.python_version(), "lightgbm": lgb.__version__, "numpy": np.__version__,
                      "onnx": onnx.__version__, "onnxmltools": onnxmltools.__version__,
                      "onnxruntime": onnxruntime.__version__},
    }

    prepare_out(a.out)
    write(a.out, "model.onnx", onnx_bytes)
    write(a.out, "model.txt", model_txt)
    write(a.out, "trees.json", json.dumps(trees, separators=(",", ":"), allow_nan=False) + "\n")
    write(a.out, "features.json", features_txt)
    write(a.out, "metadata.json", artifacts.dumps(meta))
    write(a.out, "MODEL_CARD.md", artifacts.model_card(meta))
    write(a.out, "check.csv", artifacts.check_csv([ids[i] for i in chk], t.names, X[chk], p_lgb[chk], margin, contrib))

    m = val_metrics
    print(f"model {version} ({t.spec['kind']}): {model.num_trees()} trees, {len(t.names)} features; "
          f"train {cut} rows, validation {len(y) - cut} rows from {artifacts.iso(int(times[cut]))}")
    print(f"validation: p@1% {m['precisionAt1pct']:.3f}  p@2% {m['precisionAt2pct']:.3f}  "
          f"p@5% {m['precisionAt5pct']:.3f}  p@10% {m['precisionAt10pct']:.3f}  "
          f"recall@10% {m['recallAt10pct']:.3f}  auc {m['auc']:.3f}  base rate {yv.mean():.4f}")
    print(f"calibration: brier {calib['brier']:.4f}  logloss {calib['logLoss']:.4f}  ece10 {calib['ece10']:.4f}")
    print(f"onnx = lightgbm: max |diff| {diff:.3g} over {len(y)} rows, {probe_diff:.3g} over {len(probes)} "
          f"missing/zero probes (tolerance {TOLERANCE})")
    print(os.path.abspath(a.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
