"""The limit lookup dialog: the limit in force on a day, where it is set, and the demo mark."""
from __future__ import annotations

import os

from PySide6.QtCore import QDate
from pytestqt.qtbot import QtBot

from lims.gui import vocabulary
from lims.gui.limit_lookup import LimitLookupDialog
from lims.gui.tasks import TaskRunner
from lims.services.container import Services


def _dialog(qtbot: QtBot, services: Services, runner: TaskRunner) -> LimitLookupDialog:
    dialog = LimitLookupDialog(services, runner)
    qtbot.addWidget(dialog)
    dialog.show()
    assert runner.wait_idle()
    return dialog


def _look_up(dialog: LimitLookupDialog, runner: TaskRunner, product: str, parameter: str, on: QDate) -> None:
    dialog.product.setEditText(product)
    dialog.parameter.setEditText(parameter)
    dialog.on.setDate(on)
    dialog.lookup_button.click()
    assert runner.wait_idle()


def test_the_limit_of_the_day_is_shown_with_its_standard_its_category_and_the_demo_mark(
        qtbot: QtBot, sqlite_demo_services: Services, runner: TaskRunner) -> None:
    dialog = _dialog(qtbot, sqlite_demo_services, runner)
    lab_day = vocabulary.today_in(vocabulary.default_lab_zone())  # the lab's date, not the machine's
    assert dialog.on.date() == QDate(lab_day.year, lab_day.month, lab_day.day)
    products = [dialog.product.itemText(i) for i in range(dialog.product.count())]
    parameters = [dialog.parameter.itemText(i) for i in range(dialog.parameter.count())]
    assert "韭菜" in products and "毒死蜱" in parameters

    _look_up(dialog, runner, "韭菜", "毒死蜱", QDate(2026, 2, 28))
    assert dialog.value_label.text() == "0.02 mg/kg"
    assert "GB 2763-2021" in dialog.standard_label.text()
    # "inherited from 蔬菜" (in Chinese once its translation is in)
    assert "蔬菜" in dialog.inherited_label.text() and "韭菜" not in dialog.inherited_label.text()
    assert dialog.demo_label.isVisible()
    # the source in Chinese, no English word in it
    assert dialog.source_label.text().startswith("演示数据：GB 2763-2021") and "demo" not in dialog.source_label.text()
    if os.environ.get("QT_QPA_PLATFORM") == "offscreen":
        dialog.grab().save("/tmp/lookup.png")

    _look_up(dialog, runner, "韭菜", "毒死蜱", QDate(2026, 3, 1))
    assert dialog.value_label.text().startswith("0.01")
    assert "GB 2763-2026" in dialog.standard_label.text()
    assert not dialog.no_basis_label.isVisible()


def test_an_unknown_product_is_named_beside_the_product_field(
        qtbot: QtBot, sqlite_demo_services: Services, runner: TaskRunner) -> None:
    dialog = _dialog(qtbot, sqlite_demo_services, runner)
    _look_up(dialog, runner, "香蕉", "毒死蜱", QDate(2026, 3, 1))
    error = dialog.boxes["product"].error
    assert error.isVisible() and error.kind == "error" and "香蕉" in error.text()
    assert not dialog.boxes["parameter"].error.isVisible()
    assert dialog.found is None and not dialog.details.isVisible()
