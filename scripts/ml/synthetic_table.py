#!/usr/bin/env python3
"""Writes a small synthetic feature table (CSV + .features.json) for tests and fixtures.

  python scripts/ml/synthetic_table.py --out FILE [--rows 3000] [--seed 7]

Five numeric features (with missing cells, negative and zero values) and one categorical
code (with missing cells); the label depends on all of them, so a model has something to learn.
Deterministic: same arguments => same bytes. Standard library only.
"""

from __future__ import annotations

import argparse
import json
import math
import random

T0 = 1_704_067_200_000  # 2024-01-01T00:00:00Z


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--rows", type=int, default=3000)
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    names = ["rate_a", "rate_b", "log_volume", "log_value", "zero_heavy", "channel"]
    spec = {"kind": "invoice", "source": f"synthetic_table.py --rows {a.rows} --seed {a.seed}",
            "features": [{"name": n, "kind": "numeric"} for n in names[:-1]] + [{"name": "channel", "kind": "categorical"}]}
    t = T0
    with open(a.out, "w", encoding="utf-8", newline="") as fh:
        fh.write(",".join(["event_id", "event_time", "label", *names]) + "\n")
        for i in range(a.rows):
            t += rnd.choice((0, 60_000, 60_000, 3_600_000))  # some events share a timestamp
            ra = rnd.betavariate(2, 6)
            rb = rnd.betavariate(2, 5)
            vol = math.log1p(rnd.expovariate(0.1))
            val = rnd.gauss(8, 2)
            zh = 0.0 if rnd.random() < 0.4 else rnd.gauss(0, 1)
            ch = rnd.randrange(12)
            z = -1.6 + 5 * ra + 3 * (rb - 0.3) - 0.15 * vol + 0.2 * (val - 8) + 0.6 * zh + (0.9 if ch in (2, 5, 7) else 0)
            label = 1 if rnd.random() < 1 / (1 + math.exp(-z)) else 0
            cells = [ra, rb, vol, val, zh, float(ch)]
            for j in range(len(cells)):
                if rnd.random() < 0.08:
                    cells[j] = None
            text = ["" if c is None else (str(int(c)) if names[j] == "channel" else repr(round(c, 6)))
                    for j, c in enumerate(cells)]
            fh.write(",".join([f"e{i:06d}", str(t), str(label), *text]) + "\n")
    with open(a.out + ".features.json", "w", encoding="utf-8") as fh:
        json.dump(spec, fh, indent=1)
        fh.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
