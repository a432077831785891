"""Generated demo samples, for demonstrations and benchmarks only: the application itself never
loads this module (DemoService does, when samples are asked for).

It invents samples, tests and results deterministically from a seed and writes them in bulk
(lims.db.bulk: one compiled INSERT per table fed thousands of rows at a time, COPY on
PostgreSQL), because 200,000 samples with about 800,000 tests and results must build in minutes
for benchmarks. What the application's own path would leave behind is left behind too:

- every result is judged by the domain's judgment (lims.domain.judgment) against the limit in
  force on the sampling date, and an approved sample carries the domain's overall verdict;
- the audit trail holds the events the same actions would have written (registration,
  receipt, the panel's tests, each result, every transition), in time order, hash-chained
  exactly as lims.services.audit.record chains them, with the head at the chain's tip;
- the code counter of each year stands at the last code issued, so the next registration
  takes the next number at once."""
from __future__ import annotations

import heapq
import itertools
import random
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, timezone
from decimal import Decimal
from typing import Any

from sqlalchemy import Table, func, select
from sqlalchemy.orm import Session

from lims.db.bulk import BulkWriter, advance_sequences, sqlite_cache, table_of
from lims.db.models import CodeCounter, Result, Sample, Signature, Task, Test
from lims.domain.audit_chain import field_changes
from lims.domain.enums import AuditAction, LimitKind, SampleStatus, SignatureMeaning, TaskKind, TestStatus
from lims.domain.errors import ValidationError
from lims.domain.judgment import (
    LimitCandidate,
    MethodInfo,
    ResultInput,
    judge_with_limit,
    overall_verdict,
)
from lims.domain.units import compatible, convert
from lims.services import policy as lab_policy
from lims.services.audit import ChainAppender
from lims.services.catalogue import catalogue as read_catalogue
from lims.services.demo import DemoCatalogue, lookup_named
from lims.services.registration import counter_name

CHUNK_SAMPLES = 5000
# states whose samples have tests from their panel, and states whose samples reached the lab (a
# rejected one was refused there, at receipt)
_TESTED_STATES = {
    SampleStatus.TESTING, SampleStatus.TO_BE_VERIFIED, SampleStatus.VERIFIED, SampleStatus.APPROVED,
}
_RECEIVED_STATES = _TESTED_STATES | {SampleStatus.RECEIVED, SampleStatus.REJECTED}
# how many days before the reference date a sample in each state was taken: work in progress
# is recent, finished work is spread over the year
_RECENT_WINDOW_DAYS = {
    SampleStatus.SAMPLE_DUE: (0, 3),
    SampleStatus.RECEIVED: (0, 6),
    SampleStatus.TESTING: (2, 12),
    SampleStatus.TO_BE_VERIFIED: (4, 16),
    SampleStatus.VERIFIED: (6, 21),
}
_MIN_AGE_DAYS_APPROVED = 7
_BULK_CACHE_KIB = 128 * 1024
_WORK_STARTS = time(8, 0)  # local
_WORK_MINUTES = 600  # 08:00-18:00
_MINUTE = [timedelta(minutes=m) for m in range(24 * 60)]
_ASSIGNED, _ENTERED, _VERIFIED = (
    TestStatus.ASSIGNED.value, TestStatus.RESULT_ENTERED.value, TestStatus.VERIFIED.value,
)
_CANCEL_NOTE = "抽样任务调整，样品取消"


@dataclass(frozen=True)
class _Item:
    """One panel item with what the generator needs to invent its result."""

    parameter_id: int
    method_id: int
    kind: str  # ParameterKind
    lod: float | None
    loq: float | None
    unit: str
    digits: int
    testers: tuple[int, ...]
    subcontract_share: float
    method: MethodInfo = field(compare=False)

    @property
    def floor(self) -> float:
        """The smallest reading worth reporting as a number."""
        return self.loq or self.lod or 10.0 ** -self.digits


@dataclass(frozen=True)
class _TaskRef:
    id: int
    code: str
    kind: TaskKind
    starts_on: date | None
    ends_on: date | None


class SampleGenerator:
    """Invents samples, tests and results, writes them in bulk with their audit events, and sets
    the code counters.

    Times are handled as (day ordinal, minutes after 08:00 local) and turned into UTC datetimes
    from a per-day cache: at a million rows, datetime arithmetic is a noticeable share of the run."""

    def __init__(
        self, s: Session, data: dict[str, Any], catalogue: DemoCatalogue, rng: random.Random,
    ) -> None:
        self.s = s
        self.rng = rng
        g = data["sample_generator"]
        self.lab = lab_policy.read(s)
        self.today = date.fromisoformat(g["today"])
        self.first_day = date.fromisoformat(g["first_sampling_day"])
        self.local = timezone(timedelta(hours=int(g["utc_offset_hours"])))
        # the demo's "now": the reference day's end of work, local time
        self.now = datetime.combine(self.today, _WORK_STARTS, self.local).astimezone(UTC) \
            + _MINUTE[_WORK_MINUTES]
        self.limits = read_catalogue(s).limit_table
        self.paths = read_catalogue(s).paths()
        self._limit_cache: dict[tuple[int, int, int], LimitCandidate | None] = {}
        self._limit_in_unit: dict[tuple[int | None, str], float | None] = {}
        self._judged: dict[tuple[int, str | None, int | None], tuple[str, str, str, str]] = {}
        self.not_detected_share: dict[str, float] = g["not_detected_share"]
        self.fail_share = float(g["fail_share"])
        self.fail_share_rapid = float(g["fail_share_rapid_confirmation"])
        self.samplers: list[str] = g["samplers"]
        self.storage_places: list[str] = g["storage_places"]
        self.rejection_reasons: list[str] = g["rejection_reasons"]
        if len(self.samplers) < 2:
            raise ValidationError("The demo generator needs at least two samplers", field="samplers")

        self.statuses = [SampleStatus(k) for k in g["status_weights"]]
        self.status_cum = _cumulative(g["status_weights"].values())
        self.tasks = [
            _TaskRef(t.id, t.code, TaskKind(t.kind), t.starts_on, t.ends_on)
            for t in (_lookup_task(catalogue, code) for code in g["task_weights"])
        ]
        self.task_cum = _cumulative(g["task_weights"].values())
        self.usernames = {id_: name for name, id_ in catalogue.users.items()}
        self.workstations = {id_: f"lab-pc-{n:02d}" for n, id_ in enumerate(sorted(self.usernames), start=1)}
        self.verifiers = [catalogue.users[u] for u in ("reviewer", "signer") if u in catalogue.users]
        self.approver = catalogue.users.get("signer") or self.verifiers[-1]
        self.panel_names = catalogue.panel_names

        methods_by_id = {m.id: m for m in catalogue.methods.values()}
        subcontract = {catalogue.parameters[name]: share for name, share in g.get("subcontracted", {}).items()}
        everyone = tuple(catalogue.users.values())
        area_codes = {id_: code for code, id_ in catalogue.areas.items()}
        self.products: list[dict[str, Any]] = []
        for code, spec in g["products"].items():
            product_id = lookup_named(catalogue.products, code, "product")
            items = catalogue.panels.get(product_id)
            if not items:
                raise ValidationError("The demo generator samples {product}, which has no panel", product=code)
            makers = [p for p, made in catalogue.producers if code in made]
            if not makers:
                raise ValidationError("No demo producer makes {product}", product=code)
            self.products.append({
                "code": code, "id": product_id, "weight": spec["weight"], "batch": spec["batch"],
                "quantity": spec["quantity"], "storage": spec["storage"],
                "producers": [(p.id, p.area_id, p.kind, area_codes.get(p.area_id or 0, "")[:6]) for p in makers],
                "enzyme_screened": any(catalogue.parameter_kind[i.parameter_id] == "pesticide" for i in items),
                "items": [
                    _Item(
                        parameter_id=i.parameter_id, method_id=i.method_id,
                        kind=catalogue.parameter_kind[i.parameter_id],
                        lod=_float(methods_by_id[i.method_id].lod), loq=_float(methods_by_id[i.method_id].loq),
                        unit=methods_by_id[i.method_id].unit,
                        digits=methods_by_id[i.method_id].reporting_digits,
                        testers=tuple(catalogue.testers.get(i.parameter_id, ())) or everyone,
                        subcontract_share=subcontract.get(i.parameter_id, 0.0),
                        method=MethodInfo(
                            unit=methods_by_id[i.method_id].unit,
                            reporting_digits=methods_by_id[i.method_id].reporting_digits,
                            lod=methods_by_id[i.method_id].lod, loq=methods_by_id[i.method_id].loq,
                            method_id=i.method_id,
                        ),
                    )
                    for i in items
                ],
            })
        restricted = g.get("task_products", {})
        # per task: the products it samples and their cumulative weights
        self.task_products: list[tuple[list[dict[str, Any]], list[float]]] = []
        for task in self.tasks:
            allowed = restricted.get(task.code)
            chosen = [p for p in self.products if allowed is None or p["code"] in allowed]
            if not chosen:
                raise ValidationError("The demo task {task} samples no product with a panel", task=task.code)
            self.task_products.append((chosen, _cumulative(p["weight"] for p in chosen)))
        self.receivers = [catalogue.users[u] for u in ("tech1", "tech2", "reviewer") if u in catalogue.users] \
            or list(everyone)
        self._mornings: dict[int, datetime] = {}
        self._day_texts: dict[int, str] = {}
        self._dates: dict[int, date] = {}
        self._writers: dict[str, BulkWriter] = {}
        # audit events wait here, ordered by time, until no later sample can precede them
        self._pending: list[tuple[datetime, int, tuple[Any, ...]]] = []
        self._order = itertools.count()
        self._signatures: list[dict[str, Any]] = []  # the reviewers' and signatories' signatures

    # --- the plan: who, what and when, sorted by sampling time so codes follow the calendar ---------

    def _plan(self, n: int) -> list[tuple[int, int, SampleStatus, int, dict[str, Any]]]:
        rng = self.rng
        n_tasks = range(len(self.tasks))
        windows = {
            (status, t): self._window(status, self.tasks[t]) for status in self.statuses for t in n_tasks
        }
        plan = []
        for _ in range(n):
            status = rng.choices(self.statuses, cum_weights=self.status_cum)[0]
            t = rng.choices(n_tasks, cum_weights=self.task_cum)[0]
            products, cum = self.task_products[t]
            product = rng.choices(products, cum_weights=cum)[0]
            first, days = windows[(status, t)]
            # sampling happens between 08:00 and 17:00 local time
            plan.append((first + int(rng.random() * days), int(rng.random() * 540), status, t, product))
        plan.sort(key=lambda x: (x[0], x[1]))
        return plan

    def _window(self, status: SampleStatus, task: _TaskRef) -> tuple[int, int]:
        """First sampling day (ordinal) and number of days a sample in this state of this task may
        have been taken on."""
        if status in _RECENT_WINDOW_DAYS:
            young, old = _RECENT_WINDOW_DAYS[status]
            first, last = self.today - timedelta(days=old), self.today - timedelta(days=young)
        elif status == SampleStatus.APPROVED:
            first, last = self.first_day, self.today - timedelta(days=_MIN_AGE_DAYS_APPROVED)
        else:
            first, last = self.first_day, self.today
        lo, hi = max(first, task.starts_on or first), min(last, task.ends_on or last)
        if lo > hi:
            lo, hi = first, last
        return lo.toordinal(), (hi - lo).days + 1

    def _at(self, day: int, minute: int) -> datetime:
        """``minute`` minutes after 08:00 local on the day with this ordinal, in UTC."""
        morning = self._mornings.get(day)
        if morning is None:
            local = datetime.combine(date.fromordinal(day), _WORK_STARTS, self.local)
            morning = self._mornings[day] = local.astimezone(UTC)
        moment = morning + _MINUTE[minute]
        return moment if moment < self.now else self.now

    def _date(self, day: int) -> date:
        found = self._dates.get(day)
        if found is None:
            found = self._dates[day] = date.fromordinal(day)
        return found

    def _day_text(self, day: int) -> str:
        found = self._day_texts.get(day)
        if found is None:
            found = self._day_texts[day] = date.fromordinal(day).strftime("%Y%m%d")
        return found

    # --- rows ----------------------------------------------------------------------------------

    def generate(self, n: int, progress: Callable[[int, int], None] | None) -> tuple[int, int]:
        if n == 0:
            if progress:
                progress(0, 0)
            return 0, 0
        plan = self._plan(n)
        with sqlite_cache(self.s, _BULK_CACHE_KIB), ChainAppender(self.s) as chain:
            done = self._write(plan, n, progress, chain)
            self._emit(chain, None)
        return done

    def _write(
        self, plan: list[tuple[int, int, SampleStatus, int, dict[str, Any]]], n: int,
        progress: Callable[[int, int], None] | None, chain: ChainAppender,
    ) -> tuple[int, int]:
        next_sample = (self.s.scalar(select(func.max(Sample.id))) or 0) + 1
        next_test = (self.s.scalar(select(func.max(Test.id))) or 0) + 1
        next_result = (self.s.scalar(select(func.max(Result.id))) or 0) + 1
        pattern = self.lab.code_pattern
        last_seq: dict[int, int] = {}  # per code counter (a year, or 0 for one counter), the last number
        tests_total = results_total = 0
        for start in range(0, n, CHUNK_SAMPLES):
            samples: list[dict[str, Any]] = []
            tests: list[dict[str, Any]] = []
            results: list[dict[str, Any]] = []
            for day, minute, status, t, product in plan[start:start + CHUNK_SAMPLES]:
                # registration takes the next number of the sampling year, as the application does
                year = self._date(day).year
                counter = year if pattern.counter_key == "year" else 0
                seq = last_seq[counter] = last_seq.get(counter, 0) + 1
                task = self.tasks[t]
                sample, received = self._sample(next_sample, pattern.format(year, seq), day, minute, status,
                                                task, product)
                samples.append(sample)
                next_sample += 1
                first_result = len(results)
                if status in _TESTED_STATES and received is not None:
                    next_test, next_result, verdicts = self._tests(
                        sample["id"], day, received[0], status, task, product, next_test, next_result,
                        tests, results,
                    )
                    if status == SampleStatus.APPROVED:
                        sample["verdict"] = overall_verdict(verdicts).value
                # no later sample has an event before this one was taken
                self._emit(chain, sample["sampled_at"])
                self._events(sample, status, product, results[first_result:])
                if status == SampleStatus.REJECTED:
                    # refused at receipt, as the workflow has it: the sample was never received
                    sample["received_at"] = sample["received_by_id"] = None
            self._insert(table_of(Sample), samples)
            self._insert(table_of(Test), tests)
            self._insert(table_of(Result), results)
            self._insert(table_of(Signature), self._signatures)
            self._signatures = []
            tests_total += len(tests)
            results_total += len(results)
            if progress:
                progress(min(start + CHUNK_SAMPLES, n), n)
        advance_sequences(self.s, (table_of(Sample), table_of(Test), table_of(Result)))
        for counter, seq in last_seq.items():
            self.s.add(CodeCounter(name=counter_name(pattern, counter), last_seq=seq, version=1))
        self.s.flush()
        return tests_total, results_total

    def _insert(self, table: Table, rows: list[dict[str, Any]]) -> None:
        if not rows:
            return
        writer = self._writers.get(table.name)
        if writer is None:
            writer = self._writers[table.name] = BulkWriter(self.s, table, list(rows[0]))
        writer.write_all(rows)

    # --- the audit trail: what each action would have recorded --------------------------------

    def _event(self, at: datetime, user_id: int, entity: str, entity_id: int, action: AuditAction,
               changes: dict[str, list[object]], reason: str = "") -> None:
        heapq.heappush(self._pending, (at, next(self._order), (user_id, entity, entity_id, action, changes, reason)))

    def _emit(self, chain: ChainAppender, until: datetime | None) -> None:
        """Append the waiting events that happened up to ``until`` (all of them for None)."""
        pending = self._pending
        usernames, workstations = self.usernames, self.workstations
        while pending and (until is None or pending[0][0] <= until):
            at, _, (user_id, entity, entity_id, action, changes, reason) = heapq.heappop(pending)
            chain.append(at, usernames[user_id], workstations[user_id], entity, entity_id, action, changes, reason)

    def _transition(self, at: datetime, user_id: int, sample_id: int, before: SampleStatus, after: SampleStatus,
                    reason: str = "", **more: list[object]) -> None:
        self._event(at, user_id, "sample", sample_id, AuditAction.TRANSITION,
                    {"status": [before.value, after.value], **more}, reason)

    def _events(self, sample: dict[str, Any], status: SampleStatus, product: dict[str, Any],
                results: list[dict[str, Any]]) -> None:
        """The events of registering the sample and taking it to ``status``, as
        lims.services.sample_work records them."""
        rng = self.rng
        sample_id = sample["id"]
        receiver = sample["received_by_id"] or _pick(rng, self.receivers)
        created = sample["created_at"]
        self._event(created, receiver, "sample", sample_id, AuditAction.CREATE, field_changes({}, {
            "code": sample["code"], "product_id": sample["product_id"], "producer_id": sample["producer_id"],
            "task_id": sample["task_id"], "area_id": sample["area_id"],
            "sampled_at": sample["sampled_at"].isoformat(), "sampler1": sample["sampler1"],
            "sampler2": sample["sampler2"], "seal_intact": sample["seal_intact"],
            "backup_kept": sample["backup_kept"], "lab_took_sample": sample["lab_took_sample"],
        }))
        if status == SampleStatus.CANCELLED:
            self._transition(self._later(created, 30 + int(rng.random() * 600)), receiver, sample_id,
                             SampleStatus.SAMPLE_DUE, status, _CANCEL_NOTE)
            return
        received_at = sample["received_at"]
        if received_at is None:
            return
        if status == SampleStatus.REJECTED:
            # refused when it was brought in, with the reason (lims.domain.workflow: REJECT)
            self._transition(received_at, receiver, sample_id, SampleStatus.SAMPLE_DUE, status,
                             sample["rejection_reason"])
            return
        self._transition(received_at, receiver, sample_id, SampleStatus.SAMPLE_DUE, SampleStatus.RECEIVED)
        if status not in _TESTED_STATES:
            return
        self._event(self._later(received_at, 5), receiver, "sample", sample_id, AuditAction.UPDATE,
                    {"tests_added": [None, sorted(i.parameter_id for i in product["items"])]},
                    f"panel {self.panel_names[product['id']]}")
        if not results:
            # testing started on the bench, no result entered yet
            self._transition(self._later(received_at, 30), receiver, sample_id, SampleStatus.RECEIVED,
                             SampleStatus.TESTING)
            return
        first = results[0]
        self._transition(first["entered_at"], first["entered_by_id"], sample_id, SampleStatus.RECEIVED,
                         SampleStatus.TESTING)
        for r in results:
            self._event(r["entered_at"], r["entered_by_id"], "result", r["id"], AuditAction.CREATE, {
                "test_id": [None, r["test_id"]], "value": [None, r["value_text"]], "unit": [None, r["unit"]],
                "verdict": [None, r["verdict"]], "basis": [None, r["basis_text"]],
            })
        if status == SampleStatus.TESTING:
            return
        last = results[-1]
        submitted = self._later(last["entered_at"], 10)
        self._transition(submitted, last["entered_by_id"], sample_id, SampleStatus.TESTING,
                         SampleStatus.TO_BE_VERIFIED)
        if status == SampleStatus.TO_BE_VERIFIED:
            return
        # four eyes: the reviewer verifies unless they entered a result here
        analysts = {r["entered_by_id"] for r in results}
        verifier = next((u for u in self.verifiers if u not in analysts), self.approver)
        verified = self._later(submitted, 60 * (18 + int(rng.random() * 30)))
        self._transition(verified, verifier, sample_id, SampleStatus.TO_BE_VERIFIED, SampleStatus.VERIFIED)
        self._sign(verified, verifier, sample_id, SignatureMeaning.REVIEWED)
        if status == SampleStatus.VERIFIED:
            return
        approved = self._later(verified, 60 * (2 + int(rng.random() * 70)))
        self._transition(approved, self.approver, sample_id, SampleStatus.VERIFIED, status,
                         verdict=[None, sample["verdict"]])
        self._sign(approved, self.approver, sample_id, SignatureMeaning.APPROVED)

    def _sign(self, at: datetime, user_id: int, sample_id: int, meaning: SignatureMeaning) -> None:
        """The electronic signature the verify and approve steps keep (services.transitions)."""
        self._signatures.append({"user_id": user_id, "meaning": meaning.value, "entity": "sample",
                                 "entity_id": str(sample_id), "signed_at": at})

    def _later(self, moment: datetime, minutes: int) -> datetime:
        """``minutes`` after ``moment``, but not after the demo's now."""
        later = moment + timedelta(minutes=minutes)
        return later if later < self.now else self.now

    def _sample(
        self, sample_id: int, code: str, day: int, minute: int, status: SampleStatus, task: _TaskRef,
        product: dict[str, Any],
    ) -> tuple[dict[str, Any], tuple[int, int] | None]:
        """The sample's row, and when it was received as (day, minute) if it was."""
        rng = self.rng
        producer_id, area_id, producer_kind, area_code = _pick(rng, product["producers"])
        notes = ""
        if task.kind == TaskKind.COMMISSIONED_TEST:
            # the client brought the sample: no sampling team, and the report says 仅对来样负责
            sampler1 = sampler2 = ""
            notes = "委托方送样，仅对来样负责"
        else:
            n = len(self.samplers)
            first, second = int(rng.random() * n), int(rng.random() * (n - 1))
            sampler1, sampler2 = self.samplers[first], self.samplers[second + (second >= first)]
        if task.kind == TaskKind.RAPID_CONFIRMATION:
            notes = (f"乡镇速测阳性（酶抑制率 {50 + rng.random() * 40:.1f}%），送检确证"
                     if product["enzyme_screened"] else "胶体金速测阳性，送检确证")
        cert_no = ""
        if rng.random() < (0.1 if producer_kind == "smallholder" else 0.45):
            cert_no = f"HG{area_code}{self._day_text(day)}{1 + int(rng.random() * 999):03d}"
        received: tuple[int, int] | None = None
        seal_intact, rejection, condition = True, "", ""
        if status in _RECEIVED_STATES:
            # a few hours after sampling, within working hours
            arrival = minute + 60 + int(rng.random() * 300)
            received = (day, arrival) if arrival < _WORK_MINUTES else (day + 1, int(rng.random() * 60))
            if status == SampleStatus.REJECTED:
                rejection = _pick(rng, self.rejection_reasons)
                seal_intact = "封条" not in rejection
                condition = rejection
            else:
                condition = "包装完好，封条完整，样品状态正常"
        elif status == SampleStatus.CANCELLED:
            notes = (notes + "；" if notes else "") + _CANCEL_NOTE
        # registered from the sampling form before the sample reached the bench
        registered = minute + 20 + int(rng.random() * 220)
        if received is not None and received[0] == day:
            registered = min(registered, received[1] - 5)
        return {
            "id": sample_id,
            "code": code,
            "status": status.value,
            "task_id": task.id,
            "producer_id": producer_id,
            "area_id": area_id,
            "product_id": product["id"],
            "sampled_at": self._at(day, minute),
            "batch_size": _pick(rng, product["batch"]),
            "quantity": product["quantity"],
            "sampler1": sampler1,
            "sampler2": sampler2,
            "seal_intact": seal_intact,
            "backup_kept": rng.random() < 0.97,
            "storage": product["storage"],
            "compliance_cert": bool(cert_no),
            "compliance_cert_no": cert_no,
            "notes": notes,
            "lab_took_sample": task.kind != TaskKind.COMMISSIONED_TEST,
            "client": "受检单位自行委托" if task.kind == TaskKind.COMMISSIONED_TEST else "",
            "description": product["storage"],
            "received_at": self._at(*received) if received else None,
            "received_by_id": _pick(rng, self.receivers) if received else None,
            "condition": condition,
            "storage_place": _pick(rng, self.storage_places) if received and not rejection else "",
            "rejection_reason": rejection,
            "verdict": None,
            "created_at": self._at(day, registered),
            "version": 1,
        }, received

    def _tests(
        self, sample_id: int, sampled_day: int, received_day: int, status: SampleStatus,
        task: _TaskRef, product: dict[str, Any], test_id: int, result_id: int,
        tests: list[dict[str, Any]], results: list[dict[str, Any]],
    ) -> tuple[int, int, list[str]]:
        """The sample's panel as tests, with results where its state says they were entered.
        Returns the next free test and result ids and the results' verdicts."""
        rng = self.rng
        if status == SampleStatus.TESTING:
            entered_share, test_status = 0.5, _ENTERED
        elif status == SampleStatus.TO_BE_VERIFIED:
            entered_share, test_status = 1.0, _ENTERED
        else:
            entered_share, test_status = 1.0, _VERIFIED
        # one bench day per sample: the day after receipt or a few days later, never after today
        tested_day = min(received_day + 1 + int(rng.random() * 4), self.today.toordinal())
        tested_on = self._date(tested_day)
        bench_minute = 60 + int(rng.random() * 240)
        rapid = task.kind == TaskKind.RAPID_CONFIRMATION
        product_id = product["id"]
        verdicts = []
        for k, item in enumerate(product["items"]):
            analyst = _pick(rng, item.testers)
            entered = entered_share >= 1.0 or rng.random() < entered_share
            tests.append({
                "id": test_id,
                "sample_id": sample_id,
                "parameter_id": item.parameter_id,
                "method_id": item.method_id,
                "status": test_status if entered else _ASSIGNED,
                "analyst_id": analyst,
                "tested_on": tested_on if entered else None,
                "subcontracted": item.subcontract_share > 0 and rng.random() < item.subcontract_share,
                "in_scope_cma": None,
                "in_scope_catl": None,
                "version": 1,
            })
            if entered:
                # judged by the domain against the limit in force on the sampling date
                limit = self._limit(product_id, item.parameter_id, sampled_day)
                value_text = self._value(item, limit, rapid)
                verdict, detection, reported, basis = self._judge(item, value_text, limit, product_id)
                not_detected = value_text is None
                results.append({
                    "id": result_id,
                    "test_id": test_id,
                    "value_text": "ND" if value_text is None else value_text,
                    "value": None if value_text is None else Decimal(value_text),
                    "unit": item.unit,
                    "not_detected": not_detected,
                    "verdict": verdict,
                    "limit_id": limit.limit_id if limit else None,
                    "entered_by_id": analyst,
                    "entered_at": self._at(tested_day, bench_minute + 7 * k),
                    "source": "manual",
                    "detection": detection,
                    "reported_text": reported,
                    "basis_text": basis,
                    "reason": "",
                    "instrument_id": None,
                    "journal_position": None,
                    "superseded": False,
                    "version": 1,
                })
                verdicts.append(verdict)
                result_id += 1
            test_id += 1
        return test_id, result_id, verdicts

    def _limit(self, product_id: int, parameter_id: int, day: int) -> LimitCandidate | None:
        """The limit in force on the day with this ordinal, from the product or its nearest category."""
        key = (product_id, parameter_id, day)
        try:
            return self._limit_cache[key]
        except KeyError:
            found = self._limit_cache[key] = self.limits.select(parameter_id, self.paths[product_id],
                                                                self._date(day))
            return found

    def _judge(self, item: _Item, value_text: str | None, limit: LimitCandidate | None,
               product_id: int) -> tuple[str, str, str, str]:
        """Verdict, detection, reported text and basis (判定依据, as results.enter_result keeps it:
        a result not detected has one too when a limit is in force), as lims.domain.judgment
        gives them. Readings repeat (they are rounded to the method's digits), so each is judged
        once per limit; the basis text does not depend on the product."""
        key = (item.method_id, value_text, limit.limit_id if limit else None)
        found = self._judged.get(key)
        if found is None:
            entry = ResultInput.nd() if value_text is None else ResultInput(value_text=value_text)
            judged = judge_with_limit(entry, item.method, limit, product_id)
            found = self._judged[key] = (judged.verdict.value, judged.detection.value, judged.reported_value,
                                         judged.basis.record_text if judged.basis else "")
        return found

    def _value_of_limit(self, limit: LimitCandidate, unit: str) -> float | None:
        """The limit's value in the method's unit, or None when it has none there."""
        key = (limit.limit_id, unit)
        if key not in self._limit_in_unit:
            value = limit.value
            converts = value is not None and compatible(limit.unit, unit)
            self._limit_in_unit[key] = float(convert(value, limit.unit, unit)) if value is not None and converts \
                else None
        return self._limit_in_unit[key]

    def _value(self, item: _Item, limit: LimitCandidate | None, rapid: bool) -> str | None:
        """A plausible reading as the lab reports it (None: not detected): mostly below the limit
        or not detected, a small share above it (more among confirmations of a positive rapid
        screen). The verdict is the judgment's, not decided here."""
        rng = self.rng
        fail_share = self.fail_share_rapid if rapid else self.fail_share
        floor = item.floor
        if limit is not None and limit.kind == LimitKind.NOT_DETECTABLE:
            detect_share = fail_share if rapid else 1.0 - self.not_detected_share.get(item.kind, 0.997)
            if rng.random() < detect_share:
                return _reading(item, floor * (1.0 + 5.0 * rng.random()))
            return None
        limit_here = self._value_of_limit(limit, item.unit) if limit is not None else None
        if limit_here is None:
            if rng.random() < self.not_detected_share.get(item.kind, 0.8):
                return None
            return _reading(item, floor * (1.0 + 19.0 * rng.random() ** 2))
        if rng.random() < fail_share:
            return _reading(item, limit_here * (1.2 + 2.8 * rng.random()))
        ceiling = 0.8 * limit_here
        if ceiling <= floor or rng.random() < self.not_detected_share.get(item.kind, 0.8):
            return None
        # residues are skewed: most readings sit near the quantitation limit, few near the limit
        return _reading(item, floor * (ceiling / floor) ** (rng.random() ** 2))


def _reading(item: _Item, raw: float) -> str:
    """A detected reading as the lab reports it, to the method's digits."""
    return f"{max(raw, item.floor):.{item.digits}f}"


def _pick(rng: random.Random, items: Sequence[Any]) -> Any:
    """rng.choice without its bookkeeping: this runs millions of times in a big build."""
    return items[int(rng.random() * len(items))]


def _lookup_task(catalogue: DemoCatalogue, code: str) -> Task:
    if code not in catalogue.tasks:
        raise ValidationError(
            "The demo data refers to an unknown {what} '{key}'", field="task", what="task", key=code
        )
    return catalogue.tasks[code]


def _cumulative(weights: Iterable[float]) -> list[float]:
    total, out = 0.0, []
    for w in weights:
        total += float(w)
        out.append(total)
    return out


def _float(value: Decimal | None) -> float | None:
    """The generator invents readings with floats; the stored values are exact Decimals again."""
    return None if value is None else float(value)
