"""Scope verdicts at volume, along the path the application takes.

Builds the demo lab (catalogue, certificates; no samples) in a temporary SQLite file, reads it
into one ``lims.services.scope.ScopeIndex`` as a session does, and judges --tests tests spread
over the demo's products, parameters, methods and a year of test dates: first each test on its
own through ``lims.domain.scope.judge`` (no memo: the cost of one verdict), then all of them
through ``ScopeIndex.test_verdicts`` as the read model and the audit call it (alike tests on
one day judged once). Target: 1,000,000 tests under 5 s.

    python benchmarks/scope.py [--tests 1000000]"""
from __future__ import annotations

import argparse
import random
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import _root  # noqa: F401 - the project's packages before this folder's files of the same names
from sqlalchemy import select

from lims.db.engine import make_engine, make_session_factory, parse_url
from lims.db.migrate import upgrade
from lims.db.models import Method, Product
from lims.domain.scope import Subject
from lims.services import scope
from lims.services.container import build_services


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tests", type=int, default=1_000_000)
    parser.add_argument("--single", type=int, default=20_000, help="tests judged one by one, without the memo")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(parse_url(str(Path(folder) / "scope.db")))
        upgrade(engine)
        build_services(engine).demo.build(samples=0)
        with make_session_factory(engine)() as s:
            products = list(s.scalars(select(Product.id).where(Product.is_category.is_(False))))
            methods = list(s.execute(select(Method.id, Method.parameter_id)))
            index = scope.index(s)
            _ = index.certificates, index.aliases
            rng = random.Random(2026)
            start = date(2026, 1, 1)
            tests = [(rng.choice(products), *rng.choice(methods)[::-1], start + timedelta(days=rng.randrange(365)))
                     for _ in range(args.tests)]

            began = time.perf_counter()
            for product_id, parameter_id, method_id, on in tests[:args.single]:
                index.judge(Subject(index.product_path(product_id), index._parameters[parameter_id],
                                    index._methods[method_id], on))
            single = (time.perf_counter() - began) / args.single

            began = time.perf_counter()
            verdicts = [index.test_verdicts(p, q, m, on) for p, q, m, on in tests]
            total = time.perf_counter() - began
        engine.dispose()
    inside = sum(v[0].in_scope for v in verdicts)
    print(f"one verdict pair, unmemoised     {single * 1e6:8.1f} us")
    print(f"{args.tests:,} tests through the index {total:8.2f} s  (target < 5 s; CMA in scope: {inside:,})")


if __name__ == "__main__":
    main()
