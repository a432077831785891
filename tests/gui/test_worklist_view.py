"""The worklist: one parameter down a batch of samples, typed with the keyboard."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from lims.gui.results_grid import GridColumn
from lims.gui.tasks import TaskRunner
from lims.gui.views.worklist import COLUMNS, WorklistView
from lims.services.container import Services
from tests.gui.test_sample_work_gui import login, prepared_sample

VALUE, VERDICT = COLUMNS.index(GridColumn.VALUE), COLUMNS.index(GridColumn.VERDICT)


@pytest.fixture
def lab(sqlite_demo_services: Services) -> Services:
    return sqlite_demo_services


def type_value(qtbot: QtBot, view: WorklistView, row: int, text: str) -> None:
    """As in the sample's grid: the first key opens the editor, Enter commits it (ASCII only)."""
    index = view.model.index(row, VALUE)
    view.table.setCurrentIndex(index)
    view.table.setFocus()
    qtbot.keyClick(view.table, text[0])
    editor = view.table.indexWidget(index)
    assert isinstance(editor, QLineEdit), "typing did not open the value editor"
    qtbot.keyClicks(editor, text[1:])
    with qtbot.waitSignal(view.model.value_entered, timeout=5000):
        qtbot.keyClick(editor, Qt.Key.Key_Return)


def open_worklist(qtbot: QtBot, lab: Services, runner: TaskRunner) -> WorklistView:
    view = WorklistView(lab, login(lab, "tech1"), runner)
    qtbot.addWidget(view)
    view.resize(1000, 500)
    view.show()
    qtbot.waitExposed(view)
    view.activateWindow()
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.refresh()
    return view


def test_values_typed_down_the_worklist_are_saved_with_their_verdicts_and_a_word_is_refused_on_its_row(
        qtbot: QtBot, lab: Services, runner: TaskRunner) -> None:
    tech = login(lab, "tech1")
    samples = [prepared_sample(lab, tech) for _ in range(3)]
    view = open_worklist(qtbot, lab, runner)
    names = [view.parameter.itemText(i) for i in range(view.parameter.count())]
    chlorpyrifos = next(i for i, n in enumerate(names) if n.startswith("毒死蜱"))
    assert "3" in names[chlorpyrifos]
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.parameter.setCurrentIndex(chlorpyrifos)
    assert [line.sample_code for line in view.model.lines] == [s.code for s in reversed(samples)]
    assert view.table.currentIndex().row() == 0

    type_value(qtbot, view, 0, "0.0123")
    assert runner.wait_idle(10_000)
    assert view.table.currentIndex().row() == 1  # on to the next sample
    type_value(qtbot, view, 1, "nd")
    assert runner.wait_idle(10_000)
    assert view.table.currentIndex().row() == 2
    rows = view.model.lines
    assert (rows[0].value_text, rows[1].value_text) == ("0.0123", "ND")
    assert rows[0].verdict and rows[1].verdict and not view.model.pending
    assert view.model.index(0, VERDICT).data()
    for row, sample in zip(rows[:2], list(reversed(samples))[:2], strict=True):
        stored = next(t for t in lab.work.detail(sample.id).tests if t.parameter == "毒死蜱")
        assert stored.current is not None and stored.current.value_text == row.value_text
        assert stored.current.verdict == row.verdict and stored.version == row.version
    assert next(t for t in lab.work.detail(samples[1].id).tests
                if t.parameter == "毒死蜱").current.detection == "not_detected"

    type_value(qtbot, view, 2, "abc")
    assert runner.wait_idle(10_000)
    third = view.model.lines[2]
    assert third.test_id in view.model.errors
    assert view.model.index(2, VALUE).data() == "abc"  # the typed text stays on its row
    assert view.model.index(2, VALUE).data(Qt.ItemDataRole.ToolTipRole) == view.model.errors[third.test_id]
    assert view.message.kind == "error" and third.sample_code in view.message.text()
    assert next(t for t in lab.work.detail(samples[0].id).tests if t.parameter == "毒死蜱").current is None
