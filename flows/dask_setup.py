"""Run by every local Dask worker as it starts (Dask's `distributed.worker.preload`).

A terminal's Ctrl-C reaches the whole process group, the workers too: they ignore it, finish the
document they are on and see the stop request between documents (flows/progress.py), like the
flow's own threads, instead of dying and losing their batch.
"""

from __future__ import annotations

import signal
from typing import Any


def dask_setup(worker: Any) -> None:  # noqa: ANN401 - a distributed.Worker
    signal.signal(signal.SIGINT, signal.SIG_IGN)

