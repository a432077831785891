"""The worklist of one parameter across the samples waiting for it (demo lab, both databases)."""
from __future__ import annotations

import pytest

from lims.services.container import Services
from lims.services.dto import Actor
from lims.services.sample_work import SampleDetail
from tests.services.conftest import Catalogue, People


@pytest.fixture
def tech(people: People) -> Actor:
    return people["tech1"]


def _prepared(lab: Services, catalogue: Catalogue, tech: Actor, *, receive: bool = True) -> SampleDetail:
    sample = lab.work.register(tech, catalogue.form(batch_size="500 kg", quantity="1 kg", storage="冷藏"))
    if receive:
        sample = lab.work.receive(tech, sample.id, sample.version, condition="包装完好", storage_place="冷藏柜A-2")
        sample = lab.work.assign_panel(tech, sample.id, sample.version)
    return sample


def test_the_worklist_lists_every_waiting_test_of_a_parameter_newest_first(
        lab: Services, catalogue: Catalogue, tech: Actor) -> None:
    assert lab.worklist.parameters_waiting() == []
    samples = [_prepared(lab, catalogue, tech) for _ in range(3)]
    _prepared(lab, catalogue, tech, receive=False)  # not received: not on the bench yet

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


def test_a_dropped_test_leaves_the_worklist(lab: Services, catalogue: Catalogue, tech: Actor) -> None:
    sample = _prepared(lab, catalogue, tech)
    test = next(t for t in sample.tests if t.parameter == "毒死蜱")
    lab.work.drop_test(tech, test.id, test.version, "仪器故障，外送")
    assert "毒死蜱" not in {name for _pid, name, _count in lab.worklist.parameters_waiting()}
    assert lab.worklist.rows(test.parameter_id) == []
