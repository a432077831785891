"""Results on the application's own path, on a 200,000-sample demo database (SQLite, and
PostgreSQL with --pg): the same calls the results grid and a limit change make.

  enter one result   SampleWorkService.enter_result, as the grid calls it when Enter is
                     pressed: version check, judgment against the limit in force (catalogue
                     read once for the action), audit event, and the sample read back
  rejudge 10,000     SampleWorkService.rejudge on the samples holding 10,000 current results:
                     every verdict judged again by the catalogue as it stands

Each figure is printed beside its target (issue: consolidate the spine): one result at most
5 ms median on SQLite and 10 ms on PostgreSQL; 10,000 results re-judged in under 1 s.

The database is built once by benchmarks/samples.py's builder (`lims demo --samples N`) and
reused; entering results adds a few samples to it, as a day at the bench would.

    python benchmarks/results.py
    python benchmarks/results.py --pg postgresql+psycopg://postgres@127.0.0.1:55432/postgres"""
from __future__ import annotations

import argparse
import statistics
import time
from datetime import UTC, datetime, timedelta

import _root  # noqa: F401 - the project's packages before this folder's files of the same names
from sqlalchemy import func, select

from benchmarks.samples import database_arguments, databases
from lims.db.engine import make_engine, make_session_factory, parse_url
from lims.db.models import Producer, Product, Result, Sample, Test
from lims.domain.enums import ResultSource
from lims.services import results
from lims.services.container import build_services
from lims.services.results import Provenance
from lims.services.sample_work import RegistrationForm

TARGETS_MS = {("enter one result", "sqlite"): 5.0, ("enter one result", "postgresql"): 10.0,
              ("rejudge 10,000", "sqlite"): 1000.0, ("rejudge 10,000", "postgresql"): 1000.0}
PASSWORD = "demo1234"
REJUDGED = 10_000
BENCH_READER = Provenance(ResultSource.IMPORT, reference="benchmark")


def _verdict(name: str, backend: str, median: float) -> str:
    target = TARGETS_MS.get((name, backend))
    if target is None:
        return ""
    return f"  (target <= {target:.0f} ms: {'met' if median <= target else 'MISSED'})"


def _open_tests(services, actor, engine, wanted: int) -> list[tuple[int, int]]:
    """Register and receive samples of a product with a panel until ``wanted`` tests wait."""
    with engine.connect() as c:
        product = c.scalar(select(Product.id).where(Product.name == "韭菜"))
        producer = c.scalar(select(Producer.id).order_by(Producer.id).limit(1))
    tests: list[tuple[int, int]] = []
    when = datetime.now(UTC) - timedelta(hours=2)
    while len(tests) < wanted:
        sample = services.work.register(actor, RegistrationForm(
            product_id=product, producer_id=producer, sampled_at=when, sampler1="张明", sampler2="李强"))
        sample = services.work.receive(actor, sample.id, sample.version, condition="完好", storage_place="冷藏柜")
        sample = services.work.assign_panel(actor, sample.id, sample.version)
        tests.extend((t.id, t.version) for t in sample.tests)
    return tests[:wanted]


def _samples_holding(engine, results: int) -> list[int]:
    """The first samples whose current results add up to ``results``."""
    with engine.connect() as c:
        rows = c.execute(select(Test.sample_id, func.count(Result.id)).join(Result, Result.test_id == Test.id)
                         .where(Result.superseded.is_(False)).group_by(Test.sample_id).order_by(Test.sample_id)
                         .limit(results)).all()
    chosen, total = [], 0
    for sample_id, count in rows:
        if total >= results:
            break
        chosen.append(sample_id)
        total += count
    return chosen


def measure(url: str, runs: int) -> None:
    engine = make_engine(parse_url(url))
    try:
        services = build_services(engine)
        tech = services.users.login("tech1", PASSWORD, "benchmark")
        with engine.connect() as c:
            total = c.scalar(select(func.count()).select_from(Sample)) or 0
        print(f"\n{services.backend}: {services.database}, {total} samples")

        tests = _open_tests(services, tech, engine, runs + 1)
        times = []
        for i, (test_id, version) in enumerate(tests):
            started = time.perf_counter()
            services.work.enter_result(tech, test_id, version, "0.008")
            if i:  # the first warms the caches, as a workstation that has entered results before
                times.append((time.perf_counter() - started) * 1000)
        median = statistics.median(times)
        print(f"  enter one result {median:7.1f} ms median  (slowest {max(times):6.1f}, {len(times)} results)"
              f"{_verdict('enter one result', services.backend, median)}", flush=True)

        # the same use case as a capture calls it: in its own transaction, no sample read back
        sessions = make_session_factory(engine)
        captured = _open_tests(services, tech, engine, runs + 1)
        times = []
        for i, (test_id, _version) in enumerate(captured):
            started = time.perf_counter()
            with sessions.begin() as s:
                results.enter_result(s, tech, test_id, "0.008", provenance=BENCH_READER)
            if i:
                times.append((time.perf_counter() - started) * 1000)
        print(f"  capture a result {statistics.median(times):7.1f} ms median  (slowest {max(times):6.1f}, "
              f"results.enter_result in its own transaction, no read-back)", flush=True)

        sample_ids = _samples_holding(engine, REJUDGED)
        services.work.rejudge(sample_ids)  # warm-up
        times, judged = [], 0
        for _ in range(max(3, runs // 10)):
            started = time.perf_counter()
            judged = len(services.work.rejudge(sample_ids))
            times.append((time.perf_counter() - started) * 1000)
        median = statistics.median(times)
        print(f"  rejudge 10,000   {median:7.1f} ms median  (slowest {max(times):6.1f}, {judged} results of "
              f"{len(sample_ids)} samples){_verdict('rejudge 10,000', services.backend, median)}", flush=True)
    finally:
        engine.dispose()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    database_arguments(ap, runs=60)
    args = ap.parse_args()
    for url in databases(args):
        measure(url, args.runs)

if __name__ == "__main__":
    main()
