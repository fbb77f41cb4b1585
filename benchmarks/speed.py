"""Speed and memory of the ingest flow, against floors measured in the same run.

    python benchmarks/speed.py [--docs 100] [--pdfs 10] [--memory 100,1000] [--scale 600]

Prints one line per measurement and a markdown table for benchmarks/RESULTS.md:
- Prefect start-up (first flow run in a process, on an empty folder) and spaCy model load,
  reported apart from the runs;
- cold run over N synthetic text case studies, against the spaCy floor (`nlp.pipe` alone over
  the same prose blocks, same model), and against that floor in two processes (the run reads
  with two children at once, `flows.ingest.READERS`, so this is the like-for-like floor);
- warm re-run of the unchanged corpus, against the cold run;
- 1 vs 2 Dask workers (fresh outputs each), and with --scale N again on an N-document corpus; the
  cost of a Dask cluster that runs nothing (start and close) is reported apart;
- PDFs: pages/s, against the pdfplumber floor (words and table finding on every page); the
  loader alone (bytes to tables and text) against that floor; and the whole run against the sum
  of the two floors its work contains (pdfplumber on every page, spaCy on the prose it yields);
- peak memory (max RSS of the largest process of a fresh cold run, its children included) at
  each corpus size.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from flows.settings import apply_prefect_settings  # noqa: E402

apply_prefect_settings(ROOT / ".prefect")  # the project's Prefect settings before Prefect loads
from benchmarks.corpus import write_corpus  # noqa: E402
from benchmarks.process_memory import run_measured  # noqa: E402


def timed(function, *args, **kwargs) -> tuple[float, object]:  # noqa: ANN001
    started = time.perf_counter()
    result = function(*args, **kwargs)
    return time.perf_counter() - started, result


def prose_blocks(paths: list[Path]) -> list[list[str]]:
    """Per document, exactly the prose blocks the pipeline parses."""
    from extractors.layout.normalize import loaded_to_normalized
    from extractors.load.pdf import pdf_bytes_to_document
    from extractors.load.text import text_bytes_to_document
    from extractors.nlp.prose import document_to_prose
    from extractors.vocab.vocabulary import vocabulary

    def load(path: Path):  # noqa: ANN202 - a LoadedDocument
        data = path.read_bytes()
        return pdf_bytes_to_document(data) if path.suffix == ".pdf" else text_bytes_to_document(data)

    return [[block.text for block in document_to_prose(loaded_to_normalized(load(p), vocabulary()))] for p in paths]


def _pipe_seconds(prose: list[list[str]]) -> float:
    """Seconds for the model alone over these documents' prose, one `nlp.pipe` per document."""
    from flows.models import language

    nlp = language()
    seconds = 0.0
    for blocks in prose:
        elapsed, _ = timed(lambda b=blocks: list(nlp.pipe(b)))
        seconds += elapsed
    return seconds


def spacy_floor(paths: list[Path]) -> float:
    """Seconds for the model alone over exactly the prose the pipeline parses."""
    return _pipe_seconds(prose_blocks(paths))


def _warm_model(seconds: float) -> float:
    from flows.models import language

    language()("The city had 1,234 violent crimes in 2019.")
    time.sleep(seconds)  # so that each of the pool's processes takes one
    return seconds


_THREAD_LIMITS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


def spacy_floor_two_processes(paths: list[Path]) -> float:
    """Wall seconds for the model alone in two processes, each over half the documents' prose: the
    floor of a run that reads on two cores (model loads not counted)."""
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    prose = prose_blocks(paths)
    # one BLAS thread each: spaCy's work runs on one core anyway (the one-process floor does), and two
    # processes that each start a BLAS thread pool over both cores slowed each other twofold
    saved = {name: os.environ.get(name) for name in _THREAD_LIMITS}
    os.environ.update(dict.fromkeys(_THREAD_LIMITS, "1"))
    try:
        with ProcessPoolExecutor(2, mp_context=get_context("spawn")) as pool:
            list(pool.map(_warm_model, [1.0, 1.0]))
            started = time.perf_counter()
            list(pool.map(_pipe_seconds, [prose[0::2], prose[1::2]]))
            return time.perf_counter() - started
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def pdfplumber_floor(paths: list[Path]) -> tuple[float, int]:
    import pdfplumber

    pages = 0
    started = time.perf_counter()
    for path in paths:
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                page.extract_words()
                page.find_tables()
                pages += 1
    return time.perf_counter() - started, pages


def pdf_loader_s(paths: list[Path]) -> float:
    """Seconds for the PDF loader alone: bytes to normalized text and tables (no spaCy, no flow)."""
    from extractors.layout.normalize import loaded_to_normalized
    from extractors.load.pdf import pdf_bytes_to_document
    from extractors.structure.tables import document_to_tables
    from extractors.vocab.vocabulary import vocabulary

    vocab = vocabulary()
    started = time.perf_counter()
    for path in paths:
        document_to_tables(loaded_to_normalized(pdf_bytes_to_document(path.read_bytes(), vocab), vocab), vocab)
    return time.perf_counter() - started


def peak_memory_child(count: int) -> None:
    """Run in a fresh process: a cold run over `count` documents."""
    from flows.ingest import ingest

    with tempfile.TemporaryDirectory() as work:
        raw = Path(work) / "raw"
        write_corpus(raw, count, seed=11)
        ingest(raw_dir=str(raw), out_dir=str(Path(work) / "out"))


def peak_memory(count: int) -> float:
    """Max RSS of the largest process of a cold run (the flow, the parsing server or a document's
    reading child: documents are read in children, so the flow's own RSS would miss them)."""
    _, peak_mb = run_measured([sys.executable, __file__, "--memory-child", str(count)], check=True)
    return float(peak_mb)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=100)
    parser.add_argument("--pdfs", type=int, default=10)
    parser.add_argument("--memory", default="100,1000", help="corpus sizes for peak memory ('' to skip)")
    parser.add_argument("--scale", type=int, default=0, help="also compare 1 vs 2 workers on this many documents")
    parser.add_argument("--memory-child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.memory_child:
        peak_memory_child(args.memory_child)
        return

    from flows.ingest import ingest, ingest_with_workers
    from flows.models import language

    results: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as work:
        work_dir = Path(work)
        texts = write_corpus(work_dir / "texts", args.docs, seed=5)
        pdfs = write_corpus(work_dir / "pdfs", args.pdfs, pdf_share=1.0, seed=6)
        (work_dir / "empty").mkdir()

        results["prefect_startup_s"], _ = timed(ingest, raw_dir=str(work_dir / "empty"), out_dir=str(work_dir / "o0"))
        results["empty_flow_s"], _ = timed(ingest, raw_dir=str(work_dir / "empty"), out_dir=str(work_dir / "o0"))
        results["spacy_load_s"], _ = timed(language)

        results["spacy_floor_s"] = spacy_floor(texts)
        results["spacy_floor_two_s"] = spacy_floor_two_processes(texts)
        results["cold_s"], _ = timed(ingest, raw_dir=str(work_dir / "texts"), out_dir=str(work_dir / "o1"))
        results["warm_s"], _ = timed(ingest, raw_dir=str(work_dir / "texts"), out_dir=str(work_dir / "o1"))
        results["two_workers_s"], _ = timed(
            ingest_with_workers, 2, raw_dir=str(work_dir / "texts"), out_dir=str(work_dir / "o2")
        )
        results["dask_empty_s"], _ = timed(
            ingest_with_workers, 2, raw_dir=str(work_dir / "empty"), out_dir=str(work_dir / "o4")
        )
        if args.scale:
            write_corpus(work_dir / "scale", args.scale, seed=7)
            results["scale_one_s"], _ = timed(ingest, raw_dir=str(work_dir / "scale"), out_dir=str(work_dir / "o5"))
            results["scale_two_s"], _ = timed(
                ingest_with_workers, 2, raw_dir=str(work_dir / "scale"), out_dir=str(work_dir / "o6")
            )

        results["pdfplumber_floor_s"], pages = pdfplumber_floor(pdfs)
        results["pdf_pages"] = pages
        results["pdf_loader_s"] = pdf_loader_s(pdfs)
        results["pdf_spacy_floor_s"] = spacy_floor(pdfs)
        results["pdf_cold_s"], _ = timed(ingest, raw_dir=str(work_dir / "pdfs"), out_dir=str(work_dir / "o3"))

    for size in [int(s) for s in args.memory.split(",") if s]:
        results[f"peak_rss_mb_{size}"] = peak_memory(size)

    cold = results["cold_s"]
    pdf_floor = results["pdfplumber_floor_s"] + results["pdf_spacy_floor_s"]
    rows = [
        ("Prefect start-up (first flow run, empty folder)", f"{results['prefect_startup_s']:.1f} s", ""),
        ("spaCy model load (once per process)", f"{results['spacy_load_s']:.2f} s", ""),
        (f"cold run, {args.docs} text documents", f"{cold:.1f} s ({args.docs / cold:.2f} docs/s)",
         f"{cold / results['spacy_floor_s']:.2f}x spaCy floor ({results['spacy_floor_s']:.1f} s)"),
        (f"cold run, {args.docs} text documents, against spaCy in two processes", f"{cold:.1f} s",
         f"{cold / results['spacy_floor_two_s']:.2f}x two-process spaCy floor ({results['spacy_floor_two_s']:.1f} s)"),
        (f"cold run without the empty-flow overhead ({results['empty_flow_s']:.2f} s)",
         f"{cold - results['empty_flow_s']:.1f} s",
         f"{(cold - results['empty_flow_s']) / results['spacy_floor_s']:.2f}x spaCy floor"),
        ("warm re-run (unchanged)", f"{results['warm_s']:.2f} s", f"{results['warm_s'] / cold:.1%} of cold"),
        ("2 Dask workers, cold", f"{results['two_workers_s']:.1f} s",
         f"{cold / results['two_workers_s']:.2f}x faster than 1"),
        ("Dask cluster of 2 that runs nothing (start, close)", f"{results['dask_empty_s']:.1f} s",
         f"serial empty run {results['empty_flow_s']:.1f} s"),
        (f"PDF cold run, {args.pdfs} PDFs / {pages} pages", f"{results['pdf_cold_s']:.1f} s "
         f"({pages / results['pdf_cold_s']:.1f} pages/s)",
         f"{results['pdf_cold_s'] / results['pdfplumber_floor_s']:.2f}x pdfplumber floor "
         f"({results['pdfplumber_floor_s']:.1f} s)"),
        ("PDF loader alone (bytes to text and tables)", f"{results['pdf_loader_s']:.1f} s",
         f"{results['pdf_loader_s'] / results['pdfplumber_floor_s']:.2f}x pdfplumber floor"),
        ("PDF cold run without the empty-flow overhead", f"{results['pdf_cold_s'] - results['empty_flow_s']:.1f} s",
         f"{(results['pdf_cold_s'] - results['empty_flow_s']) / pdf_floor:.2f}x pdfplumber + spaCy floors "
         f"({pdf_floor:.1f} s)"),
    ]
    if args.scale:
        rows.append((f"{args.scale} text documents: 1 worker / 2 Dask workers",
                     f"{results['scale_one_s']:.1f} s / {results['scale_two_s']:.1f} s",
                     f"{results['scale_one_s'] / results['scale_two_s']:.2f}x faster"))
    sizes = [int(s) for s in args.memory.split(",") if s]
    for size in sizes:
        rows.append((f"peak memory, cold run of {size} documents", f"{results[f'peak_rss_mb_{size}']:.0f} MB", ""))
    if len(sizes) >= 2:
        ratio = results[f"peak_rss_mb_{sizes[-1]}"] / results[f"peak_rss_mb_{sizes[0]}"]
        rows.append((f"peak memory {sizes[-1]} vs {sizes[0]} documents", f"{ratio:.2f}x", ""))
    print(json.dumps(results))
    print(f"\nmachine: {platform.platform()}, {platform.processor() or platform.machine()}, "
          f"Python {platform.python_version()}, {time.strftime('%Y-%m-%d')}\n")
    print("| measurement | value | compared with |\n| --- | --- | --- |")
    for name, value, compared in rows:
        print(f"| {name} | {value} | {compared} |")


if __name__ == "__main__":
    main()
