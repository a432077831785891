"""Start-up time and memory of the desktop application on a large SQLite database.

Builds (once, cached) a demo database with --samples samples, then starts the real application
--runs times offscreen (`lims --quit-when-ready`: log in as the demo manager, show the main
window, wait for the first page of the sample list, exit) and prints, per run and as medians,
the time from process start to the "ready" line and the peak resident memory.

    python benchmarks/startup.py                # 200,000 samples, 7 runs
    python benchmarks/startup.py --samples 20000 --runs 3
Targets (issue: foundation): median under 2 s, peak resident memory under 300 MB.

It also says whether the project's modules had compiled bytecode (scripts/install.sh compiles
them): without it the first start compiles them, and every start does when __pycache__ cannot
be written."""
from __future__ import annotations

import argparse
import importlib.util
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import _root  # noqa: F401 - the project's packages before this folder's files of the same names

HERE = Path(__file__).resolve().parent


def bytecode_state() -> tuple[int, int]:
    """(modules with up-to-date compiled bytecode, modules) of the project's own packages."""
    sources = [p for package in ("lims", "instruments", "reports") for p in (HERE.parent / package).rglob("*.py")]
    fresh = 0
    for source in sources:
        compiled = Path(importlib.util.cache_from_source(str(source)))
        if compiled.exists() and compiled.stat().st_mtime >= source.stat().st_mtime:
            fresh += 1
    return fresh, len(sources)


def build(db: Path, samples: int) -> None:
    if db.exists():
        return
    db.parent.mkdir(parents=True, exist_ok=True)
    print(f"building {db} with {samples} samples (once)...", flush=True)
    started = time.monotonic()
    subprocess.run([sys.executable, "-m", "lims", "demo", "--db", str(db), "--samples", str(samples)], check=True)
    print(f"built in {time.monotonic() - started:.1f} s, {db.stat().st_size / 2**20:.0f} MiB", flush=True)


def one_run(db: Path, home: Path) -> tuple[float, float]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(home), XDG_CONFIG_HOME=str(home / "cfg"))
    started = time.monotonic()
    proc = subprocess.Popen(
        [sys.executable, "-m", "lims", "--db", str(db), "--quit-when-ready"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )
    ready_at = None
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.strip() == "ready":
            ready_at = time.monotonic()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0 or ready_at is None:
        raise SystemExit(f"the application did not become ready (exit {proc.returncode}): {proc.stderr.read()}")
    return ready_at - started, usage.ru_maxrss / 1024  # ru_maxrss is in KiB on Linux


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--samples", type=int, default=200_000)
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--db", type=Path, help="database file (default: benchmarks/.data/startup-N.db)")
    args = ap.parse_args()
    db = args.db or HERE / ".data" / f"startup-{args.samples}.db"
    build(db, args.samples)
    compiled, modules = bytecode_state()
    print(f"compiled bytecode before the runs: {compiled} of {modules} project modules", flush=True)
    times, rss = [], []
    with tempfile.TemporaryDirectory() as home:
        one_run(db, Path(home))  # warm the page cache like a workstation that has run before
        for i in range(args.runs):
            seconds, mib = one_run(db, Path(home))
            times.append(seconds)
            rss.append(mib)
            print(f"run {i + 1}: ready after {seconds:.3f} s, peak RSS {mib:.0f} MiB", flush=True)
    print(f"samples in database:     {args.samples}")
    print(f"bytecode present:        {'yes' if compiled == modules else 'no'} ({compiled} of {modules} "
          "project modules compiled before the first run)")
    print(f"start to ready (median): {statistics.median(times):.3f} s   (target < 2 s)")
    print(f"start to ready (max):    {max(times):.3f} s")
    print(f"peak RSS (median):       {statistics.median(rss):.0f} MiB (target < 300 MB)")


if __name__ == "__main__":
    main()
