"""The commands of `psp`, one function each: arguments in, an exit code out.

Each imports what it needs when it runs (after the arguments are parsed), so that `psp --help`, an
argument error or `psp review` never wait for Prefect or spaCy to load.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from flows.guard import writing
from flows.settings import Project, project

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_QUARANTINED, EXIT_REFUSED, EXIT_INTERRUPTED = 0, 1, 2, 3, 4, 130
EXIT_CODES = {
    EXIT_OK: "success",
    EXIT_FINDINGS: "open findings at --fail-on (psp review), or a failure with its message",
    EXIT_USAGE: "usage error, or an ingest that would remove most outputs without --prune",
    EXIT_QUARANTINED: "a document was quarantined",
    EXIT_REFUSED: "the output folder is locked by another psp command, or a folder is not writable",
    EXIT_INTERRUPTED: "interrupted by Ctrl-C (finished documents kept; run again to finish)",
}



def _project(args: argparse.Namespace) -> Project:
    return project(args.project)


def _out(args: argparse.Namespace) -> Path:
    return Path(args.out) if args.out else _project(args).processed


def _waivers(args: argparse.Namespace) -> Path:
    return Path(args.waivers) if args.waivers else _project(args).waivers_file


def _raw(args: argparse.Namespace) -> Path:
    return Path(args.raw) if args.raw else _project(args).raw


def _print_summary(summary, stored: dict[str, str]) -> None:  # noqa: ANN001 - a flows.ingest.RunSummary
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
    for doc_id in summary.removed:
        print(f"  removed {printable(stored.get(doc_id, doc_id))} ({doc_id}): no longer in the raw folder")
    print("rows: " + ", ".join(f"{name} {count}" for name, count in summary.rows.items()))
    severities = ", ".join(f"{summary.findings.get(s, 0)} {s}" for s in ("error", "warning", "info"))
    print(f"open findings: {severities}" + (f" ({summary.waived} waived)" if summary.waived else ""))
    for finding_id in summary.stale_waivers:
        print(f"  stale waiver {finding_id}: its finding no longer occurs")


def command_ingest(args: argparse.Namespace) -> int:
    from flows.isolation import start_reading_early

    home = _project(args)
    raw_dir, out = Path(args.raw_dir) if args.raw_dir else home.raw, _out(args)
    if not raw_dir.is_dir():
        print(f"psp ingest: {raw_dir} is not a directory", file=sys.stderr)
        return EXIT_USAGE
    if args.workers <= 1 and not args.dask_address:  # Dask workers read in their own processes
        start_reading_early(raw_dir, out)  # before the imports below, which it overlaps
    from flows.progress import showing, terminal_reporter
    from flows.run import run_ingest
    from flows.site_overrides import read_overrides
    from schemas.waivers import read_waivers

    # a bad raw/sites.yaml or waivers file stops the run here, before any document is written
    read_overrides(raw_dir)
    read_waivers(_waivers(args))
    with writing(out, "psp ingest"), showing(terminal_reporter()):
        summary, stored = run_ingest(
            home.prefect_home, raw_dir, out, waivers_file=_waivers(args), workers=args.workers,
            dask_address=args.dask_address, ocr=args.ocr, prune=args.prune,
        )
    _print_summary(summary, stored)
    if summary.interrupted:
        print(f"interrupted: {len(summary.documents)} of {summary.total} done; run again to finish", file=sys.stderr)
        return EXIT_INTERRUPTED
    return EXIT_QUARANTINED if summary.count("quarantined") else EXIT_OK


def command_add(args: argparse.Namespace) -> int:
    from flows.isolation import start_reading_server

    home = _project(args)
    raw_dir, out = _raw(args), _out(args)
    paths = [Path(name) for name in args.files]
    missing = [str(path) for path in paths if not path.is_file()]
    if missing:
        print(f"psp add: not a file: {', '.join(missing)}", file=sys.stderr)
        return EXIT_USAGE
    start_reading_server()  # the added files are read (each one's site first, to name it): overlaps the imports
    from flows.progress import showing, terminal_reporter
    from flows.run import run_add
    from flows.site_overrides import read_overrides
    from review.terminal import printable
    from schemas.waivers import read_waivers

    read_overrides(raw_dir)  # as for ingest: before any file is copied or written
    read_waivers(_waivers(args))
    with writing(out, "psp add", also=[raw_dir]), showing(terminal_reporter()):
        added, reports = run_add(
            home.prefect_home, paths, raw_dir, out, site=args.site, state=args.state, ocr=args.ocr,
            waivers_file=_waivers(args),
        )
    for item in added:
        path = printable(item.path)
        placed = f" -> copied {path}" if item.copied else f": already in raw/ as {path}"
        print(f"{printable(item.original)}{placed}")
    for report in reports:
        _print_document_report(report)
    if len(reports) < len(added):
        print(f"interrupted: {len(reports)} of {len(added)} done; run again to finish", file=sys.stderr)
        return EXIT_INTERRUPTED
    return EXIT_QUARANTINED if any(r.status == "quarantined" for r in reports) else EXIT_OK


def _print_document_report(report) -> None:  # noqa: ANN001 - a flows.add.DocumentReport
    from review.terminal import printable

    print()
    print(f"{printable(report.source)} ({report.doc_id}): {report.status}")
    if report.status == "quarantined":
        print(f"  not read: {printable(report.error)}")
        return
    if report.site:
        print(f"  site: {printable(report.site)}, {printable(report.state or '(no state: give it with --state)')}")
    else:
        print("  site: not found in the title; give it with --site NAME --state NAME")
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

    out, raw = _out(args), _raw(args)
    findings = load_findings(out, doc=args.doc, severity=args.severity, check=args.check, include_waived=args.all,
                             raw_dir=raw)
    quarantined = render_quarantined(quarantined_documents(out, args.doc, raw))
    lines = [*([quarantined, ""] if quarantined else []), render_findings(findings, out, colour=sys.stdout.isatty())]
    lines += [
        f"stale waiver {w.finding_id} ({w.check}, {printable(w.place)}): its finding no longer occurs"
        for w in stale_waivers(out, _waivers(args))
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

    out, waivers = _out(args), _waivers(args)
    with writing(out, "psp waive", also=[waivers.parent]):
        result = waive(out, waivers, args.finding_id, args.reason)
        _refresh_report(out)
    print(printable(result.describe()))
    return EXIT_OK


def _refresh_report(out_dir: Path) -> None:
    """An existing report shows the new waiver at once (only the document's section is redone)."""
    from review.pages import REPORT_FILE, write_report

    if (out_dir / REPORT_FILE).exists():
        write_report(out_dir)


def command_unwaive(args: argparse.Namespace) -> int:
    from review.findings import unwaive

    out, waivers = _out(args), _waivers(args)
    with writing(out, "psp unwaive", also=[waivers.parent]):
        waiver = unwaive(out, waivers, args.finding_id)
        _refresh_report(out)
    print(f"unwaived {waiver.finding_id} ({waiver.check}, {waiver.place})")
    return EXIT_OK


def command_export(args: argparse.Namespace) -> int:
    from review.export import export_datasets, write_duckdb

    out = _out(args)
    destination = Path(args.to) if args.to else out / "export"
    with writing(out, "psp export", also=[destination]):
        written = export_datasets(out, args.format, destination)
        database = write_duckdb(out)
    for path in [*written, database]:
        print(path)
    return EXIT_OK


def command_report(args: argparse.Namespace) -> int:
    from review.pages import write_report

    out = _out(args)
    with writing(out, "psp report"):
        print(write_report(out, _raw(args)))
    return EXIT_OK


def command_server(args: argparse.Namespace) -> int:
    from flows.server import DEFAULT_PORT, persistent_server, start_persistent, stop_persistent

    home = _project(args).prefect_home
    if args.action == "start":
        record = start_persistent(home, args.port or DEFAULT_PORT)
        print(f"Prefect server running at {record.ui} (pid {record.pid}), UI included; psp commands in "
              f"{home.parent} use it until `psp server stop`")
    elif args.action == "stop":
        record = stop_persistent(home)
        print(f"stopped the Prefect server (pid {record.pid})" if record else "no Prefect server was running")
    else:
        record = persistent_server(home)
        print(f"running at {record.ui} (pid {record.pid})" if record else
              "not running: each psp ingest or add starts a temporary server (start one with `psp server start`)")
    return EXIT_OK
