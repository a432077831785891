"""The demo lab: a made-up banner station with its catalogue, scope, people and samples.

The catalogue (resources/demo/lab.json) is written through the ORM and the audit trail like any
other lab data: users, authorisations, certificates with their ability tables, instruments and
lab settings each get an audit event from the actor "demo". Every limit it loads is marked
is_demo and its source says "演示数据 demo".

Generated samples come from lims.services.demo_samples, which is loaded only when samples are
asked for: the application opens without it."""
from __future__ import annotations

import json
import random
import socket
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
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
    RequiredParameter,
    Role,
    Sample,
    ScopeRow,
    Standard,
    Task,
    User,
)
from lims.domain.enums import AuditAction, RoleCode, TaskKind
from lims.domain.errors import NotFound, ValidationError
from lims.domain.rounding import as_decimal, plain
from lims.services import audit
from lims.services.dto import Actor
from lims.services.users import hash_password

DEMO_FILE = Path(__file__).resolve().parents[2] / "resources" / "demo" / "lab.json"
DEMO_PASSWORD = "demo1234"
DEMO_ACTOR = "demo"
LAB_POLICY_KEYS = {"name": "lab.name", "address": "lab.address", "phone": "lab.phone"}


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


def lookup_named(mapping: dict[str, int], key: str, what: str) -> int:
    try:
        return mapping[key]
    except KeyError:
        raise ValidationError(
            "The demo data refers to an unknown {what} '{key}'", field=what, what=what, key=key
        ) from None


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
        # a self-signed identity labelled for testing, so reports can be issued on the demo lab
        from lims.services.reports import OpenedIdentity, store_identity, test_identity_pkcs12

        identity, identity_password = test_identity_pkcs12(data["lab"]["name"])
        actor = Actor(None, DEMO_ACTOR, DEMO_ACTOR, frozenset(RoleCode), socket.gethostname() or DEMO_ACTOR)
        with self._sessions.begin() as s:
            _refuse_unless_empty(s)
            catalogue = DemoCatalogue(s, data, actor, password_hash)
            counts = catalogue.build()
            label = "演示实验室测试证书 仅供测试 / TEST ONLY"
            stored = store_identity(s, actor, identity, identity_password, label=label, for_testing=True)
            tests = results = 0
            if samples:
                # the generator and the showcase are for demonstrations and benchmarks: loaded only
                # when samples are asked for
                from lims.services import demo_showcase
                from lims.services.demo_samples import SampleGenerator

                # the showcase's handful are part of the N samples, taken through the services
                # after the generator's (so their codes follow the generator's)
                showcase = demo_showcase.takes_part(samples, data)
                generated = samples - demo_showcase.showcase_size(data) if showcase else samples

                def generator_progress(done: int, _total: int) -> None:
                    if progress:
                        progress(done, samples)

                generator = SampleGenerator(s, data, catalogue, random.Random(seed))
                tests, results = generator.generate(generated, generator_progress)
                if showcase:
                    opened = OpenedIdentity(identity, identity_password, label, stored.id)
                    more_tests, more_results = demo_showcase.Showcase(s, data, catalogue, opened).run()
                    tests, results = tests + more_tests, results + more_results
                    if progress:
                        progress(samples, samples)
            elif progress:
                progress(0, 0)
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


class DemoCatalogue:
    """Writes the demo file's lab data through the ORM and keeps the id of every named row, for
    the sample generator."""

    def __init__(self, s: Session, data: dict[str, Any], actor: Actor, password_hash: str) -> None:
        self.s = s
        self.data = data
        self.actor = actor
        self.password_hash = password_hash
        self.areas: dict[str, int] = {}
        self.products: dict[str, int] = {}
        self.parameters: dict[str, int] = {}
        self.parameter_kind: dict[int, str] = {}
        self.standards: dict[str, int] = {}
        self.methods: dict[tuple[str, str], Method] = {}
        self.limits: list[Limit] = []
        self.panels: dict[int, list[PanelItem]] = {}  # product id -> items
        self.panel_names: dict[int, str] = {}  # product id -> panel name
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
        self._required_parameters()
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
            parent = lookup_named(self.areas, a["parent"], "area") if a["parent"] else None
            row = self._add(Area(parent_id=parent, level=a["level"], code=a["code"], name=a["name"]))
            self.areas[a["code"]] = row.id

    def _products(self) -> None:
        for p in self.data["products"]:
            parent = lookup_named(self.products, p["parent"], "product") if p["parent"] else None
            row = self._add(Product(
                parent_id=parent, name=p["name"], code=p["code"], is_category=p["is_category"],
            ))
            self.products[p["code"]] = row.id

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
                pending.remove(x)

    def _methods(self) -> None:
        for m in self.data["methods"]:
            row = self._add(Method(
                standard_id=lookup_named(self.standards, m["standard"], "standard"),
                parameter_id=lookup_named(self.parameters, m["parameter"], "parameter"),
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
            limit = self._add(Limit(
                product_id=lookup_named(self.products, x["product"], "product"),
                parameter_id=lookup_named(self.parameters, x["parameter"], "parameter"),
                standard_id=lookup_named(self.standards, x["standard"], "standard"),
                value=x["value"], unit=x["unit"], kind=x["kind"], source=x["source"], is_demo=True,
            ))
            self.limits.append(limit)
            # the fields a limit import records, so `lims check` finds the demo's limits as the trail says
            audit.record(self.s, self.actor, "limit", limit.id, AuditAction.CREATE, {
                "product": [None, x["product"]], "parameter": [None, x["parameter"]],
                "standard": [None, x["standard"]],
                "value": [None, None if limit.value is None else plain(as_decimal(limit.value, "limit"))],
                "unit": [None, x["unit"]], "kind": [None, str(x["kind"])], "source": [None, x["source"]],
                "is_demo": [None, True],
            })

    def _panels(self) -> int:
        for p in self.data["panels"]:
            product_id = lookup_named(self.products, p["product"], "product")
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
            self.panel_names[product_id] = p["name"]
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
                    standard_id=lookup_named(self.standards, r["standard"], "standard") if r["standard"] else None,
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
                parameter_id=lookup_named(self.parameters, k["parameter"], "parameter") if k["parameter"] else None,
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
                area_id=lookup_named(self.areas, p["area"], "area"),
            ))
            self.producers.append((row, p["products"]))

    def _users(self) -> None:
        roles = {r.code: r for r in self.s.scalars(select(Role))}
        for u in self.data["users"]:
            codes = sorted(RoleCode(r) for r in u["roles"])
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

    def _required_parameters(self) -> None:
        """What supervision requires per product (the scope audit's coverage), from the demo's plan."""
        for r in self.data.get("required_parameters", ()):
            product_id = lookup_named(self.products, r["product"], "product")
            for name in r["parameters"]:
                row = self._add(RequiredParameter(product_id=product_id,
                                                  parameter_id=lookup_named(self.parameters, name, "parameter"),
                                                  source=r["source"]))
                audit.record(self.s, self.actor, "required_parameter", row.id, AuditAction.CREATE, {
                    "product": [None, r["product"]], "parameter": [None, name], "source": [None, r["source"]]})

    def _authorizations(self) -> int:
        n = 0
        for a in self.data["authorizations"]:
            user_id = lookup_named(self.users, a["user"], "user")
            for name in a["parameters"]:
                parameter_id = lookup_named(self.parameters, name, "parameter")
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
