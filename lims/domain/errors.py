"""Typed errors. Each carries a message fit to show a person as it is."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


class LimsError(Exception):
    """Base of every error the application reports to a person instead of a traceback.

    ``template`` is an English literal with ``{named}`` fields, filled from ``params``; the GUI
    looks the template up in its translations (context "errors") before filling it, so the
    same error reads in Chinese on screen and in English in logs."""

    def __init__(self, template: str, /, **params: object) -> None:
        self.template = template
        self.params = params
        super().__init__(template.format(**params) if params else template)


class DatabaseUnavailable(LimsError):
    """The database cannot be opened or reached."""


class NotALimsDatabase(LimsError):
    """The file or server given holds something other than a LIMS database."""


class SchemaTooNew(LimsError):
    """The database was upgraded by a newer release of the application."""


class ValidationError(LimsError):
    """Input that breaks a rule; ``field`` names where, when there is one place."""

    def __init__(self, template: str, /, field: str | None = None, **params: object) -> None:
        super().__init__(template, **params)
        self.field = field


class AuthenticationFailed(LimsError):
    """Wrong user name or password."""


class AccountLocked(LimsError):
    """Too many failed logins; an administrator must unlock the account."""


class PermissionDenied(LimsError):
    """The acting user lacks the role the action needs."""


class NotFound(LimsError):
    """A record that the action refers to does not exist."""


class ConcurrentEditError(LimsError):
    """The record changed on another workstation since it was read."""


class WorkstationBusy(LimsError):
    """Another workstation held the database (a write in progress, a lock) longer than the
    wait allowed; nothing of this action was stored and it can simply be tried again."""


class InstrumentInUse(LimsError):
    """Another capture (on this workstation or another) holds the instrument's line."""


class CannotStart(LimsError):
    """The desktop application cannot start on this machine (no display, Qt missing)."""


class DatabaseDamaged(LimsError):
    """The database file or its schema is damaged; the message says what was found."""


class UnknownUnit(ValidationError):
    """A unit text that is none of the units the lab converts between."""


class IncompatibleUnits(LimsError):
    """Two units of different quantities (mass fraction vs. mass concentration) were compared."""


class EditionNotInForce(LimsError):
    """What the standards catalogue says of a method edition not in force on a day ("withdrawn
    after 2017-10-05, replaced by GB 5009.12-2017"): a notice shown beside a test, an ability-table
    row or a report's mark rather than raised, written as a template like every error so that the
    GUI and the command line show it in their language."""


class TransitionNotAllowed(LimsError):
    """A workflow transition that does not start from the sample's present status."""


class GuardFailed(LimsError):
    """A workflow rule refuses the transition; ``rule`` names which one (e.g. "four_eyes")."""

    def __init__(self, template: str, /, rule: str = "", **params: object) -> None:
        super().__init__(template, **params)
        self.rule = rule


@dataclass(frozen=True)
class RowProblem:
    """One bad cell of an imported table: the row number and column letter as the spreadsheet
    shows them, the column's header as written in the file, and the error that explains it; in a
    workbook of several sheets (the lab set-up), the sheet's name too."""

    row: int
    column: str  # "C"; empty when the problem is the row as a whole
    header: str  # "限量值"
    error: LimsError
    sheet: str = ""  # "产品分类"; empty when the table is the file's only one

    def __str__(self) -> str:
        """English, for logs and English screens: "产品分类 row 3, column C (上级): ..."."""
        where = f"row {self.row}, column {self.column} ({self.header})" if self.column else f"row {self.row}"
        return f"{self.sheet} {where}: {self.error}" if self.sheet else f"{where}: {self.error}"


class ImportRejected(ValidationError):
    """A table with bad rows; nothing of it was imported. ``problems`` names every bad cell."""

    def __init__(
        self, template: str, /, problems: Sequence[RowProblem] = (), field: str | None = None, **params: object
    ) -> None:
        super().__init__(template, field=field, **params)
        self.problems = tuple(problems)
