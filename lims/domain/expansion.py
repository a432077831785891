"""Expansion (扩项) applications as the lab lives them, and what to expand next.

An application goes through its steps in order: planned -> method verification -> staff
authorised -> proficiency test -> submitted -> assessed -> approved, or rejected once it was
submitted. Each step has the day it was done and the person responsible; a step is never dated
before the one it follows, nor after today. On approval the requested rows become a new
ability-table version in force from the approval date, so tests before that day stay outside
the scope.

``rank_candidates`` orders the product x parameter pairs the scope does not cover into "what to
expand next": what supervision requires before what it does not, what neither certificate
covers before what one covers, then by the tests of the period."""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from lims.domain.enums import ExpansionStatus, ExpansionTarget
from lims.domain.errors import ValidationError

Step = ExpansionStatus

STEPS: tuple[Step, ...] = (
    Step.PLANNED, Step.METHOD_VERIFICATION, Step.STAFF_AUTHORISED, Step.PROFICIENCY_TEST, Step.SUBMITTED,
    Step.ASSESSED, Step.APPROVED,
)
FINAL: frozenset[Step] = frozenset({Step.APPROVED, Step.REJECTED})
# an assessment body rejects what was submitted to it
MAY_REJECT_AFTER: frozenset[Step] = frozenset({Step.SUBMITTED, Step.ASSESSED})


def kinds_of(target: ExpansionTarget) -> tuple[str, ...]:
    """The certificate kinds an application expands: "CMA", "CATL" or both for a joint one."""
    return ("CMA", "CATL") if target is ExpansionTarget.JOINT else (target.value,)


def next_steps(last: Step) -> tuple[Step, ...]:
    """The steps that may follow ``last``."""
    if last in FINAL:
        return ()
    following = STEPS[STEPS.index(last) + 1]
    return (following, Step.REJECTED) if last in MAY_REJECT_AFTER else (following,)


@dataclass(frozen=True)
class StepDone:
    step: Step
    on: date


def check_step(done: Sequence[StepDone], step: Step, on: date, today: date) -> None:
    """Refuse a step out of order, dated before the step it follows, or dated after today."""
    if not done:
        if step is not Step.PLANNED:
            raise ValidationError("An application starts with the step planned", field="step")
    else:
        last = done[-1]
        if last.step in FINAL:
            raise ValidationError("The application was {status} on {day}: no step follows", field="step",
                                  status=last.step.value, day=last.on.isoformat())
        allowed = next_steps(last.step)
        if step not in allowed:
            raise ValidationError("After {last} comes {allowed}, not {step}", field="step", last=last.step.value,
                                  allowed=" or ".join(s.value for s in allowed), step=step.value)
        if on < last.on:
            raise ValidationError("The step {step} cannot be dated {day}, before the step {last} ({last_day})",
                                  field="on", step=step.value, day=on.isoformat(), last=last.step.value,
                                  last_day=last.on.isoformat())
    if on > today:
        raise ValidationError("The step {step} cannot be dated {day}, after today", field="on", step=step.value,
                              day=on.isoformat())


@dataclass(frozen=True)
class Candidate:
    """A product and parameter the scope does not cover for every certificate."""

    product: str
    parameter: str
    required: bool  # on the product's required list (what supervision needs)
    missing: tuple[str, ...]  # the certificate kinds that do not cover it: ("CMA",), ("CATL",) or both
    tests: int  # tests of the product and parameter in the period
    out_tests: int  # of those, tests outside a scope


def rank_candidates(candidates: Iterable[Candidate]) -> list[Candidate]:
    """What to expand next, most pressing first."""
    return sorted(candidates, key=lambda c: (not c.required, -len(c.missing), -c.out_tests, -c.tests,
                                             c.product, c.parameter))
