"""The bench worklist: one parameter across every sample waiting for it, so a technician who
has just run a batch on the instrument types the values of the whole batch in one grid."""
from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from lims.db.models import Method, Parameter, Product, Result, Sample, Standard, Test
from lims.domain.enums import SampleStatus, TestStatus

# the samples whose results are being typed
_OPEN_SAMPLES = (SampleStatus.RECEIVED.value, SampleStatus.TESTING.value)
_ACTIVE_TESTS = (TestStatus.ASSIGNED.value, TestStatus.RESULT_ENTERED.value)


class WaitingParameter(NamedTuple):
    """Unpacks as (parameter_id, name, count)."""

    parameter_id: int
    name: str
    waiting: int  # active tests of it on open samples


@dataclass(frozen=True)
class WorklistRow:
    test_id: int
    test_version: int
    sample_id: int
    sample_code: str
    product: str
    method: str  # "GB 23200.113-2018"
    unit: str
    status: str  # the test's
    value_text: str  # the current value as entered, or ""
    reported_text: str
    verdict: str | None
    detection: str | None = None  # a lims.domain.enums.Detection value, when there is a result


class WorklistService:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def parameters_waiting(self) -> list[WaitingParameter]:
        """Each parameter with active tests on received or testing samples, by name."""
        with self._sessions() as s:
            rows = s.execute(
                select(Parameter.id, Parameter.name, func.count(Test.id))
                .join(Test, Test.parameter_id == Parameter.id)
                .join(Sample, Sample.id == Test.sample_id)
                .where(Sample.status.in_(_OPEN_SAMPLES), Test.status.in_(_ACTIVE_TESTS))
                .group_by(Parameter.id, Parameter.name)
                .order_by(Parameter.name)
            ).all()
        return [WaitingParameter(pid, name, count) for pid, name, count in rows]

    def rows(self, parameter_id: int) -> list[WorklistRow]:
        """The active tests of the parameter on open samples, newest sample first."""
        with self._sessions() as s:
            found = s.execute(
                select(Test, Sample.id, Sample.code, Product.name, Standard.number, Standard.year, Method.unit)
                .join(Sample, Sample.id == Test.sample_id)
                .join(Product, Product.id == Sample.product_id)
                .join(Method, Method.id == Test.method_id)
                .join(Standard, Standard.id == Method.standard_id)
                .where(Test.parameter_id == parameter_id, Sample.status.in_(_OPEN_SAMPLES),
                       Test.status.in_(_ACTIVE_TESTS))
                .order_by(Sample.id.desc(), Test.id)
            ).all()
            tests = [row[0].id for row in found]
            current = {r.test_id: r for r in s.scalars(select(Result).where(
                Result.test_id.in_(tests), Result.superseded.is_(False)))} if tests else {}
            out = []
            for test, sample_id, code, product, number, year, unit in found:
                result = current.get(test.id)
                out.append(WorklistRow(
                    test_id=test.id, test_version=test.version, sample_id=sample_id, sample_code=code,
                    product=product, method=f"{number}-{year}",
                    unit=result.unit if result is not None and result.unit else unit, status=test.status,
                    value_text=result.value_text if result is not None else "",
                    reported_text=result.reported_text if result is not None else "",
                    verdict=result.verdict if result is not None else None,
                    detection=result.detection if result is not None else None,
                ))
            return out
