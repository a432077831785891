"""The sample list's filters, search and scanned-code look-up, checked against the demo lab on
both backends: every answer is compared with what the test works out from the rows itself."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine, delete, select, update

from lims.db.engine import make_session_factory
from lims.db.models import Area, LabPolicy, Producer, Product, Sample, Task
from lims.domain.errors import ValidationError
from lims.services import policy as lab_policy
from lims.services.demo import DemoService
from lims.services.dto import SampleFilter, SampleRow
from lims.services.samples import SampleService

SAMPLES = 120
SHANGHAI = ZoneInfo("Asia/Shanghai")
EVERYTHING = 10_000


@dataclass(frozen=True)
class Stored:
    """A sample as the test reads it straight from the table."""

    id: int
    code: str
    status: str
    task_id: int | None
    product_id: int
    area_id: int | None
    producer_id: int | None
    sampled_at: datetime  # aware, UTC
    verdict: str | None


@dataclass
class Lab:
    service: SampleService
    engine: Engine
    samples: list[Stored]
    product_parent: dict[int, int | None]
    product_code: dict[str, int]
    area_parent: dict[int, int | None]
    area_code: dict[str, int]
    producer_name: dict[int, str]
    task_ids: list[int]

    def reload(self) -> None:
        self.samples = _read_samples(self.engine)

    def expected(self, keep: Callable[[Stored], bool]) -> list[int]:
        """The ids that match, newest first, as the list must show them."""
        return sorted((x.id for x in self.samples if keep(x)), reverse=True)

    def under(self, parents: dict[int, int | None], node: int, root: int) -> bool:
        seen: set[int] = set()
        current: int | None = node
        while current is not None and current not in seen:
            if current == root:
                return True
            seen.add(current)
            current = parents.get(current)
        return False


def _read_samples(engine: Engine) -> list[Stored]:
    with engine.connect() as c:
        return [
            Stored(r.id, r.code, r.status, r.task_id, r.product_id, r.area_id, r.producer_id,
                   r.sampled_at, r.verdict)
            for r in c.execute(select(
                Sample.id, Sample.code, Sample.status, Sample.task_id, Sample.product_id, Sample.area_id,
                Sample.producer_id, Sample.sampled_at, Sample.verdict,
            ))
        ]


@pytest.fixture
def lab(engine: Engine) -> Lab:
    sessions = make_session_factory(engine)
    DemoService(sessions).build(samples=SAMPLES)
    with engine.connect() as c:
        products = c.execute(select(Product.id, Product.parent_id, Product.code)).all()
        areas = c.execute(select(Area.id, Area.parent_id, Area.code)).all()
        producers = {r.id: r.name for r in c.execute(select(Producer.id, Producer.name))}
        tasks = list(c.scalars(select(Task.id)))
    return Lab(
        service=SampleService(sessions), engine=engine, samples=_read_samples(engine),
        product_parent={p.id: p.parent_id for p in products}, product_code={p.code: p.id for p in products},
        area_parent={a.id: a.parent_id for a in areas}, area_code={a.code: a.id for a in areas},
        producer_name=producers, task_ids=tasks,
    )


def _ids(lab: Lab, flt: SampleFilter) -> tuple[int, list[int]]:
    page = lab.service.page(flt, 0, EVERYTHING)
    return page.total, [r.id for r in page.rows]


def _local_day(moment: datetime) -> date:
    return moment.astimezone(SHANGHAI).date()


# --- the whole list -------------------------------------------------------------------------------

def test_without_a_filter_pages_run_newest_first_through_every_sample(lab: Lab) -> None:
    expected = lab.expected(lambda x: True)
    seen: list[int] = []
    for offset in range(0, SAMPLES, 50):
        page = lab.service.page(SampleFilter(), offset, 50)
        assert (page.offset, page.total) == (offset, SAMPLES)
        seen += [r.id for r in page.rows]
    assert seen == expected
    beyond = lab.service.page(SampleFilter(), SAMPLES, 50)
    assert (beyond.rows, beyond.total) == ((), SAMPLES)


def test_a_row_carries_the_names_a_person_reads(lab: Lab) -> None:
    row = lab.service.page(SampleFilter(), 0, 1).rows[0]
    newest = max(lab.samples, key=lambda x: x.id)
    with lab.engine.connect() as c:
        product = c.scalar(select(Product.name).where(Product.id == newest.product_id))
        area = c.scalar(select(Area.name).where(Area.id == newest.area_id))
        task = c.scalar(select(Task.title).where(Task.id == newest.task_id))
    assert row == SampleRow(
        id=newest.id, code=newest.code, status=newest.status, product=product,
        producer=lab.producer_name[newest.producer_id or 0], area=area, task=task,
        sampled_at=row.sampled_at, verdict=newest.verdict,
    )
    assert row.sampled_at == newest.sampled_at and row.sampled_at.tzinfo is UTC


# --- one filter at a time -------------------------------------------------------------------------

@pytest.mark.parametrize("field", ["status", "task_id", "producer_id", "verdict"])
def test_each_simple_filter_lists_exactly_the_samples_with_that_value(lab: Lab, field: str) -> None:
    values = sorted({getattr(x, field) for x in lab.samples} - {None})
    assert len(values) >= 2, f"the demo lab should vary {field}"
    for value in values:
        expected = lab.expected(lambda x, value=value: getattr(x, field) == value)
        assert _ids(lab, replace(SampleFilter(), **{field: value})) == (len(expected), expected)


def test_a_product_category_takes_in_every_product_under_it_at_any_depth(lab: Lab) -> None:
    sampled = {x.product_id for x in lab.samples}
    for code in ("PLANT", "VEG", "MEAT", "ANIMAL"):
        category = lab.product_code[code]
        expected = lab.expected(lambda x, root=category: lab.under(lab.product_parent, x.product_id, root))
        assert expected, f"no demo sample under {code}"
        assert _ids(lab, SampleFilter(product_id=category)) == (len(expected), expected)
    # vegetables sit two levels down (蔬菜 > 鳞茎类蔬菜 > 韭菜): the subtree is walked, not one level
    leek = lab.product_code["LEEK"]
    assert leek in sampled
    vegetables = _ids(lab, SampleFilter(product_id=lab.product_code["VEG"]))[1]
    assert leek in {x.product_id for x in lab.samples if x.id in vegetables}
    only_leek = lab.expected(lambda x: x.product_id == leek)
    assert _ids(lab, SampleFilter(product_id=leek)) == (len(only_leek), only_leek)


def test_an_area_takes_in_every_township_and_village_under_it(lab: Lab) -> None:
    for code in ("150400", "150421", "150421100"):  # the city, the banner, a township
        node = lab.area_code[code]
        expected = lab.expected(
            lambda x, root=node: x.area_id is not None and lab.under(lab.area_parent, x.area_id, root))
        assert expected, f"no demo sample in area {code}"
        assert _ids(lab, SampleFilter(area_id=node)) == (len(expected), expected)
    city = _ids(lab, SampleFilter(area_id=lab.area_code["150400"]))[0]
    banner = _ids(lab, SampleFilter(area_id=lab.area_code["150421"]))[0]
    assert city > banner > 0


def test_a_filter_on_a_node_that_no_longer_exists_lists_nothing(lab: Lab) -> None:
    assert _ids(lab, SampleFilter(product_id=999_999)) == (0, [])
    assert _ids(lab, SampleFilter(area_id=999_999)) == (0, [])


# --- sampling dates -------------------------------------------------------------------------------

def _move(lab: Lab, sample_id: int, moment: datetime) -> None:
    with lab.engine.begin() as c:
        c.execute(update(Sample).where(Sample.id == sample_id).values(sampled_at=moment))
    lab.reload()


def test_sampling_days_begin_at_midnight_in_shanghai_not_in_utc(lab: Lab) -> None:
    late, early = sorted(x.id for x in lab.samples)[:2]
    # 23:59:59 on 30 June and 00:00:00 on 1 July in Inner Mongolia (UTC+8)
    _move(lab, late, datetime(2026, 6, 30, 15, 59, 59, tzinfo=UTC))
    _move(lab, early, datetime(2026, 6, 30, 16, 0, 0, tzinfo=UTC))
    first_july = SampleFilter(sampled_from=date(2026, 7, 1), sampled_to=date(2026, 7, 1))
    june_30 = SampleFilter(sampled_from=date(2026, 6, 30), sampled_to=date(2026, 6, 30))
    in_july = _ids(lab, first_july)[1]
    in_june = _ids(lab, june_30)[1]
    assert early in in_july and late not in in_july
    assert late in in_june and early not in in_june
    assert in_july == lab.expected(lambda x: _local_day(x.sampled_at) == date(2026, 7, 1))
    until_june = _ids(lab, SampleFilter(sampled_to=date(2026, 6, 30)))[1]
    from_july = _ids(lab, SampleFilter(sampled_from=date(2026, 7, 1)))[1]
    assert late in until_june and early not in until_june
    assert early in from_july and late not in from_july
    assert sorted(until_june + from_july, reverse=True) == lab.expected(lambda x: True)


def test_the_lab_time_zone_comes_from_the_lab_policy(lab: Lab) -> None:
    first = min(x.id for x in lab.samples)
    _move(lab, first, datetime(2026, 6, 30, 16, 30, tzinfo=UTC))  # 1 July 00:30 in Shanghai
    day = SampleFilter(sampled_from=date(2026, 6, 30), sampled_to=date(2026, 6, 30))
    assert first not in _ids(lab, day)[1]
    with make_session_factory(lab.engine).begin() as s:
        s.execute(delete(LabPolicy).where(LabPolicy.key == lab_policy.TIMEZONE.name))
        s.add(LabPolicy(key=lab_policy.TIMEZONE.name, value="UTC", version=1))
    assert first in _ids(lab, day)[1]


def test_a_date_range_matches_the_local_calendar_days_it_names(lab: Lab) -> None:
    days = sorted({_local_day(x.sampled_at) for x in lab.samples})
    first, last = days[len(days) // 4], days[3 * len(days) // 4]
    expected = lab.expected(lambda x: first <= _local_day(x.sampled_at) <= last)
    assert 0 < len(expected) < SAMPLES
    assert _ids(lab, SampleFilter(sampled_from=first, sampled_to=last)) == (len(expected), expected)


def test_a_date_range_that_ends_before_it_starts_is_refused(lab: Lab) -> None:
    with pytest.raises(ValidationError) as caught:
        lab.service.page(SampleFilter(sampled_from=date(2026, 7, 2), sampled_to=date(2026, 7, 1)))
    assert caught.value.field == "sampled_from"
    assert "2026-07-02" in str(caught.value) and "2026-07-01" in str(caught.value)


# --- search text ----------------------------------------------------------------------------------

def test_search_finds_codes_by_their_start_in_either_case(lab: Lab) -> None:
    start = "NJ2026-00001"  # NJ2026-000010 ... NJ2026-000019
    expected = lab.expected(lambda x: x.code.startswith(start))
    assert len(expected) == 10
    for typed in (start, start.lower(), f"  {start} "):
        assert _ids(lab, SampleFilter(text=typed)) == (10, expected)
    assert _ids(lab, SampleFilter(text="2026-00001")) == (0, [])  # the middle of a code is no start


def test_search_finds_producers_by_any_part_of_their_name(lab: Lab) -> None:
    for part in ("草原红牛", "合作社", "演示"):
        producers = {i for i, name in lab.producer_name.items() if part in name}
        expected = lab.expected(lambda x, named=producers: x.producer_id in named)
        assert expected, f"no demo sample from a producer named with {part}"
        assert _ids(lab, SampleFilter(text=part)) == (len(expected), expected)


def test_search_wildcards_are_plain_characters(lab: Lab) -> None:
    for typed in ("%", "_", "NJ2026-%", "NJ2026_0"):
        assert _ids(lab, SampleFilter(text=typed)) == (0, [])


# --- filters together -----------------------------------------------------------------------------

def _combinations(lab: Lab) -> list[tuple[SampleFilter, Callable[[Stored], bool]]]:
    newest = max(lab.samples, key=lambda x: x.id)
    approved = "approved"
    veg = lab.product_code["VEG"]
    animal = lab.product_code["ANIMAL"]
    banner = lab.area_code["150421"]
    days = sorted({_local_day(x.sampled_at) for x in lab.samples})
    spring, autumn = days[len(days) // 5], days[4 * len(days) // 5]
    cooperative = {i for i, n in lab.producer_name.items() if "合作社" in n}

    def in_products(root: int) -> Callable[[Stored], bool]:
        return lambda x: lab.under(lab.product_parent, x.product_id, root)

    def sampled(first: date | None, last: date | None) -> Callable[[Stored], bool]:
        return lambda x: (first is None or _local_day(x.sampled_at) >= first) and (
            last is None or _local_day(x.sampled_at) <= last)

    return [
        (SampleFilter(status=approved, product_id=veg, sampled_from=spring, sampled_to=autumn),
         lambda x: x.status == approved and in_products(veg)(x) and sampled(spring, autumn)(x)),
        (SampleFilter(status=approved, verdict="pass"), lambda x: x.status == approved and x.verdict == "pass"),
        (SampleFilter(product_id=animal, area_id=banner),
         lambda x: in_products(animal)(x) and x.area_id is not None and lab.under(lab.area_parent, x.area_id, banner)),
        (SampleFilter(producer_id=newest.producer_id, task_id=newest.task_id),
         lambda x: x.producer_id == newest.producer_id and x.task_id == newest.task_id),
        (SampleFilter(text="合作社", sampled_from=spring),
         lambda x: x.producer_id in cooperative and sampled(spring, None)(x)),
        (SampleFilter(text="NJ2026-0000", status=approved),
         lambda x: x.code.startswith("NJ2026-0000") and x.status == approved),
        (SampleFilter(status=approved, task_id=lab.task_ids[0], product_id=animal, sampled_to=autumn, verdict="pass"),
         lambda x: x.status == approved and x.task_id == lab.task_ids[0] and in_products(animal)(x)
         and sampled(None, autumn)(x) and x.verdict == "pass"),
        (SampleFilter(status="cancelled", verdict="fail"), lambda x: False),
    ]


def test_filters_together_list_what_each_allows_and_page_through_it(lab: Lab) -> None:
    for flt, keep in _combinations(lab):
        expected = lab.expected(keep)
        assert _ids(lab, flt) == (len(expected), expected), flt
        pages: list[int] = []
        for offset in range(0, max(len(expected), 1), 7):
            page = lab.service.page(flt, offset, 7)
            assert page.total == len(expected), flt
            pages += [r.id for r in page.rows]
        assert pages == expected, flt


# --- scanned codes --------------------------------------------------------------------------------

def test_find_by_code_reads_a_code_through_scanner_noise(lab: Lab) -> None:
    target = sorted(lab.samples, key=lambda x: x.id)[6]
    code = target.code  # e.g. NJ2026-000007
    full_width = code.translate({c: c + 0xFEE0 for c in range(0x21, 0x7F)})
    for typed in (code, f"{code}\r", f"{code}\r\n", f"\t {code} \n", code.lower(), f"\x02{code}\x03", full_width):
        found = lab.service.find_by_code(typed)
        assert found is not None and (found.id, found.code) == (target.id, code), repr(typed)


def test_find_by_code_matches_whole_codes_only(lab: Lab) -> None:
    code = lab.samples[0].code
    for typed in ("", "   \r\n", code[:-1], code + "0", "NJ2099-000001", "%", code.replace("-", "_")):
        assert lab.service.find_by_code(typed) is None, repr(typed)


# --- choices for the filters ----------------------------------------------------------------------

def test_options_give_tasks_producers_and_both_trees_depth_first(lab: Lab) -> None:
    options = lab.service.options()
    assert sorted(t.id for t in options.tasks) == sorted(lab.task_ids)
    assert [p.name for p in options.producers] == sorted(lab.producer_name.values())
    for tree, parents in ((options.products, lab.product_parent), (options.areas, lab.area_parent)):
        assert sorted(n.id for n in tree) == sorted(parents)
        position = {n.id: i for i, n in enumerate(tree)}
        depth = {n.id: n.depth for n in tree}
        for n in tree:
            assert n.parent_id == parents[n.id]
            if n.parent_id is None:
                assert n.depth == 0
            else:
                assert position[n.parent_id] < position[n.id] and n.depth == depth[n.parent_id] + 1
                assert next(m for m in tree if m.id == n.parent_id).is_group
    veg = next(n for n in options.products if n.id == lab.product_code["VEG"])
    leek = next(n for n in options.products if n.id == lab.product_code["LEEK"])
    assert (veg.is_group, veg.depth, leek.is_group, leek.depth) == (True, 1, False, 3)
    village_level = {n.depth for n in options.areas if not n.is_group}
    assert village_level == {3}  # city > banner > township > village


def test_a_loop_in_the_category_tree_neither_hangs_the_list_nor_hides_products(lab: Lab) -> None:
    # bad data: 叶菜类蔬菜 made a child of its own child 芹菜
    leafy, celery = lab.product_code["VEG_LEAFY"], lab.product_code["CELERY"]
    with lab.engine.begin() as c:
        c.execute(update(Product).where(Product.id == leafy).values(parent_id=celery))
    options = lab.service.options()
    assert sorted(n.id for n in options.products) == sorted(lab.product_parent)
    expected = lab.expected(lambda x: x.product_id in (leafy, celery))
    assert _ids(lab, SampleFilter(product_id=leafy)) == (len(expected), expected)
