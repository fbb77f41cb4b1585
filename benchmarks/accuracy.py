"""Accuracy against hand-checked gold files: runs the ingest flow, then the acceptance scorer.

    python benchmarks/accuracy.py GOLD.json [GOLD.json ...] [--raw raw] [--out DIR] [--scorer PATH]

Each gold file names its document (`document.source`, matched by file stem, or `document.site`);
the flow ingests `--raw` into `--out` (a temporary folder by default, so processed/ is left
alone), and the scorer's numbers are printed per gold file, then the headline metrics side by
side.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from flows.settings import apply_prefect_settings  # noqa: E402

apply_prefect_settings(ROOT / ".prefect")  # the project's Prefect settings before Prefect loads

HEADLINE = [
    "table_cell_acc", "footnote_f1", "claim_recall", "claim_precision", "org_recall", "person_recall",
    "org_person_precision", "acronyms_expanded", "validation_expected", "validation_false_alarms", "text_repairs",
]


def load_scorer(path: Path):  # noqa: ANN201 - the scorer module
    spec = importlib.util.spec_from_file_location("score", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load the scorer at {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("gold", nargs="+", type=Path)
    parser.add_argument("--raw", type=Path, default=ROOT / "raw")
    parser.add_argument("--out", type=Path, help="output folder (default: a temporary one)")
    parser.add_argument("--scorer", type=Path, default=ROOT.parent / "shared" / "tools" / "score.py")
    args = parser.parse_args()
    scorer = load_scorer(args.scorer)

    from flows.ingest import ingest

    with tempfile.TemporaryDirectory() as work:
        out = args.out or Path(work) / "processed"
        ingest(raw_dir=str(args.raw), out_dir=str(out))
        table = {}
        for gold_path in args.gold:
            metrics = scorer.score(json.loads(gold_path.read_text(encoding="utf-8")), out)
            table[gold_path.name] = metrics
            print(f"\n== {gold_path.name}")
            for key, value in metrics.items():
                print(f"{key}: {value}")
    print("\n| gold | " + " | ".join(HEADLINE) + " |")
    print("| --- |" + " --- |" * len(HEADLINE))
    for name, metrics in table.items():
        print(f"| {name} | " + " | ".join(str(metrics.get(key, "-")) for key in HEADLINE) + " |")


if __name__ == "__main__":
    main()
