"""Reports from approved samples: issue signed and stored, all or nothing; preview without a
number; amendment voids the old report and keeps its PDF; verification against the record."""
from __future__ import annotations

import io
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from sqlalchemy import func, select

from lims.db.engine import make_session_factory
from lims.db.models import CodeCounter, Report, SigningIdentity
from lims.domain.errors import AuthenticationFailed, PermissionDenied, ValidationError
from lims.domain.workflow import Transition
from lims.services.reports import PREVIEW_NUMBER, ReportError
from reports.signing import SigningError, self_signed_pkcs12
from tests.conftest import SQLITE_ONLY

PW = "demo1234"  # every demo user's


@pytest.fixture
def out(tmp_path):
    """The folder reports are written to (the database lives beside it in tmp_path)."""
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def approved_sample(lab, catalogue, people, *, value="0.008"):
    """A leek sample taken, received, tested (chlorpyrifos found, the rest not detected),
    submitted, verified and approved by the demo's people."""
    tech = people["tech1"]
    sample = lab.work.register(tech, catalogue.form())
    sample = lab.work.receive(tech, sample.id, sample.version, condition="新鲜、完好", storage_place="冷藏柜")
    sample = lab.work.assign_panel(tech, sample.id, sample.version)
    for t in sample.tests:
        sample = lab.work.enter_result(tech, t.id, t.version, value if t.parameter == "毒死蜱" else "未检出")
    sample = lab.work.transition(tech, sample.id, sample.version, Transition.SUBMIT)
    sample = lab.work.transition(people["reviewer"], sample.id, sample.version, Transition.VERIFY, password=PW)
    return lab.work.transition(people["signer"], sample.id, sample.version, Transition.APPROVE, password=PW)


def _counters(lab_engine):
    with make_session_factory(lab_engine)() as s:
        return dict(s.execute(select(CodeCounter.name, CodeCounter.last_seq)
                              .where(CodeCounter.name.like("report%"))).all())


def _reports(lab_engine):
    with make_session_factory(lab_engine)() as s:
        return s.scalar(select(func.count(Report.id)))


def test_issue_signs_stores_and_verifies(lab, lab_engine, people, catalogue, out):
    sample = approved_sample(lab, catalogue, people)
    issued = lab.reports.issue(people["signer"], sample.id, out, password=PW)
    assert issued.number.startswith("NJBG") and issued.sample_code == sample.code
    pdf = Path(issued.path).read_bytes()
    assert [p.name for p in out.iterdir()] == [Path(issued.path).name]  # no temporary file left
    status = validate_pdf_signature(PdfFileReader(io.BytesIO(pdf)).embedded_signatures[0],
                                    ValidationContext(trust_roots=[], allow_fetching=False))
    assert status.intact and status.valid
    check = lab.reports.verify(pdf)
    assert check.ok and check.matches_record and check.number == issued.number and check.trusted
    assert "仅供测试" in check.signer
    assert lab.reports.stored_pdf(issued.number) == pdf
    rows = lab.reports.list_reports()
    assert rows[0].number == issued.number and rows[0].issued_by and rows[0].status == "issued"
    assert sample.id not in {a.id for a in lab.reports.approved_samples()}
    with make_session_factory(lab_engine)() as s:
        stored = s.scalar(select(Report).where(Report.number == issued.number))
        assert stored.audit_seq and len(stored.audit_hash) == 64 and len(stored.content_hash) == 64
        assert stored.pdf_sha256 == issued.sha256
    broken = bytearray(pdf)
    at = pdf.index(b"/Contents") - 200  # inside the signed range
    broken[at] = broken[at] ^ 0x01
    check = lab.reports.verify(bytes(broken))
    assert not check.ok and not check.hash_matches


def test_report_data_follows_the_read_model(lab, lab_engine, people, catalogue):
    from lims.services.reports import report_data

    sample = approved_sample(lab, catalogue, people)
    with make_session_factory(lab_engine)() as s:
        data = report_data(s, sample.id, number="X-1", issued_on=lab.work.today())
    shown = {t.parameter: t.current for t in sample.tests}
    for row in data.rows:
        current = shown[row.parameter]
        assert row.detected == (current.detection != "not_detected")
        if row.detected:
            assert row.result == current.reported_text
        else:
            assert row.result_text().startswith("未检出")
    found = next(r for r in data.rows if r.parameter == "毒死蜱")
    assert found.limit_basis.startswith("GB 2763-") and found.verdict in {"合格", "不合格"}
    assert data.reviewer.name != "/" and data.approver.name != "/" and data.preparer.name != "/"
    assert data.lab.cma_certificate and data.lab.catl_certificate and data.shows_cma
    assert "合格" in data.conclusion


def test_preview_takes_no_number(lab, lab_engine, people, catalogue):
    sample = approved_sample(lab, catalogue, people)
    before = _counters(lab_engine)
    pdf = lab.reports.preview(sample.id)
    assert pdf.startswith(b"%PDF") and _counters(lab_engine) == before and _reports(lab_engine) == 0
    assert PREVIEW_NUMBER  # printed in place of a number


def test_unapproved_sample_wrong_password_technician_and_bad_folder_leave_nothing(
        lab, lab_engine, people, catalogue, out):
    tech = people["tech1"]
    unapproved = lab.work.register(tech, catalogue.form())
    approved = approved_sample(lab, catalogue, people)
    before = _counters(lab_engine)
    with pytest.raises(ReportError, match="not approved"):
        lab.reports.issue(people["signer"], unapproved.id, out, password=PW)
    with pytest.raises(AuthenticationFailed):
        lab.reports.issue(people["signer"], approved.id, out, password="wrong-password")
    with pytest.raises(PermissionDenied, match="holds no role that may issue reports"):
        lab.reports.issue(tech, approved.id, out, password=PW)
    with pytest.raises(ReportError, match="does not exist"):
        lab.reports.issue(people["signer"], approved.id, out / "nowhere", password=PW)
    if os.geteuid() != 0:
        locked = out / "locked"
        locked.mkdir()
        locked.chmod(0o500)
        with pytest.raises(ReportError, match="cannot be written"):
            lab.reports.issue(people["signer"], approved.id, locked, password=PW)
        locked.chmod(0o700)
    assert _counters(lab_engine) == before and _reports(lab_engine) == 0
    assert not [p for p in out.rglob("*") if p.is_file()]


def test_no_identity_and_wrong_pkcs12_password(lab, lab_engine, people, catalogue, out):
    sample = approved_sample(lab, catalogue, people)
    signer = people["signer"]
    with make_session_factory(lab_engine).begin() as s:
        for row in s.scalars(select(SigningIdentity)):
            row.active = False
    before = _counters(lab_engine)
    with pytest.raises(ReportError, match="no signing identity"):
        lab.reports.issue(signer, sample.id, out, password=PW)
    data = self_signed_pkcs12("检测站", "演示站", "p12-secret")
    with pytest.raises(SigningError):
        lab.reports.import_identity(signer, data, "not-it", label="lab.p12")
    info = lab.reports.import_identity(signer, data, "p12-secret", label="lab.p12")
    assert info.needs_password and lab.reports.identity().id == info.id
    with pytest.raises(ReportError, match="needs its password"):
        lab.reports.issue(signer, sample.id, out, password=PW)
    with pytest.raises(SigningError, match="password is wrong"):
        lab.reports.issue(signer, sample.id, out, password=PW, identity_password="not-it")
    assert _counters(lab_engine) == before and _reports(lab_engine) == 0 and not list(out.iterdir())
    issued = lab.reports.issue(signer, sample.id, out, password=PW, identity_password="p12-secret")
    assert lab.reports.verify(Path(issued.path).read_bytes()).ok


def test_amendment_voids_the_old_report_and_keeps_its_pdf(lab, people, catalogue, out):
    sample = approved_sample(lab, catalogue, people)
    signer = people["signer"]
    first = lab.reports.issue(signer, sample.id, out, password=PW)
    with pytest.raises(ReportError, match="already has report"):
        lab.reports.issue(signer, sample.id, out, password=PW)
    second = lab.reports.amend(signer, first.number, "样品描述更正", out, password=PW)
    assert second.number != first.number and second.supersedes == first.number
    old = lab.reports.verify(Path(first.path).read_bytes())
    assert old.matches_record and old.superseded and old.superseded_by == second.number and not old.ok
    assert old.void_reason == "样品描述更正"
    assert lab.reports.verify(Path(second.path).read_bytes()).ok
    assert lab.reports.stored_pdf(first.number) == Path(first.path).read_bytes()
    rows = {r.number: r for r in lab.reports.list_reports()}
    assert rows[first.number].status == "void" and rows[second.number].supersedes == first.number


def test_a_batch_lists_what_could_not_be_issued_and_issues_the_rest(lab, people, catalogue, out):
    good = approved_sample(lab, catalogue, people)
    bad = lab.work.register(people["tech1"], catalogue.form())
    seen = []
    outcome = lab.reports.issue_batch(people["signer"], [bad.id, good.id], out, password=PW,
                                      progress=lambda done, total, code: seen.append((done, total, code)))
    assert [r.sample_code for r in outcome.issued] == [good.code]
    assert [f.sample_code for f in outcome.failed] == [bad.code]
    assert seen == [(1, 2, bad.code), (2, 2, good.code)]
    assert len(list(out.iterdir())) == 1


@pytest.mark.skipif(shutil.which("pdfsig") is None, reason="poppler-utils' pdfsig is not installed")
def test_poppler_reads_the_signature_and_sees_one_byte_changed(lab, people, catalogue, out, backend):
    if backend != "sqlite":
        pytest.skip("the PDF does not depend on the backend")
    sample = approved_sample(lab, catalogue, people)
    issued = lab.reports.issue(people["signer"], sample.id, out, password=PW)
    said = subprocess.run(["pdfsig", issued.path], capture_output=True, text=True, check=False).stdout
    assert "Signature is Valid." in said
    data = bytearray(Path(issued.path).read_bytes())
    at = bytes(data).index(b"/Contents") - 200
    data[at] ^= 0x01
    broken = out / "broken.pdf"
    broken.write_bytes(bytes(data))
    said = subprocess.run(["pdfsig", str(broken)], capture_output=True, text=True, check=False).stdout
    assert "Signature is Valid." not in said and ("Digest Mismatch" in said or "Invalid" in said)


def _pdfs(folder):
    return sorted(p.name for p in folder.iterdir())


def test_a_batch_in_child_processes_issues_each_and_a_bad_sample_uses_no_number(
        lab, lab_engine, people, catalogue, out, monkeypatch):
    from lims.services import report_batch

    monkeypatch.setattr(report_batch, "CHILD_CHUNK", 2)  # three children for five samples
    good = [approved_sample(lab, catalogue, people) for _ in range(4)]
    bad = lab.work.register(people["tech1"], catalogue.form())
    ids = [good[0].id, good[1].id, bad.id, good[2].id, good[3].id]
    before = sum(_counters(lab_engine).values())
    seen = []
    outcome = lab.reports.issue_batch(people["signer"], ids, out, password=PW,
                                      progress=lambda done, total, code: seen.append((done, total, code)))
    assert [r.sample_code for r in outcome.issued] == [s.code for s in good]
    assert [f.sample_code for f in outcome.failed] == [bad.code]
    assert isinstance(outcome.failed[0].error, ReportError) and "not approved" in str(outcome.failed[0].error)
    assert outcome.failed[0].error.template.startswith("Sample {code} is not approved")  # translatable
    assert seen == [(i, 5, code) for i, code in enumerate([good[0].code, good[1].code, bad.code,
                                                           good[2].code, good[3].code], start=1)]
    # four numbers taken, none for the bad sample; one PDF each and no temporary file left
    assert sum(_counters(lab_engine).values()) == before + 4 and _reports(lab_engine) == 4
    assert _pdfs(out) == sorted(Path(r.path).name for r in outcome.issued)
    numbers = [r.number for r in outcome.issued]
    assert len(set(numbers)) == 4
    for report in outcome.issued:
        assert lab.reports.verify(Path(report.path).read_bytes()).ok


@SQLITE_ONLY
def test_a_cancelled_batch_in_a_child_stops_after_the_report_in_hand(lab, lab_engine, people, catalogue, out):
    good = [approved_sample(lab, catalogue, people) for _ in range(5)]
    before = sum(_counters(lab_engine).values())
    seen = []
    outcome = lab.reports.issue_batch(people["signer"], [s.id for s in good], out, password=PW, in_child=True,
                                      progress=lambda done, total, code: seen.append(code),
                                      cancelled=lambda: bool(seen))
    assert 1 <= len(outcome.issued) <= 2 and not outcome.failed  # the first, and at most the one in hand
    assert seen == [r.sample_code for r in outcome.issued]
    assert sum(_counters(lab_engine).values()) == before + len(outcome.issued) == before + _reports(lab_engine)
    assert _pdfs(out) == sorted(Path(r.path).name for r in outcome.issued)
    for report in outcome.issued:
        assert lab.reports.verify(Path(report.path).read_bytes()).ok
    left = lab.reports.issue_batch(people["signer"], [s.id for s in good[len(outcome.issued):]], out, password=PW,
                                   in_child=True)
    assert len(left.issued) == 5 - len(outcome.issued) and not left.failed


def test_issue_freezes_each_rows_scope_verdicts_and_a_later_scope_change_leaves_them(
        lab, lab_engine, people, catalogue, out):
    from datetime import timedelta

    from lims.db.models import AuditEvent, Test
    from lims.services.scope import CertificateForm

    sample = approved_sample(lab, catalogue, people)
    issued = lab.reports.issue(people["signer"], sample.id, out, password=PW)
    live = lab.scope.verdicts(sample.id)
    frozen = lab.reports.frozen_scope(issued.number)
    assert sorted(r.test_id for r in frozen) == sorted(live)
    for row in frozen:
        for kept, judged in ((row.cma, live[row.test_id][0]), (row.catl, live[row.test_id][1])):
            assert (kept.kind, kept.verdict, kept.reason, kept.certificate, kept.row) == (
                judged.kind, judged.verdict, judged.reason, judged.certificate, judged.row)
            assert kept.in_scope == (judged.verdict == "in")
    in_cma = [r for r in frozen if r.cma.in_scope]
    assert in_cma and all(r.cma.certificate and r.cma.row for r in in_cma)

    def stored():
        with make_session_factory(lab_engine)() as s:
            tests = {t.id: (t.in_scope_cma, t.in_scope_catl)
                     for t in s.scalars(select(Test).where(Test.sample_id == sample.id))}
            report = s.scalar(select(Report).where(Report.number == issued.number))
            events = s.scalars(select(AuditEvent.entity_id).where(AuditEvent.entity == "test",
                                                                  AuditEvent.reason.contains(issued.number))).all()
            return tests, report.scope_snapshot_json, report.data_json, sorted(events)

    tests, snapshot, data, events = stored()
    assert tests == {r.test_id: (r.cma.in_scope, r.catl.in_scope) for r in frozen}
    assert events == sorted(str(r.test_id) for r in frozen)  # each test's columns written with an audit event

    cma = next(c for c in lab.scope.certificates() if c.kind == "CMA")
    lab.scope.edit_certificate(people["manager"], cma.id, cma.version, CertificateForm(
        "CMA", cma.number, cma.holder, cma.issued_on, cma.issued_on + timedelta(days=1), cma.renewal_lead_days),
        "证书信息更正")
    assert not any(marks[0].verdict == "in" for marks in lab.scope.verdicts(sample.id).values())  # scope changed
    assert lab.reports.frozen_scope(issued.number) == frozen
    assert stored() == (tests, snapshot, data, events)


def test_a_manager_sets_a_time_stamp_server_and_issued_reports_carry_its_time_stamp(
        lab, people, catalogue, out, backend):
    if backend != "sqlite":
        pytest.skip("the time-stamp does not depend on the backend")
    from reports.signing import self_signed_identity
    from reports.verify import verify_pdf
    from tests.reports.tsa import http_tsa

    assert lab.reports.settings().timestamp_url == ""
    with pytest.raises(PermissionDenied):
        lab.reports.set_settings(people["signer"], timestamp_url="http://127.0.0.1:9/tsa", timestamp_timeout_s=5)
    with pytest.raises(ValidationError, match="not the web address of a time-stamp server"):
        lab.reports.set_settings(people["manager"], timestamp_url="ftp://tsa", timestamp_timeout_s=5)
    with pytest.raises(ValidationError, match="at most 120 seconds"):
        lab.reports.set_settings(people["manager"], timestamp_url="", timestamp_timeout_s=600)
    assert lab.reports.settings().timestamp_url == ""
    sample = approved_sample(lab, catalogue, people)
    with http_tsa(self_signed_identity("时间戳服务", "演示")) as (url, requests):
        lab.reports.check_timestamp_server(url, 5)
        settings = lab.reports.set_settings(people["manager"], timestamp_url=f" {url} ", timestamp_timeout_s=5)
        assert settings.timestamp_url == url and lab.reports.settings() == settings
        issued = lab.reports.issue(people["signer"], sample.id, out, password=PW)
    assert requests
    checked = verify_pdf(Path(issued.path).read_bytes())
    assert checked.intact and checked.timestamp_time is not None
    assert lab.reports.verify(Path(issued.path).read_bytes()).ok


def test_an_unreachable_time_stamp_server_stops_the_issue_with_no_number_used_and_no_file_left(
        lab, lab_engine, people, catalogue, out, backend):
    if backend != "sqlite":
        pytest.skip("the time-stamp does not depend on the backend")
    from reports.signing import TimestampUnavailable, self_signed_identity
    from tests.reports.tsa import closed_port_url, http_tsa

    first, second = approved_sample(lab, catalogue, people), approved_sample(lab, catalogue, people)
    url = closed_port_url()
    lab.reports.set_settings(people["manager"], timestamp_url=url, timestamp_timeout_s=3)
    before = _counters(lab_engine)
    with pytest.raises(TimestampUnavailable) as refused:
        lab.reports.issue(people["signer"], first.id, out, password=PW)
    assert url in str(refused.value) and "not signed" in str(refused.value)
    with pytest.raises(TimestampUnavailable):  # a batch is refused before any report, in a child or not
        lab.reports.issue_batch(people["signer"], [first.id, second.id], out, password=PW, in_child=True)
    # a server that answers the check and then stops answering: the batch stops at the first report
    with http_tsa(self_signed_identity("时间戳服务", "演示"), answers=1) as (working, _):
        lab.reports.set_settings(people["manager"], timestamp_url=working, timestamp_timeout_s=3)
        outcome = lab.reports.issue_batch(people["signer"], [first.id, second.id], out, password=PW)
    assert not outcome.issued and [f.sample_code for f in outcome.failed] == [first.code]
    assert isinstance(outcome.failed[0].error, TimestampUnavailable)
    assert _counters(lab_engine) == before and _reports(lab_engine) == 0 and not list(out.iterdir())
