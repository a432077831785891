"""Writing rows by the hundred thousand inside the caller's transaction, bypassing the ORM.

For the demo generator and benchmarks only: the application's own writes go through the ORM.
An INSERT is compiled once per table and fed plain rows in chunks; on PostgreSQL with psycopg,
COPY takes the rows instead (row-by-row INSERTs there run at about a tenth of the speed)."""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from operator import itemgetter
from typing import Any

from sqlalchemy import Boolean, Table, insert, text
from sqlalchemy.orm import Session

CHUNK_ROWS = 5000


class BulkWriter:
    """An INSERT compiled once by SQLAlchemy for one table, executed many times with plain rows.

    Core's executemany builds a parameter set per row through the compiled statement; at a
    million rows that bookkeeping costs more than the database's own work. This writer applies
    the same bind processors the dialect would (so SQLite gets the same date text) and hands the
    driver tuples, or dicts for drivers with named parameters. ``columns`` are the columns each
    row gives, by name; rows are dicts, or sequences in the order of ``columns`` when
    ``sequences`` is set."""

    def __init__(self, s: Session, table: Table, columns: Sequence[str], *, sequences: bool = False) -> None:
        self._conn = s.connection()
        dialect = self._conn.dialect
        self._copy_sql: str | None = None
        position = {name: i for i, name in enumerate(columns)}
        key = (lambda name: position[name]) if sequences else (lambda name: name)
        if dialect.name == "postgresql" and dialect.driver == "psycopg":
            quote = dialect.identifier_preparer
            self._copy_sql = (
                f"COPY {quote.format_table(table)} ({', '.join(quote.quote(c) for c in columns)}) FROM STDIN"
            )
            self._copy_getter = None if sequences else itemgetter(*columns)
        compiled = insert(table).compile(dialect=dialect, column_keys=columns)
        self._sql = compiled.string
        self._positional = bool(compiled.positional)
        order = list(compiled.positiontup or ()) if self._positional else columns
        missing = set(order) - set(columns)
        if missing:
            raise ValueError(f"bulk insert into {table.name} lacks values for {sorted(missing)}")
        self._getter = itemgetter(*(key(name) for name in order))
        self._as_dict = (lambda row: dict(zip(columns, row, strict=True))) if sequences else dict
        self._processors: list[tuple[Any, Callable[[Any], Any]]] = []
        for i, name in enumerate(order):
            column_type = table.c[name].type
            proc = column_type.dialect_impl(dialect).bind_processor(dialect)
            # sqlite3 and psycopg take Python bools as they are (SQLite stores 1/0, as the
            # processor would): skipping millions of checks is worth it
            if proc is None or isinstance(column_type, Boolean):
                continue
            # rows come in calendar order and share their days and minutes: a small cache turns
            # most conversions into a lookup
            self._processors.append((i if self._positional else name, _memoised(proc)))

    def write(self, rows: list[Any]) -> None:
        if not rows:
            return
        if self._copy_sql is not None:
            self._copy(rows)
            return
        procs = self._processors
        params: list[Any] = []
        if self._positional:
            getter = self._getter
            for row in rows:
                values = list(getter(row))
                for i, proc in procs:
                    values[i] = proc(values[i])
                params.append(tuple(values))
        else:
            as_dict = self._as_dict
            for row in rows:
                named = as_dict(row)
                for name, proc in procs:
                    named[name] = proc(named[name])
                params.append(named)
        self._conn.exec_driver_sql(self._sql, params)

    def write_all(self, rows: list[Any]) -> None:
        for i in range(0, len(rows), CHUNK_ROWS):
            self.write(rows[i:i + CHUNK_ROWS])

    def _copy(self, rows: list[Any]) -> None:
        # psycopg adapts Python values (aware datetimes, dates, bools, None) for COPY itself
        getter = self._copy_getter
        driver = self._conn.connection.driver_connection
        if driver is None or self._copy_sql is None:
            raise RuntimeError("COPY needs an open psycopg connection")
        with driver.cursor() as cursor, cursor.copy(self._copy_sql) as copy:
            if getter is None:
                for row in rows:
                    copy.write_row(row)
            else:
                for row in rows:
                    copy.write_row(getter(row))


@contextmanager
def sqlite_cache(s: Session, kib: int) -> Iterator[None]:
    """A bigger page cache on SQLite while a bulk insert runs: the indexes of a 200 MB
    database then stay in memory instead of being spilled to the WAL and read back."""
    if s.get_bind().dialect.name != "sqlite":
        yield
        return
    previous = s.execute(text("PRAGMA cache_size")).scalar()
    s.execute(text(f"PRAGMA cache_size = -{int(kib)}"))
    previous = -2000 if previous is None else previous  # SQLite's default
    try:
        yield
    finally:
        s.execute(text(f"PRAGMA cache_size = {int(previous)}"))


def advance_sequences(s: Session, tables: Iterable[Table]) -> None:
    """Rows went in with explicit ids; PostgreSQL's sequences must learn where they stand."""
    if s.get_bind().dialect.name != "postgresql":
        return
    for table in tables:
        s.execute(text(
            f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
            f"(SELECT COALESCE(MAX(id), 0) + 1 FROM {table.name}), false)"
        ))


def _memoised(proc: Callable[[Any], Any], limit: int = 20_000) -> Callable[[Any], Any]:
    cache: dict[Any, Any] = {}

    def run(value: Any) -> Any:
        try:
            return cache[value]
        except KeyError:
            if len(cache) >= limit:
                cache.clear()
            done = cache[value] = proc(value)
            return done

    return run


def table_of(model: type[Any]) -> Table:
    """The Table a mapped class is stored in."""
    table = model.__table__
    if not isinstance(table, Table):
        raise TypeError(f"{model.__name__} is not mapped to a single table")
    return table
