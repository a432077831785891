"""E1394 records as typed values. Field numbers are E1394's (section 7 onwards), counted from
the record type as field 1; only the fields the LIMS uses are named, the rest stay in
``record``."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo

from instruments.astm.codec import Record


def parse_timestamp(text: str, zone: tzinfo) -> datetime | None:
    """YYYYMMDD[HH[MM[SS]]] on the instrument's clock, or None when absent or malformed."""
    digits = text.strip()[:14]
    if len(digits) < 8 or not digits.isdigit() or len(digits) % 2:
        return None
    digits = digits.ljust(14, "0")
    try:
        return datetime(int(digits[0:4]), int(digits[4:6]), int(digits[6:8]), int(digits[8:10]),
                        int(digits[10:12]), int(digits[12:14]), tzinfo=zone)
    except ValueError:
        return None


@dataclass(frozen=True)
class Header:  # E1394 section 7
    record: Record

    @property
    def sender(self) -> str:  # field 5, first component: the instrument's name
        return self.record.get(5)

    @property
    def processing_id(self) -> str:  # field 12: P production, T training, D debugging, Q quality control
        return self.record.get(12)

    @property
    def version(self) -> str:  # field 13
        return self.record.get(13)


@dataclass(frozen=True)
class Patient:  # section 8
    record: Record

    @property
    def practice_id(self) -> str:  # field 3
        return self.record.get(3)

    @property
    def laboratory_id(self) -> str:  # field 4
        return self.record.get(4)


@dataclass(frozen=True)
class Order:  # section 9
    record: Record

    @property
    def specimen_id(self) -> str:  # field 3: the host's code for the sample (our sample code)
        return self.record.get(3)

    @property
    def instrument_specimen_id(self) -> str:  # field 4
        return self.record.get(4)

    @property
    def sample_code(self) -> str:
        return self.specimen_id or self.instrument_specimen_id

    @property
    def action_code(self) -> str:  # field 12: Q marks a quality-control sample
        return self.record.get(12)


LOCAL_CODE_COMPONENT = 4  # E1394: universal test id = universal^name^type^local code


def test_code(record: Record, number: int, component: int = LOCAL_CODE_COMPONENT) -> str:
    """The test code in a universal test id ``^^^code^...`` (component 4 by E1394; some devices
    use another, hence ``component``); a device that sends the code alone (``HBCT``) has it in
    component 1."""
    return record.get(number, component) or record.get(number, 1)


@dataclass(frozen=True)
class Result:  # section 10
    record: Record

    @property
    def sequence(self) -> str:  # field 2
        return self.record.get(2)

    @property
    def test_code(self) -> str:  # field 3
        return test_code(self.record, 3)

    def test_code_in(self, component: int) -> str:
        return test_code(self.record, 3, component)

    @property
    def value(self) -> str:  # field 4, as sent
        return self.record.get(4)

    @property
    def units(self) -> str:  # field 5
        return self.record.get(5)

    @property
    def reference_range(self) -> str:  # field 6
        return self.record.get(6)

    @property
    def abnormal_flags(self) -> tuple[str, ...]:  # field 7, repeatable
        return tuple(self.record.repeats(7))

    @property
    def status(self) -> str:  # field 9: F final, C correction, P preliminary, X cannot be done ...
        return self.record.get(9)

    @property
    def operator(self) -> str:  # field 11
        return self.record.get(11)

    @property
    def started(self) -> str:  # field 12
        return self.record.get(12)

    @property
    def completed(self) -> str:  # field 13
        return self.record.get(13)

    @property
    def instrument(self) -> str:  # field 14
        return self.record.get(14)


@dataclass(frozen=True)
class Comment:  # section 11
    record: Record

    @property
    def text(self) -> str:  # field 4
        return self.record.get(4)


@dataclass(frozen=True)
class Query:  # section 12: an instrument asks the host for a sample's orders
    record: Record

    @property
    def sample_codes(self) -> list[str]:
        """Field 3, starting range: each repeat is patient id ^ specimen id (^ more); devices
        fill one or the other."""
        codes = []
        for repeat in self.record.field(3):
            code = repeat[1] if len(repeat) > 1 and repeat[1] else repeat[0]
            if code and code.upper() != "ALL":
                codes.append(code)
        return codes

    @property
    def test_codes(self) -> list[str]:  # field 5
        return [r[3] if len(r) > 3 and r[3] else r[0] for r in self.record.field(5) if any(r)]


@dataclass(frozen=True)
class Terminator:  # section 13
    record: Record

    @property
    def code(self) -> str:  # field 3: N normal, I no information for a query, Q query error ...
        return self.record.get(3)


Typed = Header | Patient | Order | Result | Comment | Query | Terminator | Record

_TYPES: dict[str, type[Header | Patient | Order | Result | Comment | Query | Terminator]] = {
    "H": Header, "P": Patient, "O": Order, "R": Result, "C": Comment, "Q": Query, "L": Terminator}


def typed(record: Record) -> Typed:
    """The record as its type, or the plain Record for types the LIMS does not read (M, S)."""
    kind = _TYPES.get(record.kind)
    return kind(record) if kind else record
