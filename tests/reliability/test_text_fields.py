"""Names and texts refuse the characters that hide or reorder what a person reads, and are held
to the lengths their columns hold, so SQLite stores exactly what PostgreSQL accepts."""
from __future__ import annotations

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from lims.db.engine import make_session_factory
from lims.db.models import Limit, Producer, Sample
from lims.domain.errors import ImportRejected, ValidationError
from lims.domain.text import clean_text
from lims.services.dto import AuditFilter
from lims.services.registration import NewProducer
from tests.reliability.workbooks import good_row, sampling_list

RLO = "\u202e"  # right-to-left override: "张明\u202e强李" shows as 张明李强
ZWSP = "\u200b"


@pytest.fixture
def tech(people):
    return people["tech1"]


def _count(engine, model) -> int:
    with make_session_factory(engine)() as s:
        return s.scalar(select(func.count()).select_from(model)) or 0


# --- the rule --------------------------------------------------------------------------------

@pytest.mark.parametrize("typed, stored", [
    (f" 韭{ZWSP}菜\ufeff ", "韭菜"),
    ("\u200e张明\u200f", "张明"),
    ("天山镇\u2060农贸市场", "天山镇农贸市场"),
])
def test_invisible_characters_are_dropped(typed, stored):
    assert clean_text(typed, field="name", max_length=10) == stored


@pytest.mark.parametrize("typed, code", [
    (f"张明{RLO}强李", "U+202E"),
    ("张\u202a明", "U+202A"),
    ("\u2066张明\u2069", "U+2066"),
    ("张\x00明", "U+0000"),
    ("张\t明", "U+0009"),
    ("第一行\n第二行", "U+000A"),
    ("张\x85明", "U+0085"),
    ("张\x7f明", "U+007F"),
    ("张\ud800明", "U+D800"),
])
def test_direction_and_control_characters_are_refused_naming_the_field(typed, code):
    with pytest.raises(ValidationError) as err:
        clean_text(typed, field="sampler1", max_length=50)
    assert err.value.field == "sampler1" and code in str(err.value)


def test_a_multiline_field_keeps_its_line_breaks_but_no_other_control():
    assert clean_text(" 第一行\r\n第二行\r第三行 \n", field="notes", max_length=None, multiline=True) == \
        "第一行\n第二行\n第三行"
    with pytest.raises(ValidationError, match=r"U\+202E"):
        clean_text(f"第一行\n{RLO}第二行", field="notes", max_length=None, multiline=True)
    with pytest.raises(ValidationError, match=r"U\+0007"):
        clean_text("第一行\a", field="notes", max_length=None, multiline=True)


def test_length_is_counted_in_characters_as_postgresql_counts_them():
    assert clean_text("韭" * 50, field="sampler1", max_length=50) == "韭" * 50
    with pytest.raises(ValidationError, match="51 characters; at most 50 fit") as err:
        clean_text("韭" * 51, field="sampler1", max_length=50)
    assert err.value.field == "sampler1"


# --- the sampling form -----------------------------------------------------------------------

def test_the_sampling_form_refuses_a_reversed_sampler_and_an_overlong_storage_naming_the_field(
        lab, tech, catalogue, lab_engine):
    with pytest.raises(ValidationError) as err:
        lab.work.register(tech, catalogue.form(sampler2=f"李{RLO}强"))
    assert err.value.field == "sampler2" and "U+202E" in str(err.value)
    with pytest.raises(ValidationError) as err:
        lab.work.register(tech, catalogue.form(storage="冷" * 101))  # Sample.storage is String(100)
    assert err.value.field == "storage" and "at most 100" in str(err.value)
    with pytest.raises(ValidationError) as err:
        lab.work.register(tech, catalogue.form(producer_id=None, new_producer=NewProducer(name="某" * 201)))
    assert err.value.field == "producer" and "at most 200" in str(err.value)
    assert _count(lab_engine, Sample) == 0


def test_the_sampling_form_stores_names_without_invisible_characters(lab, tech, catalogue, lab_engine):
    sample = lab.work.register(tech, catalogue.form(
        sampler1=f"张{ZWSP}明", producer_id=None, new_producer=NewProducer(name=f"\ufeff新来的{ZWSP}种植户")))
    with make_session_factory(lab_engine)() as s:
        stored = s.scalar(select(Sample).where(Sample.code == sample.code))
        assert stored is not None and stored.sampler1 == "张明"
        assert s.scalar(select(Producer.name).where(Producer.id == stored.producer_id)) == "新来的种植户"


def test_a_receipt_refuses_a_control_character_in_the_condition(lab, tech, catalogue):
    sample = lab.work.register(tech, catalogue.form())
    with pytest.raises(ValidationError) as err:
        lab.work.receive(tech, sample.id, sample.version, condition="包装完好\x1b[31m", storage_place="样品室")
    assert err.value.field == "condition" and "U+001B" in str(err.value)
    received = lab.work.receive(tech, sample.id, sample.version, condition=f"包装{ZWSP}完好", storage_place="样品室")
    assert received.version > sample.version


def test_reasons_and_notes_refuse_a_direction_override_and_nothing_changes(lab, tech, catalogue):
    """A reason typed for a dropped test or a rejected sample lands in the audit trail: a
    right-to-left override there would make the trail read differently than it was written."""
    sample = lab.work.register(tech, catalogue.form())
    pick = next(c for c in lab.work.test_choices() if c.parameter == "多菌灵")
    sample = lab.work.add_test(tech, sample.id, sample.version, pick.parameter_id, pick.methods[0].id)
    test = sample.tests[0]
    with pytest.raises(ValidationError) as err:
        lab.work.drop_test(tech, test.id, test.version, reason="委托方取消\u202e消取")
    assert err.value.field == "reason" and "U+202E" in str(err.value)
    assert lab.work.detail(sample.id).tests[0].status == "assigned"
    dropped = lab.work.drop_test(tech, test.id, test.version, reason=f"委托方{ZWSP}取消")
    assert dropped.tests == ()  # the sample no longer lists the dropped test
    entry = lab.audit.page(AuditFilter(entity="test")).rows[0]
    assert entry.reason == "委托方取消"  # the invisible character was dropped, the rest kept


# --- user administration ---------------------------------------------------------------------

def test_a_full_name_with_a_direction_override_or_too_long_is_refused(lab, people):
    admin = people["admin"]
    with pytest.raises(ValidationError) as err:
        lab.users.create_user(admin, "wang.w", f"王{RLO}伟", "secret-123", {"technician"})
    assert err.value.field == "full_name" and "U+202E" in str(err.value)
    with pytest.raises(ValidationError) as err:
        lab.users.create_user(admin, "wang.w", "王" * 101, "secret-123", {"technician"})  # String(100)
    assert err.value.field == "full_name" and "101 characters; at most 100 fit" in str(err.value)
    row = lab.users.create_user(admin, "wang.w", f"王{ZWSP}伟", "secret-123", {"technician"})
    assert row.full_name == "王伟"
    with pytest.raises(ValidationError) as err:
        lab.users.update_user(admin, row.id, row.version, full_name="王\n伟")
    assert err.value.field == "full_name"


# --- imports ---------------------------------------------------------------------------------

def test_a_sampling_list_names_each_bad_cell_by_row_and_column_and_stores_nothing(lab, tech, tmp_path, lab_engine):
    producers = _count(lab_engine, Producer)
    path = sampling_list(tmp_path / "清单.xlsx", [
        good_row(),
        good_row(抽样人2=f"李{RLO}强"),  # row 4, column J
        good_row(贮存条件="冷" * 101),  # row 5, column M: Sample.storage is String(100)
        good_row(受检单位="新来的\t种植户"),  # row 6, column C: a tab pasted in
        good_row(抽样人1=f"张{ZWSP}明"),  # dropped: a good row
    ])
    with pytest.raises(ImportRejected, match="3 of 5 row") as err:
        lab.sample_lists.import_excel(tech, path)
    found = {(p.row, p.column, p.header): str(p.error) for p in err.value.problems}
    assert set(found) == {(4, "J", "抽样人2"), (5, "M", "贮存条件"), (6, "C", "受检单位")}
    assert "U+202E" in found[4, "J", "抽样人2"]
    assert "101 characters; at most 100 fit" in found[5, "M", "贮存条件"]
    assert "U+0009" in found[6, "C", "受检单位"]
    assert str(err.value.problems[0]).startswith("row 4, column J (抽样人2): ")
    assert _count(lab_engine, Sample) == 0 and _count(lab_engine, Producer) == producers


def test_a_limit_table_names_a_cell_with_a_control_character_and_stores_nothing(lab, people, tmp_path, lab_engine):
    book = Workbook()
    sheet = book.active
    sheet.append(["产品", "参数", "限量值", "单位", "标准", "年号"])
    sheet.append(["马铃薯", "毒死蜱", 0.02, "mg/kg", "GB 2763", 2026])
    sheet.append(["马铃薯", f"氧化乐果{RLO}", 0.02, "mg/kg", "GB 2763", 2026])
    sheet.append([f"马铃{ZWSP}薯", "吡虫啉", "0.5*", "mg/kg", "GB 2763", 2026])
    path = tmp_path / "限量.xlsx"
    book.save(path)
    before = _count(lab_engine, Limit)
    with pytest.raises(ImportRejected, match="1 of 3 row") as err:
        lab.limits.import_excel(people["manager"], path, "GB 2763-2026 表1")
    [problem] = err.value.problems
    assert (problem.row, problem.column, problem.header) == (3, "B", "参数") and "U+202E" in str(problem.error)
    assert _count(lab_engine, Limit) == before
    with pytest.raises(ValidationError) as refused:
        lab.limits.import_excel(people["manager"], path, f"GB 2763-2026{RLO} 表1")
    assert refused.value.field == "source"
