"""Time per MB of text at 0.1, 1 and 10 MB: the extractors must stay linear in their input.

    python benchmarks/text_scale.py [--sizes 0.1,1,10] [--repeat 1]

Each size is a text case study of that many bytes (synthetic paragraphs, crime tables and
footnotes, as in benchmarks/corpus.py, run together), read exactly as a run reads it
(`flows.parsing.read_document`, in this process, without the time limit). The floor is spaCy
alone over the same prose blocks, measured in the same run: the pipeline's time per MB should
stay a steady multiple of it, whatever the size.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from flows.settings import apply_prefect_settings  # noqa: E402

apply_prefect_settings(ROOT / ".prefect")  # the project's Prefect settings before Prefect loads

from benchmarks.corpus import synthetic_document  # noqa: E402

MB = 1_000_000


def text_of_size(size: int) -> str:
    """Case-study text of `size` bytes: synthetic documents one after another, the last one cut."""
    parts, length, seed = [], 0, 0
    while length < size:
        text = synthetic_document(900_000 + seed, paragraphs=24).text
        parts.append(text)
        length += len(text.encode("utf-8"))
        seed += 1
    return "\n\n".join(parts).encode("utf-8")[:size].decode("utf-8", errors="ignore")


def measure(path: Path) -> tuple[float, float, int]:
    """(pipeline seconds, spaCy floor seconds, prose characters) for one file."""
    from extractors.layout.normalize import loaded_to_normalized
    from extractors.load.text import text_bytes_to_document
    from extractors.nlp.language import model_words
    from extractors.nlp.prose import document_to_prose
    from extractors.vocab.vocabulary import vocabulary
    from flows.models import language
    from flows.parsing import ReadRequest, read_document

    nlp = language()
    started = time.perf_counter()
    read_document(ReadRequest(str(path), "text"))
    pipeline = time.perf_counter() - started
    blocks = [b.text for b in document_to_prose(loaded_to_normalized(text_bytes_to_document(path.read_bytes()),
                                                                     vocabulary(), model_words()))]
    started = time.perf_counter()
    with nlp.memory_zone():
        for _ in nlp.pipe(blocks):
            pass
    return pipeline, time.perf_counter() - started, sum(map(len, blocks))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="0.1,1,10", help="sizes in MB, comma-separated")
    args = parser.parse_args()
    from flows.models import language

    language()("warm up")
    print(f"{'MB':>6} {'pipeline s':>11} {'s per MB':>9} {'spaCy s':>8} {'spaCy s/MB':>10} {'ratio':>6}")
    with tempfile.TemporaryDirectory() as work:
        for size in (float(s) for s in args.sizes.split(",")):
            path = Path(work) / f"text-{size:g}mb.txt"
            path.write_text(text_of_size(int(size * MB)), encoding="utf-8")
            pipeline, floor, _ = measure(path)
            print(f"{size:>6g} {pipeline:>11.1f} {pipeline / size:>9.1f} {floor:>8.1f} {floor / size:>10.1f} "
                  f"{pipeline / floor:>6.2f}", flush=True)


if __name__ == "__main__":
    main()
