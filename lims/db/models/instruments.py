"""Instruments with their calibration records, and rapid-test kit lots with their cut-offs."""
from __future__ import annotations

from datetime import date

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from lims.db.base import Base, Versioned
from lims.domain.enums import MethodKind


class Instrument(Versioned, Base):
    __tablename__ = "instrument"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    model: Mapped[str] = mapped_column(String(100), default="")
    serial_no: Mapped[str] = mapped_column(String(64), default="")
    adapter: Mapped[str] = mapped_column(String(64))  # registry key of the instrument adapter
    port: Mapped[str] = mapped_column(String(200), default="")  # e.g. /dev/ttyUSB0 or socket://...
    settings_json: Mapped[str] = mapped_column(Text, default="{}")


class CalibrationRecord(Versioned, Base):
    __tablename__ = "calibration_record"
    id: Mapped[int] = mapped_column(primary_key=True)
    instrument_id: Mapped[int] = mapped_column(ForeignKey("instrument.id"), index=True)
    calibrated_on: Mapped[date]
    valid_until: Mapped[date]
    certificate_no: Mapped[str] = mapped_column(String(64), default="")


class KitLot(Versioned, Base):
    __tablename__ = "kit_lot"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    maker: Mapped[str] = mapped_column(String(100), default="")
    lot_no: Mapped[str] = mapped_column(String(64))
    method_kind: Mapped[MethodKind]
    parameter_id: Mapped[int | None] = mapped_column(ForeignKey("parameter.id"))
    cutoffs_json: Mapped[str] = mapped_column(Text, default="{}")
    expires_on: Mapped[date | None]
