"""Reads and validates a feature table: FILE (CSV) and its sibling FILE.features.json.

CSV header: event_id,event_time,label,<feature columns in the spec's order>. event_time is
epoch milliseconds (integer), label 0 or 1, features decimal numbers; an empty cell is a
missing value (NaN). Errors name the file, the line and the column.
"""

from __future__ import annotations

import csv
import json
import math
import re
from dataclasses import dataclass

import numpy as np

FIXED = ["event_id", "event_time", "label"]
RESERVED = set(FIXED) | {"bias", "probability", "margin"}
NAME_RE = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
SPEC_KEYS = {"features", "kind", "source", "description"}
KINDS = {"numeric", "categorical"}


class TableError(ValueError):
    pass


@dataclass
class Table:
    path: str
    spec: dict
    names: list[str]
    kinds: list[str]
    event_ids: list[str]
    times: np.ndarray  # int64 epoch ms
    labels: np.ndarray  # int32 0/1
    X: np.ndarray  # float64 [rows, features], NaN = missing


def read_spec(path: str) -> dict:
    spec_path = path + ".features.json"
    try:
        with open(spec_path, encoding="utf-8") as fh:
            spec = json.load(fh)
    except FileNotFoundError:
        raise TableError(f"{spec_path}: missing (the feature spec beside the table)") from None
    except json.JSONDecodeError as e:
        raise TableError(f"{spec_path}: not JSON ({e})") from None
    if not isinstance(spec, dict):
        raise TableError(f"{spec_path}: must be an object")
    unknown = sorted(set(spec) - SPEC_KEYS)
    if unknown:
        raise TableError(f"{spec_path}: unknown field(s) {unknown}; allowed {sorted(SPEC_KEYS)}")
    if not isinstance(spec.get("kind"), str) or not spec["kind"]:
        raise TableError(f"{spec_path}: field 'kind' must be a non-empty string (the event kind scored)")
    feats = spec.get("features")
    if not isinstance(feats, list) or not feats:
        raise TableError(f"{spec_path}: field 'features' must be a non-empty array")
    seen = set()
    for i, f in enumerate(feats):
        where = f"{spec_path}: features[{i}]"
        if not isinstance(f, dict) or set(f) - {"name", "kind", "description"}:
            raise TableError(f"{where}: must be an object with 'name', 'kind' and optional 'description'")
        name = f.get("name")
        if not isinstance(name, str) or not NAME_RE.match(name):
            raise TableError(f"{where}.name: {name!r} must match {NAME_RE.pattern}")
        if name in RESERVED:
            raise TableError(f"{where}.name: {name!r} is reserved")
        if name in seen:
            raise TableError(f"{where}.name: {name!r} appears twice")
        seen.add(name)
        if f.get("kind") not in KINDS:
            raise TableError(f"{where}.kind: {f.get('kind')!r} must be one of {sorted(KINDS)}")
    return spec


def _number(text: str, path: str, line: int, col: str) -> float:
    if text == "":
        return math.nan
    try:
        v = float(text)
    except ValueError:
        raise TableError(f"{path}:{line}: column {col}: {text!r} is not a number") from None
    if math.isinf(v) or math.isnan(v):
        raise TableError(f"{path}:{line}: column {col}: {text!r} must be finite (leave the cell empty for missing)")
    return v


def read_table(path: str) -> Table:
    spec = read_spec(path)
    names = [f["name"] for f in spec["features"]]
    kinds = [f["kind"] for f in spec["features"]]
    want = FIXED + names
    ids: list[str] = []
    times: list[int] = []
    labels: list[int] = []
    rows: list[list[float]] = []
    try:
        fh = open(path, encoding="utf-8", newline="")
    except FileNotFoundError:
        raise TableError(f"{path}: missing") from None
    with fh:
        r = csv.reader(fh)
        header = next(r, None)
        if header != want:
            raise TableError(f"{path}:1: header must be {','.join(want)} (from {path}.features.json); "
                             f"got {','.join(header or [])}")
        for line, rec in enumerate(r, start=2):
            if len(rec) != len(want):
                raise TableError(f"{path}:{line}: {len(rec)} cells, the header has {len(want)}")
            if rec[0] == "":
                raise TableError(f"{path}:{line}: column event_id: empty")
            try:
                t = int(rec[1])
            except ValueError:
                raise TableError(f"{path}:{line}: column event_time: {rec[1]!r} is not an integer (epoch ms)") from None
            if rec[2] not in ("0", "1"):
                raise TableError(f"{path}:{line}: column label: {rec[2]!r} must be 0 or 1")
            vals = [_number(c, path, line, names[j]) for j, c in enumerate(rec[3:])]
            for j, k in enumerate(kinds):
                v = vals[j]
                if k == "categorical" and not math.isnan(v) and (v < 0 or v != int(v) or v > 2**31 - 2):
                    raise TableError(f"{path}:{line}: column {names[j]}: categorical code {rec[3 + j]!r} "
                                     "must be a non-negative integer (empty for missing)")
            ids.append(rec[0])
            times.append(t)
            labels.append(int(rec[2]))
            rows.append(vals)
    if not rows:
        raise TableError(f"{path}: no rows")
    X = np.array(rows, dtype=np.float64).reshape(len(rows), len(names))
    return Table(path, spec, names, kinds, ids, np.array(times, dtype=np.int64),
                 np.array(labels, dtype=np.int32), X)
