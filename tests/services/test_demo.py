"""The demo lab: what a person exploring the application finds after `lims demo`."""
from __future__ import annotations

import json
import re
import shutil
from collections import Counter
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from lims.db.engine import make_engine, make_session_factory, parse_url
from lims.db.models import (
    Area,
    AuditEvent,
    AuditHead,
    Limit,
    Method,
    Panel,
    PanelItem,
    Parameter,
    Producer,
    Product,
    Result,
    Sample,
    ScopeRow,
    Standard,
    Test,
    User,
)
from lims.domain.enums import RoleCode, SampleStatus, TestStatus, Verdict
from lims.domain.errors import ValidationError
from lims.domain.judgment import LimitCandidate, MethodInfo, ResultInput, judge
from lims.domain.workflow import Transition
from lims.services import authority
from lims.services import policy as lab_policy
from lims.services.demo import DEMO_PASSWORD, DemoService, DemoSummary, load_demo_data
from lims.services.demo_showcase import SHOWCASE_MIN_SAMPLES
from lims.services.dto import AuditFilter, SampleFilter
from lims.services.sample_work import RegistrationForm
from lims.services.tracebacks import FailingFilter
from lims.services.transitions import apply_transition
from tests.conftest import _need_pg

SAMPLES = 60
GB2763_2026_FROM = date(2026, 3, 1)
LOCAL = timezone(timedelta(hours=8))
EXPECTED_ROLES = {
    "admin": {RoleCode.ADMIN},
    "manager": {RoleCode.MANAGER},
    "tech1": {RoleCode.TECHNICIAN},
    "tech2": {RoleCode.TECHNICIAN},
    "reviewer": {RoleCode.REVIEWER, RoleCode.TECHNICIAN},
    "signer": {RoleCode.SIGNATORY, RoleCode.REVIEWER},
}


_BUILT: dict[str, tuple[str, DemoSummary]] = {}  # backend -> the demo with SAMPLES samples, built once


@pytest.fixture
def db_url(request, backend, tmp_path, sqlite_template, pg_server) -> str:
    """A fresh migrated database; for a test that asks for ``built``, a copy of the demo lab with
    SAMPLES samples, built once per backend (a build takes seconds, a copy a moment)."""
    if backend == "postgresql":
        pg_server = _need_pg(pg_server)
    if "built" not in request.fixturenames:
        if backend == "sqlite":
            shutil.copyfile(sqlite_template, tmp_path / "lims.db")
            return str(tmp_path / "lims.db")
        return pg_server.fresh(migrated=True)
    if backend not in _BUILT:
        if backend == "sqlite":
            url = str(tmp_path.parent / f"demo-{SAMPLES}-samples.db")
            shutil.copyfile(sqlite_template, url)
        else:
            url = pg_server.fresh(migrated=True)
        eng = make_engine(parse_url(url))
        try:
            _BUILT[backend] = (url, DemoService(make_session_factory(eng)).build(samples=SAMPLES))
        finally:
            eng.dispose()
    url = _BUILT[backend][0]
    if backend == "sqlite":
        shutil.copyfile(url, tmp_path / "lims.db")
        return str(tmp_path / "lims.db")
    return pg_server.copy_of(url)


@pytest.fixture
def sessions(engine):
    return make_session_factory(engine)


@pytest.fixture
def built(backend, db_url) -> DemoSummary:
    """The summary of the demo lab the test's database is a copy of."""
    return _BUILT[backend][1]


def _local_day(moment: datetime) -> date:
    # SQLite hands back the stored UTC moment without its zone, PostgreSQL with it
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware.astimezone(LOCAL).date()


def _ancestors(s, product: Product) -> list[Product]:
    chain = []
    while product.parent_id is not None:
        product = s.get(Product, product.parent_id)
        chain.append(product)
    return chain


def test_every_demo_user_logs_in_with_the_documented_password_and_holds_their_roles(services, built):
    assert DEMO_PASSWORD == "demo1234"
    held = set()
    for username, roles in EXPECTED_ROLES.items():
        actor = services.users.login(username, "demo1234", "ws-demo")
        assert actor.roles == frozenset(roles), username
        assert actor.full_name and not actor.full_name.isascii()  # Chinese names
        held |= roles
    assert held == set(RoleCode)  # someone holds every role


def test_demo_users_share_one_password_hash_so_the_build_hashes_once(sessions, built):
    with sessions() as s:
        hashes = set(s.scalars(select(User.password_hash)))
    assert len(hashes) == 1 and next(iter(hashes)).startswith("$argon2")


def test_leek_and_celery_sit_under_the_vegetable_category(sessions, built):
    with sessions() as s:
        for name in ("韭菜", "芹菜"):
            product = s.scalar(select(Product).where(Product.name == name))
            chain = _ancestors(s, product)
            assert not product.is_category
            assert "蔬菜" in [p.name for p in chain]
            assert all(p.is_category for p in chain)
        celery = s.scalar(select(Product).where(Product.name == "芹菜"))
        assert s.get(Product, celery.parent_id).name == "叶菜类蔬菜"
        cashmere = s.scalar(select(Product).where(Product.name == "羊绒"))
        assert "非食用农产品" in [p.name for p in _ancestors(s, cashmere)]


def test_every_limit_is_labelled_demo_with_its_source(sessions, built):
    with sessions() as s:
        limits = s.scalars(select(Limit)).all()
        assert len(limits) > 20
        for lim in limits:
            assert lim.is_demo
            assert lim.source.startswith("演示数据")
        editions = set(s.scalars(
            select(Standard.number + "-" + Standard.year).join(Limit, Limit.standard_id == Standard.id)
        ))
        assert {"GB 2763-2021", "GB 2763-2026", "GB 31650-2019", "GB 2762-2022"} <= editions


def test_banned_substances_may_not_be_detected_in_meat(sessions, built):
    with sessions() as s:
        rows = s.execute(
            select(Parameter.name, Limit.kind, Limit.value)
            .join(Limit, Limit.parameter_id == Parameter.id)
            .join(Product, Product.id == Limit.product_id)
            .where(Product.name == "肉类", Parameter.banned.is_(True))
        ).all()
    names = {r.name for r in rows}
    assert {"克伦特罗", "沙丁胺醇", "莱克多巴胺", "氯霉素"} <= names
    assert all(r.kind == "not_detectable" and r.value is None for r in rows)


def test_a_pesticide_has_a_limit_in_both_gb2763_editions(sessions, built):
    with sessions() as s:
        veg_chlorpyrifos = s.execute(
            select(Standard.year, Limit.value)
            .join(Limit, Limit.standard_id == Standard.id)
            .join(Product, Product.id == Limit.product_id)
            .join(Parameter, Parameter.id == Limit.parameter_id)
            .where(Standard.number == "GB 2763", Product.name == "蔬菜", Parameter.name == "毒死蜱")
        ).all()
        assert {r.year for r in veg_chlorpyrifos} == {"2021", "2026"}
        old = s.scalar(select(Standard).where(Standard.number == "GB 2763", Standard.year == "2021"))
        new = s.scalar(select(Standard).where(Standard.number == "GB 2763", Standard.year == "2026"))
        assert old.in_force_to == date(2026, 2, 28) and old.replaced_by_id == new.id
        assert new.in_force_from == GB2763_2026_FROM


def test_results_are_judged_by_a_limit_of_the_product_or_an_ancestor_in_force_on_the_sampling_day(
    sessions, built
):
    with sessions() as s:
        rows = s.execute(
            select(Sample.product_id, Sample.sampled_at, Limit.product_id, Standard.in_force_from,
                   Standard.in_force_to)
            .join(Test, Test.sample_id == Sample.id)
            .join(Result, Result.test_id == Test.id)
            .join(Limit, Limit.id == Result.limit_id)
            .join(Standard, Standard.id == Limit.standard_id)
        ).all()
        assert rows
        inherited = 0
        for product_id, sampled_at, limit_product_id, frm, to in rows:
            day = _local_day(sampled_at)
            assert (frm is None or frm <= day) and (to is None or day <= to)
            if limit_product_id != product_id:
                chain = [p.id for p in _ancestors(s, s.get(Product, product_id))]
                assert limit_product_id in chain
                inherited += 1
        assert inherited  # category limits are in use


def test_detected_readings_are_exact_decimals_and_not_detected_ones_carry_no_value(sessions, built):
    with sessions() as s:
        results = s.scalars(select(Result)).all()
    assert results
    for r in results:
        if r.not_detected:
            assert r.value is None and r.verdict in (Verdict.PASS, Verdict.NO_BASIS)
        else:
            assert re.fullmatch(r"\d+\.\d+", r.value_text)
            assert r.value == Decimal(r.value_text)
        assert r.version == 1 and r.unit


def test_samples_spread_over_states_and_codes_are_unique(services, sessions, built):
    assert built.samples == SAMPLES
    page = services.samples.page(SampleFilter(), limit=200)
    assert page.total == SAMPLES
    codes = [r.code for r in page.rows]
    assert len(set(codes)) == SAMPLES
    assert all(re.fullmatch(r"NJ2026-\d{6}", c) for c in codes)
    statuses = Counter(r.status for r in page.rows)
    assert len(statuses) >= 6
    assert statuses[SampleStatus.APPROVED] == max(statuses.values())
    days = [_local_day(r.sampled_at) for r in page.rows]
    assert min(days) < GB2763_2026_FROM <= max(days)
    assert all(r.product and r.producer and r.area and r.task for r in page.rows)


def test_sampling_forms_are_filled_and_received_samples_say_when_and_by_whom(sessions, built):
    with sessions() as s:
        samples = s.scalars(select(Sample)).all()
        for smp in samples:
            assert smp.batch_size and smp.quantity and smp.storage
            if not smp.notes.startswith("委托方送样"):
                assert smp.sampler1 and smp.sampler2 and smp.sampler1 != smp.sampler2
            if smp.compliance_cert:
                assert smp.compliance_cert_no
            # a rejected sample was refused at receipt: never received
            received = smp.status not in (SampleStatus.SAMPLE_DUE, SampleStatus.CANCELLED, SampleStatus.REJECTED)
            assert (smp.received_at is not None) == received
            assert (smp.received_by_id is not None) == received
            if smp.status == SampleStatus.REJECTED:
                assert smp.rejection_reason
        levels = set(s.scalars(select(Area.level).join(Sample, Sample.area_id == Area.id)))
        assert levels == {"village"}


def test_tested_samples_have_their_panel_and_approved_ones_a_verdict(sessions, built):
    with sessions() as s:
        for smp in s.scalars(select(Sample)):
            tests = s.scalars(select(Test).where(Test.sample_id == smp.id)).all()
            panel_size = s.scalar(
                select(func.count(PanelItem.id)).join(Panel, Panel.id == PanelItem.panel_id)
                .where(Panel.product_id == smp.product_id)
            )
            results = s.scalars(select(Result).join(Test).where(Test.sample_id == smp.id)).all()
            if smp.status in (SampleStatus.SAMPLE_DUE, SampleStatus.REJECTED, SampleStatus.CANCELLED):
                assert tests == []
                continue
            if smp.status == SampleStatus.RECEIVED:
                # tests may be planned (a panel, a screen's confirmation), none has its result yet
                assert results == [] and {t.status for t in tests} <= {TestStatus.ASSIGNED}
                continue
            assert len(tests) == panel_size
            if smp.status == SampleStatus.TESTING:
                assert {t.status for t in tests} <= {TestStatus.ASSIGNED, TestStatus.RESULT_ENTERED}
                continue
            assert len(results) == len(tests)
            if smp.status in (SampleStatus.VERIFIED, SampleStatus.APPROVED):
                assert {t.status for t in tests} == {TestStatus.VERIFIED}
            if smp.status == SampleStatus.APPROVED:
                verdicts = {r.verdict for r in results}
                expected = (Verdict.FAIL if Verdict.FAIL in verdicts
                            else Verdict.NO_BASIS if Verdict.NO_BASIS in verdicts else Verdict.PASS)
                assert smp.verdict == expected
            else:
                assert smp.verdict is None


def test_both_certificates_exist_with_their_ability_tables(services, built):
    certs = {c.kind: c for c in services.overview.certificates()}
    assert set(certs) == {"CMA", "CATL"}
    cma, catl = certs["CMA"], certs["CATL"]
    assert re.fullmatch(r"\d{12}", cma.number)
    # valid for whole years, to the day before the anniversary
    assert cma.valid_until + timedelta(days=1) == cma.issued_on.replace(year=cma.issued_on.year + 6)
    assert catl.valid_until + timedelta(days=1) == catl.issued_on.replace(year=catl.issued_on.year + 3)
    assert (cma.renewal_lead_days, catl.renewal_lead_days) == (90, 180)
    for cert in certs.values():
        assert cert.table_version == 1 and cert.table_approved_on is not None
        assert 12 <= cert.rows <= 30
    cma_rows = services.overview.scope_rows(cma.id)
    names = [r.name for r in cma_rows]
    # the messy conventions of real tables are kept as printed
    assert "腐霉利（速克灵）" in names and "克百威（呋喃丹，包括3-羟基克百威）" in names
    assert any(n.startswith("﹡△") for n in names)
    assert any("－" in r.method_text or "Ｇ" in r.method_text for r in cma_rows)
    assert any(r.limits_of_use.startswith(("只", "不")) for r in cma_rows)


def test_some_panel_parameters_are_left_out_of_each_scope_for_audits_to_find(sessions, built):
    def normalised(name: str) -> str:
        return re.sub(r"[（(].*?[）)]|[﹡*△▲#]", "", name).strip()

    with sessions() as s:
        panel_names = set(s.scalars(
            select(Parameter.name).join(PanelItem, PanelItem.parameter_id == Parameter.id)
        ))
        rows = s.execute(
            select(ScopeRow.ability_table_id, ScopeRow.name).where(ScopeRow.category == "parameter")
        )
        scope: dict[int, set[str]] = {}
        for table_id, name in rows:
            scope.setdefault(table_id, set()).add(normalised(name))
    assert len(scope) == 2
    for names in scope.values():
        assert panel_names - names  # gaps to find
        assert panel_names & names  # and real cover


def test_instruments_have_one_valid_and_one_soon_expiring_calibration(services, built):
    instruments = {i.adapter: i for i in services.overview.instruments()}
    assert set(instruments) == {"enzyme-reader", "gold-reader"}  # names the adapter registry knows
    reference = date(2026, 11, 28)
    until = sorted(i.calibration_valid_until for i in instruments.values())
    assert until[0] > reference and until[0] - reference <= timedelta(days=30)
    assert until[1] - reference > timedelta(days=90)
    assert all(i.port.startswith("/dev/tty") and i.serial_no for i in instruments.values())


def test_producer_credit_codes_pass_the_gb32100_check_digit(sessions, built):
    with sessions() as s:
        producers = s.scalars(select(Producer)).all()
    with_codes = [p for p in producers if p.credit_code]
    assert len(producers) >= 15
    assert len(with_codes) >= 5 and len(with_codes) < len(producers)  # smallholders have none
    for p in with_codes:
        assert uscc_is_valid(p.credit_code), (p.name, p.credit_code)
    assert all(p.kind == "smallholder" for p in producers if not p.credit_code)
    # the check itself rejects a code with one character changed
    code = with_codes[0].credit_code
    altered = code[:-1] + ("0" if code[-1] != "0" else "1")
    assert not uscc_is_valid(altered)


USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # GB 32100-2015: no I, O, S, V, Z
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def uscc_is_valid(code: str) -> bool:
    """GB 32100-2015: the 18th character is a modulo-31 check over the first 17."""
    if len(code) != 18 or any(c not in USCC_CHARS for c in code):
        return False
    total = sum(USCC_CHARS.index(c) * w for c, w in zip(code[:17], USCC_WEIGHTS, strict=True))
    return USCC_CHARS[(31 - total % 31) % 31] == code[17]


def test_uscc_check_accepts_published_codes():
    # codes printed on the business licences of large listed companies
    assert uscc_is_valid("91440300708461136T")
    assert uscc_is_valid("91110108551385082Q")
    assert not uscc_is_valid("91440300708461136X")


def test_the_audit_chain_verifies_and_records_the_demo_users_and_certificates(services, built):
    report = services.audit.verify()
    assert report.ok, report.message
    users = services.audit.page(AuditFilter(entity="user", actor="demo")).rows
    certs = services.audit.page(AuditFilter(entity="certificate", actor="demo")).rows
    assert sorted(r.changes["username"][1] for r in users if r.action == "create") == sorted(EXPECTED_ROLES)
    assert {r.changes["kind"][1] for r in certs} == {"CMA", "CATL"}


def test_the_audit_trail_tells_each_generated_sample_s_journey_in_order(sessions, built):
    generated = SAMPLES - len(load_demo_data()["showcase"]["samples"])  # the showcase's come after
    with sessions() as s:
        events = s.execute(
            select(AuditEvent.seq, AuditEvent.occurred_at, AuditEvent.entity, AuditEvent.entity_id,
                   AuditEvent.action, AuditEvent.changes_json, AuditEvent.actor)
            .where(AuditEvent.actor != "demo").order_by(AuditEvent.seq)
        ).all()
        samples = {str(smp.id): smp for smp in s.scalars(select(Sample).where(Sample.id <= generated))}
        result_sample = dict(s.execute(select(Result.id, Test.sample_id).join(Test, Test.id == Result.test_id)).all())
    events = [e for e in events
              if (e.entity == "sample" and e.entity_id in samples)
              or (e.entity == "result" and str(result_sample[int(e.entity_id)]) in samples)]
    times = [e.occurred_at if e.occurred_at.tzinfo else e.occurred_at.replace(tzinfo=UTC) for e in events]
    assert times == sorted(times)  # the trail reads in the order things happened
    story: dict[str, list[tuple[str, object]]] = {}
    for e in events:
        changes = json.loads(e.changes_json)
        if e.entity == "result":
            story.setdefault(str(result_sample[int(e.entity_id)]), []).append(("result", changes["verdict"][1]))
        elif e.action == "transition":
            story.setdefault(e.entity_id, []).append(("status", tuple(changes["status"])))
        else:
            story.setdefault(e.entity_id, []).append((e.action, None))
    assert set(story) == set(samples)
    for sample_id, smp in samples.items():
        steps = story[sample_id]
        assert steps[0] == ("create", None)
        moves = [change for kind, change in steps if kind == "status"]
        assert (moves[-1][1] if moves else "sample_due") == smp.status, (smp.code, steps)
        if smp.status == SampleStatus.APPROVED:
            with sessions() as s:
                verdicts = list(s.scalars(select(Result.verdict).join(Test).where(Test.sample_id == smp.id)))
            assert steps == [
                ("create", None), ("status", ("sample_due", "received")), ("update", None),
                ("status", ("received", "testing")), *[("result", v) for v in verdicts],
                ("status", ("testing", "to_be_verified")), ("status", ("to_be_verified", "verified")),
                ("status", ("verified", "approved")),
            ]


def test_the_first_registration_after_the_generator_takes_the_next_code(services, sessions, built):
    tech = services.users.login("tech1", "demo1234", "ws-demo")
    with sessions() as s:
        product_id = s.scalar(select(Product.id).where(Product.name == "韭菜"))
        producer_id = s.scalar(select(Producer.id).order_by(Producer.id))
    detail = services.work.register(tech, RegistrationForm(
        product_id=product_id, producer_id=producer_id, sampled_at=datetime(2026, 11, 28, 9, 0, tzinfo=LOCAL),
        sampler1="赵抽样", sampler2="钱抽样"))
    assert detail.code == f"NJ2026-{SAMPLES + 1:06d}"
    assert services.audit.verify().ok


def test_stored_verdicts_are_what_the_domain_judgment_gives(sessions, built):
    with sessions() as s:
        parents = dict(s.execute(select(Product.id, Product.parent_id)).all())
        candidates: dict[int, list[LimitCandidate]] = {}
        for lim, std in s.execute(select(Limit, Standard).join(Standard, Standard.id == Limit.standard_id)):
            candidates.setdefault(lim.parameter_id, []).append(LimitCandidate(
                product_id=lim.product_id, value=lim.value, unit=lim.unit, kind=lim.kind,
                standard_number=std.number, standard_year=std.year, in_force_from=std.in_force_from,
                in_force_to=std.in_force_to, parameter_id=lim.parameter_id, limit_id=lim.id))
        rows = s.execute(
            select(Result, Test.parameter_id, Sample.product_id, Sample.sampled_at, Method)
            .join(Test, Test.id == Result.test_id).join(Sample, Sample.id == Test.sample_id)
            .join(Method, Method.id == Test.method_id)
        ).all()
    assert rows
    for result, parameter_id, product_id, sampled_at, method in rows:
        path = [product_id]
        while parents.get(path[-1]) is not None:
            path.append(parents[path[-1]])
        entry = ResultInput.nd() if result.not_detected else ResultInput(value_text=result.value_text)
        judged = judge(entry, MethodInfo(method.unit, method.reporting_digits, method.lod, method.loq),
                       candidates.get(parameter_id, []), path, _local_day(sampled_at))
        assert (result.verdict, result.limit_id) == (
            judged.verdict, judged.basis.limit_id if judged.basis else None), result.value_text
        assert result.reported_text == judged.reported_value


def test_building_twice_is_refused_and_changes_nothing(sessions, built):
    def snapshot():
        with sessions() as s:
            return (
                s.scalar(select(func.count(User.id))), s.scalar(select(func.count(Sample.id))),
                s.scalar(select(func.count(Result.id))), s.scalar(select(func.count(Product.id))),
                s.scalar(select(func.count(AuditEvent.id))), s.scalar(select(AuditHead.last_hash)),
            )

    before = snapshot()
    with pytest.raises(ValidationError, match="empty database"):
        DemoService(sessions).build(samples=5)
    assert snapshot() == before


def test_a_database_with_an_administrator_is_refused(services, sessions):
    services.users.create_first_admin("admin", "王管理", "kaoshi2026", "ws-01")
    with pytest.raises(ValidationError, match="1 user"):
        DemoService(sessions).build(samples=5)
    with sessions() as s:
        assert s.scalar(select(func.count(Product.id))) == 0


def test_progress_is_reported_per_chunk_up_to_the_total(sessions):
    calls = []
    DemoService(sessions).build(samples=12, progress=lambda done, total: calls.append((done, total)))
    assert calls and calls[-1] == (12, 12)
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)


def test_a_build_without_samples_still_makes_the_lab(services, sessions):
    summary = DemoService(sessions).build(samples=0)
    assert summary.samples == summary.tests == summary.results == 0
    assert summary.users == 6 and summary.certificates == 2
    assert services.samples.page(SampleFilter()).total == 0


def test_the_same_seed_builds_the_same_samples_on_sqlite(tmp_path, sqlite_template):
    def build(name: str, seed: int) -> list[tuple]:
        path = tmp_path / name
        shutil.copyfile(sqlite_template, path)
        eng = make_engine(parse_url(str(path)))
        try:
            sessions = make_session_factory(eng)
            DemoService(sessions).build(samples=SHOWCASE_MIN_SAMPLES - 1, seed=seed)
            with sessions() as s:
                # a small build is the generator's alone: no showcase, no screen
                assert s.scalar(select(func.count(Sample.id))) == SHOWCASE_MIN_SAMPLES - 1
                assert s.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.entity == "rapid_screen")) == 0
                return s.execute(
                    select(Sample.code, Sample.status, Sample.sampled_at, Result.value_text, Result.verdict)
                    .outerjoin(Test, Test.sample_id == Sample.id).outerjoin(Result, Result.test_id == Test.id)
                    .order_by(Sample.code, Test.id)
                ).all()
        finally:
            eng.dispose()

    first, again, other = build("a.db", 7), build("b.db", 7), build("c.db", 8)
    assert first == again
    assert first != other


def test_the_demo_file_is_labelled_and_refers_by_code_not_by_id():
    data = load_demo_data()
    assert data["_meta"]["demo"] is True and "演示" in data["lab"]["name"]
    for section in ("areas", "products", "producers", "tasks", "limits", "panels"):
        assert all("id" not in row for row in data[section]), section


# --- the showcase: samples the demo's people took through the application ------------------------

def _showcase(services) -> list:
    """The showcase's samples as the sample list shows them: the last codes of the build."""
    count = len(load_demo_data()["showcase"]["samples"])
    rows = services.samples.page(SampleFilter(), limit=200).rows
    return sorted(rows, key=lambda r: r.code)[-count:]


def test_the_showcase_leaves_a_couple_of_samples_in_every_state_a_page_shows(services, built):
    plans = load_demo_data()["showcase"]["samples"]
    planned = Counter(p["state"] for p in plans)
    assert set(planned) == {"sample_due", "rejected", "received", "testing", "to_be_verified", "verified",
                            "approved"}
    assert min(planned.values()) >= 2
    shown = _showcase(services)
    assert Counter(r.status for r in shown) == planned
    # sampled when the plan says, in sampling order, whenever the demo is built
    assert [r.sampled_at.astimezone(LOCAL).strftime("%Y-%m-%dT%H:%M") for r in shown] == sorted(
        p["sampled"] for p in plans)
    for row in shown:
        detail = services.work.detail(row.id)
        if row.status == SampleStatus.REJECTED:
            assert detail.rejection_reason and detail.received_at is None
        if row.status == SampleStatus.TESTING:  # results still to enter: the worklist's
            assert any(t.current is None for t in detail.tests) and any(t.current for t in detail.tests)
        if row.status in (SampleStatus.TO_BE_VERIFIED, SampleStatus.VERIFIED, SampleStatus.APPROVED):
            assert all(t.current for t in detail.tests)
        if row.status == SampleStatus.APPROVED:
            assert [s.username for s in detail.signatures] == ["reviewer", "signer"]
    waiting = {w.name: w.waiting for w in services.worklist.parameters_waiting()}
    assert waiting["铅"] >= 2 and waiting["克伦特罗"] >= 1  # the bench has a worklist to fill
    lead = services.worklist.rows(next(w.parameter_id for w in services.worklist.parameters_waiting()
                                       if w.name == "铅"))
    assert {r.sample_code for r in lead} & {r.code for r in shown} and not any(r.value_text for r in lead)


def test_a_positive_rapid_screen_opens_its_confirmation_test(services, built):
    screened = [r for r in _showcase(services) if r.status == SampleStatus.RECEIVED]
    assert len(screened) == 2
    kinds = set()
    for row in screened:
        [screen] = services.screening.list_for_sample(row.id)
        assert screen.outcome == "positive" and screen.tested_by in ("王晓燕", "包文军")
        kinds.add(screen.method_kind)
        confirmation = next(t for t in services.work.detail(row.id).tests if t.id == screen.confirmation_test_id)
        assert confirmation.current is None and confirmation.parameter in screen.confirmation
    assert kinds == {"enzyme_inhibition", "colloidal_gold"}


def test_failing_samples_have_their_traceback_under_way_and_name_the_limit_they_broke(services, built):
    rows = services.failing.failing_samples(FailingFilter(state="notified")).rows
    showcase = {r.code for r in _showcase(services)}
    traced = [r for r in rows if r.code in showcase]
    assert len(traced) == 2
    assert all(r.notified_party and r.notified_by == "其木格" for r in traced)
    assert [bool(r.action_taken) for r in sorted(traced, key=lambda r: r.code)] == [True, False]
    bases = {item.parameter: item.basis_text for r in traced for item in r.failing}
    assert bases == {"腐霉利": "GB 2763-2026 0.1 mg/kg", "克伦特罗": "农业农村部公告第250号-2019 不得检出"}


def test_reports_are_issued_signed_by_the_demo_s_test_identity_and_verify(services, built):
    issued = [r for r in services.reports.list_reports() if r.status == "issued"]
    assert len(issued) == 2 and {r.issued_by for r in issued} == {"乌云其其格"}
    check = services.reports.verify(services.reports.stored_pdf(issued[0].number))
    assert check.intact and check.matches_record and check.ok
    assert "TEST ONLY" in services.reports.identity().label


def test_every_result_judged_against_a_limit_shows_its_basis_not_detected_ones_too(sessions, built):
    with sessions() as s:
        rows = s.execute(select(Result.not_detected, Result.limit_id, Result.basis_text, Result.verdict)).all()
    judged = [r for r in rows if r.limit_id is not None]
    assert judged and all(r.basis_text for r in judged)
    assert sum(1 for r in judged if r.not_detected) > 10
    assert all(r.basis_text == "" and r.verdict == Verdict.NO_BASIS for r in rows if r.limit_id is None)


def test_each_showcase_step_is_in_the_audit_trail_under_the_person_who_took_it(services, sessions, built):
    shown = {str(r.id): r for r in _showcase(services)}
    with sessions() as s:
        events = s.execute(select(AuditEvent.entity, AuditEvent.entity_id, AuditEvent.action, AuditEvent.actor,
                                  AuditEvent.changes_json).order_by(AuditEvent.seq)).all()
    steps: dict[str, list[tuple[str, str]]] = {}
    for e in events:
        if e.entity == "sample" and e.entity_id in shown:
            status = json.loads(e.changes_json).get("status")
            steps.setdefault(e.entity_id, []).append((f"{status[0]}>{status[1]}" if status else e.action, e.actor))
    approved = next(r for r in shown.values() if r.status == SampleStatus.APPROVED)
    assert [step for step, _ in steps[str(approved.id)]] == [
        "create", "sample_due>received", "update", "received>testing", "testing>to_be_verified",
        "to_be_verified>verified", "verified>approved"]
    assert [who for _, who in steps[str(approved.id)]][-2:] == ["reviewer", "signer"]
    rejected = next(r for r in shown.values() if r.status == SampleStatus.REJECTED)
    assert [step for step, _ in steps[str(rejected.id)]] == ["create", "sample_due>rejected"]
    others = Counter((e.entity, e.actor) for e in events if e.entity in ("rapid_screen", "traceback", "report"))
    assert others == {("rapid_screen", "tech1"): 1, ("rapid_screen", "tech2"): 1, ("traceback", "manager"): 3,
                      ("report", "signer"): 2}
    assert services.audit.verify().ok


def test_the_demo_signatory_may_approve_every_verified_demo_sample_and_every_panel(services, sessions, built):
    signer = services.users.login("signer", DEMO_PASSWORD, "ws-demo")
    with sessions() as s:
        today = lab_policy.read(s).today()
        may_sign = authority.may_sign(s, signer, today)
        panels: dict[str, set[int]] = {}
        for name, parameter_id in s.execute(select(Panel.name, PanelItem.parameter_id)
                                            .join(PanelItem, PanelItem.panel_id == Panel.id)):
            panels.setdefault(name, set()).add(parameter_id)
        assert len(panels) == len(load_demo_data()["panels"])
        assert {name for name, parameters in panels.items() if not parameters <= may_sign} == set()
        verified = list(s.scalars(select(Sample).where(Sample.status == SampleStatus.VERIFIED)))
        assert len({smp.product_id for smp in verified}) >= 2
        for smp in verified:
            apply_transition(s, signer, smp, Transition.APPROVE, "", lab_policy.read(s).workflow)
            assert smp.status == SampleStatus.APPROVED and smp.verdict is not None
        s.rollback()
