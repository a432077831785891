"""Rapid screens (速测) recorded on a sample, and the traceback (溯源核查) of failing samples."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from lims.db.base import Base, Versioned, utcnow


class RapidScreen(Versioned, Base):
    """A screening reading (enzyme inhibition or colloidal gold) with the kit lot it used.
    A positive or suspect screen opens a confirmation test by a laboratory method."""

    __tablename__ = "rapid_screen"
    id: Mapped[int] = mapped_column(primary_key=True)
    sample_id: Mapped[int] = mapped_column(ForeignKey("sample.id", ondelete="CASCADE"), index=True)
    parameter_id: Mapped[int] = mapped_column(ForeignKey("parameter.id"))
    method_kind: Mapped[str] = mapped_column(String(20))  # enzyme_inhibition / colloidal_gold
    kit_lot_id: Mapped[int | None] = mapped_column(ForeignKey("kit_lot.id"))
    instrument_id: Mapped[int | None] = mapped_column(ForeignKey("instrument.id"))
    outcome: Mapped[str] = mapped_column(String(20))
    inhibition_pct: Mapped[float | None] = mapped_column(Numeric(9, 3, asdecimal=False))
    t_value: Mapped[float | None] = mapped_column(Numeric(18, 6, asdecimal=False))
    c_value: Mapped[float | None] = mapped_column(Numeric(18, 6, asdecimal=False))
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
