"""Instruments with their calibration records, rapid-test kit lots with their cut-offs, the readings
received and who captures each instrument now."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from lims.db.base import Base, Retirable, Versioned
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


class KitLot(Retirable, Versioned, Base):
    __tablename__ = "kit_lot"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    maker: Mapped[str] = mapped_column(String(100), default="")
    lot_no: Mapped[str] = mapped_column(String(64))
    method_kind: Mapped[MethodKind]
    parameter_id: Mapped[int | None] = mapped_column(ForeignKey("parameter.id"))
    cutoffs_json: Mapped[str] = mapped_column(Text, default="{}")
    expires_on: Mapped[date | None]


class InstrumentCode(Base):
    """An instrument's own test code (as it sends it, compared after ``normalise_code``) and
    the lab's parameter it stands for. One code names one parameter on one instrument."""

    __tablename__ = "instrument_code"
    __table_args__ = (UniqueConstraint("instrument_id", "code"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    instrument_id: Mapped[int] = mapped_column(ForeignKey("instrument.id"), index=True)
    code: Mapped[str] = mapped_column(String(64))
    parameter_id: Mapped[int] = mapped_column(ForeignKey("parameter.id"))


class InstrumentReading(Base):
    """A reading as received, whatever became of it: the texts exactly as the instrument sent
    them, a digest of its raw bytes, its place in the instrument's journal, and its state
    (lims.domain.capture.ReadingState). ``frame_key`` makes the same frame received twice one
    row. ``assigned_code`` is the sample code a person chose for an unmatched reading."""

    __tablename__ = "reading"
    __table_args__ = (
        UniqueConstraint("instrument_id", "frame_key"),
        Index("ix_reading_state_instrument", "state", "instrument_id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    instrument_id: Mapped[int] = mapped_column(ForeignKey("instrument.id"), index=True)
    received_at: Mapped[datetime]
    measured_at: Mapped[datetime | None]
    sample_code: Mapped[str] = mapped_column(String(100))
    parameter_code: Mapped[str] = mapped_column(String(100))
    value_text: Mapped[str] = mapped_column(String(100))
    unit: Mapped[str] = mapped_column(String(40), default="")
    qualitative: Mapped[str] = mapped_column(String(40), default="")
    flags: Mapped[str] = mapped_column(String(200), default="")  # the instrument's flags, comma-separated
    channel: Mapped[int | None]
    raw_hash: Mapped[str] = mapped_column(String(64))  # SHA-256 of the raw bytes, hex
    raw_size: Mapped[int] = mapped_column(default=0)
    journal_position: Mapped[int | None] = mapped_column(BigInteger)
    frame_key: Mapped[str] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(Text, default="")  # why held or unmatched; the reason of a release
    reason_json: Mapped[str] = mapped_column(Text, default="")  # the why as an error's template and fields
    assigned_code: Mapped[str] = mapped_column(String(100), default="")
    result_id: Mapped[int | None] = mapped_column(ForeignKey("result.id"))
    rapid_screen_id: Mapped[int | None] = mapped_column(ForeignKey("rapid_screen.id"))  # a rapid reader's screen
    captured_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    kit_lot_id: Mapped[int | None] = mapped_column(ForeignKey("kit_lot.id"))  # the lot in use when it was read


class CaptureLease(Base):
    """Who captures an instrument now: one row per instrument while a capture runs, renewed by
    its holder every few seconds (``heartbeat_at``, ``expires_at`` on the database's clock). A
    capture that finds a lease of another holder not yet expired is refused; one whose holder
    crashed is taken over once it expires. ``token`` is the holder's own secret, so a capture
    never renews or ends another's lease."""

    __tablename__ = "capture_lease"
    instrument_id: Mapped[int] = mapped_column(ForeignKey("instrument.id"), primary_key=True)
    token: Mapped[str] = mapped_column(String(64))
    username: Mapped[str] = mapped_column(String(64))
    workstation: Mapped[str] = mapped_column(String(200))
    host: Mapped[str] = mapped_column(String(200))
    pid: Mapped[int]
    started_at: Mapped[datetime]
    heartbeat_at: Mapped[datetime]
    expires_at: Mapped[datetime]
