"""Write the variant documents and their gold files: `python -m tests.variants DIR`.

Then `psp ingest DIR/raw --out DIR/processed` and `score.py DIR/gold/<name>.json --processed DIR/processed`.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from tests.variants.documents import all_variants


def main(target: str) -> None:
    root = Path(target)
    (root / "raw").mkdir(parents=True, exist_ok=True)
    (root / "gold").mkdir(parents=True, exist_ok=True)
    for variant in all_variants():
        (root / "raw" / variant.name).write_bytes(variant.data)
        gold = root / "gold" / f"{Path(variant.name).stem}.json"
        gold.write_text(json.dumps(variant.gold, indent=2), encoding="utf-8")
        print(f"{variant.name}: {variant.covers}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "variants")
