"""The 基础数据 area: each list added to, edited, searched and retired through its page and the one
edit form, every change in the audit trail; and the first-run dialog of a new lab's database."""
from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from datetime import datetime
from functools import partial
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from lims.db.engine import make_engine, parse_url
from lims.gui.first_run import FirstRunDialog
from lims.gui.sample_dialogs import RegistrationDialog
from lims.gui.tasks import TaskRunner
from lims.gui.views.master_data import EntryDialog, LabProfilePage, ListPage, MasterDataView
from lims.gui.widgets import MUTED_TEXT
from lims.services.container import Services, build_services
from lims.services.dto import Actor, AuditFilter, SampleFilter
from lims.services.master_data import EntryFilter
from lims.services.registration import RegistrationForm
from tests.gui.conftest import ADMIN_PASSWORD, TECH_PASSWORD, WORKSTATION
from tests.services.setup_workbooks import PRODUCER_CODE

CST = ZoneInfo("Asia/Shanghai")


@pytest.fixture(scope="session")
def starter_template(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database holding the starter reference data, an administrator and a technician: built once."""
    path = tmp_path_factory.mktemp("tpl") / "starter.db"
    shutil.copyfile(sqlite_template, path)
    engine = make_engine(parse_url(str(path)))
    services = build_services(engine)
    services.users.create_first_admin("admin", "王建国", ADMIN_PASSWORD, WORKSTATION)
    admin = services.users.login("admin", ADMIN_PASSWORD, WORKSTATION)
    services.users.create_user(admin, "zhangsan", "张三", TECH_PASSWORD, {"technician"})
    services.setup.import_starter(admin)
    engine.dispose()
    return path


@pytest.fixture
def lab(tmp_path: Path, starter_template: Path) -> Iterator[Services]:
    target = tmp_path / "lab.db"
    shutil.copyfile(starter_template, target)
    engine = make_engine(parse_url(str(target)))
    yield build_services(engine)
    engine.dispose()


@pytest.fixture
def manager(lab: Services) -> Actor:
    return lab.users.login("admin", ADMIN_PASSWORD, WORKSTATION)


@pytest.fixture
def tech(lab: Services) -> Actor:
    return lab.users.login("zhangsan", TECH_PASSWORD, WORKSTATION)


@pytest.fixture
def view(qtbot: QtBot, lab: Services, manager: Actor, runner: TaskRunner) -> MasterDataView:
    area = MasterDataView(lab, manager, runner)
    qtbot.addWidget(area)
    area.resize(1200, 700)
    area.show()
    return area


def open_list(qtbot: QtBot, view: MasterDataView, title: str, search: str = "") -> ListPage:
    page = view.page(title)
    assert isinstance(page, ListPage)
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        view.show_section(title)
    if search:
        search_for(qtbot, page, search)
    return page


def search_for(qtbot: QtBot, page: ListPage, text: str, retired: bool = False) -> None:
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.search.setText(text)
        page.show_retired.blockSignals(True)
        page.show_retired.setChecked(retired)
        page.show_retired.blockSignals(False)
        page.apply_filter()


def shown(page: ListPage) -> list[dict[str, str]]:
    """The rows as the table shows them, by column header."""
    model = page.model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    return [{headers[c]: model.index(r, c).data() for c in range(model.columnCount())}
            for r in range(model.rowCount())]


def fill(dialog: EntryDialog, **texts: str) -> None:
    for key, text in texts.items():
        dialog.set_text(key, text)


def save(qtbot: QtBot, page: ListPage, dialog: EntryDialog) -> None:
    """Save the form; the list is read again once it is stored (the dialog closes and is gone)."""
    with qtbot.waitSignal(dialog.saved, timeout=10_000), qtbot.waitSignal(page.loaded, timeout=10_000):
        dialog.ok_button.click()


def refused(qtbot: QtBot, dialog: EntryDialog, key: str) -> str:
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: key in dialog.field_errors(), timeout=10_000)
    assert dialog.isVisible()
    return dialog.field_errors()[key]


def select(qtbot: QtBot, page: ListPage, text: str) -> None:
    assert page.select(text), f"{text} is not listed"


def events(lab: Services, entity: str, entity_id: int | None = None) -> list[tuple[str, dict]]:
    """The audit trail of ``entity`` (of one entry), oldest first."""
    return [(e.action, e.changes) for e in reversed(lab.audit.page(AuditFilter(entity=entity)).rows)
            if entity_id is None or e.entity_id == str(entity_id)]


def retire(qtbot: QtBot, page: ListPage) -> None:
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.retire_button.click()


# --- products -------------------------------------------------------------------------------


def test_a_product_is_added_found_by_its_alias_edited_and_retired_each_change_audited(
        qtbot: QtBot, view: MasterDataView, lab: Services) -> None:
    page = open_list(qtbot, view, "产品分类")
    assert [page.model.headerData(c, Qt.Orientation.Horizontal) for c in range(page.model.columnCount())] == [
        "编码", "名称", "上级", "是否类别", "别名"]
    dialog = page.open_add_dialog()
    assert dialog is not None and dialog.windowTitle() == "添加到产品分类"
    qtbot.waitUntil(lambda: dialog.inputs["parent"].count() > 100)  # type: ignore[attr-defined]
    fill(dialog, code="LOCAL-SC", name="沙葱", parent="FC0301", aliases="蒙古韭；野韭")
    save(qtbot, page, dialog)
    assert page.message.text() == "已保存，修改已记入审计追踪"

    search_for(qtbot, page, "蒙古韭")
    assert shown(page) == [{"编码": "LOCAL-SC", "名称": "沙葱", "上级": "鳞茎类蔬菜 (FC0301)", "是否类别": "否",
                            "别名": "蒙古韭;野韭"}]
    select(qtbot, page, "LOCAL-SC")
    dialog = page.open_edit_dialog()
    assert dialog is not None and dialog.windowTitle() == "编辑产品分类"
    fill(dialog, name="沙葱（野生）")
    save(qtbot, page, dialog)
    assert shown(page)[0]["名称"] == "沙葱（野生）"

    select(qtbot, page, "LOCAL-SC")
    assert page.retire_button.text() == "停用"
    retire(qtbot, page)
    assert page.message.text() == "已停用：已有记录保留该条目，新记录中不再提供"
    assert shown(page) == []  # retired ones are left out of the list ...
    search_for(qtbot, page, "蒙古韭", retired=True)  # ... unless asked for
    assert shown(page)[0]["名称"] == "沙葱（野生）"
    assert page.model.index(0, 0).data(Qt.ItemDataRole.ForegroundRole) == MUTED_TEXT
    select(qtbot, page, "LOCAL-SC")
    assert page.retire_button.text() == "恢复启用"

    entry = lab.master.page(EntryFilter("产品分类", "LOCAL-SC", retired=True), 0, 1).rows[0]
    local = events(lab, "product", entry.id)
    assert [action for action, _ in local] == ["create", "update", "update"]
    assert local[0][1]["parent"] == [None, "FC0301"] and local[0][1]["aliases"] == [None, "蒙古韭;野韭"]
    assert local[1][1] == {"name": ["沙葱", "沙葱（野生）"]}
    assert local[2][1] == {"active": [True, False]}


def test_a_retired_product_is_not_offered_at_registration_but_old_samples_still_show_it(
        qtbot: QtBot, lab: Services, manager: Actor, tech: Actor, runner: TaskRunner) -> None:
    lab.master.save(manager, "受检单位", {"name": "阿鲁科尔沁旗绿野蔬菜种植专业合作社", "credit_code": PRODUCER_CODE,
                                       "kind": "合作社"})
    options = lab.samples.options()
    leek = next(p.id for p in options.products if p.name == "韭菜")
    sample = lab.work.register(tech, RegistrationForm(
        product_id=leek, producer_id=options.producers[0].id, sampled_at=datetime(2026, 3, 5, 9, 30, tzinfo=CST),
        sampler1="张明", sampler2="李强"))
    entry = lab.master.page(EntryFilter("产品分类", "FC030104"), 0, 1).rows[0]
    lab.master.retire(manager, "产品分类", entry.id, entry.version)

    dialog = RegistrationDialog(lab, tech, runner)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(dialog.register_button.isEnabled)
    offered = [dialog.product.itemText(i).strip("\u3000") for i in range(dialog.product.count())]
    assert "葱" in offered and "韭菜" not in offered
    with pytest.raises(Exception, match="is retired from the catalogue"):
        lab.work.register(tech, RegistrationForm(
            product_id=leek, producer_id=options.producers[0].id, sampled_at=datetime(2026, 3, 6, 9, tzinfo=CST),
            sampler1="张明", sampler2="李强"))
    old = lab.samples.page(SampleFilter(), 0, 10).rows
    assert [(r.code, r.product) for r in old] == [(sample.code, "韭菜")]
    assert "韭菜" in [p.name for p in lab.samples.options().products]  # the list's filter still offers it


# --- parameters -----------------------------------------------------------------------------


def test_a_parameter_is_added_with_its_class_and_a_taken_name_is_refused_beside_the_field(
        qtbot: QtBot, view: MasterDataView, lab: Services) -> None:
    page = open_list(qtbot, view, "检测参数")
    dialog = page.open_add_dialog()
    assert dialog is not None
    fill(dialog, name="毒死蜱", kind="pesticide")
    head = lab.audit.head()
    assert refused(qtbot, dialog, "name") == "“毒死蜱”已在列表中：请在列表中选中并编辑它"
    assert dialog.message.text() == "未保存：有 1 个字段需要更正"
    assert lab.audit.head() == head  # nothing stored, no event

    fill(dialog, name="盐酸克伦特罗", kind="banned_substance", banned="否")
    assert refused(qtbot, dialog, "banned") == "类别为禁用物质的参数按“不得检出”判定：请将“禁用物质”设为“是”"
    fill(dialog, name="玉米赤霉烯酮", aliases="ZEN", name_en="zearalenone", cas_no="17924-92-4", kind="toxin")
    save(qtbot, page, dialog)
    search_for(qtbot, page, "zen")
    assert shown(page) == [{"名称": "玉米赤霉烯酮", "别名": "ZEN", "英文名": "zearalenone", "CAS号": "17924-92-4",
                            "类别": "生物毒素", "禁用物质": "否"}]
    assert events(lab, "parameter")[-1] == ("create", {
        "name": [None, "玉米赤霉烯酮"], "aliases": [None, "ZEN"], "name_en": [None, "zearalenone"],
        "cas_no": [None, "17924-92-4"], "kind": [None, "toxin"], "banned": [None, False]})

    select(qtbot, page, "玉米赤霉烯酮")
    dialog = page.open_edit_dialog()
    assert dialog is not None
    fill(dialog, name="玉米赤霉烯酮（ZEN）")  # a renamed entry stays the same entry
    save(qtbot, page, dialog)
    assert events(lab, "parameter")[-1] == ("update", {"name": ["玉米赤霉烯酮", "玉米赤霉烯酮（ZEN）"]})
    assert lab.master.page(EntryFilter("检测参数", "玉米赤霉"), 0, 10).total == 1


# --- methods --------------------------------------------------------------------------------


def test_a_methods_lod_and_loq_are_edited_and_what_it_is_cannot_change(
        qtbot: QtBot, view: MasterDataView, lab: Services) -> None:
    page = open_list(qtbot, view, "方法", search="毒死蜱")
    select(qtbot, page, "毒死蜱")
    dialog = page.open_edit_dialog()
    assert dialog is not None
    assert not dialog.inputs["parameter"].isEnabled() and not dialog.inputs["standard"].isEnabled()
    assert dialog.inputs["lod"].isEnabled()
    fill(dialog, lod="0.01", loq="0.003")
    assert refused(qtbot, dialog, "loq") == "定量限 0.003 低于检出限 0.01"
    fill(dialog, lod="0.003", loq="0.01", reporting_digits="3")
    save(qtbot, page, dialog)
    row = shown(page)[0]
    assert (row["参数"], row["检出限"], row["定量限"], row["报告位数"]) == ("毒死蜱", "0.003", "0.01", "3")
    assert events(lab, "method")[-1] == ("update", {"lod": [None, "0.003"], "loq": [None, "0.01"],
                                                    "reporting_digits": [2, 3]})

    dialog = page.open_add_dialog()
    assert dialog is not None
    fill(dialog, parameter="毒死蜱", standard="GB 23200.113-2018", kind="laboratory", unit="mg/kg")
    assert refused(qtbot, dialog, "standard") == "“GB 23200.113-2018”已在列表中：请在列表中选中并编辑它"
    dialog.close()


# --- producers ------------------------------------------------------------------------------


def test_a_producer_with_a_bad_credit_code_is_refused_with_the_reason_and_nothing_is_stored(
        qtbot: QtBot, view: MasterDataView, lab: Services) -> None:
    page = open_list(qtbot, view, "受检单位")
    dialog = page.open_add_dialog()
    assert dialog is not None
    wrong = PRODUCER_CODE[:-1] + ("0" if PRODUCER_CODE[-1] != "0" else "1")
    fill(dialog, name="天山镇绿野合作社", credit_code=wrong, kind="cooperative", phone="13800000101")
    head = lab.audit.head()
    message = refused(qtbot, dialog, "credit_code")
    assert wrong in message and PRODUCER_CODE[-1] in message, message
    assert lab.master.page(EntryFilter("受检单位"), 0, 10).total == 0 and lab.audit.head() == head

    fill(dialog, credit_code=PRODUCER_CODE.lower())
    save(qtbot, page, dialog)
    assert shown(page)[0]["统一社会信用代码"] == PRODUCER_CODE  # stored as the code is written
    assert shown(page)[0]["类型"] == "农民专业合作社"
    select(qtbot, page, "天山镇绿野合作社")
    retire(qtbot, page)
    assert [a for a, c in events(lab, "producer")] == ["create", "update"]
    assert events(lab, "producer")[-1][1] == {"active": [True, False]}
    assert lab.samples.options(for_registration=True).producers == ()


# --- authorisations -------------------------------------------------------------------------


def test_an_authorisation_is_granted_searched_and_retired(qtbot: QtBot, view: MasterDataView,
                                                          lab: Services) -> None:
    page = open_list(qtbot, view, "人员授权")
    dialog = page.open_add_dialog()
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.inputs["username"].count() >= 2)  # type: ignore[attr-defined]
    fill(dialog, username="zhangsan", parameter="毒死蜱", method="GB 23200.113-2018", may_test="是",
         may_sign="否", valid_from="2026-01-01", valid_to="2025-12-31")
    assert refused(qtbot, dialog, "valid_to") == "结束日期 2025-12-31 早于开始日期 2026-01-01"
    fill(dialog, valid_to="")
    save(qtbot, page, dialog)
    search_for(qtbot, page, "zhangsan")
    assert shown(page) == [{"用户名": "zhangsan", "参数": "毒死蜱", "方法（空为不限）": "GB 23200.113-2018",
                            "可检测": "是", "可签字": "否", "生效日期": "2026-01-01", "失效日期": ""}]
    select(qtbot, page, "zhangsan")
    retire(qtbot, page)
    assert shown(page) == []
    assert [(a, c) for a, c in events(lab, "authorization")] == [
        ("create", {"user": [None, "zhangsan"], "parameter": [None, "毒死蜱"], "method": [None, "GB 23200.113-2018"],
                    "may_test": [None, True], "may_sign": [None, False], "valid_from": [None, "2026-01-01"],
                    "valid_to": [None, None]}),
        ("update", {"active": [True, False]})]


# --- who may change what --------------------------------------------------------------------


def test_a_technician_reads_the_lists_but_changes_nothing(qtbot: QtBot, lab: Services, tech: Actor,
                                                         runner: TaskRunner) -> None:
    area = MasterDataView(lab, tech, runner)
    qtbot.addWidget(area)
    area.show()
    assert area.message.text() == "您可以查看这些数据；修改须由实验室主任或系统管理员进行。"
    assert not area.import_button.isVisible()
    page = open_list(qtbot, area, "检测参数", search="毒死蜱")
    assert len(shown(page)) == 1
    assert not any(b.isVisible() for b in (page.add_button, page.edit_button, page.retire_button))
    assert page.open_add_dialog() is None
    with pytest.raises(Exception, match="holds no role that may change"):
        lab.master.save(tech, "检测参数", {"name": "新参数", "kind": "农药"})


def test_the_lab_profile_is_saved_and_a_bad_time_zone_is_refused_beside_it(
        qtbot: QtBot, view: MasterDataView, lab: Services, runner: TaskRunner) -> None:
    page = view.show_section("profile")  # the area opens on it and reads it
    assert isinstance(page, LabProfilePage)
    assert runner.wait_idle(10_000)
    assert page.fields["timezone"].text() == "Asia/Shanghai" and page.fields["code_prefix"].text() == "NJ"
    page.fields["name"].setText("阿鲁科尔沁旗农畜产品质量安全检验检测站")
    page.fields["holder"].setText("阿鲁科尔沁旗农牧局")
    page.fields["code_prefix"].setText("ALK")
    page.fields["timezone"].setText("Asia/Nowhere")
    page.save_button.click()
    qtbot.waitUntil(page.boxes["timezone"].error.isVisible, timeout=10_000)
    assert page.boxes["timezone"].error.text() == "未知的时区“Asia/Nowhere”（例如 Asia/Shanghai）"
    assert lab.master.profile().name == ""
    page.fields["timezone"].setText("Asia/Shanghai")
    with qtbot.waitSignal(page.saved, timeout=10_000):
        page.save_button.click()
    profile = lab.master.profile()
    assert (profile.name, profile.holder, profile.code_prefix) == (
        "阿鲁科尔沁旗农畜产品质量安全检验检测站", "阿鲁科尔沁旗农牧局", "ALK")
    assert lab.work.settings().code_pattern.prefix == "ALK"
    assert {e.entity_id for e in lab.audit.page(AuditFilter(entity="lab_policy")).rows} >= {
        "lab.name", "lab.certificate_holder", "sample.code_prefix"}


# --- a new lab's first start ----------------------------------------------------------------


def test_the_first_run_dialog_names_the_sources_and_imports_the_starter_data(
        qtbot: QtBot, sqlite_services: Services, admin: Actor, runner: TaskRunner) -> None:
    assert not sqlite_services.master.has_products()
    dialog = FirstRunDialog(sqlite_services, admin, runner)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: "GB 2763-2021" in dialog.sources.text(), timeout=10_000)
    assert "不含任何限量值" in dialog.sources.text()
    assert dialog.starter_button.text() == "导入起步参考数据" and dialog.skip_button.text() == "跳过"
    with qtbot.waitSignal(dialog.imported, timeout=30_000) as done:
        dialog.starter_button.click()
    assert done.args[0].created > 100
    assert dialog.message.text().startswith("starter.json：已添加 ")
    assert dialog.close_box.isVisible() and not dialog.starter_button.isVisible()
    assert sqlite_services.master.has_products()
    assert sqlite_services.audit.page(AuditFilter(entity="product")).total > 100


def test_the_first_run_dialog_lists_the_bad_cells_of_a_refused_import_in_chinese(
        qtbot: QtBot, sqlite_services: Services, admin: Actor, runner: TaskRunner, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    damaged = tmp_path / "starter.json"  # a starter file edited by hand, or damaged
    damaged.write_text(json.dumps({"_meta": {}, "sheets": {"产品分类": [
        {"编码": "X1", "名称": "某产品", "上级": "NOPE"}, {"编码": "X2", "名称": "某类", "是否类别": "也许"}]}},
        ensure_ascii=False), encoding="utf-8")
    monkeypatch.setattr(sqlite_services.setup, "import_starter",
                        partial(sqlite_services.setup.import_starter, path=damaged))
    dialog = FirstRunDialog(sqlite_services, admin, runner)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.starter_button.click()
    qtbot.waitUntil(lambda: dialog.message.kind == "error", timeout=10_000)
    assert dialog.message.text().splitlines() == [
        "starter.json：发现 2 处问题，未导入任何内容",
        "产品分类 第 3 行 D 列（是否类别）：“也许”不是“是”或“否”：请填写 是 或 否",
        "产品分类 第 2 行 C 列（上级）：工作簿和基础数据中都没有产品“NOPE”"]
    assert dialog.starter_button.isEnabled() and not sqlite_services.master.has_products()


# --- the workbook ---------------------------------------------------------------------------


def test_the_lab_workbook_is_exported_and_a_bad_one_is_refused_sheet_by_sheet(
        qtbot: QtBot, view: MasterDataView, lab: Services, runner: TaskRunner, tmp_path: Path) -> None:
    from tests.services.setup_workbooks import write_book

    out = tmp_path / "lab.xlsx"
    view.export_to(str(out))
    qtbot.waitUntil(lambda: view.message.kind == "ok", timeout=10_000)
    assert out.exists() and view.message.text().startswith("已将 ") and str(out) in view.message.text()

    bad = write_book(tmp_path / "bad.xlsx", {"产品分类": [["X1", "某产品", "NOPE", "否"]],
                                             "受检单位": [["某合作社", "123", "合作社", "", "", "", ""]],
                                             "抽样任务": [["LX-9", "抽查", "", "农牧局", "2026-13-45", "", "-3"]]})
    head = lab.audit.head()
    dialog = view.open_import()
    assert dialog is not None and dialog.windowTitle() == "导入基础数据工作簿"
    dialog.choose_file(bad)
    dialog.import_button.click()
    assert runner.wait_idle(10_000)
    assert dialog.problem_rows() == [
        ("产品分类", "2", "C", "上级", "工作簿和基础数据中都没有产品“NOPE”"),
        ("受检单位", "2", "B", "统一社会信用代码", "统一社会信用代码应为 18 位；“123”为 3 位"),
        ("抽样任务", "2", "B", "任务类型",
         "无法识别的值“抽查”：请使用 例行监测、监督抽查、专项监测、委托检验、速测复检 之一"),
        ("抽样任务", "2", "C", "任务名称", "此单元格为空"),
        ("抽样任务", "2", "E", "开始日期", "“2026-13-45”不是日期：请按 YYYY-MM-DD 填写"),
        ("抽样任务", "2", "G", "计划批次", "数值不能小于 0")]
    assert not dialog.good_rows_button.isVisible()  # a lab workbook goes in whole or not at all
    assert lab.audit.head() == head
    dialog.choose_file(out)
    with qtbot.waitSignal(dialog.imported, timeout=30_000):
        dialog.import_button.click()
    assert dialog.message.text().startswith("lab.xlsx：新增 0 条，修改 0 条")
