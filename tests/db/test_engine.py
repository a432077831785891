from __future__ import annotations

import contextlib
import socket
import threading
import time

import pytest
from sqlalchemy import text

from lims.db.engine import display_url, make_engine, parse_url
from lims.db.migrate import ensure_schema
from lims.domain.errors import DatabaseUnavailable


def test_sqlite_connections_use_wal_full_sync_foreign_keys_and_a_busy_timeout(tmp_path):
    engine = make_engine(parse_url(str(tmp_path / "lab.db")))
    with engine.connect() as c:
        assert c.scalar(text("PRAGMA journal_mode")) == "wal"
        assert c.scalar(text("PRAGMA synchronous")) == 2  # FULL
        assert c.scalar(text("PRAGMA foreign_keys")) == 1
        assert c.scalar(text("PRAGMA busy_timeout")) == 5000
    engine.dispose()


def test_passwords_never_show_in_the_displayed_url():
    url = parse_url("postgresql+psycopg://lims:s3cret@db.lab.local:5432/lims")
    assert "s3cret" not in display_url(url)
    assert "db.lab.local" in display_url(url)


def test_a_plain_path_means_an_sqlite_file(tmp_path):
    assert parse_url(str(tmp_path / "x.db")).get_backend_name() == "sqlite"
    with pytest.raises(DatabaseUnavailable, match="Unsupported database"):
        parse_url("mysql://root@localhost/lims")


def _free_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def test_no_server_at_the_address_is_reported_at_once():
    port = _free_port()
    started = time.monotonic()
    with pytest.raises(DatabaseUnavailable, match=f"127.0.0.1:{port}"):
        ensure_schema(make_engine(parse_url(f"postgresql+psycopg://lims@127.0.0.1:{port}/lims")))
    assert time.monotonic() - started < 10


def test_a_server_that_never_answers_is_reported_within_ten_seconds():
    # accepts TCP connections and then stays silent, like a hung server or a wrong port
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    port = listener.getsockname()[1]
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            with contextlib.suppress(OSError):  # the time-out: look at the stop flag again
                held.append(listener.accept()[0])

    t = threading.Thread(target=accept, daemon=True)
    t.start()
    try:
        started = time.monotonic()
        with pytest.raises(DatabaseUnavailable, match="Cannot open the database"):
            ensure_schema(make_engine(parse_url(f"postgresql+psycopg://lims@127.0.0.1:{port}/lims")))
        assert time.monotonic() - started < 10
    finally:
        stop.set()
        t.join()
        for conn in held:
            conn.close()
        listener.close()
