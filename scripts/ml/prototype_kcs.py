#!/usr/bin/env python3
"""Prototype of honest streaming features on the KCS import declarations (issue 13).

Every feature of a row dated D is computed from the row's own fields and from per-entity
profiles that hold only outcomes decided before D: a row's label is decided `delay` days
after its date, so a row dated D sees the labels of rows dated <= D - delay (train and valid
alike; valid rows' own earlier outcomes flow in). Event counts (no label) include every
earlier event in arrival order (file order inside a day).

Trained on train.csv, scored on valid.csv. Prints p@1/2/5/10% and recall@10% per config,
and the same for a plain LightGBM on the raw columns (the baseline).

Usage: python scripts/ml/prototype_kcs.py [--data DIR] [--configs NAME,...] [--seeds 1,2,3]
The final feature set is written down in docs/risk-features.md.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time

import lightgbm as lgb
import numpy as np
import pandas as pd

DAY_MS = 86_400_000

# Profile keys: name -> the columns whose values, joined, identify the entity.
SINGLE_KEYS = {
    "importer": ["Importer ID"],
    "declarant": ["Declarant ID"],
    "seller": ["Seller ID"],
    "courier": ["Courier ID"],
    "office": ["Office ID"],
    "hs6": ["HS6"],
    "hs4": ["HS4"],
    "hs2": ["HS2"],
    "departure": ["Country of Departure"],
    "origin": ["Country of Origin"],
}
PAIR_KEYS = {
    "importer_hs2": ["Importer ID", "HS2"],
    "declarant_importer": ["Declarant ID", "Importer ID"],
    "seller_importer": ["Seller ID", "Importer ID"],
    "origin_hs6": ["Country of Origin", "HS6"],
    "office_hs6": ["Office ID", "HS6"],
}
LOWCARD_KEYS = {
    "process_type": ["Process Type"],
    "import_type": ["Import Type"],
    "import_use": ["Import Use"],
    "payment_type": ["Payment Type"],
    "transport_mode": ["Mode of Transport"],
    "tax_type": ["Tax Type"],
    "origin_indicator": ["Country of Origin Indicator"],
    "tax_rate": ["Tax Rate"],
}
ALL_KEYS = {**SINGLE_KEYS, **PAIR_KEYS, **LOWCARD_KEYS}

RAW_CATEGORICAL = [
    "Office ID", "Process Type", "Import Type", "Import Use", "Payment Type", "Mode of Transport",
    "Declarant ID", "Importer ID", "Seller ID", "Courier ID", "HS6 Code", "Country of Departure",
    "Country of Origin", "Tax Type", "Country of Origin Indicator",
]
LOWCARD_CATEGORICAL = [
    "Office ID", "Process Type", "Import Type", "Import Use", "Payment Type", "Mode of Transport",
    "Tax Type", "Country of Origin Indicator",
]


def load(data_dir: str) -> pd.DataFrame:
    parts = []
    for split in ("train", "valid"):
        d = pd.read_csv(f"{data_dir}/{split}.csv", dtype=str, keep_default_na=False)
        d["split"] = split
        parts.append(d)
    df = pd.concat(parts, ignore_index=True)
    # Whole days since 1970-01-01 (independent of pandas' datetime resolution).
    df["day"] = ((pd.to_datetime(df["Date"]) - pd.Timestamp("1970-01-01")) // pd.Timedelta(days=1)).astype(np.int64)
    # Arrival order: by date, file order inside a day (a stable sort keeps it).
    df = df.sort_values("day", kind="stable").reset_index(drop=True)
    df["y"] = df["Fraud"].astype(int)
    df["HS6"] = df["HS6 Code"].str.zfill(6)
    df["HS4"] = df["HS6"].str[:4]
    df["HS2"] = df["HS6"].str[:2]
    return df


def entity_codes(df: pd.DataFrame, cols: list[str]) -> np.ndarray:
    """Integer code per row for the entity; -1 where any part of the key is empty."""
    missing = np.zeros(len(df), dtype=bool)
    joined = None
    for c in cols:
        v = df[c].astype(str)
        missing |= (v == "").to_numpy()
        joined = v if joined is None else joined + "\x1f" + v
    codes, _ = pd.factorize(joined)
    codes = codes.astype(np.int64)
    codes[missing] = -1
    return codes


def profile_sums(df: pd.DataFrame, codes: np.ndarray, half_life: float | None, delay: int):
    """For every row: decayed inspections n, findings k and earlier events c of its entity, and
    the decayed population n0, k0, each as seen at the row's time (day start).

    Outcomes enter the state at decision time (date + delay) with weight 1 and decay from
    there; events enter at their own time. Decay factor over dt days: 2^(-dt/half_life).
    Kept in scaled form (weight 2^(t/H) added, read back times 2^(-t/H)): same numbers as
    the stream's (value, last time) form.
    """
    day = df["day"].to_numpy()
    y = df["y"].to_numpy().astype(np.float64)
    t0 = day.min()
    rel = (day - t0).astype(np.float64)
    ln2 = math.log(2.0)

    def grow(t):
        return np.ones_like(t) if half_life is None else np.exp(ln2 * t / half_life)

    n_ent = int(codes.max()) + 2
    ent = np.where(codes < 0, n_ent - 1, codes)  # last slot collects the missing key (never read)
    n_s = np.zeros(n_ent)
    k_s = np.zeros(n_ent)
    c_s = np.zeros(n_ent)
    n0 = 0.0
    k0 = 0.0
    out_n = np.zeros(len(df))
    out_k = np.zeros(len(df))
    out_c = np.zeros(len(df))
    out_n0 = np.zeros(len(df))
    out_k0 = np.zeros(len(df))

    # Same-day earlier events of the same entity (arrival order), weight 1 each at that time.
    same_day_before = pd.Series(ent).groupby([day, ent]).cumcount().to_numpy().astype(np.float64)

    dec_day = day + delay
    order_out = np.argsort(dec_day, kind="stable")
    p = 0
    days = np.unique(day)
    bounds = np.searchsorted(day, days, side="left")
    ends = np.append(bounds[1:], len(df))
    for d, lo, hi in zip(days, bounds, ends):
        # Apply every outcome decided on or before this day.
        q = p
        while q < len(order_out) and dec_day[order_out[q]] <= d:
            q += 1
        if q > p:
            idx = order_out[p:q]
            w = grow((dec_day[idx] - t0).astype(np.float64))
            np.add.at(n_s, ent[idx], w)
            np.add.at(k_s, ent[idx], w * y[idx])
            n0 += float(w.sum())
            k0 += float((w * y[idx]).sum())
            p = q
        shrink = 1.0 / grow(np.array([float(d - t0)]))[0]
        rows = np.arange(lo, hi)
        e = ent[rows]
        out_n[rows] = n_s[e] * shrink
        out_k[rows] = k_s[e] * shrink
        out_c[rows] = c_s[e] * shrink + same_day_before[rows]
        out_n0[rows] = n0 * shrink
        out_k0[rows] = k0 * shrink
        np.add.at(c_s, e, grow(rel[rows]))
    miss = codes < 0
    for a in (out_n, out_k, out_c):
        a[miss] = np.nan
    return out_n, out_k, out_c, out_n0, out_k0


def own_fields(df: pd.DataFrame) -> pd.DataFrame:
    mass = df["Net Mass"].astype(float)
    price = df["Item Price"].astype(float)
    f = pd.DataFrame(index=df.index)
    f["log_mass"] = np.log1p(mass.clip(lower=0))
    f["log_price"] = np.log1p(price.clip(lower=0))
    f["log_price_per_kg"] = np.where(mass > 0, np.log1p(price.clip(lower=0) / mass.where(mass > 0)), np.nan)
    f["tax_rate"] = df["Tax Rate"].astype(float)
    return f


def categorical_codes(df: pd.DataFrame, cols: list[str], train_mask: np.ndarray) -> pd.DataFrame:
    """Integer codes from the training rows' vocabulary (sorted values); unseen -> NaN."""
    f = pd.DataFrame(index=df.index)
    for c in cols:
        vocab = sorted(set(df.loc[train_mask, c]) - {""})
        m = {v: i for i, v in enumerate(vocab)}
        f["cat_" + c.lower().replace(" ", "_")] = df[c].map(m).astype(float)
    return f


def profile_features(df, keys, half_life, m, delay, with_log_n=True, with_count=True, cache=None):
    f = pd.DataFrame(index=df.index)
    for name in keys:
        ck = (name, half_life, delay)
        if cache is not None and ck in cache:
            n, k, c, n0, k0 = cache[ck]
        else:
            n, k, c, n0, k0 = profile_sums(df, entity_codes(df, ALL_KEYS[name]), half_life, delay)
            if cache is not None:
                cache[ck] = (n, k, c, n0, k0)
        with np.errstate(invalid="ignore", divide="ignore"):
            p0 = np.where(n0 > 0, k0 / np.where(n0 > 0, n0, 1), np.nan)
            rate = (k + m * p0) / (n + m)
        f[f"{name}_rate"] = rate
        if with_log_n:
            f[f"{name}_log_n"] = np.log1p(n)
        if with_count:
            f[f"{name}_log_events"] = np.log1p(c)
    return f


def metrics(y: np.ndarray, s: np.ndarray) -> dict:
    order = np.argsort(-s, kind="stable")
    ys = y[order]
    out = {}
    for pct in (1, 2, 5, 10):
        top = max(1, int(round(len(y) * pct / 100)))
        out[f"p@{pct}%"] = float(ys[:top].mean())
    top10 = max(1, int(round(len(y) * 0.10)))
    out["recall@10%"] = float(ys[:top10].sum() / max(1, y.sum()))
    return out


def fit_and_score(X: pd.DataFrame, y: np.ndarray, train_mask, valid_mask, params: dict, seed: int,
                  categorical: list[str] | None = None, rounds: int = 2000):
    """Early stopping on the last 15% (by time) of the training rows, then a refit on all
    training rows with that many rounds; valid is never looked at while fitting."""
    tr_idx = np.flatnonzero(train_mask)
    cut = tr_idx[int(len(tr_idx) * 0.85)]
    inner_tr = tr_idx[tr_idx < cut]
    inner_va = tr_idx[tr_idx >= cut]
    p = {"objective": "binary", "verbose": -1, "seed": seed, "deterministic": True,
         "num_threads": 2, "force_row_wise": True, **params}
    cat = categorical or "auto"
    dtr = lgb.Dataset(X.iloc[inner_tr], y[inner_tr], categorical_feature=cat, free_raw_data=False)
    dva = lgb.Dataset(X.iloc[inner_va], y[inner_va], categorical_feature=cat, reference=dtr)
    b = lgb.train(p, dtr, rounds, valid_sets=[dva], callbacks=[lgb.early_stopping(100, verbose=False)])
    best = max(10, b.best_iteration)
    dall = lgb.Dataset(X.iloc[tr_idx], y[tr_idx], categorical_feature=cat)
    final = lgb.train(p, dall, int(best * 1.15))
    s = final.predict(X.iloc[np.flatnonzero(valid_mask)])
    return metrics(y[valid_mask], s), best, final


BASE_PARAMS = {"learning_rate": 0.03, "num_leaves": 31, "min_data_in_leaf": 40,
               "feature_fraction": 0.8, "bagging_fraction": 0.8, "bagging_freq": 1,
               "lambda_l2": 1.0}


def run_config(name, df, y, tr, va, cfg, seed, cache):
    parts = [profile_features(df, cfg["keys"], cfg["half_life"], cfg["m"], cfg["delay"],
                              cfg.get("log_n", True), cfg.get("count", True), cache)]
    if cfg.get("own", True):
        parts.append(own_fields(df))
    cats = []
    if cfg.get("cat_codes"):
        cf = categorical_codes(df, cfg["cat_codes"], tr)
        cats = list(cf.columns)
        parts.append(cf)
    X = pd.concat(parts, axis=1)
    if cfg.get("select"):
        X = X[cfg["select"]]
    params = {**BASE_PARAMS, **cfg.get("params", {})}
    m, best, model = fit_and_score(X, y, tr, va, params, seed, cats or None)
    return m, best, X.shape[1], model, X


def baseline(df, y, tr, va, seed):
    X = pd.DataFrame(index=df.index)
    for c in RAW_CATEGORICAL:
        X[c] = pd.Categorical(df[c].replace("", np.nan))
    for c in ["Tax Rate", "Net Mass", "Item Price"]:
        X[c] = df[c].astype(float)
    # Codes from the whole table's vocabulary: a baseline, not a streaming feature.
    m, best, _ = fit_and_score(X, y, tr, va, BASE_PARAMS, seed)
    return m, best, X.shape[1]


def configs():
    all_keys = list(ALL_KEYS)
    core = list(SINGLE_KEYS) + list(PAIR_KEYS)
    c = {}
    for hl in (None, 365, 180, 90):
        for m in (5, 10, 20):
            c[f"all_hl{hl}_m{m}"] = {"keys": all_keys, "half_life": hl, "m": m, "delay": 14}
    c["core_hlNone_m10"] = {"keys": core, "half_life": None, "m": 10, "delay": 14}
    c["all_hlNone_m10_cats"] = {"keys": all_keys, "half_life": None, "m": 10, "delay": 14,
                                "cat_codes": LOWCARD_CATEGORICAL}
    c["all_hlNone_m10_ratesonly"] = {"keys": all_keys, "half_life": None, "m": 10, "delay": 14,
                                     "log_n": False, "count": False}
    # Reduced sets for the stream: every rate, event counts and volumes only where they carry gain.
    rates = [f"{k}_rate" for k in all_keys]
    own = ["log_mass", "log_price", "log_price_per_kg", "tax_rate"]
    vol = ["origin_hs6", "hs6", "origin", "declarant", "importer", "seller"]
    small = (rates + [f"{k}_log_n" for k in vol[:2]] + [f"{k}_log_events" for k in vol] + own)
    for hl in (None, 365):
        c[f"small_hl{hl}_m10"] = {"keys": all_keys, "half_life": hl, "m": 10, "delay": 14, "select": small}
    c["small_hl365_m10_nolowcard"] = {"keys": all_keys, "half_life": 365, "m": 10, "delay": 14,
                                      "select": [f for f in small if not any(f.startswith(k) for k in LOWCARD_KEYS)] + ["tax_rate"]}
    # The chosen set (docs/risk-features.md): low-cardinality keys' rates dropped (no gain here),
    # a one-year half-life kept for real data's drift although KCS (CTGAN rows, no time
    # structure) does as well without decay.
    final = [f for f in small if not any(f.startswith(k) for k in LOWCARD_KEYS)] + ["tax_rate"]
    c["final"] = {"keys": all_keys, "half_life": 365, "m": 10, "delay": 14, "select": final}
    c["final_nodecay"] = {**c["final"], "half_life": None}
    c["final_m5"] = {**c["final"], "m": 5}
    c["final_m20"] = {**c["final"], "m": 20}
    for d in (30, 60):
        c[f"small_hl365_m10_delay{d}"] = {"keys": all_keys, "half_life": 365, "m": 10, "delay": d, "select": small}
    return c


def export_table(df: pd.DataFrame, cfg: dict, path: str) -> None:
    """The feature table format of docs/risk-model.md, for train.py (train and valid rows)."""
    X = profile_features(df, cfg["keys"], cfg["half_life"], cfg["m"], cfg["delay"])
    X = pd.concat([X, own_fields(df)], axis=1)[cfg["select"]]
    out = pd.DataFrame({"event_id": df["Declaration ID"], "event_time": df["day"] * DAY_MS, "label": df["y"]})
    out = pd.concat([out, X], axis=1)
    out.to_csv(path, index=False, float_format="%.17g", na_rep="")
    spec = {"kind": "invoice", "source": "KCS import declarations (prototype_kcs.py, config final)",
            "features": [{"name": c, "kind": "numeric"} for c in cfg["select"]]}
    with open(path + ".features.json", "w") as fh:
        json.dump(spec, fh, indent=1)
    print(f"wrote {path} ({len(out)} rows, {len(cfg['select'])} features)")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default="/work/shared/data/kcs-import-declarations")
    ap.add_argument("--configs", default="")
    ap.add_argument("--seeds", default="1")
    ap.add_argument("--no-baseline", action="store_true")
    ap.add_argument("--json", default="")
    ap.add_argument("--importance", action="store_true")
    ap.add_argument("--export-table", default="",
                    help="write the 'final' config's features as a train.py feature table (CSV + .features.json) and exit")
    ap.add_argument("--permute-labels", action="store_true",
                    help="leak check: shuffle every label first; every figure must fall to the base rate")
    args = ap.parse_args()
    df = load(args.data)
    if args.permute_labels:
        df["y"] = np.random.default_rng(0).permutation(df["y"].to_numpy())
    y = df["y"].to_numpy()
    tr = (df["split"] == "train").to_numpy()
    va = (df["split"] == "valid").to_numpy()
    seeds = [int(s) for s in args.seeds.split(",")]
    cfgs = configs()
    if args.export_table:
        export_table(df, cfgs["final"], args.export_table)
        return 0
    names = args.configs.split(",") if args.configs else list(cfgs)
    cache: dict = {}
    results = {}
    hdr = f"{'config':34s} {'seed':>4s} {'feat':>4s} {'iter':>5s}  p@1%   p@2%   p@5%   p@10%  rec@10%"
    print(f"valid rows {va.sum()}, base rate {y[va].mean():.4f}; train rows {tr.sum()}")
    print(hdr)

    def show(name, seed, nf, best, m):
        print(f"{name:34s} {seed:4d} {nf:4d} {best:5d}  {m['p@1%']:.3f}  {m['p@2%']:.3f}  "
              f"{m['p@5%']:.3f}  {m['p@10%']:.3f}  {m['recall@10%']:.3f}", flush=True)

    if not args.no_baseline:
        for seed in seeds:
            m, best, nf = baseline(df, y, tr, va, seed)
            results.setdefault("baseline_raw", []).append(m)
            show("baseline_raw", seed, nf, best, m)
    for name in names:
        for seed in seeds:
            t = time.time()
            m, best, nf, model, X = run_config(name, df, y, tr, va, cfgs[name], seed, cache)
            results.setdefault(name, []).append(m)
            show(name, seed, nf, best, m)
            if args.importance and seed == seeds[0]:
                imp = model.feature_importance("gain")
                for fname, g in sorted(zip(X.columns, imp), key=lambda z: -z[1])[:40]:
                    print(f"    {fname:30s} {g:12.1f}")
    if len(seeds) > 1:
        print("\nmean ± sd over seeds", seeds)
        for name, ms in results.items():
            cols = []
            for k in ("p@1%", "p@2%", "p@5%", "p@10%", "recall@10%"):
                v = np.array([x[k] for x in ms])
                cols.append(f"{k} {v.mean():.3f}±{v.std(ddof=1):.3f}")
            print(f"{name:34s} " + "  ".join(cols))
    if args.json:
        with open(args.json, "w") as fh:
            json.dump(results, fh, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
