"""Rapid screens (速测) recorded on a sample, and the traceback (溯源核查) of failing samples."""
from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from lims.db.base import Base, ExactDecimal, Versioned, utcnow
from lims.domain.enums import MethodKind, ScreenOutcome


class RapidScreen(Versioned, Base):
    """A screening reading (enzyme inhibition or colloidal gold) with the kit lot it used.
    A positive or suspect screen opens a confirmation test by a laboratory method."""

    __tablename__ = "rapid_screen"
    id: Mapped[int] = mapped_column(primary_key=True)
    sample_id: Mapped[int] = mapped_column(ForeignKey("sample.id", ondelete="CASCADE"), index=True)
    parameter_id: Mapped[int] = mapped_column(ForeignKey("parameter.id"))
    method_kind: Mapped[MethodKind]  # enzyme_inhibition / colloidal_gold
    kit_lot_id: Mapped[int | None] = mapped_column(ForeignKey("kit_lot.id"))
    instrument_id: Mapped[int | None] = mapped_column(ForeignKey("instrument.id"))
    outcome: Mapped[ScreenOutcome]
    inhibition_pct: Mapped[Decimal | None] = mapped_column(ExactDecimal(9, 3))
    t_value: Mapped[Decimal | None] = mapped_column(ExactDecimal(18, 6))
    c_value: Mapped[Decimal | None] = mapped_column(ExactDecimal(18, 6))
    tested_at: Mapped[datetime] = mapped_column(default=utcnow)
    tested_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    confirmation_test_id: Mapped[int | None] = mapped_column(ForeignKey("test.id"))
    notes: Mapped[str] = mapped_column(Text, default="")


class Traceback(Versioned, Base):
    """The follow-up of a failing sample to its producer: who was notified, what was done."""

    __tablename__ = "traceback"
    id: Mapped[int] = mapped_column(primary_key=True)
    sample_id: Mapped[int] = mapped_column(ForeignKey("sample.id", ondelete="CASCADE"), unique=True)
    notified_party: Mapped[str] = mapped_column(String(200), default="")
    notified_at: Mapped[datetime | None]
    notified_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    action_taken: Mapped[str] = mapped_column(Text, default="")
    closed_at: Mapped[datetime | None]
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    notes: Mapped[str] = mapped_column(Text, default="")
