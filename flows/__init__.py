"""Prefect flows and the `psp` command: the ingestion flow, per-document wiring, the parsers'
child processes, and the CLI (which applies the project's Prefect settings, see settings.py)."""
