"""Sample lists, fetched page by page, their filters' choices, and the look-up of a scanned code.

Sampling dates in a filter are calendar days in the lab's time zone; ``sampled_at`` is stored
in UTC, so a day becomes the UTC interval [local midnight, next local midnight)."""
from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any

from sqlalchemy import ColumnElement, and_, false, func, or_, select
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.sql import operators
from sqlalchemy.sql.expression import UnaryExpression

from lims.db.models import Area, Producer, Product, Sample, Task
from lims.domain.errors import ValidationError
from lims.services import policy as lab_policy
from lims.services.dto import Choice, Page, SampleFilter, SampleListOptions, SampleRow, TreeChoice

# above this many producers matching a search, their ids stay in the database as a subquery
# instead of being sent as a list (SQLite allows 32,766 parameters per statement)
_MAX_LISTED_PRODUCERS = 1000
# an index that leaves more than 1/8 of the table costs more than reading every row: on SQLite,
# 200,000 samples, a row fetched through an index took 2.1 us and a row of a full scan 0.31 us
_INDEX_PAYS_SHARE = 8
_ROW_COLUMNS = (
    Sample.id, Sample.code, Sample.status, Product.name, Producer.name, Area.name, Task.title,
    Sample.sampled_at, Sample.verdict,
)

# how a condition presents a column: as it is, or hidden from SQLite's index choice
ColumnUse = Callable[[Any], Any]
# one condition of a filter, built for either presentation
Term = Callable[[ColumnUse], ColumnElement[bool]]


class SampleService:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def page(self, flt: SampleFilter, offset: int = 0, limit: int = 100) -> Page[SampleRow]:
        """One page of samples, newest (last registered) first, with the total that matches."""
        with self._sessions() as s:
            terms = self._terms(s, flt)
            if terms and s.get_bind().dialect.name == "sqlite":
                total, ids = _sqlite_page_ids(s, terms, offset, limit)
            else:
                total, ids = _page_ids(s, [term(_as_is) for term in terms], offset, limit)
            # the names for just the page's rows: joining before the sort would look up the
            # names of every match
            q = _rows_query().where(Sample.id.in_(ids)).order_by(Sample.id.desc())
            rows = tuple(_row(r) for r in s.execute(q)) if ids else ()
        return Page(rows=rows, offset=offset, total=total)

    def find_by_code(self, code: str) -> SampleRow | None:
        """The sample with this code as a barcode scanner or a person typed it: surrounding
        blanks and control characters (a scanner's CR or TAB) are dropped, full-width
        characters read as their ASCII twins, and lower-case letters match upper-case ones."""
        typed = normalise_code(code)
        if not typed:
            return None
        with self._sessions() as s:
            found = {r.code: r for r in s.execute(_rows_query().where(Sample.code.in_({typed, typed.upper()})))}
        exact = found.get(typed) or found.get(typed.upper())
        return _row(exact) if exact is not None else None

    def options(self, for_registration: bool = False) -> SampleListOptions:
        """The choices of the list's filters: tasks (latest first), the product category tree,
        the area tree and the producers (by name). ``for_registration``: only the entries a new
        sample may name, not the retired ones that older samples still show."""

        def offered(model: Any) -> list[ColumnElement[bool]]:
            return [model.active.is_(True)] if for_registration else []

        with self._sessions() as s:
            tasks = tuple(
                Choice(id=r.id, name=r.title)
                for r in s.execute(
                    select(Task.id, Task.title).where(*offered(Task))
                    .order_by(Task.starts_on.desc().nulls_last(), Task.code)
                )
            )
            products = _depth_first([
                (r.id, r.parent_id, r.name, r.is_category)
                for r in s.execute(select(Product.id, Product.parent_id, Product.name, Product.is_category)
                                   .where(*offered(Product)).order_by(Product.id))
            ])
            areas = _depth_first([
                (r.id, r.parent_id, r.name, False)
                for r in s.execute(select(Area.id, Area.parent_id, Area.name).where(*offered(Area))
                                   .order_by(Area.code, Area.name, Area.id))
            ])
            producers = tuple(
                Choice(id=r.id, name=r.name)
                for r in s.execute(select(Producer.id, Producer.name).where(*offered(Producer))
                                   .order_by(Producer.name, Producer.id))
            )
        return SampleListOptions(tasks=tasks, products=products, areas=areas, producers=producers)

    def where_clauses(self, s: Session, flt: SampleFilter) -> list[ColumnElement[bool]]:
        """The filter as WHERE clauses on Sample, for other queries over the same samples
        (an Excel export)."""
        return [term(_as_is) for term in self._terms(s, flt)]

    # --- filters -------------------------------------------------------------------------------

    def _terms(self, s: Session, flt: SampleFilter) -> list[Term]:
        terms: list[Term] = []
        if flt.status:
            status = flt.status
            terms.append(lambda col: col(Sample.status) == status)
        if flt.task_id is not None:
            task_id = flt.task_id
            terms.append(lambda col: col(Sample.task_id) == task_id)
        if flt.product_id is not None:
            products = _subtree(s, Product, flt.product_id)
            terms.append(lambda col: col(Sample.product_id).in_(products))
        if flt.area_id is not None:
            areas = _subtree(s, Area, flt.area_id)
            terms.append(lambda col: col(Sample.area_id).in_(areas))
        if flt.producer_id is not None:
            producer_id = flt.producer_id
            terms.append(lambda col: col(Sample.producer_id) == producer_id)
        if flt.verdict:
            verdict = flt.verdict
            terms.append(lambda col: col(Sample.verdict) == verdict)
        if flt.sampled_from or flt.sampled_to:
            terms.append(_sampling_days(lab_policy.read(s).timezone, flt.sampled_from, flt.sampled_to))
        text = (flt.text or "").strip()
        if text:
            terms.append(_text_term(s, text))
        return terms

def _page_ids(s: Session, where: list[ColumnElement[bool]], offset: int, limit: int) -> tuple[int, list[int]]:
    """The total and the page's ids, the database planning each query itself."""
    total = s.scalar(select(func.count()).select_from(Sample).where(*where)) or 0
    if total <= offset:
        return total, []
    return total, list(s.scalars(
        select(Sample.id).where(*where).order_by(_newest_first(s, total, where)).offset(offset).limit(limit)
    ))


def _newest_first(s: Session, total: int, where: list[ColumnElement[bool]]) -> Any:
    """Where many rows match, reading back from the newest row fills a page soonest. Where few
    match, perhaps all long ago, that could pass most of the table first: the filter's index
    finds them and they are sorted (the + keeps the primary key's order out of the plan)."""
    if not where or total * _INDEX_PAYS_SHARE >= _table_size(s):
        return Sample.id.desc()
    return _unindexed(Sample.id).desc()


def _table_size(s: Session) -> int:
    # ids are never reused, so the highest one stands for the size of the table
    return s.scalar(select(func.max(Sample.id))) or 0


def _sqlite_page_ids(s: Session, terms: list[Term], offset: int, limit: int) -> tuple[int, list[int]]:
    """The total and the page's ids on SQLite, telling it which index to use.

    PostgreSQL keeps statistics (autovacuum) and combines indexes by itself. SQLite has none in
    our databases and picks an index by rule, so with two conditions it may walk 150,000
    entries of an unselective index (status "approved") and fetch every row to test the other:
    several times slower than reading the whole table. So, with two conditions or more, only
    the one matching fewest rows may use its index, and only if that leaves at most an eighth
    of the table (counted, stopping there); the ids it yields are tested against the
    others, read once, counted and sorted here. When no condition is that selective, every row
    is read. A single condition keeps its index, which counts without reading a row."""
    if len(terms) == 1:
        return _page_ids(s, [terms[0](_as_is)], offset, limit)
    best, cap = None, _table_size(s) // _INDEX_PAYS_SHARE
    for i, term in enumerate(terms):
        probe = select(Sample.id).where(term(_as_is)).limit(cap).subquery()
        matched = s.scalar(select(func.count()).select_from(probe)) or 0
        if matched < cap:
            best, cap = i, matched
    if best is None:
        return _page_ids(s, [term(_unindexed) for term in terms], offset, limit)
    where = [term(_as_is if i == best else _unindexed) for i, term in enumerate(terms)]
    matches = sorted(s.scalars(select(Sample.id).where(*where)), reverse=True)
    return len(matches), matches[offset:offset + limit]


def normalise_code(raw: str) -> str:
    """A code as typed or scanned, cleaned: full-width forms folded to ASCII (NFKC), control
    characters dropped wherever they are, blanks dropped at both ends."""
    folded = unicodedata.normalize("NFKC", raw)
    return "".join(ch for ch in folded if unicodedata.category(ch)[0] != "C").strip()


def _as_is(column: Any) -> Any:
    return column


def _unindexed(column: Any) -> Any:
    """The column behind a unary +: the same value, but the planner uses no index for it
    (SQLite for a condition, both databases for an ORDER BY)."""
    return UnaryExpression(column, operator=operators.custom_op("+"), type_=column.type)


def _rows_query():  # the row columns, typed by SQLAlchemy from _ROW_COLUMNS
    return (
        select(*_ROW_COLUMNS)
        .join(Product, Product.id == Sample.product_id)
        .outerjoin(Producer, Producer.id == Sample.producer_id)
        .outerjoin(Area, Area.id == Sample.area_id)
        .outerjoin(Task, Task.id == Sample.task_id)
    )


def _row(r: Any) -> SampleRow:
    return SampleRow(
        id=r[0], code=r[1], status=r[2], product=r[3], producer=r[4] or "", area=r[5] or "",
        task=r[6] or "", sampled_at=r[7], verdict=r[8],
    )


def _text_term(s: Session, text: str) -> Term:
    """Codes starting with the text (either case) or producers whose name holds it (any case)."""
    typed = normalise_code(text)
    prefixes = sorted({typed, typed.upper()} - {""})
    sqlite = s.get_bind().dialect.name == "sqlite"
    names = select(Producer.id).where(Producer.name.icontains(text, autoescape=True))
    producer_ids = list(s.scalars(names.limit(_MAX_LISTED_PRODUCERS + 1)))
    listed = len(producer_ids) <= _MAX_LISTED_PRODUCERS

    def term(col: ColumnUse) -> ColumnElement[bool]:
        code = col(Sample.code)
        # SQLite's LIKE ignores case and so cannot use the code's (binary) index; a range can,
        # and in binary order the codes that start with p are exactly those in [p, next(p))
        by_code = [_prefix_range(code, p) if sqlite else code.startswith(p, autoescape=True) for p in prefixes]
        producer = col(Sample.producer_id)
        if not producer_ids:
            by_producer: ColumnElement[bool] = false()
        else:
            by_producer = producer.in_(producer_ids) if listed else producer.in_(names)
        return or_(*by_code, by_producer)

    return term


def _prefix_range(code: Any, prefix: str) -> ColumnElement[bool]:
    following = ord(prefix[-1]) + 1
    if 0xD800 <= following <= 0xDFFF:  # surrogates are not characters; the next one is U+E000
        following = 0xE000
    if following > 0x10FFFF:
        return code.startswith(prefix, autoescape=True)
    return and_(code >= prefix, code < prefix[:-1] + chr(following))


def _subtree(s: Session, model: type[Product | Area], root: int) -> list[int]:
    """The node and every node under it. The trees are small (hundreds of rows), so they are
    read whole and walked here: the database then gets a plain list it can plan for."""
    children: dict[int | None, list[int]] = {}
    for node_id, parent_id in s.execute(select(model.id, model.parent_id)):
        children.setdefault(parent_id, []).append(node_id)
    found, todo = {root}, [root]
    while todo:
        for child in children.get(todo.pop(), ()):
            if child not in found:  # a loop in the data must not hang the list
                found.add(child)
                todo.append(child)
    return sorted(found)


def _depth_first(nodes: Sequence[tuple[int, int | None, str, bool]]) -> tuple[TreeChoice, ...]:
    """(id, parent id, name, is a category) rows as a depth-first list, siblings in the order
    given. A node whose parent is missing counts as a root, and so does a node in a loop."""
    ids = {n[0] for n in nodes}
    children: dict[int | None, list[tuple[int, int | None, str, bool]]] = {}
    for node in nodes:
        children.setdefault(node[1] if node[1] in ids else None, []).append(node)
    out: list[TreeChoice] = []
    seen: set[int] = set()

    def visit(level: Iterable[tuple[int, int | None, str, bool]], parent: int | None, depth: int) -> None:
        for node_id, _parent_id, name, is_category in level:
            if node_id in seen:
                continue
            seen.add(node_id)
            below = children.get(node_id, [])
            out.append(TreeChoice(id=node_id, name=name, parent_id=parent, depth=depth,
                                  is_group=is_category or bool(below)))
            visit(below, node_id, depth + 1)

    visit(children.get(None, []), None, 0)
    for node in nodes:
        if node[0] not in seen:  # only nodes caught in a loop are left
            visit([node], None, 0)
    return tuple(out)


def _sampling_days(zone: tzinfo, first: date | None, last: date | None) -> Term:
    """Sampled on the lab's calendar days ``first`` to ``last`` (both included)."""
    if first and last and first > last:
        raise ValidationError(
            "The sampling date range starts on {first}, after it ends on {last}",
            field="sampled_from", first=first.isoformat(), last=last.isoformat(),
        )
    start = _local_midnight(first, zone) if first else None
    end = _local_midnight(last + timedelta(days=1), zone) if last else None

    def term(col: ColumnUse) -> ColumnElement[bool]:
        sampled_at = col(Sample.sampled_at)
        bounds = ([sampled_at >= start] if start else []) + ([sampled_at < end] if end else [])
        return and_(*bounds)

    return term


def _local_midnight(day: date, zone: tzinfo) -> datetime:
    """The moment, in UTC, at which ``day`` begins in the lab's time zone."""
    return datetime.combine(day, time.min, zone).astimezone(UTC)
