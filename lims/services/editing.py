"""Rows as the person saw them: a change is based on the version they read, and a write that
meets another workstation's change is refused with a message to reload."""
from __future__ import annotations

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified
from sqlalchemy.orm.exc import StaleDataError

from lims.db.models import Result, Sample, Test
from lims.domain.errors import ConcurrentEditError, NotFound


def sample_for_edit(s: Session, sample_id: int, expected_version: int | None) -> Sample:
    """The sample as the person saw it at ``expected_version`` (None: whatever it is now, for
    a caller that checked another row's version), or a clear refusal."""
    sample = s.get(Sample, sample_id)
    if sample is None:
        raise NotFound("Sample {id} does not exist", id=sample_id)
    if expected_version is not None and sample.version != expected_version:
        raise ConcurrentEditError(
            "The sample {code} was changed on another workstation since you opened it; reload and try again",
            code=sample.code,
        )
    return sample


def editable_test(s: Session, test_id: int, expected_version: int | None) -> Test:
    return editable_test_and_sample(s, test_id, expected_version)[0]


def editable_test_and_sample(s: Session, test_id: int, expected_version: int | None) -> tuple[Test, Sample]:
    """The test and its sample, in one query."""
    row = s.execute(select(Test, Sample).join(Sample, Sample.id == Test.sample_id)
                    .where(Test.id == test_id)).one_or_none()
    return _as_seen(None if row is None else (row[0], row[1]), test_id, expected_version)


def editable_test_with_result(s: Session, test_id: int, expected_version: int | None
                              ) -> tuple[Test, Sample, Result | None]:
    """The test, its sample and its current result (None before the first), in one query."""
    row = s.execute(_WITH_RESULT, {"test_id": test_id}).one_or_none()
    test, sample = _as_seen(None if row is None else (row[0], row[1]), test_id, expected_version)
    return test, sample, row[2] if row is not None else None


# built once: entering a result, the bench's most frequent action, starts here
_WITH_RESULT = (select(Test, Sample, Result).join(Sample, Sample.id == Test.sample_id)
                .outerjoin(Result, (Result.test_id == Test.id) & Result.superseded.is_(False))
                .where(Test.id == bindparam("test_id")))


def _as_seen(row: tuple[Test, Sample] | None, test_id: int, expected_version: int | None) -> tuple[Test, Sample]:
    if row is None:
        raise NotFound("Test {id} does not exist", id=test_id)
    test, sample = row
    if expected_version is not None and test.version != expected_version:
        raise ConcurrentEditError(
            "The test was changed on another workstation since you opened it; reload and try again"
        )
    return test, sample


def sample_of(s: Session, test: Test) -> Sample:
    """The sample a test belongs to (the foreign key guarantees one)."""
    sample = s.get(Sample, test.sample_id)
    if sample is None:
        raise NotFound("Sample {id} does not exist", id=test.sample_id)
    return sample


def touch(sample: Sample) -> None:
    """Something on the sample changed (tests, results, screens): move the sample's own row
    too, so a stale view of the whole sample is refused."""
    flag_modified(sample, "status")


def flush_or_refuse(s: Session, sample: Sample) -> None:
    """Write now; a row changed by another workstation at the same moment is a clear refusal."""
    try:
        s.flush()
    except (StaleDataError, ConcurrentEditError) as exc:  # the session reports a stale row as the latter
        raise ConcurrentEditError(
            "The sample {code} was changed on another workstation at the same moment; reload and try again",
            code=sample.code,
        ) from exc
