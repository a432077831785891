"""Declarative base with a constraint naming convention (Alembic needs named constraints), and
the column types that hand the layers above exact values: aware UTC datetimes, Decimals and
enum members, the same on SQLite and PostgreSQL."""
from __future__ import annotations

import math
from datetime import UTC, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from enum import StrEnum
from typing import Any, TypeVar

from sqlalchemy import Boolean, DateTime, Dialect, Integer, MetaData, Numeric, String, true
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column
from sqlalchemy.types import TypeDecorator, TypeEngine

from lims.domain.enums import (
    AreaLevel,
    AuditAction,
    CertificateKind,
    Detection,
    ExpansionStatus,
    ExpansionTarget,
    LimitKind,
    MethodKind,
    ParameterKind,
    ProducerKind,
    ReportStatus,
    ResultSource,
    RoleCode,
    SampleStatus,
    ScreenOutcome,
    SignatureMeaning,
    StandardKind,
    TaskKind,
    TestStatus,
    Verdict,
)

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

E = TypeVar("E", bound=StrEnum)


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A moment, stored in UTC and read back as an aware UTC datetime on every backend.

    SQLite keeps no zone (it hands back what was written, naive) and PostgreSQL answers in the
    connection's zone; both are normalised here, once. A naive datetime is refused: its zone
    is a guess, and a guess in a laboratory record is a wrong time."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if not isinstance(value, datetime):
            raise TypeError(f"A moment must be a datetime, not {type(value).__name__}: {value!r}")
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(
                f"A naive datetime ({value.isoformat()}) has no time zone; "
                "pass an aware one (for example datetime.now(timezone.utc))"
            )
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class _PassThroughNumeric(Numeric):
    """NUMERIC(p, s) in the DDL with no conversion of its own: ExactDecimal chooses, on SQLite,
    what the driver receives and interprets what it returns."""

    def bind_processor(self, dialect: Dialect) -> None:
        return None

    def result_processor(self, dialect: Dialect, coltype: object) -> None:
        return None


class ExactDecimal(TypeDecorator[Decimal]):
    """NUMERIC(precision, scale) read and written as Decimal, never through a float.

    Values are rounded to the column's scale (half away from zero, as PostgreSQL does) and read
    back without the scale's trailing zeros, so both backends return the same Decimal: 0.010
    in a NUMERIC(18, 9) column reads back as Decimal("0.01"), which equals it. A value with
    more integer digits than the column holds is refused.

    PostgreSQL stores NUMERIC exactly. SQLite has no decimal type: its NUMERIC affinity turns
    any number-like text into a double, which keeps only 15 significant digits. A value that a
    double holds exactly (as its shortest repr) is therefore stored as a number, so SQL
    comparison and ordering keep working for ordinary measurements; a longer one (16 to 18
    digits, e.g. 123456789.123456789) is stored as the ASCII text of the Decimal in a BLOB,
    which SQLite leaves alone and CAST still reads as a number.

    A float or a str is accepted on bind and converted exactly (a float by its shortest repr,
    0.1 -> Decimal("0.1")), so callers that still hand floats keep working."""

    impl = Numeric
    cache_ok = True

    def __init__(self, precision: int, scale: int) -> None:
        super().__init__(precision, scale, asdecimal=True)
        self.precision = precision
        self.scale = scale
        self._quantum = Decimal(1).scaleb(-scale)
        self._limit = Decimal(10) ** (precision - scale)

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "sqlite":
            return dialect.type_descriptor(_PassThroughNumeric(self.precision, self.scale))
        return dialect.type_descriptor(Numeric(self.precision, self.scale, asdecimal=True))

    def coerce(self, value: Decimal | float | int | str) -> Decimal:
        """The value as it will be stored and read back: a Decimal at the column's scale."""
        if isinstance(value, bool):
            raise TypeError(f"A number is expected, not {value!r}")
        if isinstance(value, float):
            if not math.isfinite(value):
                raise ValueError(f"{value!r} is not a finite number")
            number = Decimal(repr(value))
        elif isinstance(value, (Decimal, int)):
            number = Decimal(value)
        elif isinstance(value, str):
            try:
                number = Decimal(value.strip())
            except InvalidOperation:
                raise ValueError(f"{value!r} is not a number") from None
        else:
            raise TypeError(f"A number is expected, not {type(value).__name__}: {value!r}")
        if not number.is_finite():
            raise ValueError(f"{value!r} is not a finite number")
        rounded = number.quantize(self._quantum, rounding=ROUND_HALF_UP)
        if abs(rounded) >= self._limit:
            raise ValueError(
                f"{value} does not fit NUMERIC({self.precision}, {self.scale}): "
                f"at most {self.precision - self.scale} digits before the decimal point"
            )
        return rounded

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        if value is None:
            return None
        number = self.coerce(value)
        if dialect.name != "sqlite":
            return number
        if number == number.to_integral_value() and abs(number) < 2**63:
            return int(number)
        as_float = float(number)
        if Decimal(repr(as_float)) == number:
            return as_float
        return str(number).encode("ascii")

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        if value is None:
            return None
        if isinstance(value, float):
            number = Decimal(repr(value))
        elif isinstance(value, bytes):
            number = Decimal(value.decode("ascii"))
        else:
            number = Decimal(value)
        return _without_trailing_zeros(number.quantize(self._quantum, rounding=ROUND_HALF_UP))


def _without_trailing_zeros(number: Decimal) -> Decimal:
    """0.020000000 -> 0.02 and 100.000000000 -> 100 (not 1E+2): the scale's padding says
    nothing about the value, and the text as entered is kept beside it where it matters."""
    if number == number.to_integral_value():
        return number.quantize(Decimal(1)) + 0
    return number.normalize()


class StoredEnum(TypeDecorator[E]):
    """A closed vocabulary in a VARCHAR column: the member's value is stored and the member is
    read back. On bind a member or its exact string value is accepted; any other string is
    refused, so a misspelt status never reaches the database."""

    impl = String
    cache_ok = True

    def __init__(self, enum_class: type[E], length: int) -> None:
        super().__init__(length)
        self.enum_class = enum_class
        self.length = length

    def _member(self, value: object) -> E:
        if isinstance(value, self.enum_class):
            return value
        if isinstance(value, str):
            try:
                return self.enum_class(value)
            except ValueError:
                pass
        allowed = ", ".join(m.value for m in self.enum_class)
        raise ValueError(f"{value!r} is not a {self.enum_class.__name__} (one of: {allowed})")

    def process_bind_param(self, value: object, dialect: Dialect) -> str | None:
        if value is None:
            return None
        return self._member(value).value

    def process_result_value(self, value: str | None, dialect: Dialect) -> E | None:
        if value is None:
            return None
        return self._member(value)

    @property
    def python_type(self) -> type[E]:
        return self.enum_class


def _enum_types() -> dict[type, TypeEngine[Any]]:
    # The VARCHAR length is the one each vocabulary's columns were created with.
    lengths: dict[type[StrEnum], int] = {
        AreaLevel: 20, AuditAction: 32, CertificateKind: 8, Detection: 20, ExpansionStatus: 20, ExpansionTarget: 8,
        LimitKind: 20, MethodKind: 20, ParameterKind: 20, ProducerKind: 20, ReportStatus: 20,
        ResultSource: 20, RoleCode: 32, SampleStatus: 20, ScreenOutcome: 20, SignatureMeaning: 20, StandardKind: 20,
        TaskKind: 30, TestStatus: 20, Verdict: 20,
    }
    return {cls: StoredEnum(cls, length) for cls, length in lengths.items()}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UTCDateTime(), **_enum_types()}  # noqa: RUF012 - read once by SQLAlchemy


class Retirable:
    """Rows that records point to are never deleted: a retired row (``active`` False) stays for the
    records that name it, and is no longer offered for new ones."""

    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())


class Versioned:
    """Rows that people edit carry a counter; SQLAlchemy adds it to every UPDATE's WHERE, so a
    write based on a stale read from another workstation matches no row and is refused."""

    version: Mapped[int] = mapped_column(Integer, nullable=False)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, object]:
        return {"version_id_col": cls.__table__.c.version}  # type: ignore[attr-defined]  # set on the mapped subclass


def text_length(attribute: Any) -> int | None:
    """The number of characters a mapped text column holds (String(n): n), or None when its
    type sets no bound (Text). Services check input against it, so the limit is written once,
    in the model, and SQLite (which does not enforce it) accepts what PostgreSQL accepts."""
    column_type = attribute.property.columns[0].type
    length = getattr(column_type, "length", None)
    return length if isinstance(length, int) else None
