"""The demo lab the service tests work in, on each backend: its database, its services, its people
logged in at the bench, and the catalogue's ids by name."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine, select

from lims.db.engine import make_engine, make_session_factory, parse_url
from lims.db.models import KitLot, Method, Parameter, Producer, Product, Standard, Task
from lims.services.container import Services, build_services
from lims.services.dto import Actor
from lims.services.sample_work import RegistrationForm

DEMO_PASSWORD = "demo1234"  # every demo user's, as README.md says
WORKSTATION = "化验室-1"
CST = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def lab_engine(demo_db_url: str) -> Iterator[Engine]:
    """The demo lab's database (catalogue, people, certificates; no samples)."""
    eng = make_engine(parse_url(demo_db_url))
    yield eng
    eng.dispose()


@pytest.fixture
def lab(lab_engine: Engine) -> Services:
    return build_services(lab_engine)


class People:
    """The demo's people, each logged in at the bench the first time a test names them."""

    def __init__(self, lab: Services) -> None:
        self._lab = lab
        self._actors: dict[str, Actor] = {}

    def __getitem__(self, username: str) -> Actor:
        if username not in self._actors:
            self._actors[username] = self._lab.users.login(username, DEMO_PASSWORD, WORKSTATION)
        return self._actors[username]


@pytest.fixture
def people(lab: Services) -> People:
    return People(lab)


@dataclass(frozen=True)
class Catalogue:
    """The demo catalogue's ids by the names a person reads."""

    products: dict[str, int]
    parameters: dict[str, int]
    methods: dict[tuple[str, str], int]  # (parameter, "GB/T 22286-2008") -> method
    kits: dict[str, int]  # by lot number
    tasks: dict[str, int]  # by code
    producer: int  # the first producer

    def form(self, product: str = "韭菜", **fields: object) -> RegistrationForm:
        """A sampling form for ``product`` from the first producer, taken by two samplers on
        5 March 2026 at 09:30 local time; ``fields`` change or add to it."""
        values = dict(
            product_id=self.products[product], producer_id=self.producer,
            sampled_at=datetime(2026, 3, 5, 9, 30, tzinfo=CST), sampler1="张明", sampler2="李强")
        values.update(fields)
        return RegistrationForm(**values)

    @staticmethod
    def read(engine: Engine) -> Catalogue:
        with make_session_factory(engine)() as s:
            return Catalogue(
                products=dict(s.execute(select(Product.name, Product.id)).all()),
                parameters=dict(s.execute(select(Parameter.name, Parameter.id)).all()),
                methods={(parameter, f"{number}-{year}"): method for method, parameter, number, year in s.execute(
                    select(Method.id, Parameter.name, Standard.number, Standard.year)
                    .join(Parameter, Parameter.id == Method.parameter_id)
                    .join(Standard, Standard.id == Method.standard_id))},
                kits=dict(s.execute(select(KitLot.lot_no, KitLot.id)).all()),
                tasks=dict(s.execute(select(Task.code, Task.id)).all()),
                producer=s.scalars(select(Producer.id).order_by(Producer.id).limit(1)).one(),
            )


@pytest.fixture
def catalogue(lab_engine: Engine) -> Catalogue:
    return Catalogue.read(lab_engine)
