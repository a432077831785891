"""Test-only rows written straight into the database (the GUI itself never does this)."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import Engine, insert, select, text

from lims.db.engine import make_engine, parse_url
from lims.db.models import (
    AbilityTable,
    Area,
    CalibrationRecord,
    Certificate,
    Instrument,
    Producer,
    Product,
    Report,
    Sample,
    ScopeRow,
    Task,
)
from lims.services.container import Services

PRODUCTS = ["菠菜", "韭菜", "芹菜", "黄瓜", "番茄", "马铃薯", "牛肉", "羊肉", "生鲜乳", "鸡蛋"]
PRODUCERS = [
    "阿鲁科尔沁旗天山镇新民蔬菜种植专业合作社",
    "绍根镇乌兰哈达嘎查家庭牧场",
    "巴彦花镇东山村农户（王某）",
    "天山镇农贸市场",
    "阿鲁科尔沁旗绿源农牧业有限公司",
]
AREAS = ["天山镇新民村", "绍根镇乌兰哈达嘎查", "巴彦花镇东山村", "罕苏木苏木朝阳嘎查"]
TASKS = [("routine_monitoring", "2026年第三季度例行监测"), ("supervision_sampling", "2026年农产品质量安全监督抽查")]
STATUSES = ["sample_due", "received", "testing", "to_be_verified", "verified", "approved", "rejected"]
VERDICTS = [None, None, None, "pass", "pass", "pass", "fail", "no_basis"]


@contextmanager
def engine_of(services: Services) -> Iterator[Engine]:
    """An engine on the SQLite file behind ``services`` (its display URL is the file path)."""
    eng = make_engine(parse_url(services.database))
    try:
        yield eng
    finally:
        eng.dispose()


def insert_samples(services: Services, n: int, *, first_day: datetime | None = None) -> list[str]:
    """``n`` samples with products, producers, areas and tasks; returns their codes, oldest first."""
    start = first_day or datetime(2026, 7, 1, 1, 30, tzinfo=UTC)
    codes = [f"NJ2026-{i + 1:05d}" for i in range(n)]
    with engine_of(services) as eng, eng.begin() as c:
        product_ids = [
            c.execute(insert(Product).values(name=name, code=f"P{i}", is_category=False, version=1)
                      .returning(Product.id)).scalar_one()
            for i, name in enumerate(PRODUCTS)
        ]
        area_ids = [
            c.execute(insert(Area).values(name=name, level="village", code=f"A{i}", version=1)
                      .returning(Area.id)).scalar_one()
            for i, name in enumerate(AREAS)
        ]
        producer_ids = [
            c.execute(insert(Producer).values(name=name, kind="cooperative", version=1)
                      .returning(Producer.id)).scalar_one()
            for name in PRODUCERS
        ]
        task_ids = [
            c.execute(insert(Task).values(code=f"T{i}", kind=kind, title=title, version=1)
                      .returning(Task.id)).scalar_one()
            for i, (kind, title) in enumerate(TASKS)
        ]
        rows = []
        for i, code in enumerate(codes):
            status = STATUSES[i % len(STATUSES)]
            rows.append(dict(
                code=code, status=status, product_id=product_ids[i % len(product_ids)],
                producer_id=producer_ids[i % len(producer_ids)], area_id=area_ids[i % len(area_ids)],
                task_id=task_ids[i % len(task_ids)], sampled_at=start + timedelta(hours=7 * i),
                verdict=VERDICTS[i % len(VERDICTS)] if status in ("verified", "approved") else None,
                version=1,
            ))
        c.execute(insert(Sample), rows)
    return codes


def insert_scope(services: Services, today: date) -> None:
    """A CMA certificate inside its renewal lead time, a valid CATL one with rows, an expired old one."""
    with engine_of(services) as eng, eng.begin() as c:
        certs = [
            ("CMA", "231512340567", today - timedelta(days=6 * 365 - 60), today + timedelta(days=60), 90),
            ("CATL", "(2024)农质检核(蒙)字第0123号", today - timedelta(days=400), today + timedelta(days=1400), 180),
            ("CMA", "201512340001", today - timedelta(days=8 * 365), today - timedelta(days=2 * 365), 90),
        ]
        for kind, number, issued, until, lead in certs:
            cert_id = c.execute(insert(Certificate).values(
                kind=kind, number=number, holder="阿鲁科尔沁旗农畜产品质量安全检验检测站",
                issued_on=issued, valid_until=until, renewal_lead_days=lead, version=1,
            ).returning(Certificate.id)).scalar_one()
            table_id = c.execute(insert(AbilityTable).values(
                certificate_id=cert_id, version_no=2, approved_on=issued + timedelta(days=30), version=1,
            ).returning(AbilityTable.id)).scalar_one()
            rows = [
                (1, "product", "1", "蔬菜", "", "", ""),
                (2, "parameter", "1.1", "毒死蜱", ("GB 23200.113-2018 食品安全国家标准 植物源性食品中208种"
                 "农药及其代谢物残留量的测定 气相色谱-质谱联用法"), "", ""),
                (3, "parameter", "1.2", "有机磷类农药",
                 "GB/T 5009.199-2003 蔬菜中有机磷和氨基甲酸酯类农药残留量的快速检测", "只做定性", "速测"),
                (4, "product", "2", "生鲜乳", "", "", ""),
                (5, "parameter", "2.1", "三聚氰胺", "GB/T 22388-2008 原料乳与乳制品中三聚氰胺检测方法", "", ""),
            ]
            c.execute(insert(ScopeRow), [
                dict(ability_table_id=table_id, seq=seq, category=category, number=number, name=name,
                     method_text=method, limits_of_use=limits, remark=remark, version=1)
                for seq, category, number, name, method, limits, remark in rows
            ])


def insert_instruments(services: Services, today: date) -> None:
    with engine_of(services) as eng, eng.begin() as c:
        for name, model, until in [
            ("气相色谱-质谱联用仪", "GCMS-QP2020 NX", today + timedelta(days=200)),
            ("农药残留速测仪", "NY-12", today - timedelta(days=3)),
            ("胶体金读数仪", "JT-F6", None),
        ]:
            inst_id = c.execute(insert(Instrument).values(
                name=name, model=model, serial_no=f"SN{len(name)}{len(model)}", adapter="astm",
                port="/dev/ttyUSB0", version=1,
            ).returning(Instrument.id)).scalar_one()
            if until is not None:
                c.execute(insert(CalibrationRecord).values(
                    instrument_id=inst_id, calibrated_on=until - timedelta(days=365), valid_until=until,
                    certificate_no="JZ-2026-001", version=1,
                ))


def insert_reports(services: Services) -> None:
    with engine_of(services) as eng, eng.begin() as c:
        sample_ids = list(c.scalars(select(Sample.id).order_by(Sample.id).limit(3)))
        for i, sample_id in enumerate(sample_ids):
            issued = i < 2
            c.execute(insert(Report).values(
                number=f"ALK-JC-2026-{i + 1:04d}" if issued else None, sample_id=sample_id,
                status=["issued", "void", "draft"][i], issued_at=datetime(2026, 8, 1 + i, 2, 0, tzinfo=UTC)
                if issued else None, version=1,
            ))


def tamper_audit_event(services: Services, seq: int = 1) -> None:
    with engine_of(services) as eng, eng.begin() as c:
        c.execute(text("UPDATE audit_event SET reason='x' WHERE seq=:seq"), {"seq": seq})
