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

from flows.commands import (
    EXIT_CODES,
    EXIT_FINDINGS,
    EXIT_INTERRUPTED,
    EXIT_USAGE,
    command_add,
    command_export,
    command_ingest,
    command_report,
    command_review,
    command_server,
    command_unwaive,
    command_waive,
)
from flows.guard import Refused
from flows.server import ServerError


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
