"""The demo lab: a made-up banner station with its catalogue, scope, people and samples.

The catalogue (resources/demo/lab.json) is written through the ORM and the audit trail like any
other lab data: users, authorisations, certificates with their ability tables, instruments and
lab settings each get an audit event from the actor "demo". Every limit it loads is marked
is_demo and its source says "演示数据 demo".

The sample generator that follows is for demonstrations and benchmarks only. It invents
samples, tests and results deterministically from a seed and writes them in bulk (one
compiled INSERT per table fed thousands of rows at a time, COPY on PostgreSQL), and it
appends no audit event for them, which the application's own workflow always does. Its
verdicts come from a simplified judgment: readings are kept well clear of the limits (at most
0.8x or at least 1.2x), so the real judgment gives the same verdicts."""
from __future__ import annotations

import json
import random
import socket
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone
from operator import itemgetter
from pathlib import Path
from typing import Any

from sqlalchemy import Boolean, Table, func, insert, select, text
from sqlalchemy.orm import Session, sessionmaker

from lims.db.models import (
    AbilityTable,
    Area,
    Authorization,
    CalibrationRecord,
    Certificate,
    Instrument,
    KitLot,
    LabPolicy,
    Limit,
    Method,
    Panel,
    PanelItem,
    Parameter,
    Producer,
    Product,
    Result,
    Role,
    Sample,
    ScopeRow,
    Standard,
    Task,
    Test,
    User,
)
from lims.domain.enums import (
    AuditAction,
    LimitKind,
    RoleCode,
    SampleStatus,
    TaskKind,
    TestStatus,
    Verdict,
)
from lims.domain.errors import NotFound, ValidationError
from lims.services import audit
from lims.services.dto import Actor
from lims.services.users import hash_password

DEMO_FILE = Path(__file__).resolve().parents[2] / "resources" / "demo" / "lab.json"
DEMO_PASSWORD = "demo1234"
DEMO_ACTOR = "demo"
CHUNK_ROWS = 5000
LAB_POLICY_KEYS = {"name": "lab.name", "address": "lab.address", "phone": "lab.phone"}

# states whose samples have tests from their panel, and states whose samples reached the lab
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
_TO_MICROGRAM_PER_KG = {"mg/kg": 1000.0, "µg/kg": 1.0, "μg/kg": 1.0, "ug/kg": 1.0}
_WORK_STARTS = time(8, 0)  # local
_WORK_MINUTES = 600  # 08:00-18:00
_MINUTE = [timedelta(minutes=m) for m in range(24 * 60)]
_PASS, _FAIL, _NO_BASIS = Verdict.PASS.value, Verdict.FAIL.value, Verdict.NO_BASIS.value
_ASSIGNED, _ENTERED, _VERIFIED = (
    TestStatus.ASSIGNED.value, TestStatus.RESULT_ENTERED.value, TestStatus.VERIFIED.value,
)


@dataclass(frozen=True)
class DemoSummary:
    areas: int
    products: int
    parameters: int
    standards: int
    methods: int
    limits: int
    panels: int
    certificates: int
    scope_rows: int
    instruments: int
    kit_lots: int
    tasks: int
    producers: int
    users: int
    authorizations: int
    samples: int
    tests: int
    results: int


def load_demo_data(path: Path = DEMO_FILE) -> dict[str, Any]:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise NotFound("The demo data file {path} is missing from this installation", path=str(path)) from exc


def _standard_ref(number: str, year: str) -> str:
    """How the demo file names a standard edition: number and year, e.g. GB 23200.113-2018."""
    return f"{number}-{year}"


def _day(text_value: str | None) -> date | None:
    return date.fromisoformat(text_value) if text_value else None


def _lookup(mapping: dict[str, int], key: str, what: str) -> int:
    try:
        return mapping[key]
    except KeyError:
        raise ValidationError(
            "The demo data refers to an unknown {what} '{key}'", field=what, what=what, key=key
        ) from None


def _to_unit(value: float, from_unit: str, to: str) -> float | None:
    """The value in another mass-fraction unit, or None when the two cannot be converted."""
    if from_unit == to:
        return value
    a, b = _TO_MICROGRAM_PER_KG.get(from_unit), _TO_MICROGRAM_PER_KG.get(to)
    if a is None or b is None:
        return None
    return value * a / b


class DemoService:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def build(
        self,
        samples: int = 40,
        seed: int = 2026,
        progress: Callable[[int, int], None] | None = None,
    ) -> DemoSummary:
        """Fill an empty database with the demo lab and ``samples`` generated samples, all in one
        transaction: either everything is there afterwards or nothing is."""
        if samples < 0:
            raise ValidationError(
                "The number of demo samples must be zero or more, not {n}", field="samples", n=samples
            )
        data = load_demo_data()
        # argon2 is slow on purpose: hash once, outside the transaction, and share the hash
        password_hash = hash_password(DEMO_PASSWORD)
        actor = Actor(None, DEMO_ACTOR, DEMO_ACTOR, frozenset(RoleCode), socket.gethostname() or DEMO_ACTOR)
        with self._sessions.begin() as s:
            _refuse_unless_empty(s)
            catalogue = _CatalogueBuilder(s, data, actor, password_hash)
            counts = catalogue.build()
            generator = _SampleGenerator(s, data, catalogue, random.Random(seed))
            tests, results = generator.generate(samples, progress)
        return DemoSummary(**counts, samples=samples, tests=tests, results=results)


def _refuse_unless_empty(s: Session) -> None:
    users = s.scalar(select(func.count(User.id))) or 0
    samples = s.scalar(select(func.count(Sample.id))) or 0
    products = s.scalar(select(func.count(Product.id))) or 0
    if users or samples or products:
        raise ValidationError(
            "The database already holds {users} user(s), {samples} sample(s) and {products} "
            "catalogue product(s); the demo lab is built only into an empty database",
            users=users, samples=samples, products=products,
        )


class _CatalogueBuilder:
    """Writes the demo file's lab data through the ORM and keeps the id of every named row."""

    def __init__(self, s: Session, data: dict[str, Any], actor: Actor, password_hash: str) -> None:
        self.s = s
        self.data = data
        self.actor = actor
        self.password_hash = password_hash
        self.areas: dict[str, int] = {}
        self.products: dict[str, int] = {}
        self.product_parent: dict[int, int | None] = {}
        self.parameters: dict[str, int] = {}
        self.parameter_kind: dict[int, str] = {}
        self.standards: dict[str, int] = {}
        self.standard_span: dict[int, tuple[date | None, date | None]] = {}
        self.methods: dict[tuple[str, str], Method] = {}
        self.limits: list[Limit] = []
        self.panels: dict[int, list[PanelItem]] = {}  # product id -> items
        self.tasks: dict[str, Task] = {}
        self.producers: list[tuple[Producer, list[str]]] = []
        self.users: dict[str, int] = {}
        self.testers: dict[int, list[int]] = {}  # parameter id -> user ids that may test it

    def build(self) -> dict[str, int]:
        self._lab()
        self._areas()
        self._products()
        self._parameters()
        self._standards()
        self._methods()
        self._limits()
        panels = self._panels()
        certificates, scope_rows = self._certificates()
        instruments = self._instruments()
        kit_lots = self._kit_lots()
        self._tasks()
        self._producers()
        self._users()
        authorizations = self._authorizations()
        self.s.flush()
        return {
            "areas": len(self.areas), "products": len(self.products), "parameters": len(self.parameters),
            "standards": len(self.standards), "methods": len(self.methods), "limits": len(self.limits),
            "panels": panels, "certificates": certificates, "scope_rows": scope_rows,
            "instruments": instruments, "kit_lots": kit_lots, "tasks": len(self.tasks),
            "producers": len(self.producers), "users": len(self.users), "authorizations": authorizations,
        }

    def _add(self, row: Any) -> Any:
        self.s.add(row)
        self.s.flush()
        return row

    def _lab(self) -> None:
        lab = self.data["lab"]
        for field, key in LAB_POLICY_KEYS.items():
            self._add(LabPolicy(key=key, value=lab[field]))
            audit.record(self.s, self.actor, "lab_policy", key, AuditAction.CREATE,
                         {"value": [None, lab[field]]})

    def _areas(self) -> None:
        for a in self.data["areas"]:
            parent = _lookup(self.areas, a["parent"], "area") if a["parent"] else None
            row = self._add(Area(parent_id=parent, level=a["level"], code=a["code"], name=a["name"]))
            self.areas[a["code"]] = row.id

    def _products(self) -> None:
        for p in self.data["products"]:
            parent = _lookup(self.products, p["parent"], "product") if p["parent"] else None
            row = self._add(Product(
                parent_id=parent, name=p["name"], code=p["code"], is_category=p["is_category"],
            ))
            self.products[p["code"]] = row.id
            self.product_parent[row.id] = parent

    def _parameters(self) -> None:
        for p in self.data["parameters"]:
            row = self._add(Parameter(
                name=p["name"], name_en=p["name_en"], aliases=p["aliases"], cas_no=p["cas_no"],
                kind=p["kind"], banned=p["banned"],
            ))
            self.parameters[p["name"]] = row.id
            self.parameter_kind[row.id] = p["kind"]

    def _standards(self) -> None:
        # a standard goes in after the edition that replaces it, so replaced_by is set on insert
        # and the row keeps version 1
        pending = list(self.data["standards"])
        while pending:
            ready = [x for x in pending if not x["replaced_by"] or x["replaced_by"] in self.standards]
            if not ready:
                raise ValidationError(
                    "The demo standards' replaced_by references form a loop or name an unknown standard: {refs}",
                    refs=", ".join(_standard_ref(x["number"], x["year"]) for x in pending),
                )
            for x in ready:
                frm, to = _day(x["in_force_from"]), _day(x["in_force_to"])
                row = self._add(Standard(
                    number=x["number"], year=x["year"], title=x["title"], kind=x["kind"],
                    in_force_from=frm, in_force_to=to,
                    replaced_by_id=self.standards[x["replaced_by"]] if x["replaced_by"] else None,
                ))
                self.standards[_standard_ref(x["number"], x["year"])] = row.id
                self.standard_span[row.id] = (frm, to)
                pending.remove(x)

    def _methods(self) -> None:
        for m in self.data["methods"]:
            row = self._add(Method(
                standard_id=_lookup(self.standards, m["standard"], "standard"),
                parameter_id=_lookup(self.parameters, m["parameter"], "parameter"),
                kind=m["kind"], technique=m["technique"], lod=m["lod"], loq=m["loq"], unit=m["unit"],
                reporting_digits=m["reporting_digits"],
            ))
            self.methods[(m["parameter"], m["standard"])] = row

    def _limits(self) -> None:
        for x in self.data["limits"]:
            if not x.get("is_demo") or not x["source"].startswith("演示数据"):
                raise ValidationError(
                    "Every demo limit must be marked is_demo with a source starting '演示数据': {product} {parameter}",
                    product=x["product"], parameter=x["parameter"],
                )
            self.limits.append(self._add(Limit(
                product_id=_lookup(self.products, x["product"], "product"),
                parameter_id=_lookup(self.parameters, x["parameter"], "parameter"),
                standard_id=_lookup(self.standards, x["standard"], "standard"),
                value=x["value"], unit=x["unit"], kind=x["kind"], source=x["source"], is_demo=True,
            )))

    def _panels(self) -> int:
        for p in self.data["panels"]:
            product_id = _lookup(self.products, p["product"], "product")
            panel = self._add(Panel(product_id=product_id, name=p["name"]))
            items = []
            for item in p["items"]:
                method = self.methods.get((item["parameter"], item["method"]))
                if method is None:
                    raise ValidationError(
                        "The demo panel {panel} names {parameter} by {method}, which is not a demo method",
                        panel=p["name"], parameter=item["parameter"], method=item["method"],
                    )
                items.append(self._add(PanelItem(panel_id=panel.id, parameter_id=method.parameter_id,
                                                 method_id=method.id)))
            self.panels[product_id] = items
        return len(self.data["panels"])

    def _certificates(self) -> tuple[int, int]:
        rows_total = 0
        for c in self.data["certificates"]:
            cert = self._add(Certificate(
                kind=c["kind"], number=c["number"], holder=c["holder"], issued_on=_day(c["issued_on"]),
                valid_until=_day(c["valid_until"]), renewal_lead_days=c["renewal_lead_days"],
            ))
            t = c["ability_table"]
            table = self._add(AbilityTable(
                certificate_id=cert.id, version_no=t["version_no"], approved_on=_day(t["approved_on"]),
                note=t.get("note", ""),
            ))
            for seq, r in enumerate(t["rows"], start=1):
                self.s.add(ScopeRow(
                    ability_table_id=table.id, seq=seq, category=r["category"], number=r["number"],
                    name=r["name"], method_text=r["method_text"],
                    standard_id=_lookup(self.standards, r["standard"], "standard") if r["standard"] else None,
                    limits_of_use=r["limits_of_use"], remark=r["remark"], site=r["site"],
                ))
            rows_total += len(t["rows"])
            audit.record(self.s, self.actor, "certificate", cert.id, AuditAction.CREATE, {
                "kind": [None, cert.kind],
                "number": [None, cert.number],
                "holder": [None, cert.holder],
                "issued_on": [None, cert.issued_on.isoformat()],
                "valid_until": [None, cert.valid_until.isoformat()],
                "renewal_lead_days": [None, cert.renewal_lead_days],
                "ability_table": [None, {"version_no": table.version_no,
                                         "approved_on": table.approved_on.isoformat(),
                                         "rows": len(t["rows"])}],
            })
        return len(self.data["certificates"]), rows_total

    def _instruments(self) -> int:
        for i in self.data["instruments"]:
            inst = self._add(Instrument(
                name=i["name"], model=i["model"], serial_no=i["serial_no"], adapter=i["adapter"],
                port=i["port"],
                settings_json=json.dumps(i.get("settings", {}), ensure_ascii=False, sort_keys=True),
            ))
            audit.record(self.s, self.actor, "instrument", inst.id, AuditAction.CREATE, {
                "name": [None, inst.name], "serial_no": [None, inst.serial_no],
                "adapter": [None, inst.adapter], "port": [None, inst.port],
            })
            for cal in i.get("calibrations", []):
                rec = self._add(CalibrationRecord(
                    instrument_id=inst.id, calibrated_on=_day(cal["calibrated_on"]),
                    valid_until=_day(cal["valid_until"]), certificate_no=cal["certificate_no"],
                ))
                audit.record(self.s, self.actor, "calibration_record", rec.id, AuditAction.CREATE, {
                    "instrument_id": [None, inst.id], "valid_until": [None, cal["valid_until"]],
                })
        return len(self.data["instruments"])

    def _kit_lots(self) -> int:
        for k in self.data["kit_lots"]:
            self.s.add(KitLot(
                name=k["name"], maker=k["maker"], lot_no=k["lot_no"], method_kind=k["method_kind"],
                parameter_id=_lookup(self.parameters, k["parameter"], "parameter") if k["parameter"] else None,
                cutoffs_json=json.dumps(k["cutoffs"], ensure_ascii=False, sort_keys=True),
                expires_on=_day(k["expires_on"]),
            ))
        return len(self.data["kit_lots"])

    def _tasks(self) -> None:
        for t in self.data["tasks"]:
            self.tasks[t["code"]] = self._add(Task(
                code=t["code"], kind=TaskKind(t["kind"]).value, title=t["title"], issuer=t["issuer"],
                starts_on=_day(t["starts_on"]), ends_on=_day(t["ends_on"]),
            ))

    def _producers(self) -> None:
        for p in self.data["producers"]:
            row = self._add(Producer(
                name=p["name"], credit_code=p["credit_code"], id_number=None, kind=p["kind"],
                contact=p["contact"], phone=p["phone"], address=p["address"],
                area_id=_lookup(self.areas, p["area"], "area"),
            ))
            self.producers.append((row, p["products"]))

    def _users(self) -> None:
        roles = {r.code: r for r in self.s.scalars(select(Role))}
        for u in self.data["users"]:
            codes = sorted(RoleCode(r).value for r in u["roles"])
            user = self._add(User(
                username=u["username"], full_name=u["full_name"], password_hash=self.password_hash,
                roles=[roles[c] for c in codes], active=True, failed_logins=0, locked=False,
                must_change_password=False,
            ))
            self.users[u["username"]] = user.id
            audit.record(self.s, self.actor, "user", user.id, AuditAction.CREATE, {
                "username": [None, user.username],
                "full_name": [None, user.full_name],
                "roles": [None, codes],
            })

    def _authorizations(self) -> int:
        n = 0
        for a in self.data["authorizations"]:
            user_id = _lookup(self.users, a["user"], "user")
            for name in a["parameters"]:
                parameter_id = _lookup(self.parameters, name, "parameter")
                row = self._add(Authorization(
                    user_id=user_id, parameter_id=parameter_id, method_id=None, may_test=a["may_test"],
                    may_sign=a["may_sign"], valid_from=_day(a["valid_from"]), valid_to=_day(a.get("valid_to")),
                ))
                audit.record(self.s, self.actor, "authorization", row.id, AuditAction.CREATE, {
                    "user": [None, a["user"]], "parameter": [None, name],
                    "may_test": [None, a["may_test"]], "may_sign": [None, a["may_sign"]],
                })
                if a["may_test"]:
                    self.testers.setdefault(parameter_id, []).append(user_id)
                n += 1
        return n


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


@dataclass(frozen=True)
class _LimitRef:
    id: int
    value: float | None
    unit: str
    kind: str
    first_day: int  # ordinal of the standard's first day in force; 0: always
    last_day: int  # ordinal of its last day in force; sys.maxsize: still in force

    def in_force(self, day: int) -> bool:
        return self.first_day <= day <= self.last_day


class _LimitFinder:
    """The limit in force on a day: from the product or its nearest ancestor category that has one."""

    def __init__(self, catalogue: _CatalogueBuilder) -> None:
        self._parent = catalogue.product_parent
        self._by_node: dict[tuple[int, int], list[_LimitRef]] = {}
        for lim in catalogue.limits:
            frm, to = catalogue.standard_span[lim.standard_id]
            self._by_node.setdefault((lim.product_id, lim.parameter_id), []).append(_LimitRef(
                lim.id, lim.value, lim.unit, lim.kind,
                frm.toordinal() if frm else 0, to.toordinal() if to else sys.maxsize,
            ))
        self._cache: dict[tuple[int, int, int], _LimitRef | None] = {}

    def find(self, product_id: int, parameter_id: int, day: int) -> _LimitRef | None:
        """``day`` is a date's ordinal."""
        key = (product_id, parameter_id, day)
        try:
            return self._cache[key]
        except KeyError:
            found = self._cache[key] = self._walk(product_id, parameter_id, day)
            return found

    def _walk(self, product_id: int, parameter_id: int, day: int) -> _LimitRef | None:
        node: int | None = product_id
        while node is not None:
            live = [x for x in self._by_node.get((node, parameter_id), ()) if x.in_force(day)]
            if live:
                # two tables in force together (GB 2763 and its supplement): the newer one speaks
                return max(live, key=lambda x: x.first_day)
            node = self._parent.get(node)
        return None


class _SampleGenerator:
    """Invents samples, tests and results and writes them in bulk.

    Times are handled as (day ordinal, minutes after 08:00 local) and turned into UTC datetimes
    from a per-day cache: at a million rows, datetime arithmetic is a noticeable share of the run."""

    def __init__(
        self, s: Session, data: dict[str, Any], catalogue: _CatalogueBuilder, rng: random.Random,
    ) -> None:
        self.s = s
        self.rng = rng
        g = data["sample_generator"]
        self.prefix = data["lab"]["sample_code_prefix"]
        self.year = int(g["year"])
        self.today = date.fromisoformat(g["today"])
        self.first_day = date.fromisoformat(g["first_sampling_day"])
        self.local = timezone(timedelta(hours=int(g["utc_offset_hours"])))
        # the demo's "now": the reference day's end of work, local time
        self.now = datetime.combine(self.today, _WORK_STARTS, self.local).astimezone(UTC) \
            + _MINUTE[_WORK_MINUTES]
        self.limits = _LimitFinder(catalogue)
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

        methods_by_id = {m.id: m for m in catalogue.methods.values()}
        subcontract = {catalogue.parameters[name]: share for name, share in g.get("subcontracted", {}).items()}
        everyone = tuple(catalogue.users.values())
        area_codes = {id_: code for code, id_ in catalogue.areas.items()}
        self.products: list[dict[str, Any]] = []
        for code, spec in g["products"].items():
            product_id = _lookup(catalogue.products, code, "product")
            items = catalogue.panels.get(product_id)
            if not items:
                raise ValidationError("The demo generator samples {product}, which has no panel", product=code)
            makers = [p for p, made in catalogue.producers if code in made]
            if not makers:
                raise ValidationError("No demo producer makes {product}", product=code)
            self.products.append({
                "code": code, "id": product_id, "weight": spec["weight"], "batch": spec["batch"],
                "quantity": spec["quantity"], "storage": spec["storage"],
                "producers": [(p.id, p.area_id, p.kind, area_codes.get(p.area_id, "")[:6]) for p in makers],
                "enzyme_screened": any(catalogue.parameter_kind[i.parameter_id] == "pesticide" for i in items),
                "items": [
                    _Item(
                        parameter_id=i.parameter_id, method_id=i.method_id,
                        kind=catalogue.parameter_kind[i.parameter_id],
                        lod=methods_by_id[i.method_id].lod, loq=methods_by_id[i.method_id].loq,
                        unit=methods_by_id[i.method_id].unit,
                        digits=methods_by_id[i.method_id].reporting_digits,
                        testers=tuple(catalogue.testers.get(i.parameter_id, ())) or everyone,
                        subcontract_share=subcontract.get(i.parameter_id, 0.0),
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
        self._writers: dict[str, _BulkWriter] = {}

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
        with _sqlite_cache(self.s, _BULK_CACHE_KIB):
            return self._write(plan, n, progress)

    def _write(
        self, plan: list[tuple[int, int, SampleStatus, int, dict[str, Any]]], n: int,
        progress: Callable[[int, int], None] | None,
    ) -> tuple[int, int]:
        next_sample = (self.s.scalar(select(func.max(Sample.id))) or 0) + 1
        next_test = (self.s.scalar(select(func.max(Test.id))) or 0) + 1
        next_result = (self.s.scalar(select(func.max(Result.id))) or 0) + 1
        width = max(6, len(str(n)))
        code_prefix = f"{self.prefix}{self.year}-"
        tests_total = results_total = 0
        for start in range(0, n, CHUNK_ROWS):
            samples: list[dict[str, Any]] = []
            tests: list[dict[str, Any]] = []
            results: list[dict[str, Any]] = []
            for offset, (day, minute, status, t, product) in enumerate(plan[start:start + CHUNK_ROWS]):
                task = self.tasks[t]
                code = f"{code_prefix}{start + offset + 1:0{width}d}"
                sample, received = self._sample(next_sample, code, day, minute, status, task, product)
                samples.append(sample)
                next_sample += 1
                if status not in _TESTED_STATES or received is None:
                    continue
                next_test, next_result, verdicts = self._tests(
                    sample["id"], day, received[0], status, task, product, next_test, next_result,
                    tests, results,
                )
                if status == SampleStatus.APPROVED:
                    sample["verdict"] = _overall(verdicts)
            self._insert(Sample.__table__, samples)
            self._insert(Test.__table__, tests)
            self._insert(Result.__table__, results)
            tests_total += len(tests)
            results_total += len(results)
            if progress:
                progress(min(start + CHUNK_ROWS, n), n)
        self._advance_sequences()
        return tests_total, results_total

    def _insert(self, table: Table, rows: list[dict[str, Any]]) -> None:
        if not rows:
            return
        writer = self._writers.get(table.name)
        if writer is None:
            writer = self._writers[table.name] = _BulkWriter(self.s, table, list(rows[0]))
        for i in range(0, len(rows), CHUNK_ROWS):
            writer.write(rows[i:i + CHUNK_ROWS])

    def _advance_sequences(self) -> None:
        """Rows went in with explicit ids; PostgreSQL's sequences must learn where they stand."""
        if self.s.get_bind().dialect.name != "postgresql":
            return
        for table in ("sample", "test", "result"):
            self.s.execute(text(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT COALESCE(MAX(id), 0) + 1 FROM {table}), false)"
            ))

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
            notes = (notes + "；" if notes else "") + "抽样任务调整，样品取消"
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
            "created_at": self._at(day, minute + 20 + int(rng.random() * 220)),
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
                # judged by the limit in force on the sampling date
                limit = self.limits.find(product_id, item.parameter_id, sampled_day)
                value_text, value, not_detected, verdict = self._value(item, limit, rapid)
                results.append({
                    "id": result_id,
                    "test_id": test_id,
                    "value_text": value_text,
                    "value": value,
                    "unit": item.unit,
                    "not_detected": not_detected,
                    "verdict": verdict,
                    "limit_id": limit.id if limit else None,
                    "entered_by_id": analyst,
                    "entered_at": self._at(tested_day, bench_minute + 7 * k),
                    "source": "manual",
                    "detection": "not_detected" if not_detected else "quantified",
                    "reported_text": "ND" if not_detected else value_text,
                    "basis_text": "",
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

    def _value(self, item: _Item, limit: _LimitRef | None, rapid: bool) -> tuple[str, float | None, bool, str]:
        """A plausible reading and its verdict: mostly below the limit or not detected, a small
        share above it (more among confirmations of a positive rapid screen)."""
        rng = self.rng
        fail_share = self.fail_share_rapid if rapid else self.fail_share
        floor = item.floor
        if limit is not None and limit.kind == LimitKind.NOT_DETECTABLE:
            detect_share = fail_share if rapid else 1.0 - self.not_detected_share.get(item.kind, 0.997)
            if rng.random() < detect_share:
                return _reading(item, floor * (1.0 + 5.0 * rng.random()), limit)
            return "ND", None, True, _PASS
        limit_here = _to_unit(limit.value, limit.unit, item.unit) if limit and limit.value is not None else None
        if limit_here is None:
            if rng.random() < self.not_detected_share.get(item.kind, 0.8):
                return "ND", None, True, _NO_BASIS
            return _reading(item, floor * (1.0 + 19.0 * rng.random() ** 2), limit)
        if rng.random() < fail_share:
            return _reading(item, limit_here * (1.2 + 2.8 * rng.random()), limit)
        ceiling = 0.8 * limit_here
        if ceiling <= floor or rng.random() < self.not_detected_share.get(item.kind, 0.8):
            return "ND", None, True, _PASS
        # residues are skewed: most readings sit near the quantitation limit, few near the limit
        return _reading(item, floor * (ceiling / floor) ** (rng.random() ** 2), limit)


class _BulkWriter:
    """An INSERT compiled once by SQLAlchemy for one table, executed many times with plain rows.

    Core's executemany builds a parameter set per row through the compiled statement; at a
    million rows that bookkeeping costs more than the database's own work. This writer applies
    the same bind processors the dialect would (so SQLite gets the same date text) and hands the
    driver tuples, or dicts for drivers with named parameters. On PostgreSQL with psycopg it
    uses COPY instead, in the same transaction: row-by-row INSERTs there run at about a tenth
    of the speed."""

    def __init__(self, s: Session, table: Table, columns: list[str]) -> None:
        self._conn = s.connection()
        dialect = self._conn.dialect
        self._copy_sql: str | None = None
        if dialect.name == "postgresql" and dialect.driver == "psycopg":
            quote = dialect.identifier_preparer
            self._copy_sql = (
                f"COPY {quote.format_table(table)} ({', '.join(quote.quote(c) for c in columns)}) FROM STDIN"
            )
            self._copy_getter = itemgetter(*columns)
        compiled = insert(table).compile(dialect=dialect, column_keys=columns)
        self._sql = compiled.string
        self._positional = bool(compiled.positional)
        order = list(compiled.positiontup or ()) if self._positional else columns
        missing = set(order) - set(columns)
        if missing:
            raise ValueError(f"bulk insert into {table.name} lacks values for {sorted(missing)}")
        self._getter = itemgetter(*order)
        self._processors: list[tuple[Any, Callable[[Any], Any]]] = []
        for i, name in enumerate(order):
            column_type = table.c[name].type
            proc = column_type.dialect_impl(dialect).bind_processor(dialect)
            # sqlite3 and psycopg take Python bools as they are (SQLite stores 1/0, as the
            # processor would): skipping millions of checks is worth it
            if proc is None or isinstance(column_type, Boolean):
                continue
            # rows come in calendar order and share their days and minutes: a small cache turns
            # most conversions into a lookup
            proc = _memoised(proc)
            self._processors.append((i if self._positional else name, proc))

    def write(self, rows: list[dict[str, Any]]) -> None:
        if self._copy_sql is not None:
            self._copy(rows)
            return
        procs = self._processors
        params: list[Any] = []
        if self._positional:
            getter = self._getter
            for row in rows:
                values = list(getter(row))
                for i, proc in procs:
                    values[i] = proc(values[i])
                params.append(tuple(values))
        else:
            for row in rows:
                row = dict(row)
                for name, proc in procs:
                    row[name] = proc(row[name])
                params.append(row)
        self._conn.exec_driver_sql(self._sql, params)

    def _copy(self, rows: list[dict[str, Any]]) -> None:
        # psycopg adapts Python values (aware datetimes, dates, bools, None) for COPY itself
        getter = self._copy_getter
        with self._conn.connection.driver_connection.cursor() as cursor, cursor.copy(self._copy_sql) as copy:
            for row in rows:
                copy.write_row(getter(row))


@contextmanager
def _sqlite_cache(s: Session, kib: int) -> Iterator[None]:
    """A bigger page cache on SQLite while the bulk insert runs: the indexes of a 200 MB
    database then stay in memory instead of being spilled to the WAL and read back."""
    if s.get_bind().dialect.name != "sqlite":
        yield
        return
    previous = s.execute(text("PRAGMA cache_size")).scalar()
    s.execute(text(f"PRAGMA cache_size = -{int(kib)}"))
    try:
        yield
    finally:
        s.execute(text(f"PRAGMA cache_size = {int(previous)}"))


def _reading(item: _Item, raw: float, limit: _LimitRef | None) -> tuple[str, float | None, bool, str]:
    """A detected reading as the lab reports it, to the method's digits, judged as reported."""
    text_value = f"{max(raw, item.floor):.{item.digits}f}"
    value = float(text_value)
    return text_value, value, False, _judge(value, item.unit, limit).value


def _judge(value: float, unit: str, limit: _LimitRef | None) -> Verdict:
    if limit is None:
        return Verdict.NO_BASIS
    if limit.kind == LimitKind.NOT_DETECTABLE:
        return Verdict.FAIL  # only detected readings reach here
    if limit.value is None:
        return Verdict.NO_BASIS
    converted = _to_unit(value, unit, limit.unit)
    if converted is None:
        return Verdict.NO_BASIS
    return Verdict.FAIL if converted > limit.value else Verdict.PASS


def _overall(verdicts: list[str]) -> str | None:
    """A sample fails on any failing item; an item without a basis is never reported as a pass."""
    if not verdicts:
        return None
    if _FAIL in verdicts:
        return _FAIL
    if _NO_BASIS in verdicts:
        return _NO_BASIS
    return _PASS


def _memoised(proc: Callable[[Any], Any], limit: int = 20_000) -> Callable[[Any], Any]:
    cache: dict[Any, Any] = {}

    def run(value: Any) -> Any:
        try:
            return cache[value]
        except KeyError:
            if len(cache) >= limit:
                cache.clear()
            done = cache[value] = proc(value)
            return done

    return run


def _pick(rng: random.Random, items: Sequence[Any]) -> Any:
    """rng.choice without its bookkeeping: this runs millions of times in a big build."""
    return items[int(rng.random() * len(items))]


def _lookup_task(catalogue: _CatalogueBuilder, code: str) -> Task:
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
