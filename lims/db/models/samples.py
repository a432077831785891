"""Tasks (抽样任务), samples with their sampling-form fields, tests and results."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Protocol

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lims.db.base import Base, ExactDecimal, Retirable, Versioned, utcnow
from lims.domain.enums import Detection, ResultSource, SampleStatus, TaskKind, TestStatus, Verdict

if TYPE_CHECKING:
    from lims.db.models.catalogue import Method, Parameter


class Task(Retirable, Versioned, Base):
    __tablename__ = "task"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    kind: Mapped[TaskKind]
    title: Mapped[str] = mapped_column(String(200))
    issuer: Mapped[str] = mapped_column(String(200), default="")
    starts_on: Mapped[date | None]
    ends_on: Mapped[date | None]
    planned_batches: Mapped[int | None]  # the batches the task asks the lab to sample


class CodeCounter(Versioned, Base):
    """The last sequence number issued per counter ("sample:2026"): codes are never reused."""

    __tablename__ = "code_counter"
    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    last_seq: Mapped[int] = mapped_column(Integer)


class Sample(Versioned, Base):
    __tablename__ = "sample"
    __table_args__ = (
        Index("ix_sample_status_id", "status", "id"),
        Index("ix_sample_sampled_at", "sampled_at"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    status: Mapped[SampleStatus]
    task_id: Mapped[int | None] = mapped_column(ForeignKey("task.id"), index=True)
    producer_id: Mapped[int | None] = mapped_column(ForeignKey("producer.id"), index=True)
    area_id: Mapped[int | None] = mapped_column(ForeignKey("area.id"), index=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("product.id"), index=True)
    sampled_at: Mapped[datetime]
    batch_size: Mapped[str] = mapped_column(String(40), default="")
    quantity: Mapped[str] = mapped_column(String(40), default="")
    sampler1: Mapped[str] = mapped_column(String(50), default="")
    sampler2: Mapped[str] = mapped_column(String(50), default="")
    seal_intact: Mapped[bool] = mapped_column(Boolean, default=True)
    backup_kept: Mapped[bool] = mapped_column(Boolean, default=True)
    storage: Mapped[str] = mapped_column(String(100), default="")
    compliance_cert: Mapped[bool] = mapped_column(Boolean, default=False)
    compliance_cert_no: Mapped[str] = mapped_column(String(64), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    # False when the client brought the sample in: the report then says "仅对来样负责"
    lab_took_sample: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    client: Mapped[str] = mapped_column(String(200), default="", server_default="")  # 委托单位
    description: Mapped[str] = mapped_column(String(200), default="", server_default="")  # 样品状态/描述
    received_at: Mapped[datetime | None]
    received_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    condition: Mapped[str] = mapped_column(String(200), default="")
    storage_place: Mapped[str] = mapped_column(String(100), default="")
    rejection_reason: Mapped[str] = mapped_column(Text, default="")
    verdict: Mapped[Verdict | None] = mapped_column(index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    # read through selectinload by the sample read model; never loaded one row at a time
    tests: Mapped[list[Test]] = relationship(order_by="Test.id", lazy="raise_on_sql", viewonly=True)


class ReadableTest(Protocol):
    """A test as the rules read it: a Test, or a plain row of a query naming these columns."""

    @property
    def id(self) -> int: ...
    @property
    def parameter_id(self) -> int: ...
    @property
    def method_id(self) -> int: ...
    @property
    def status(self) -> str: ...
    @property
    def analyst_id(self) -> int | None: ...
    @property
    def tested_on(self) -> date | None: ...


class Test(Versioned, Base):
    """One parameter on one sample by one method."""

    __test__ = False  # not a pytest test class
    __tablename__ = "test"
    id: Mapped[int] = mapped_column(primary_key=True)
    sample_id: Mapped[int] = mapped_column(ForeignKey("sample.id", ondelete="CASCADE"), index=True)
    parameter_id: Mapped[int] = mapped_column(ForeignKey("parameter.id"), index=True)
    method_id: Mapped[int] = mapped_column(ForeignKey("method.id"))
    status: Mapped[TestStatus]
    analyst_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    tested_on: Mapped[date | None]
    subcontracted: Mapped[bool] = mapped_column(Boolean, default=False)
    in_scope_cma: Mapped[bool | None] = mapped_column(Boolean)
    in_scope_catl: Mapped[bool | None] = mapped_column(Boolean)

    results: Mapped[list[Result]] = relationship(order_by="Result.id.desc()", lazy="raise_on_sql", viewonly=True)
    parameter: Mapped[Parameter] = relationship(lazy="raise_on_sql", viewonly=True)
    method: Mapped[Method] = relationship(lazy="raise_on_sql", viewonly=True)


class Result(Versioned, Base):
    """A value for a test. A retest adds a new Result and marks the old one superseded."""

    __tablename__ = "result"
    id: Mapped[int] = mapped_column(primary_key=True)
    test_id: Mapped[int] = mapped_column(ForeignKey("test.id", ondelete="CASCADE"), index=True)
    value_text: Mapped[str] = mapped_column(String(40))  # the decimal exactly as entered/read
    value: Mapped[Decimal | None] = mapped_column(ExactDecimal(24, 9))
    unit: Mapped[str] = mapped_column(String(16))
    not_detected: Mapped[bool] = mapped_column(Boolean, default=False)
    verdict: Mapped[Verdict | None]
    limit_id: Mapped[int | None] = mapped_column(ForeignKey("limit_value.id"))
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    entered_at: Mapped[datetime] = mapped_column(default=utcnow)
    source: Mapped[ResultSource] = mapped_column(default=ResultSource.MANUAL)
    detection: Mapped[Detection | None]
    reported_text: Mapped[str] = mapped_column(String(60), default="", server_default="")
    basis_text: Mapped[str] = mapped_column(Text, default="", server_default="")  # 判定依据 as judged
    reason: Mapped[str] = mapped_column(Text, default="", server_default="")  # why it replaced another
    instrument_id: Mapped[int | None] = mapped_column(ForeignKey("instrument.id"))
    journal_position: Mapped[int | None] = mapped_column(Integer)
    superseded: Mapped[bool] = mapped_column(Boolean, default=False)
