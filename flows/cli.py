"""`psp`: a thin command line over the flows. Only here do errors become one-line messages."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

EXIT_OK, EXIT_QUARANTINED, EXIT_USAGE = 0, 3, 2


def _print_summary(summary) -> None:  # noqa: ANN001 - a RunSummary
    ok, quarantined, unchanged = (summary.count(s) for s in ("ok", "quarantined", "unchanged"))
    print()
    print(f"documents: {ok} ok, {unchanged} unchanged, {quarantined} quarantined", end="")
    print(f", {len(summary.removed)} removed" if summary.removed else "")
    for outcome in summary.documents:
        if outcome.status == "quarantined":
            print(f"  quarantined {outcome.source}: {outcome.error}")
    print("rows: " + ", ".join(f"{name} {count}" for name, count in summary.rows.items()))
    severities = ", ".join(f"{summary.findings.get(s, 0)} {s}" for s in ("error", "warning", "info"))
    print(f"open findings: {severities}" + (f" ({summary.waived} waived)" if summary.waived else ""))
    for finding_id in summary.stale_waivers:
        print(f"  stale waiver {finding_id}: its finding no longer occurs")


def command_ingest(args: argparse.Namespace) -> int:
    from flows.ingest import ingest

    raw_dir = Path(args.raw_dir)
    if not raw_dir.is_dir():
        print(f"psp ingest: {raw_dir} is not a directory", file=sys.stderr)
        return EXIT_USAGE
    summary = ingest(raw_dir=str(raw_dir), out_dir=str(args.out))
    _print_summary(summary)
    return EXIT_QUARANTINED if summary.count("quarantined") else EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="psp", description="PSP case studies to validated datasets.")
    commands = parser.add_subparsers(dest="command", required=True)
    ingest = commands.add_parser("ingest", help="ingest every document in RAW_DIR into the output datasets")
    ingest.add_argument("raw_dir", nargs="?", default="raw", help="folder of case studies (default: raw)")
    ingest.add_argument("--out", default="processed", help="output folder (default: processed)")
    ingest.set_defaults(handler=command_ingest)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())
