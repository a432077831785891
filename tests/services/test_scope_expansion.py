"""Expansion (扩项) applications as a lab manager runs them: the rows asked for, each step with
its day and the person responsible, evidence files with their SHA-256, and on approval a new
ability-table version from the approval date, so tests before it stay out of scope."""
from __future__ import annotations

import hashlib
import re
from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from lims.db.engine import make_session_factory
from lims.db.models import AbilityTable, Expansion, ExpansionStep
from lims.domain.errors import PermissionDenied, ValidationError
from lims.services.dto import AuditFilter
from lims.services.scope_expansion import ExpansionForm, ItemForm
from tests.services.conftest import CST
from tests.services.scope_workbooks import messy_table

CMA = "221505990117"
CATL = "［2024］农质检核（蒙）字第0045号"
ACETAMIPRID = ItemForm("蔬菜、水果", "啶虫脒", "GB 23200.121-2021")
STEPS = (("method_verification", date(2026, 1, 20)), ("staff_authorised", date(2026, 2, 1)),
         ("proficiency_test", date(2026, 2, 15)), ("submitted", date(2026, 3, 1)), ("assessed", date(2026, 3, 20)))
APPROVED = date(2026, 4, 1)


def _apply(lab, people, target="CMA", items=(ACETAMIPRID,), title="2026年蔬菜农药残留扩项"):
    return lab.expansions.create(people["manager"], ExpansionForm(
        title, target, tuple(items), date(2026, 1, 10), "其木格"))


def _walk(lab, people, expansion, steps=STEPS):
    for step, day in steps:
        expansion = lab.expansions.record_step(people["manager"], expansion.id, step, day, "其木格")
    return expansion


def _cma(lab, on, product="韭菜", parameter="啶虫脒", method="GB 23200.121-2021"):
    found = lab.scope.check(product, parameter, method, on).cma
    return found.verdict.value, found.reason.value if found.reason else None


def test_an_expansion_approved_mid_period_covers_tests_from_its_approval_date_only(lab, people, catalogue):
    tech = people["tech1"]
    before = lab.work.register(tech, catalogue.form("韭菜"))  # sampled 5 March 2026
    after = lab.work.register(tech, catalogue.form("韭菜", sampled_at=datetime(2026, 4, 20, 9, 0, tzinfo=CST)))
    tests = {}
    for sample in (before, after):
        sample = lab.work.add_test(tech, sample.id, sample.version, catalogue.parameters["啶虫脒"],
                                   catalogue.methods[("啶虫脒", "GB 23200.121-2021")])
        tests[sample.id] = sample.tests[0].id
    assert _cma(lab, date(2026, 4, 20)) == ("out", "no_row")

    expansion = _walk(lab, people, _apply(lab, people))
    assert (expansion.status, expansion.applied_on, expansion.next_steps) == (
        "assessed", date(2026, 3, 1), ("approved", "rejected"))
    approved = lab.expansions.record_step(people["manager"], expansion.id, "approved", APPROVED, "市场监管局评审组")
    assert (approved.status, approved.decided_on, approved.next_steps) == ("approved", APPROVED, ())
    assert [(c.kind, c.certificate, c.table_version) for c in approved.certificates] == [("CMA", CMA, 2)]
    assert next((s.step, s.done_on) for s in approved.steps) == ("planned", date(2026, 1, 10))
    assert approved.steps[-1].responsible == "市场监管局评审组"

    # the new version holds every row of the old one and the new row under its section
    rows = lab.scope.table_rows(next(c.id for c in lab.scope.certificates() if c.number == CMA))
    numbers = [(r.number, r.name) for r in rows]
    assert numbers[:10] == [("1", "蔬菜、水果"), ("1.1", "﹡△毒死蜱"), ("1.2", "腐霉利（速克灵）"),
                            ("1.3", "高效氯氟氰菊酯（功夫菊酯）"), ("1.4", "甲拌磷"), ("1.5", "氧乐果"),
                            ("1.6", "克百威（呋喃丹，包括3-羟基克百威）"), ("1.7", "有机磷和氨基甲酸酯类农药"),
                            ("1.8", "多菌灵"), ("1.9", "啶虫脒")]
    assert len(rows) == 23 and rows[9].method_text == "GB 23200.121-2021" and rows[9].remark == "扩项"

    # the day before the approval the old version answers; from it, the new one
    assert _cma(lab, date(2026, 3, 31)) == ("out", "no_row")
    assert _cma(lab, APPROVED) == ("in", None)
    assert lab.scope.verdicts(before.id)[tests[before.id]][0].verdict == "out"
    assert lab.scope.verdicts(after.id)[tests[after.id]][0].verdict == "in"
    # and the audit of a period spanning the approval counts one test out, one in
    audit = lab.scope.period_audit(date(2026, 3, 1), date(2026, 4, 30), today=date(2026, 5, 1))
    assert audit.tests == 2 and audit.verdicts["CMA"] == {"out": 1, "in": 1}
    assert [(g.parameter, g.kind, g.reason, g.first) for g in audit.outside if g.kind == "CMA"] == [
        ("啶虫脒", "CMA", "no_row", date(2026, 3, 5))]

    # every step is in the audit trail; the certificate's new version too
    events = lab.audit.page(AuditFilter(entity="expansion")).rows
    assert [e.action for e in events].count("update") == 6 and [e.action for e in events].count("create") == 1
    approval = next(e for e in events if e.changes.get("status") == ["assessed", "approved"])
    assert approval.changes["ability_tables"][1] == [{"certificate": CMA, "version_no": 2, "added": 1}]
    assert any(e.changes.get("ability_table", [None, {}])[1].get("expansion") == expansion.id
               for e in lab.audit.page(AuditFilter(entity="certificate")).rows)


def test_a_joint_application_makes_a_version_of_each_certificate_and_a_new_section(lab, people):
    items = (ItemForm("蔬菜、水果", "吡虫啉", "GB 23200.121-2021"), ItemForm("蜂产品", "氯霉素", "GB/T 22338-2008"))
    expansion = _walk(lab, people, _apply(lab, people, "joint", items, title="联合扩项"))
    done = lab.expansions.record_step(people["manager"], expansion.id, "approved", APPROVED, "评审组")
    assert [(c.kind, c.table_version) for c in done.certificates] == [("CMA", 2), ("CATL", 2)]
    for number, placed in ((CMA, ("1.9", "5", "5.1")), (CATL, ("1.8", "5", "5.1"))):
        rows = {r.number: r.name for r in lab.scope.table_rows(
            next(c.id for c in lab.scope.certificates() if c.number == number))}
        # under the section of the same name, and a section the table had not at its end
        assert [rows[n] for n in placed] == ["吡虫啉", "蜂产品", "氯霉素"]
    assert lab.scope.check("葡萄", "吡虫啉", "GB 23200.121-2021", APPROVED).catl.verdict.value == "in"
    with pytest.raises(ValidationError, match=re.escape(
            "Item 1: 黄曲霉毒素B1 by GB 5009.22-2016 is already row 4.2 of the CMA ability table")):
        _apply(lab, people, "joint", (ItemForm("粮食", "黄曲霉毒素B1", "GB 5009.22-2016"),))


def test_evidence_files_are_kept_with_their_sha256_and_read_back_checked(lab, people, tmp_path):
    expansion = _apply(lab, people)
    report = tmp_path / "方法验证报告.pdf"
    report.write_bytes(b"%PDF-1.7 verification of GB 23200.121-2021 for acetamiprid")
    attached = lab.expansions.attach(people["manager"], expansion.id, report, "method_verification", "LOD 0.005")
    assert attached.sha256 == hashlib.sha256(report.read_bytes()).hexdigest()
    assert (attached.file_name, attached.size, attached.step) == ("方法验证报告.pdf", report.stat().st_size,
                                                                  "method_verification")
    assert lab.expansions.evidence_file(attached.id) == ("方法验证报告.pdf", report.read_bytes())
    assert [e.sha256 for e in lab.expansions.get(expansion.id).evidence] == [attached.sha256]
    with pytest.raises(ValidationError, match="already attached to this application"):
        lab.expansions.attach(people["manager"], expansion.id, report)
    with pytest.raises(ValidationError, match="cannot be read"):
        lab.expansions.attach(people["manager"], expansion.id, tmp_path / "missing.pdf")
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    with pytest.raises(ValidationError, match="is empty"):
        lab.expansions.attach(people["manager"], expansion.id, empty)
    event = next(e for e in lab.audit.page(AuditFilter(entity="expansion")).rows if "evidence" in e.changes)
    assert event.changes["evidence"][1]["sha256"] == attached.sha256


def _expansions(lab_engine):
    with make_session_factory(lab_engine)() as s:
        return (s.scalar(select(func.count(Expansion.id))), s.scalar(select(func.count(ExpansionStep.id))),
                s.scalar(select(func.count(AbilityTable.id))))


def test_bad_applications_and_steps_are_refused_and_change_nothing(lab, lab_engine, people, tmp_path):
    before = _expansions(lab_engine)
    with pytest.raises(ValidationError, match=re.escape(
            "Item 1: no method standard with its year in 'GB 23200.121'")):
        _apply(lab, people, items=(ItemForm("蔬菜、水果", "啶虫脒", "GB 23200.121"),))
    with pytest.raises(ValidationError, match=re.escape(
            "Item 1: 毒死蜱 by GB 23200.113-2018 is already row 1.1")):
        _apply(lab, people, items=(ItemForm("蔬菜、水果", "毒死蜱", "GB 23200.113-2018"),))
    with pytest.raises(ValidationError, match="for CMA, CATL or joint"):
        _apply(lab, people, target="ISO")
    with pytest.raises(PermissionDenied):
        lab.expansions.create(people["tech1"], ExpansionForm("x", "CMA", (ACETAMIPRID,), date(2026, 1, 10), "王晓燕"))
    assert _expansions(lab_engine) == before

    expansion = _apply(lab, people)
    manager = people["manager"]
    with pytest.raises(ValidationError, match="After planned comes method_verification, not submitted"):
        lab.expansions.record_step(manager, expansion.id, "submitted", date(2026, 2, 1), "其木格")
    with pytest.raises(ValidationError, match="cannot be dated 2026-01-09, before the step planned"):
        lab.expansions.record_step(manager, expansion.id, "method_verification", date(2026, 1, 9), "其木格")
    with pytest.raises(ValidationError, match="not a step of an expansion"):
        lab.expansions.record_step(manager, expansion.id, "done", date(2026, 2, 1), "其木格")
    with pytest.raises(ValidationError, match="Name the person responsible"):
        lab.expansions.record_step(manager, expansion.id, "method_verification", date(2026, 2, 1), " ")
    tomorrow = lab.scope.today().replace(year=lab.scope.today().year + 1)
    with pytest.raises(ValidationError, match="after today"):
        lab.expansions.record_step(manager, expansion.id, "method_verification", tomorrow, "其木格")
    expansion = _walk(lab, people, expansion)
    # a table version approved meanwhile: an approval dated before it is refused whole
    lab.scope_tables.import_table(manager, messy_table(tmp_path / "cma.xlsx", approved="2026年3月25日"), CMA)
    tables = _expansions(lab_engine)[2]
    with pytest.raises(ValidationError, match="Version 2 of the CMA ability table was approved on 2026-03-25, "
                                              "after 2026-03-22"):
        lab.expansions.record_step(manager, expansion.id, "approved", date(2026, 3, 22), "评审组")
    assert _expansions(lab_engine)[2] == tables and lab.expansions.get(expansion.id).status == "assessed"
    rejected = lab.expansions.record_step(manager, expansion.id, "rejected", APPROVED, "评审组", "现场评审未通过")
    assert rejected.status == "rejected" and rejected.steps[-1].note == "现场评审未通过"
    with pytest.raises(ValidationError, match="was rejected on 2026-04-01: no step follows"):
        lab.expansions.record_step(manager, expansion.id, "approved", APPROVED, "评审组")
    assert _expansions(lab_engine)[2] == tables  # a rejection makes no table
