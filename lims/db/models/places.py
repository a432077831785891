"""The administrative area tree (盟市/旗县/苏木乡镇/嘎查村) and producers (受检单位)."""
from __future__ import annotations

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from lims.db.base import Base, Retirable, Versioned
from lims.domain.enums import AreaLevel, ProducerKind


class Area(Retirable, Versioned, Base):
    __tablename__ = "area"
    id: Mapped[int] = mapped_column(primary_key=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("area.id"), index=True)
    level: Mapped[AreaLevel]
    code: Mapped[str | None] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(100))


class Producer(Retirable, Versioned, Base):
    __tablename__ = "producer"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    credit_code: Mapped[str | None] = mapped_column(String(18), unique=True)
    id_number: Mapped[str | None] = mapped_column(String(18))
    kind: Mapped[ProducerKind]
    contact: Mapped[str] = mapped_column(String(50), default="")
    phone: Mapped[str] = mapped_column(String(30), default="")
    address: Mapped[str] = mapped_column(String(200), default="")
    area_id: Mapped[int | None] = mapped_column(ForeignKey("area.id"))
