"""The audit trail and the code counter after the demo generator, on 200,000 samples.

Uses the same demo databases as benchmarks/samples.py (built once, cached: an SQLite file under
benchmarks/.data/, and with --pg a database on that server) and prints, each beside its target:

  audit events        how many the generator chained (about 10 per sample)
  first registration  SampleWorkService.register as the form calls it, the first sample after
                      the generator (median of --runs; each run is rolled back, so each is the
                      first). Target: under 100 ms.
  full verify         `lims audit verify`: the whole chain from event 1, one worker process per
                      processor. Target: under 30 s.
  incremental verify  `lims audit verify --incremental` after a day's work: the checkpoint the
                      full check left, its event hashed again, and --day-events new events
                      (appended and rolled back). Target: under 1 s.

Beside each time it prints the processor time spent (this process and its workers) and the
load average: on a machine shared with other work the wall time says more about the neighbours
than about the code, and the processor time does not.

    python benchmarks/audit.py
    python benchmarks/audit.py --pg postgresql+psycopg://postgres@127.0.0.1:55432/postgres"""
from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import _root  # noqa: F401 - the project's packages before this folder's files of the same names
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, sessionmaker

from benchmarks.samples import database_arguments, databases
from lims.db.engine import make_engine, parse_url
from lims.db.models import AuditEvent, Producer, Product, User
from lims.domain.enums import AuditAction, RoleCode
from lims.services.audit import AuditService, ChainAppender
from lims.services.container import build_services
from lims.services.dto import Actor
from lims.services.sample_work import RegistrationForm

TARGETS = {"first registration": 0.100, "full verify": 30.0, "incremental verify": 1.0}


@contextmanager
def rolled_back(engine: Engine) -> Iterator[sessionmaker[Session]]:
    """Sessions whose work is undone afterwards: the database stays as the generator left it."""
    with engine.connect() as conn:
        outer = conn.begin()
        try:
            yield sessionmaker(bind=conn, join_transaction_mode="create_savepoint", expire_on_commit=False)
        finally:
            outer.rollback()


def first_registration(engine: Engine) -> tuple[Callable[[], str], Actor, RegistrationForm]:
    with Session(engine) as s:
        tech = s.scalar(select(User).where(User.username == "tech1"))
        actor = Actor(tech.id, tech.username, tech.full_name, frozenset({RoleCode.TECHNICIAN}), "bench")
        product = s.scalar(select(Product.id).where(Product.code == "LEEK"))
        producer = s.scalar(select(Producer.id).order_by(Producer.id))
    form = RegistrationForm(product_id=product, producer_id=producer, sampler1="赵抽样", sampler2="钱抽样",
                            sampled_at=datetime.now(UTC) - timedelta(hours=1))

    def register() -> str:
        with rolled_back(engine) as sessions:
            return build_services(engine, sessions).work.register(actor, form).code

    return register, actor, form


def a_days_work(sessions: sessionmaker[Session], events: int) -> None:
    """``events`` more events, as a busy day's registrations, results and signatures leave."""
    start = datetime.now(UTC)
    with sessions.begin() as s, ChainAppender(s) as chain:
        for i in range(events):
            chain.append(start + timedelta(seconds=i), "tech1", "bench", "result", i, AuditAction.CREATE,
                         {"value": [None, "0.012"], "verdict": [None, "pass"]})


def cpu_seconds() -> float:
    """Processor time of this process and of its finished workers."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def load() -> str:
    return f"load {os.getloadavg()[0]:.1f} on {os.cpu_count()} processors"


def timed(call: Callable[[], object], runs: int) -> tuple[float, float, object]:
    times, out = [], None
    for _ in range(runs):
        started = time.perf_counter()
        out = call()
        times.append(time.perf_counter() - started)
    return statistics.median(times), max(times), out


def line(name: str, seconds: float, slowest: float, note: str) -> None:
    target = TARGETS[name]
    shown = (lambda x: f"{x * 1000:8.1f} ms") if target < 1 else (lambda x: f"{x:8.2f} s ")
    verdict = "met" if seconds < target else "MISSED"
    limit = f"{target * 1000:.0f} ms" if target < 1 else f"{target:.0f} s"
    print(f"  {name:19s} {shown(seconds)} (slowest {shown(slowest).strip()})  {note}  "
          f"(target < {limit}: {verdict})", flush=True)


def measure(url: str, runs: int, day_events: int) -> None:
    engine = make_engine(parse_url(url))
    try:
        services = build_services(engine)
        with engine.connect() as c:
            events = c.scalar(select(func.count()).select_from(AuditEvent)) or 0
        print(f"\n{services.backend}: {services.database}")
        print(f"  audit events        {events:,}", flush=True)

        register, _, _ = first_registration(engine)
        register()  # warm the caches, as a workstation that has shown the list before
        median, slowest, code = timed(register, runs)
        line("first registration", median, slowest, f"{code}, median of {runs}, {load()}")

        services.audit.verify()  # read the file or tables into the cache once
        started, cpu = time.perf_counter(), cpu_seconds()
        report = services.audit.verify(checkpoint_by="benchmarks/audit.py")
        full, cpu = time.perf_counter() - started, cpu_seconds() - cpu
        line("full verify", full, full, f"{report.events_checked:,} events, {'intact' if report.ok else 'BROKEN'}, "
                                        f"{cpu:.1f} s of processor time, {load()}")

        def incremental() -> object:
            with rolled_back(engine) as sessions:
                a_days_work(sessions, day_events)
                started = time.perf_counter()
                found = AuditService(sessions).verify_incremental()
                return time.perf_counter() - started, found

        results = [incremental() for _ in range(runs)]
        times = [t for t, _ in results]
        found = results[-1][1]
        line("incremental verify", statistics.median(times), max(times),
             f"{found.events_checked:,} events since the checkpoint (a day's {day_events:,} + the checkpoint's), "
             f"{'intact' if found.ok else 'BROKEN'}, {load()}")
    finally:
        engine.dispose()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    database_arguments(ap, runs=5)
    ap.add_argument("--day-events", type=int, default=2_000, help="events written after the checkpoint")
    args = ap.parse_args()
    for url in databases(args):
        measure(url, args.runs, args.day_events)

if __name__ == "__main__":
    main()
