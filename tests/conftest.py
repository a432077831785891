"""Shared fixtures: a fresh, migrated database per test on each backend.

SQLite always runs. PostgreSQL runs when LIMS_TEST_POSTGRES_URL points at a server whose user
may create databases (scripts/run-tests.sh starts a throwaway one); with
LIMS_REQUIRE_POSTGRES=1 a missing server fails the run instead of skipping."""
from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from lims.db.engine import make_engine, parse_url
from lims.db.migrate import upgrade
from lims.services.container import Services, build_services

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# the command line speaks the system's language (lims.cli.i18n); the suite reads its English
# whatever the machine's locale, except where a test chooses one
for _variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
    os.environ.pop(_variable, None)
os.environ["LANG"] = "C.UTF-8"

PG_URL = os.environ.get("LIMS_TEST_POSTGRES_URL", "")
REQUIRE_PG = os.environ.get("LIMS_REQUIRE_POSTGRES") == "1"
BACKENDS = ["sqlite", "postgresql"]


class _PgServer:
    """Creates one migrated template database, then a copy of it per test (CREATE ... TEMPLATE)."""

    def __init__(self, url: str) -> None:
        self.url = make_url(url).set(drivername="postgresql+psycopg")
        self.admin = create_engine(self.url.set(database="postgres"), isolation_level="AUTOCOMMIT")
        self.template = f"lims_tpl_{uuid.uuid4().hex[:8]}"
        self.demo_template = f"{self.template}_demo"
        self.created: list[str] = []
        self._migrated = False
        self._demo = False

    def _create(self, name: str, template: str | None = None) -> None:
        with self.admin.connect() as c:
            c.execute(text(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else "")))
        self.created.append(name)

    def fresh(self, migrated: bool, demo: bool = False) -> str:
        name = f"lims_t_{uuid.uuid4().hex[:12]}"
        if not migrated:
            self._create(name)
            return self._url(name)
        if not self._migrated:
            self._create(self.template)
            eng = make_engine(self.url.set(database=self.template))
            upgrade(eng)
            eng.dispose()
            self._migrated = True
        if demo and not self._demo:
            self._create(self.demo_template, self.template)
            _build_demo(self._url(self.demo_template))
            self._demo = True
        self._create(name, self.demo_template if demo else self.template)
        return self._url(name)

    def copy_of(self, url: str) -> str:
        """A new database made from the one at ``url`` (which nobody may be connected to)."""
        name = f"lims_t_{uuid.uuid4().hex[:12]}"
        self._create(name, make_url(url).database)
        return self._url(name)

    def _url(self, name: str) -> str:
        return self.url.set(database=name).render_as_string(hide_password=False)

    def drop_all(self) -> None:
        with self.admin.connect() as c:
            for name in reversed(self.created):
                c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        self.admin.dispose()


@pytest.fixture(scope="session")
def pg_server() -> Iterator[_PgServer | None]:
    if not PG_URL:
        yield None
        return
    server = _PgServer(PG_URL)
    yield server
    if os.environ.get("LIMS_TEST_THROWAWAY_SERVER") == "1":
        server.admin.dispose()  # scripts/run-tests.sh removes the whole cluster afterwards
    else:
        server.drop_all()


def _build_demo(url: str) -> None:
    """The demo lab's catalogue, people and certificates (no samples): built once per run."""
    eng = make_engine(parse_url(url))
    build_services(eng).demo.build(samples=0)
    eng.dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("tpl") / "template.db"
    eng = make_engine(parse_url(str(path)))
    upgrade(eng)
    eng.dispose()
    return path


@pytest.fixture(scope="session")
def sqlite_demo_template(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("tpl") / "demo.db"
    shutil.copyfile(sqlite_template, path)
    _build_demo(str(path))
    return path


def _need_pg(server: _PgServer | None) -> _PgServer:
    if server is None:
        if REQUIRE_PG:
            pytest.fail("LIMS_REQUIRE_POSTGRES=1 but LIMS_TEST_POSTGRES_URL is not set")
        pytest.skip("no PostgreSQL server: set LIMS_TEST_POSTGRES_URL (scripts/run-tests.sh does)")
    return server


# For a command-line test whose contract (arguments, passwords, messages, files) does not depend
# on the database: the services under it are tested on both backends, so such tests run on
# SQLite only.
SQLITE_ONLY = pytest.mark.parametrize("backend", ["sqlite"])


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def db_url(backend: str, tmp_path: Path, sqlite_template: Path, pg_server: _PgServer | None) -> str:
    """A fresh database at the current schema, on each backend in turn."""
    if backend == "sqlite":
        target = tmp_path / "lims.db"
        shutil.copyfile(sqlite_template, target)
        return str(target)
    return _need_pg(pg_server).fresh(migrated=True)


@pytest.fixture
def demo_db_url(backend: str, tmp_path: Path, sqlite_demo_template: Path, pg_server: _PgServer | None) -> str:
    """A fresh database holding the demo lab without samples, on each backend in turn
    (tests/services/conftest.py opens the lab's services on it)."""
    if backend == "sqlite":
        target = tmp_path / "demo.db"
        shutil.copyfile(sqlite_demo_template, target)
        return str(target)
    return _need_pg(pg_server).fresh(migrated=True, demo=True)


@pytest.fixture
def empty_db_url(backend: str, tmp_path: Path, pg_server: _PgServer | None) -> str:
    """A database with no schema at all, on each backend in turn."""
    if backend == "sqlite":
        return str(tmp_path / "empty.db")
    return _need_pg(pg_server).fresh(migrated=False)


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    eng = make_engine(parse_url(db_url))
    yield eng
    eng.dispose()


@pytest.fixture
def services(engine: Engine) -> Services:
    return build_services(engine)


@pytest.fixture
def sqlite_demo_services(tmp_path: Path, sqlite_demo_template: Path) -> Iterator[Services]:
    """SQLite only, holding the demo lab without samples."""
    target = tmp_path / "gui-demo.db"
    shutil.copyfile(sqlite_demo_template, target)
    eng = make_engine(parse_url(str(target)))
    yield build_services(eng)
    eng.dispose()


@pytest.fixture
def sqlite_services(tmp_path: Path, sqlite_template: Path) -> Iterator[Services]:
    """SQLite only: for tests of the GUI and other layers that do not depend on the backend."""
    target = tmp_path / "gui.db"
    shutil.copyfile(sqlite_template, target)
    eng = make_engine(parse_url(str(target)))
    yield build_services(eng)
    eng.dispose()
