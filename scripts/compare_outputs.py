"""Compare two `processed/` folders dataset by dataset: `python scripts/compare_outputs.py A B`.

Used to show that a change which should not change output (a refactoring) does not: every
dataset's rows are compared, in a stable order, on every column but `ingested_at` and
`pipeline_version`, and every normalized text file byte for byte. Exit 0 when identical,
1 with a line per difference otherwise.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

IGNORED = {"ingested_at", "pipeline_version"}


def _as_text(value: object) -> str:
    """One comparable string per value (missing values of any kind read alike)."""
    if value is None or (isinstance(value, float) and value != value) or value is pd.NA:
        return "<missing>"
    return repr(value.tolist() if hasattr(value, "tolist") else value)


def _frame(root: Path, dataset: str) -> pd.DataFrame:
    files = sorted((root / dataset).glob("doc_id=*/*.parquet"))
    if not files:
        return pd.DataFrame()
    frames = []
    for file in files:
        frame = pd.read_parquet(file)
        frame["doc_id"] = file.parent.name.removeprefix("doc_id=")
        frames.append(frame)
    frame = pd.concat(frames, ignore_index=True)
    frame = frame.drop(columns=[c for c in IGNORED if c in frame.columns])
    text = frame.map(_as_text)
    order = sorted(text.columns)
    return text[order].sort_values(order).reset_index(drop=True)


def datasets_of(root: Path) -> set[str]:
    skipped = {"text", "export"}
    return {p.name for p in root.iterdir() if p.is_dir() and not p.name.startswith(".") and p.name not in skipped}


def compare(a: Path, b: Path) -> list[str]:
    problems: list[str] = []
    names = datasets_of(a) | datasets_of(b)
    for name in sorted(names):
        fa, fb = _frame(a, name), _frame(b, name)
        if list(fa.columns) != list(fb.columns):
            problems.append(f"{name}: columns differ: {sorted(set(fa.columns) ^ set(fb.columns))}")
            continue
        if len(fa) != len(fb):
            problems.append(f"{name}: {len(fa)} rows vs {len(fb)}")
            continue
        diff = (fa != fb).any(axis=1)
        if diff.any():
            first = diff.idxmax()
            cols = [c for c in fa.columns if fa.at[first, c] != fb.at[first, c]]
            problems.append(f"{name}: {int(diff.sum())} rows differ, first in {cols}: "
                            f"{[fa.at[first, c] for c in cols]} vs {[fb.at[first, c] for c in cols]}")
    texts_a = {p.name: p.read_bytes() for p in (a / "text").glob("*.txt")}
    texts_b = {p.name: p.read_bytes() for p in (b / "text").glob("*.txt")}
    for name in sorted(set(texts_a) | set(texts_b)):
        if texts_a.get(name) != texts_b.get(name):
            problems.append(f"text/{name} differs")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("a", type=Path)
    parser.add_argument("b", type=Path)
    args = parser.parse_args(argv)
    problems = compare(args.a, args.b)
    for line in problems:
        print(line)
    print("identical" if not problems else f"{len(problems)} differences")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
