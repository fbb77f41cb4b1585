"""Wall time of the `psp` commands a person waits for, with and without the persistent server.

    python benchmarks/cli.py [--repeat 3] [--clean-runs 10]

In a temporary project (Baltimore in raw/), runs the real `psp` executable and prints the median
wall time of: `psp --help`; a one-document ingest (fresh outputs); a no-op ingest (nothing
changed); each first with a temporary Prefect server per command, then with `psp server start`.
Targets (issue 15): `--help` under 0.5 s; with the server up, a no-op ingest under 3 s and a
one-document ingest under 5 s. The floor is `python -c pass` (interpreter start) measured in the
same run. With --clean-runs N it then runs N consecutive no-op ingests with a temporary server
and counts the ERROR lines and tracebacks they print (expected: none).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PSP = str(Path(sys.executable).parent / "psp")
TARGETS = {"psp --help": 0.5, "no-op ingest (server up)": 3.0, "one-document ingest (server up)": 5.0}


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


Seconds = tuple[float, float]  # wall, CPU


def timed(command: list[str], cwd: Path, environment: dict[str, str]) -> tuple[Seconds, subprocess.CompletedProcess]:
    """(wall, CPU) seconds of one command (CPU of it and the children it waited for: a temporary
    server's start counts, a persistent server's work does not), and its output."""
    started, cpu = time.perf_counter(), _children_cpu()
    done = subprocess.run(command, cwd=cwd, env=environment, capture_output=True, text=True, timeout=900)
    elapsed = time.perf_counter() - started, _children_cpu() - cpu
    if done.returncode not in (0, 3):
        raise SystemExit(f"{' '.join(command)} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return elapsed, done


def median(command: list[str], cwd: Path, environment: dict[str, str], repeat: int, before=None) -> Seconds:  # noqa: ANN001
    times = []
    for _ in range(repeat):
        if before:
            before()
        times.append(timed(command, cwd, environment)[0])
    return statistics.median(t[0] for t in times), statistics.median(t[1] for t in times)


def measure(project: Path, environment: dict[str, str], repeat: int, label: str) -> dict[str, Seconds]:
    out = project / "processed"

    def fresh() -> None:
        shutil.rmtree(out, ignore_errors=True)

    one = median([PSP, "ingest"], project, environment, repeat, before=fresh)
    noop = median([PSP, "ingest"], project, environment, repeat)
    return {f"one-document ingest ({label})": one, f"no-op ingest ({label})": noop}


def clean_runs(project: Path, environment: dict[str, str], runs: int) -> tuple[int, int]:
    errors = tracebacks = 0
    for _ in range(runs):
        _, done = timed([PSP, "ingest"], project, environment)
        printed = done.stdout + done.stderr
        errors += sum(" ERROR " in line or line.startswith("ERROR") for line in printed.splitlines())
        tracebacks += printed.count("Traceback")
    return errors, tracebacks


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (the median is printed)")
    parser.add_argument("--clean-runs", type=int, default=0, help="then N no-op ingests, counting ERROR lines")
    args = parser.parse_args()
    environment = {k: v for k, v in os.environ.items() if k not in ("PREFECT_API_URL", "PREFECT_HOME")}
    results: dict[str, Seconds] = {}
    with tempfile.TemporaryDirectory(prefix="psp-cli-bench-") as work:
        project = Path(work)
        (project / "raw").mkdir()
        shutil.copy(ROOT / "raw" / "baltimore-md.txt", project / "raw")
        results["python -c pass (floor)"] = median([sys.executable, "-c", "pass"], project, environment, 5)
        results["psp --help"] = median([PSP, "--help"], project, environment, 5)
        timed([PSP, "ingest"], project, environment)  # Prefect's database made once, outside the timings
        results.update(measure(project, environment, args.repeat, "temporary server"))
        from flows.server import free_port

        timed([PSP, "server", "start", "--port", str(free_port())], project, environment)
        try:
            results.update(measure(project, environment, args.repeat, "server up"))
        finally:
            timed([PSP, "server", "stop"], project, environment)
        if args.clean_runs:
            errors, tracebacks = clean_runs(project, environment, args.clean_runs)
    print(f"load average at the end: {', '.join(f'{x:.2f}' for x in os.getloadavg())} ({os.cpu_count()} cores)")
    print("| measurement | wall time | CPU time | target (wall) |")
    print("| --- | --- | --- | --- |")
    for name, (seconds, cpu) in results.items():
        target = TARGETS.get(name)
        verdict = f"< {target:g} s: {'met' if seconds < target else 'missed'}" if target else ""
        print(f"| {name} | {seconds:.2f} s | {cpu:.2f} s | {verdict} |")
    if args.clean_runs:
        print(f"{args.clean_runs} consecutive no-op ingests (temporary server): {errors} ERROR lines, "
              f"{tracebacks} tracebacks")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
