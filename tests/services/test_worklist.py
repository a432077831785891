"""The worklist of one parameter across the samples waiting for it (SQLite, demo lab)."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from lims.services.container import Services
from lims.services.sample_work import RegistrationForm, SampleDetail

PW = "demo1234"
CST = ZoneInfo("Asia/Shanghai")


def _prepared(lab: Services, tech, *, receive: bool = True) -> SampleDetail:
    options = lab.samples.options()
    product = next(p.id for p in options.products if p.name == "韭菜")
    producer = options.producers[0].id
    sample = lab.work.register(tech, RegistrationForm(
        product_id=product, producer_id=producer, sampled_at=datetime(2026, 3, 5, 9, 30, tzinfo=CST),
        sampler1="张明", sampler2="李强", batch_size="500 kg", quantity="1 kg", storage="冷藏"))
    if receive:
        sample = lab.work.receive(tech, sample.id, sample.version, condition="包装完好", storage_place="冷藏柜A-2")
        sample = lab.work.assign_panel(tech, sample.id, sample.version)
    return sample


def test_the_worklist_lists_every_waiting_test_of_a_parameter_newest_first(sqlite_demo_services: Services) -> None:
    lab = sqlite_demo_services
    tech = lab.users.login("tech1", PW, "化验室-1")
    assert lab.worklist.parameters_waiting() == []
    samples = [_prepared(lab, tech) for _ in range(3)]
    _prepared(lab, tech, receive=False)  # not received: not on the bench yet

    waiting = {name: (pid, count) for pid, name, count in lab.worklist.parameters_waiting()}
    assert waiting["毒死蜱"][1] == 3 and waiting["腐霉利"][1] == 3
    rows = lab.worklist.rows(waiting["毒死蜱"][0])
    assert [r.sample_code for r in rows] == [s.code for s in reversed(samples)]
    assert {r.product for r in rows} == {"韭菜"}
    assert all(r.value_text == "" and r.verdict is None and r.status == "assigned" for r in rows)
    first = samples[0]
    test = next(t for t in first.tests if t.parameter == "毒死蜱")
    assert rows[-1].test_id == test.id and rows[-1].test_version == test.version
    assert (rows[-1].method, rows[-1].unit) == (test.method, test.unit)

    # a value entered shows in its row; the row stays while the sample is being tested
    lab.work.enter_result(tech, test.id, test.version, "0.0123")
    row = next(r for r in lab.worklist.rows(waiting["毒死蜱"][0]) if r.test_id == test.id)
    assert row.value_text == "0.0123" and row.verdict in ("pass", "fail", "no_basis")
    assert row.status == "result_entered" and row.test_version != test.version


def test_a_dropped_test_leaves_the_worklist(sqlite_demo_services: Services) -> None:
    lab = sqlite_demo_services
    tech = lab.users.login("tech1", PW, "化验室-1")
    sample = _prepared(lab, tech)
    test = next(t for t in sample.tests if t.parameter == "毒死蜱")
    lab.work.drop_test(tech, test.id, test.version, "仪器故障，外送")
    assert "毒死蜱" not in {name for _pid, name, _count in lab.worklist.parameters_waiting()}
    assert lab.worklist.rows(test.parameter_id) == []
