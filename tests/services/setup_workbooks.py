"""Set-up workbooks as a lab fills them in, for the set-up import's tests."""
from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

from lims.domain.credit_code import check_character
from lims.services.lab_setup import SHEETS

PRODUCER_CODE = "93150421MA012TH30" + check_character("93150421MA012TH30")


def write_book(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    """A workbook with the named sheets, each under the export's header row."""
    book = Workbook()
    book.remove(book.active)
    headers = {d.title: d.headers for d in SHEETS}
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        sheet.append(list(headers[title]))
        for row in rows:
            sheet.append(row)
            for cell in sheet[sheet.max_row]:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # typed text: "=..." stays text, as Excel keeps a text cell
    book.save(path)
    return path


def filled_in_lab(path: Path) -> Path:
    """What a new lab adds to the starter data: a local product with its panel, the methods'
    LOD and LOQ as its verification found them, its places, a producer, a task, and who may test
    and sign what (the people themselves are added with lims user add)."""
    return write_book(path, {
        "产品分类": [["LOCAL-SC", "沙葱", "FC0301", "否"]],
        "方法": [
            ["毒死蜱", "GB 23200.113-2018", "实验室方法", "GC-MS/MS", "0.003", "0.01", "mg/kg", "3"],
            ["氧乐果", "GB 23200.121-2021", "实验室方法", "LC-MS/MS", "0.003", "0.01", "mg/kg", "3"],
        ],
        "检测套餐": [
            ["LOCAL-SC", "沙葱农药残留监测", "毒死蜱", "GB 23200.113-2018"],
            ["LOCAL-SC", "沙葱农药残留监测", "氧乐果", "GB 23200.121-2021"],
        ],
        "区域": [
            ["150421100201", "新民村", "嘎查村", "150421100"],  # above its township: the order does not matter
            ["150421", "阿鲁科尔沁旗", "旗县", ""],
            ["150421100", "天山镇", "苏木乡镇", "150421"],
        ],
        "受检单位": [["阿鲁科尔沁旗绿野蔬菜种植专业合作社", PRODUCER_CODE, "合作社", "张国庆", "13800000101", "",
                   "150421100201"]],
        "抽样任务": [["LX2026-01", "例行监测", "2026年农畜产品质量安全例行监测", "阿鲁科尔沁旗农牧局",
                   "2026-01-01", "2026-12-31"]],
        "人员授权": [
            ["tech1", "毒死蜱", "", "是", "否", "2026-01-01", ""],
            ["tech1", "氧乐果", "GB 23200.121-2021", "是", "否", "2026-01-01", ""],
            ["reviewer", "毒死蜱", "", "是", "否", "2026-01-01", ""],
            ["reviewer", "氧乐果", "", "是", "否", "2026-01-01", ""],
            ["signer", "毒死蜱", "", "否", "是", "2026-01-01", ""],
            ["signer", "氧乐果", "", "否", "是", "2026-01-01", "2030-12-31"],
        ],
    })


def approve_a_sample(services, engine, password: str) -> str:
    """Register, receive, test, submit, verify and approve one sample of 沙葱 as tech1, reviewer
    and signer (each with ``password``); the sample's status at the end."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from sqlalchemy import select

    from lims.db.engine import make_session_factory
    from lims.db.models import Producer, Product, Task
    from lims.domain.workflow import Transition
    from lims.services.registration import RegistrationForm

    tech = services.users.login("tech1", password, "化验室-1")
    reviewer = services.users.login("reviewer", password, "化验室-2")
    signer = services.users.login("signer", password, "化验室-3")
    with make_session_factory(engine)() as s:
        product_id = s.scalar(select(Product.id).where(Product.code == "LOCAL-SC"))
        producer_id = s.scalar(select(Producer.id).where(Producer.credit_code == PRODUCER_CODE))
        task_id = s.scalar(select(Task.id).where(Task.code == "LX2026-01"))
    sample = services.work.register(tech, RegistrationForm(
        product_id=product_id, producer_id=producer_id, task_id=task_id,
        sampled_at=datetime(2026, 3, 5, 9, 30, tzinfo=ZoneInfo("Asia/Shanghai")), sampler1="张明", sampler2="李强"))
    sample = services.work.receive(tech, sample.id, sample.version, condition="完好", storage_place="冷藏柜A-1")
    sample = services.work.assign_panel(tech, sample.id, sample.version)
    assert {t.parameter for t in sample.tests} == {"毒死蜱", "氧乐果"}
    for test in sample.tests:
        sample = services.work.enter_result(tech, test.id, test.version, "未检出")
    assert {t.current.detection for t in sample.tests} == {"not_detected"}
    sample = services.work.transition(tech, sample.id, sample.version, Transition.SUBMIT)
    sample = services.work.transition(reviewer, sample.id, sample.version, Transition.VERIFY, password=password)
    sample = services.work.transition(signer, sample.id, sample.version, Transition.APPROVE, password=password)
    return str(sample.status)

