"""Whether a standard's edition is in force on a day: the standards catalogue's in-force dates
and "replaced by" read as one state.

A method edition the scope names, or a test uses, may have been replaced by a newer edition or
withdrawn. Reports by a withdrawn edition are not certified (shared/DOMAIN.md), so the scope
check, the Scope page and the scope audit flag such an edition; the verdict itself stays the
ability table's (the row still names that edition).

- ``withdrawn``: the day is after the edition's last day in force (``in_force_to``);
- ``replaced``: another edition replaces it and that one is in force on the day (or states no
  start), while this one has no end date or has not reached it;
- ``not_yet_in_force``: the day is before the edition's first day in force;
- ``in_force`` otherwise (also when the catalogue states no dates at all)."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from lims.domain.errors import EditionNotInForce


class EditionState(StrEnum):
    IN_FORCE = "in_force"
    NOT_YET_IN_FORCE = "not_yet_in_force"
    REPLACED = "replaced"
    WITHDRAWN = "withdrawn"


@dataclass(frozen=True)
class Edition:
    """One edition as the standards catalogue holds it."""

    number: str  # "GB 5009.12"
    year: str  # "2010"
    in_force_from: date | None = None
    in_force_to: date | None = None
    replaced_by: str | None = None  # the replacing edition, "GB 5009.12-2017"
    replaced_from: date | None = None  # the replacing edition's first day in force

    @property
    def label(self) -> str:
        return f"{self.number}-{self.year}"

    def state(self, on: date) -> EditionState:
        if self.in_force_to is not None and on > self.in_force_to:
            return EditionState.WITHDRAWN
        if self.replaced_by is not None and (self.replaced_from is None or self.replaced_from <= on):
            return EditionState.REPLACED
        if self.in_force_from is not None and on < self.in_force_from:
            return EditionState.NOT_YET_IN_FORCE
        return EditionState.IN_FORCE

    def flag(self, on: date) -> EditionFlag | None:
        """What to flag about the edition on ``on``; None when it is in force."""
        state = self.state(on)
        if state is EditionState.IN_FORCE:
            return None
        return EditionFlag(self.label, state, self.in_force_from, self.in_force_to, self.replaced_by)

    def change_days(self) -> tuple[date, ...]:
        """The days on which ``state`` may change."""
        days = [self.in_force_from, self.replaced_from,
                self.in_force_to + timedelta(days=1) if self.in_force_to is not None else None]
        return tuple(d for d in days if d is not None)


@dataclass(frozen=True)
class EditionFlag:
    """An edition not in force on the day asked about, with what the catalogue says of it."""

    edition: str  # "GB 5009.12-2010"
    state: EditionState
    in_force_from: date | None
    in_force_to: date | None
    replaced_by: str | None

    def notice(self) -> EditionNotInForce:
        """The flag as a person reads it, a template and its fields (error_text translates it):
        "withdrawn after 2017-10-05, replaced by GB 5009.12-2017"."""
        if self.state is EditionState.WITHDRAWN:
            if self.replaced_by:
                return EditionNotInForce("withdrawn after {last_day}, replaced by {replaced_by}",
                                         last_day=_iso(self.in_force_to), replaced_by=self.replaced_by)
            return EditionNotInForce("withdrawn after {last_day}", last_day=_iso(self.in_force_to))
        if self.state is EditionState.REPLACED:
            if self.replaced_by:
                return EditionNotInForce("replaced by {replaced_by}", replaced_by=self.replaced_by)
            return EditionNotInForce("replaced")
        return EditionNotInForce("not in force before {first_day}", first_day=_iso(self.in_force_from))

    def describe(self) -> str:
        """The notice in English, for JSON, logs and the scope audit's ``detail``."""
        return str(self.notice())

    def as_json(self) -> dict[str, object]:
        return {"edition": self.edition, "state": self.state.value,
                "in_force_from": self.in_force_from.isoformat() if self.in_force_from else None,
                "in_force_to": self.in_force_to.isoformat() if self.in_force_to else None,
                "replaced_by": self.replaced_by}


def _iso(day: date | None) -> str:
    return day.isoformat() if day else "?"


def change_days(editions: Iterable[Edition]) -> tuple[date, ...]:
    """Every day on which some edition's state may change, in order."""
    return tuple(sorted({d for e in editions for d in e.change_days()}))
