"""`psp`: a thin command line over the flows. Only here do errors become one-line messages.

Modules are imported by the command that needs them, after its arguments are parsed, so that
`psp --help`, an argument error or `psp review` never wait for Prefect or spaCy to load.
"""

from __future__ import annotations

import argparse
import atexit
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from flows.guard import Refused, writing
from flows.server import ServerError
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
    from flows.progress import showing, terminal_reporter
    from flows.run import run_ingest
    from flows.site_overrides import read_overrides
    from schemas.waivers import read_waivers


    home = _project(args)
    raw_dir, out = Path(args.raw_dir) if args.raw_dir else home.raw, _out(args)
    if not raw_dir.is_dir():
        print(f"psp ingest: {raw_dir} is not a directory", file=sys.stderr)
        return EXIT_USAGE
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
    from flows.progress import showing, terminal_reporter
    from flows.run import run_add
    from flows.site_overrides import read_overrides
    from review.terminal import printable
    from schemas.waivers import read_waivers

    home = _project(args)
    raw_dir, out = _raw(args), _out(args)
    paths = [Path(name) for name in args.files]
    missing = [str(path) for path in paths if not path.is_file()]
    if missing:
        print(f"psp add: not a file: {', '.join(missing)}", file=sys.stderr)
        return EXIT_USAGE
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


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {value}")
    return value


class _VersionAction(argparse.Action):
    """`--version`, read from the installed package when asked (not while building the parser)."""

    def __init__(self, option_strings: list[str], dest: str = argparse.SUPPRESS, **kwargs: object) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS,
                         help="print the package and pipeline versions and exit")

    def __call__(self, parser, namespace, values, option_string=None) -> None:  # noqa: ANN001
        from flows.settings import package_version, pipeline_version

        print(f"psp {package_version()} (pipeline {pipeline_version()})")
        parser.exit()


def _common_options(parser: argparse.ArgumentParser, *, out: bool = True) -> None:
    parser.add_argument("--project", metavar="DIR", help="the project folder (default: the working directory)")
    if out:
        parser.add_argument("--out", metavar="DIR", help="output folder (default: PROJECT/processed)")


def _ocr_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--ocr", action="store_true",
        help="read PDFs with no text layer by OCR (needs Debian's tesseract-ocr) instead of quarantining them",
    )


def _waivers_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--waivers", metavar="FILE", help="waivers file (default: PROJECT/schemas/waivers.yaml)")


def build_parser() -> tuple[argparse.ArgumentParser, dict[str, argparse.ArgumentParser]]:
    """The parser, and each command's own parser (for its usage line on an unknown option)."""
    epilog = "exit codes: " + "; ".join(f"{code} {meaning}" for code, meaning in EXIT_CODES.items())
    parser = argparse.ArgumentParser(prog="psp", description="PSP case studies to validated datasets.", epilog=epilog)
    parser.add_argument("--version", action=_VersionAction)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    ingest = commands.add_parser("ingest", help="ingest every document in RAW_DIR into the output datasets")
    ingest.add_argument("raw_dir", nargs="?", metavar="RAW_DIR", help="folder of case studies (default: PROJECT/raw)")
    _common_options(ingest)
    ingest.add_argument(
        "--workers", type=_positive_int, default=1, metavar="N", help="documents in parallel on a local Dask cluster"
    )
    ingest.add_argument("--dask-address", help="run on an existing Dask cluster, e.g. tcp://10.0.0.5:8786")
    _ocr_option(ingest)
    ingest.add_argument("--prune", action="store_true",
                        help="remove the outputs of documents no longer in RAW_DIR even when that is most of them")
    _waivers_option(ingest)
    ingest.set_defaults(handler=command_ingest)

    add = commands.add_parser("add", help="copy new case studies into raw/ under readable names and ingest them")
    add.add_argument("files", nargs="+", metavar="FILE", help="PDF or text files")
    add.add_argument("--site", help="the site (city), when the title does not name it")
    add.add_argument("--state", help="the state, when the title does not name it")
    add.add_argument("--raw", metavar="DIR", help="folder of case studies (default: PROJECT/raw)")
    _common_options(add)
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
    review.add_argument("--raw", metavar="DIR",
                        help="folder of case studies, for the names files were added as (default: PROJECT/raw)")
    _common_options(review)
    _waivers_option(review)
    review.set_defaults(handler=command_review)

    waive = commands.add_parser("waive", help="accept a finding with a reason (kept in the waivers file)")
    waive.add_argument("finding_id", metavar="FINDING_ID")
    waive.add_argument("--reason", required=True, help="why the finding is accepted")
    _common_options(waive)
    _waivers_option(waive)
    waive.set_defaults(handler=command_waive)

    unwaive = commands.add_parser("unwaive", help="withdraw a waiver")
    unwaive.add_argument("finding_id", metavar="FINDING_ID")
    _common_options(unwaive)
    _waivers_option(unwaive)
    unwaive.set_defaults(handler=command_unwaive)

    export = commands.add_parser("export", help="every dataset as one CSV or JSON Lines file, plus psp.duckdb")
    export.add_argument("--format", choices=["csv", "jsonl"], default="csv")
    export.add_argument("--to", metavar="DIR", help="folder for the files (default: OUT/export)")
    _common_options(export)
    export.set_defaults(handler=command_export)

    report = commands.add_parser("report", help="rebuild OUT/report.html and OUT/report/ from the current outputs")
    report.add_argument("--raw", metavar="DIR", help="folder of case studies, to crop PDF pages (default: PROJECT/raw)")
    _common_options(report)
    report.set_defaults(handler=command_report)

    server = commands.add_parser("server", help="start, stop or show the project's persistent Prefect server (UI)")
    server.add_argument("action", choices=["start", "stop", "status"])
    server.add_argument("--port", type=_positive_int, help="port for `start` (default: 4200)")
    _common_options(server, out=False)
    server.set_defaults(handler=command_server)
    return parser, dict(commands.choices)


def main(argv: Sequence[str] | None = None) -> int:
    parser, command_parsers = build_parser()
    args, unknown = parser.parse_known_args(argv)
    if unknown:  # the command's usage, not the top-level one
        command_parsers[args.command].error(f"unrecognized arguments: {' '.join(unknown)}")
    try:
        return args.handler(args)
    except Refused as error:
        print(f"psp {args.command}: {error}", file=sys.stderr)
        return error.exit_code
    except ServerError as error:
        print(f"psp {args.command}: {error}", file=sys.stderr)
        return EXIT_FINDINGS
    except KeyboardInterrupt:
        print(f"psp {args.command}: interrupted; finished documents are kept, run again to finish", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as error:
        if not _is_request_error(error):
            raise
        print(f"psp {args.command}: {error}", file=sys.stderr)
        return EXIT_USAGE


def _is_request_error(error: Exception) -> bool:
    """A request the outputs cannot satisfy (review's ReviewError, a malformed waivers file or
    raw/sites.yaml): the modules are looked up, not imported just to catch their errors (they load
    pandas or pydantic)."""
    review, config = sys.modules.get("review.findings"), sys.modules.get("schemas.config_files")
    return (review is not None and isinstance(error, review.ReviewError)) or (
        config is not None and isinstance(error, config.ConfigError)
    )


def run() -> None:
    """The `psp` executable: `main`, then, once the command has finished, an exit without Python's
    teardown of every loaded module and Prefect's daemon threads, which takes a second or more and
    does nothing a finished command needs (every file is written and renamed; the exit handlers,
    which send Prefect's last logs and events, still run first). An error still exits the usual way."""
    code = main()
    atexit._run_exitfuncs()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    run()
