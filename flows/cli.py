"""`psp`: a thin command line over the flows. Only here do errors become one-line messages."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_QUARANTINED = 0, 1, 2, 3


def _print_summary(summary) -> None:  # noqa: ANN001 - a RunSummary
    from review.terminal import printable

    ok, quarantined, unchanged = (summary.count(s) for s in ("ok", "quarantined", "unchanged"))
    print()
    print(f"documents: {ok} ok, {unchanged} unchanged, {quarantined} quarantined", end="")
    print(f", {len(summary.removed)} removed" if summary.removed else "")
    for outcome in summary.documents:
        if outcome.status == "quarantined":
            earlier = " (unchanged since an earlier run)" if outcome.reused else ""
            print(f"  quarantined {printable(outcome.source)}{earlier}: {printable(outcome.error)}")
    for skipped in summary.skipped:
        print(f"  skipped {printable(skipped.source)}: {printable(skipped.reason)}")
    print("rows: " + ", ".join(f"{name} {count}" for name, count in summary.rows.items()))
    severities = ", ".join(f"{summary.findings.get(s, 0)} {s}" for s in ("error", "warning", "info"))
    print(f"open findings: {severities}" + (f" ({summary.waived} waived)" if summary.waived else ""))
    for finding_id in summary.stale_waivers:
        print(f"  stale waiver {finding_id}: its finding no longer occurs")


def command_ingest(args: argparse.Namespace) -> int:
    from flows.ingest import ingest_with_workers, read_configuration

    raw_dir = Path(args.raw_dir)
    if not raw_dir.is_dir():
        print(f"psp ingest: {raw_dir} is not a directory", file=sys.stderr)
        return EXIT_USAGE
    read_configuration(str(raw_dir), args.waivers)  # a bad sites.yaml or waivers file stops the run here
    summary = ingest_with_workers(
        args.workers, args.dask_address, raw_dir=str(raw_dir), out_dir=str(args.out), ocr=args.ocr,
        waivers_file=args.waivers,
    )
    _print_summary(summary)
    return EXIT_QUARANTINED if summary.count("quarantined") else EXIT_OK


def command_add(args: argparse.Namespace) -> int:
    from flows.add import add_files
    from flows.ingest import read_configuration
    from review.terminal import printable

    paths = [Path(name) for name in args.files]
    missing = [str(path) for path in paths if not path.is_file()]
    if missing:
        print(f"psp add: not a file: {', '.join(missing)}", file=sys.stderr)
        return EXIT_USAGE
    read_configuration(args.raw, args.waivers)  # before any file is copied or written
    added, reports = add_files(paths, Path(args.raw), Path(args.out), site=args.site, state=args.state, ocr=args.ocr,
                               waivers_file=Path(args.waivers))
    for item in added:
        verb = "copied" if item.copied else "already in raw/ as"
        original, path = printable(item.original), printable(item.path)
        print(f"{original} -> {verb} {path}" if item.copied else f"{original}: {verb} {path}")
    for report in reports:
        _print_document_report(report)
    return EXIT_QUARANTINED if any(r.status == "quarantined" for r in reports) else EXIT_OK


def _print_document_report(report) -> None:  # noqa: ANN001 - a flows.add.DocumentReport
    print()
    from review.terminal import printable

    print(f"{printable(report.source)} ({report.doc_id}): {report.status}")
    if report.status == "quarantined":
        print(f"  not read: {printable(report.error)}")
        return
    print(f"  site: {report.site or '(not found: use --site and --state)'}, {report.state or '(no state)'}")
    print(f"  tables: {len(report.tables)}")
    for table in report.tables:
        print(f"    {printable(table)}")
    print(f"  footnotes: {report.footnotes} bodies, {report.footnote_calls} calls")
    print(f"  claims: {report.claims}")
    findings = report.findings
    counts = ", ".join(f"{int((findings.severity == s).sum())} {s}" for s in ("error", "warning", "info"))
    print(f"  open findings: {counts}")
    for finding in findings.itertuples():
        print(f"    {finding.severity} {finding.check} {finding.finding_id}: {printable(finding.message)}")


def _print_to_pipe(text: str) -> bool:
    """Print; False when the reader has gone (`psp review | head`): stdout then goes to /dev/null
    so that neither this nor Python's exit raises BrokenPipeError."""
    try:
        print(text, flush=True)
        return True
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return False


def command_review(args: argparse.Namespace) -> int:
    from review.findings import SEVERITY_RANK, load_findings, quarantined_documents, stale_waivers
    from review.terminal import printable, render_findings, render_quarantined

    out, raw = Path(args.out), Path(args.raw)
    findings = load_findings(out, doc=args.doc, severity=args.severity, check=args.check, include_waived=args.all,
                             raw_dir=raw)
    quarantined = render_quarantined(quarantined_documents(out, args.doc, raw))
    lines = [*([quarantined, ""] if quarantined else []), render_findings(findings, out, colour=sys.stdout.isatty())]
    lines += [
        f"stale waiver {w.finding_id} ({w.check}, {printable(w.place)}): its finding no longer occurs"
        for w in stale_waivers(out, Path(args.waivers))
    ]
    if not _print_to_pipe("\n".join(lines)):
        return EXIT_OK
    if args.fail_on:
        open_findings = findings[~findings.waived.astype(bool)]
        failing = open_findings.severity.map(SEVERITY_RANK) >= SEVERITY_RANK[args.fail_on]
        if failing.any():
            print(f"{int(failing.sum())} open finding(s) at {args.fail_on} or above", file=sys.stderr)
            return EXIT_FINDINGS
    return EXIT_OK


def command_waive(args: argparse.Namespace) -> int:
    from review.findings import waive
    from review.terminal import printable

    result = waive(Path(args.out), Path(args.waivers), args.finding_id, args.reason)
    print(printable(result.describe()))
    _refresh_report(Path(args.out))
    return EXIT_OK


def _refresh_report(out_dir: Path) -> None:
    """An existing report shows the new waiver at once (only the document's section is redone)."""
    from review.pages import REPORT_FILE, write_report

    if (out_dir / REPORT_FILE).exists():
        write_report(out_dir)


def command_unwaive(args: argparse.Namespace) -> int:
    from review.findings import unwaive

    waiver = unwaive(Path(args.out), Path(args.waivers), args.finding_id)
    print(f"unwaived {waiver.finding_id} ({waiver.check}, {waiver.place})")
    _refresh_report(Path(args.out))
    return EXIT_OK


def command_export(args: argparse.Namespace) -> int:
    from review.export import export_datasets, write_duckdb

    out = Path(args.out)
    destination = Path(args.to) if args.to else out / "export"
    for path in export_datasets(out, args.format, destination):
        print(path)
    print(write_duckdb(out))
    return EXIT_OK


def command_report(args: argparse.Namespace) -> int:
    from review.pages import write_report

    print(write_report(Path(args.out), Path(args.raw)))
    return EXIT_OK


def _outputs_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", default="processed", help="output folder (default: processed)")


def _ocr_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--ocr", action="store_true",
        help="read PDFs with no text layer by OCR (needs Debian's tesseract-ocr) instead of quarantining them",
    )


def _waivers_option(parser: argparse.ArgumentParser) -> None:
    from flows.settings import WAIVERS_FILE

    parser.add_argument("--waivers", default=str(WAIVERS_FILE),
                        help="the project's waivers file (default: schemas/waivers.yaml)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="psp", description="PSP case studies to validated datasets.")
    commands = parser.add_subparsers(dest="command", required=True)
    ingest = commands.add_parser("ingest", help="ingest every document in RAW_DIR into the output datasets")
    ingest.add_argument("raw_dir", nargs="?", default="raw", help="folder of case studies (default: raw)")
    _outputs_option(ingest)
    ingest.add_argument("--workers", type=int, default=1, help="documents in parallel on a local Dask cluster")
    ingest.add_argument("--dask-address", help="run on an existing Dask cluster, e.g. tcp://10.0.0.5:8786")
    _ocr_option(ingest)
    _waivers_option(ingest)
    ingest.set_defaults(handler=command_ingest)

    add = commands.add_parser("add", help="copy new case studies into raw/ under readable names and ingest them")
    add.add_argument("files", nargs="+", help="PDF or text files")
    add.add_argument("--site", help="the site (city), when the title does not name it")
    add.add_argument("--state", help="the state, when the title does not name it")
    add.add_argument("--raw", default="raw", help="folder of case studies (default: raw)")
    _outputs_option(add)
    _ocr_option(add)
    _waivers_option(add)
    add.set_defaults(handler=command_add)

    review = commands.add_parser("review", help="list open findings grouped by document, with their place")
    review.add_argument("--doc", help="a doc_id or its prefix, a file name in raw/, the name it was added as, a site")
    review.add_argument("--severity", help="this severity or above: error, warning or info")
    review.add_argument("--check", help="only this check id (e.g. table.total_equals_components) or family (claim)")
    review.add_argument("--all", action="store_true", help="include waived findings")
    review.add_argument("--fail-on", type=str.lower, choices=["warning", "error"],
                        help="exit 1 while such findings are open")
    review.add_argument("--raw", default="raw", help="folder of case studies, for the names files were added as")
    _outputs_option(review)
    _waivers_option(review)
    review.set_defaults(handler=command_review)

    waive = commands.add_parser("waive", help="accept a finding with a reason (kept in the waivers file)")
    waive.add_argument("finding_id")
    waive.add_argument("--reason", required=True, help="why the finding is accepted")
    _outputs_option(waive)
    _waivers_option(waive)
    waive.set_defaults(handler=command_waive)

    unwaive = commands.add_parser("unwaive", help="withdraw a waiver")
    unwaive.add_argument("finding_id")
    _outputs_option(unwaive)
    _waivers_option(unwaive)
    unwaive.set_defaults(handler=command_unwaive)

    export = commands.add_parser("export", help="every dataset as one CSV or JSON Lines file, plus psp.duckdb")
    export.add_argument("--format", choices=["csv", "jsonl"], default="csv")
    export.add_argument("--to", help="folder for the files (default: OUT/export)")
    _outputs_option(export)
    export.set_defaults(handler=command_export)

    report = commands.add_parser("report", help="rebuild OUT/report.html and OUT/report/ from the current outputs")
    report.add_argument("--raw", default="raw", help="folder of case studies, to crop PDF pages (default: raw)")
    _outputs_option(report)
    report.set_defaults(handler=command_report)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    from review.findings import ReviewError
    from schemas.config_files import ConfigError

    args = build_parser().parse_args(argv)
    try:
        return args.handler(args)
    except (ReviewError, ConfigError) as error:
        print(f"psp {args.command}: {error}", file=sys.stderr)
        return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
