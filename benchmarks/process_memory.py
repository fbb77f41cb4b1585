"""The peak resident memory of a command and of every process it starts.

A document is read in a child forked by a forkserver that outlives the flow, so neither the
flow's own RUSAGE_SELF nor a plain RUSAGE_CHILDREN sees it. The command runs under a small
subreaper, which reaps every orphan, so that RUSAGE_CHILDREN holds the largest of them all.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Sequence

_SUBREAPER = """
import ctypes, os, resource, subprocess, sys
ctypes.CDLL(None).prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER: orphans of the command come here
code = subprocess.call(sys.argv[1:])
while True:
    try:
        os.wait()
    except ChildProcessError:
        break
print(f"peak-rss-mb {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024:.0f}")
sys.exit(code)
"""


def run_measured(argv: Sequence[str], **options: object) -> tuple[subprocess.CompletedProcess[str], int]:
    """Run `argv` (output captured as text; `options` go to subprocess.run); returns the result
    and the peak resident memory, in MB, of the largest process of its tree (Linux only)."""
    result = subprocess.run(
        [sys.executable, "-c", _SUBREAPER, *argv], capture_output=True, text=True, **options  # type: ignore[call-overload]
    )
    found = re.search(r"^peak-rss-mb (\d+)$", result.stdout, re.MULTILINE)
    return result, int(found.group(1)) if found else -1
