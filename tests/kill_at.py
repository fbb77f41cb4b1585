"""`python -m tests.kill_at MODULE ATTRIBUTE N RAW OUT WAIVERS`: an ingest run that kills itself
(SIGKILL, as `kill -9` would) when `MODULE.ATTRIBUTE` is called for the Nth time.

The function is replaced where the flow looks it up, so the kill lands at a chosen step of the
flow (a document's writes, its schema checks, the cross-document checks, the waivers, the
report, the corpus-state record) on every run alike.
"""

from __future__ import annotations

import importlib
import itertools
import os
import signal
import sys
from pathlib import Path

from flows.settings import apply_prefect_settings

apply_prefect_settings(Path(__file__).resolve().parents[1] / ".prefect")  # before Prefect is imported, as the CLI does


def kill_on_call(module_name: str, attribute: str, nth: int) -> None:
    module = importlib.import_module(module_name)
    real = getattr(module, attribute)
    calls = itertools.count(1)

    def killing(*args: object, **kwargs: object) -> object:
        if next(calls) == nth:
            os.kill(os.getpid(), signal.SIGKILL)
        return real(*args, **kwargs)

    setattr(module, attribute, killing)


def main(argv: list[str]) -> int:
    module_name, attribute, nth, raw, out, waivers = argv
    kill_on_call(module_name, attribute, int(nth))
    from flows.ingest import ingest

    ingest(raw_dir=raw, out_dir=out, waivers_file=waivers)
    return 0  # the step was never reached: the test says so


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
