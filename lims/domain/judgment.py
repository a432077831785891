"""Judging a result against the limit in force: pass, fail, or no basis.

The rules (DOMAIN.md, "Limits and judgment"):

- The limit is the one in force on the sampling date: every candidate carries its standard's
  in-force dates (GB 2763-2021 until 2026-02-28, GB 2763-2026 from 2026-03-01).
- A limit set on a food category applies to everything under it; the nearest node of the
  product's path (product, parent category, ..., root) that has a limit in force wins.
- Below the method's LOD a result is not detected (ND, reported with the LOD); between LOD and
  LOQ it is detected but below the LOQ, and shown so.
- The unrounded value is compared with the limit (GB/T 8170 全数值比较法) unless the limit asks
  for the rounded-value method; rounding to the method's digits is for display only.
- Units are converted before comparing (µg/kg results against mg/kg limits), exactly.
- "不得检出" (not detectable, the banned substances): a result at or above the LOD fails.
- A temporary limit ("*") judges like any other and is marked temporary in the basis.
- No limit in force anywhere on the path: Verdict.NO_BASIS, never a pass.

``judge`` decides one result; ``LimitTable`` indexes a catalogue's limits once so that
``judge_many`` spends only dictionary look-ups per result."""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from lims.domain.enums import ComparisonMethod, Detection, LimitKind, Verdict
from lims.domain.errors import ValidationError
from lims.domain.rounding import (
    as_decimal,
    check_digits,
    decimal_places,
    format_fixed,
    parse_decimal,
    plain,
    round_half_even,
)
from lims.domain.units import Unit, convert, parse_unit

ND_TEXT = "ND"
ND_WORDS = frozenset({"nd", "n.d.", "未检出"})  # what people type for not detected
TEMPORARY_MARK = "*"


@dataclass(frozen=True)
class LimitCandidate:
    """One limit value as the catalogue holds it: set on one product or category node, for one
    parameter, by one edition of a limit standard. ``value`` is None for "not detectable".

    Numbers given as float (what the database returns) or text are turned into Decimal."""

    product_id: int
    value: Decimal | None
    unit: str
    kind: LimitKind
    standard_number: str  # "GB 2763"
    standard_year: str  # "2021"
    in_force_from: date | None = None  # None: in force since ever
    in_force_to: date | None = None  # inclusive; None: still in force
    parameter_id: int | None = None  # needed by LimitTable only
    limit_id: int | None = None
    product_name: str = ""  # the node's name, shown when the limit is inherited
    source: str = ""  # standard, edition and table the value came from
    is_demo: bool = False
    comparison: ComparisonMethod = ComparisonMethod.FULL_VALUE

    def __post_init__(self) -> None:
        kind = LimitKind(self.kind)
        object.__setattr__(self, "kind", kind)
        object.__setattr__(self, "comparison", ComparisonMethod(self.comparison))
        object.__setattr__(self, "unit", parse_unit(self.unit).code)
        if self.value is not None:
            object.__setattr__(self, "value", as_decimal(self.value, "limit"))
        elif kind != LimitKind.NOT_DETECTABLE:
            raise ValidationError(
                "The {kind} limit of {standard} has no value", field="limit",
                kind=kind, standard=self.standard_ref,
            )
        if self.in_force_from and self.in_force_to and self.in_force_from > self.in_force_to:
            raise ValidationError(
                "{standard} cannot leave force ({end}) before it enters force ({start})",
                field="in_force_to", standard=self.standard_ref,
                start=self.in_force_from, end=self.in_force_to,
            )

    @property
    def standard_ref(self) -> str:
        return f"{self.standard_number}-{self.standard_year}" if self.standard_year else self.standard_number

    def in_force_on(self, day: date) -> bool:
        return (self.in_force_from is None or self.in_force_from <= day) and (
            self.in_force_to is None or day <= self.in_force_to
        )


@dataclass(frozen=True)
class MethodInfo:
    """What judgment needs of a method: its unit, LOD and LOQ in that unit, and the number of
    decimals results are reported with."""

    unit: str
    reporting_digits: int = 2
    lod: Decimal | None = None
    loq: Decimal | None = None
    method_id: int | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "unit", parse_unit(self.unit).code)
        check_digits(self.reporting_digits)
        if self.lod is not None:
            object.__setattr__(self, "lod", as_decimal(self.lod, "lod"))
        if self.loq is not None:
            object.__setattr__(self, "loq", as_decimal(self.loq, "loq"))
        if self.lod is not None and self.loq is not None and self.loq < self.lod:
            raise ValidationError(
                "The LOQ ({loq}) cannot be below the LOD ({lod})", field="loq", lod=self.lod, loq=self.loq
            )


@dataclass(frozen=True)
class ResultInput:
    """A result as entered or captured: the value text exactly as typed or read, or the
    not-detected flag (then ``value_text`` is ignored). An empty unit means the method's."""

    value_text: str = ""
    unit: str = ""
    not_detected: bool = False

    @classmethod
    def nd(cls, unit: str = "") -> ResultInput:
        return cls(unit=unit, not_detected=True)

    @classmethod
    def from_entry(cls, text: str, unit: str = "") -> ResultInput:
        """A value as a person types it in a results grid: a number, or one of the words for
        not detected (ND, N.D., 未检出) in any case."""
        entry = text.strip()
        if entry.lower() in ND_WORDS:
            return cls.nd(unit)
        return cls(value_text=entry, unit=unit)


@dataclass(frozen=True)
class LimitBasis:
    """The judgment basis (判定依据) as a report prints it."""

    value: Decimal | None
    unit: str
    kind: LimitKind
    standard_number: str
    standard_year: str
    product_id: int  # the node the limit is set on
    product_name: str
    inherited: bool  # set on a category above the sample's product
    temporary: bool
    limit_id: int | None
    source: str
    is_demo: bool
    comparison: ComparisonMethod

    @property
    def standard_ref(self) -> str:
        return f"{self.standard_number}-{self.standard_year}" if self.standard_year else self.standard_number

    @property
    def limit_text(self) -> str:
        """"0.1 mg/kg", "0.1* mg/kg" (temporary), "not detectable"."""
        if self.kind == LimitKind.NOT_DETECTABLE or self.value is None:
            return "not detectable"
        mark = TEMPORARY_MARK if self.temporary else ""
        return f"{plain(self.value)}{mark} {self.unit}"

    @property
    def record_text(self) -> str:
        """The basis as the result record and the report print it: "GB 2763-2021 0.1 mg/kg",
        "GB 2763-2021 0.1* mg/kg" (temporary), "农业农村部公告第250号-2019 不得检出"."""
        if self.kind == LimitKind.NOT_DETECTABLE or self.value is None:
            return f"{self.standard_ref} 不得检出"
        return f"{self.standard_ref} {self.limit_text}"

    @property
    def display_text(self) -> str:
        """"GB 2763-2021: 0.1 mg/kg (limit for 叶菜类)"."""
        text = f"{self.standard_ref}: {self.limit_text}"
        if self.inherited and self.product_name:
            text += f" (limit for {self.product_name})"
        return text


@dataclass(frozen=True)
class Judgment:
    verdict: Verdict
    detection: Detection
    value: Decimal | None  # unrounded, as entered, in ``unit``; None when entered as ND
    unit: str
    reported_value: str  # rounded to the method's digits ("0.050"), or "ND"
    display_text: str  # "0.050 mg/kg", "ND (LOD 0.003 mg/kg)", "0.008 mg/kg (detected, below LOQ 0.01 mg/kg)"
    lod: Decimal | None  # in ``unit``
    loq: Decimal | None  # in ``unit``
    basis: LimitBasis | None  # None exactly when the verdict is NO_BASIS


@dataclass(frozen=True)
class JudgmentRequest:
    """One result to judge in ``judge_many``."""

    parameter_id: int
    product_path: tuple[int, ...]  # the sample's product first, then its ancestors to the root
    sampled_on: date  # the local calendar date of sampling
    result: ResultInput
    method: MethodInfo

    def __post_init__(self) -> None:
        object.__setattr__(self, "product_path", _check_path(self.product_path))
        _check_day(self.sampled_on)


def _check_day(day: date) -> date:
    if isinstance(day, datetime):
        raise ValidationError(
            "The sampling date must be a calendar date in the lab's time zone, not a time stamp ({value})",
            field="sampled_on", value=day,
        )
    return day


def _check_path(product_path: Sequence[int]) -> tuple[int, ...]:
    path = tuple(product_path)
    if not path:
        raise ValidationError("The sample's product is missing: cannot look up its limits", field="product")
    return path


def _preference(limit: LimitCandidate) -> tuple[date, bool, Decimal]:
    """Among limits at one node in force on one day: the newest edition, then the strictest."""
    strictness = Decimal(0)
    if limit.value is not None:
        strictness = -limit.value.scaleb(parse_unit(limit.unit).exponent)
    return (limit.in_force_from or date.min, limit.kind == LimitKind.NOT_DETECTABLE, strictness)


def select_limit(
    candidates: Iterable[LimitCandidate], product_path: Sequence[int], sampled_on: date
) -> LimitCandidate | None:
    """The limit that governs a sample: in force on ``sampled_on``, set on the nearest node of
    ``product_path``. ``candidates`` are the limits for the result's parameter."""
    path = _check_path(product_path)
    day = _check_day(sampled_on)
    by_node: dict[int, list[LimitCandidate]] = {}
    for limit in candidates:
        if limit.in_force_on(day):
            by_node.setdefault(limit.product_id, []).append(limit)
    for node in path:
        found = by_node.get(node)
        if found:
            return max(found, key=_preference)
    return None


class LimitTable:
    """The limits of a catalogue indexed by (parameter, node), each group sorted by
    preference, so one look-up costs a few dictionary probes. Build it once per batch."""

    def __init__(self, candidates: Iterable[LimitCandidate]) -> None:
        groups: dict[tuple[int, int], list[LimitCandidate]] = {}
        for limit in candidates:
            if limit.parameter_id is None:
                raise ValidationError(
                    "A limit of {standard} for node {product} names no parameter",
                    field="parameter", standard=limit.standard_ref, product=limit.product_id,
                )
            groups.setdefault((limit.parameter_id, limit.product_id), []).append(limit)
        self._groups = {k: tuple(sorted(v, key=_preference, reverse=True)) for k, v in groups.items()}
        self._ids: dict[int, LimitCandidate] | None = None

    def __len__(self) -> int:
        return sum(len(g) for g in self._groups.values())

    def by_id(self, limit_id: int) -> LimitCandidate | None:
        """The limit stored with id ``limit_id``, if the table holds it."""
        if self._ids is None:
            self._ids = {c.limit_id: c for group in self._groups.values() for c in group if c.limit_id is not None}
        return self._ids.get(limit_id)

    def select(self, parameter_id: int, product_path: Sequence[int], sampled_on: date) -> LimitCandidate | None:
        """As ``select_limit``, for one parameter of the table."""
        path = _check_path(product_path)
        day = _check_day(sampled_on)
        for node in path:
            for limit in self._groups.get((parameter_id, node), ()):
                if limit.in_force_on(day):
                    return limit
        return None


def judge(
    result: ResultInput,
    method: MethodInfo,
    candidates: Iterable[LimitCandidate],
    product_path: Sequence[int],
    sampled_on: date,
) -> Judgment:
    """Judge one result; ``candidates`` are every limit for its parameter (any node, any
    edition). Raises ValidationError for a value that is not a number and IncompatibleUnits
    when the result, method and limit units measure different quantities."""
    path = _check_path(product_path)
    return judge_with_limit(result, method, select_limit(candidates, path, sampled_on), path[0])


def judge_many(requests: Iterable[JudgmentRequest], limits: LimitTable) -> list[Judgment]:
    """Judge a batch in order; limit look-ups are shared between results of the same
    parameter, product path and sampling date."""
    chosen: dict[tuple[int, tuple[int, ...], date], LimitCandidate | None] = {}
    judged: list[Judgment] = []
    for request in requests:
        key = (request.parameter_id, request.product_path, request.sampled_on)
        try:
            limit = chosen[key]
        except KeyError:
            limit = chosen[key] = limits.select(*key)
        judged.append(judge_with_limit(request.result, request.method, limit, request.product_path[0]))
    return judged


def judge_with_limit(
    result: ResultInput, method: MethodInfo, limit: LimitCandidate | None, product_id: int
) -> Judgment:
    """Judge one result against an already chosen limit (None: no basis). ``product_id`` is
    the sample's own product, to tell an inherited limit from one set on the product."""
    unit = parse_unit(result.unit or method.unit)
    method_unit = parse_unit(method.unit)
    lod = None if method.lod is None else _in_unit(method.lod, method_unit, unit)
    loq = None if method.loq is None else _in_unit(method.loq, method_unit, unit)
    value: Decimal | None = None
    if result.not_detected:
        detection = Detection.NOT_DETECTED
    else:
        value = parse_decimal(result.value_text)
        detection = _detection(value, lod, loq)

    if value is None or detection == Detection.NOT_DETECTED:
        reported = ND_TEXT
        display = f"{ND_TEXT} (LOD {plain(lod)} {unit.code})" if lod is not None else ND_TEXT
    else:
        reported = format_fixed(value, method.reporting_digits)
        display = f"{reported} {unit.code}"
        if detection == Detection.BELOW_LOQ and loq is not None:
            display += f" (detected, below LOQ {plain(loq)} {unit.code})"

    if limit is None:
        verdict, basis = Verdict.NO_BASIS, None
    else:
        verdict = _verdict(detection, value, unit, limit)
        basis = _basis(limit, product_id)
    return Judgment(verdict, detection, value, unit.code, reported, display, lod, loq, basis)


def _in_unit(value: Decimal, source: Unit, target: Unit) -> Decimal:
    return value if source == target else convert(value, source, target)


def _detection(value: Decimal, lod: Decimal | None, loq: Decimal | None) -> Detection:
    if lod is not None:
        if value < lod:
            return Detection.NOT_DETECTED
    elif value.is_zero():
        return Detection.NOT_DETECTED  # without a LOD, only a reading of zero means nothing found
    if loq is not None and value < loq:
        return Detection.BELOW_LOQ
    return Detection.QUANTIFIED


def _verdict(detection: Detection, value: Decimal | None, unit: Unit, limit: LimitCandidate) -> Verdict:
    if value is None or detection == Detection.NOT_DETECTED:
        return Verdict.PASS
    if limit.kind == LimitKind.NOT_DETECTABLE or limit.value is None:
        return Verdict.FAIL  # detected: at or above the LOD; only "not detectable" has no value
    compared = convert(value, unit, limit.unit)
    if limit.comparison == ComparisonMethod.ROUNDED_VALUE:
        compared = round_half_even(compared, decimal_places(limit.value))
    return Verdict.FAIL if compared > limit.value else Verdict.PASS


def _basis(limit: LimitCandidate, product_id: int) -> LimitBasis:
    return LimitBasis(
        value=limit.value,
        unit=limit.unit,
        kind=limit.kind,
        standard_number=limit.standard_number,
        standard_year=limit.standard_year,
        product_id=limit.product_id,
        product_name=limit.product_name,
        inherited=limit.product_id != product_id,
        temporary=limit.kind == LimitKind.TEMPORARY,
        limit_id=limit.limit_id,
        source=limit.source,
        is_demo=limit.is_demo,
        comparison=limit.comparison,
    )


def overall_verdict(verdicts: Iterable[Verdict | str | None]) -> Verdict:
    """A sample's verdict from its current results: any fail fails it; otherwise any result
    without a basis (or no result at all) leaves it without a basis; only then it passes."""
    seen = {Verdict(v) for v in verdicts if v is not None}
    if Verdict.FAIL in seen:
        return Verdict.FAIL
    if Verdict.NO_BASIS in seen or not seen:
        return Verdict.NO_BASIS
    return Verdict.PASS
