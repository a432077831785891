"""Registration: the sampling form (抽样单) checked field by field, then the next sample code.

``register`` runs inside the caller's transaction, so the sampling form, a sampling-list
import and a capture all register a sample the same way, with the same audit events."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from lims.db.models import Area, CodeCounter, Producer, Product, Sample, Task
from lims.domain import credit_code
from lims.domain.accounts import Duty
from lims.domain.audit_chain import field_changes
from lims.domain.enums import AuditAction, ProducerKind, SampleStatus
from lims.domain.errors import ValidationError
from lims.domain.numbering import CodePattern
from lims.services import audit, authority
from lims.services import policy as lab_policy
from lims.services.dto import Actor
from lims.services.fields import clean

# the form's free-text fields and the columns that hold them
SAMPLE_TEXT = {
    "batch_size": Sample.batch_size, "quantity": Sample.quantity, "sampler1": Sample.sampler1,
    "sampler2": Sample.sampler2, "storage": Sample.storage, "compliance_cert_no": Sample.compliance_cert_no,
    "client": Sample.client, "description": Sample.description,
}
MULTILINE_TEXT = {"notes": Sample.notes}
# a new producer's fields, by the name the form gives each
PRODUCER_TEXT = {
    "name": ("producer", Producer.name), "contact": ("contact", Producer.contact),
    "phone": ("phone", Producer.phone), "address": ("address", Producer.address),
    "id_number": ("id_number", Producer.id_number),
}


@dataclass(frozen=True)
class NewProducer:
    name: str
    kind: str = ProducerKind.ENTERPRISE.value
    credit_code: str = ""
    id_number: str = ""
    contact: str = ""
    phone: str = ""
    address: str = ""
    area_id: int | None = None


@dataclass(frozen=True)
class RegistrationForm:
    """The sampling form (抽样单) as typed; ``sampled_at`` is an aware local or UTC time."""

    product_id: int
    sampled_at: datetime
    task_id: int | None = None
    producer_id: int | None = None
    new_producer: NewProducer | None = None
    area_id: int | None = None
    batch_size: str = ""
    quantity: str = ""
    sampler1: str = ""
    sampler2: str = ""
    seal_intact: bool = True
    backup_kept: bool = True
    storage: str = ""
    compliance_cert: bool = False
    compliance_cert_no: str = ""
    notes: str = ""
    lab_took_sample: bool = True
    client: str = ""
    description: str = ""


def clean_form(form: RegistrationForm) -> RegistrationForm:
    """The form with every free text cleaned (lims.domain.text) and held to its column's length;
    ValidationError naming the first field that cannot be stored."""
    texts: dict[str, object] = {name: clean(getattr(form, name), column, field=name)
                                for name, column in SAMPLE_TEXT.items()}
    texts.update({name: clean(getattr(form, name), column, field=name, multiline=True)
                  for name, column in MULTILINE_TEXT.items()})
    if form.new_producer is not None:
        producer = {attr: clean(getattr(form.new_producer, attr), column, field=field)
                    for attr, (field, column) in PRODUCER_TEXT.items()}
        texts["new_producer"] = replace(form.new_producer, **producer)  # type: ignore[arg-type]  # its text fields only
    return replace(form, **texts)  # type: ignore[arg-type]  # the fields named above, as their types


def check_form(form: RegistrationForm) -> RegistrationForm:
    """The form's own rules, before anything is looked up: an import checks every row so.
    Returns the form as it will be stored (its texts cleaned)."""
    form = clean_form(form)
    if form.sampled_at.tzinfo is None:
        raise ValidationError("The sampling time needs its time zone", field="sampled_at")
    if form.sampled_at > datetime.now(UTC):
        raise ValidationError("The sampling time lies in the future", field="sampled_at")
    if form.lab_took_sample:
        if not form.sampler1.strip() or not form.sampler2.strip():
            raise ValidationError("A sampling form is signed by two samplers", field="sampler2")
        if form.sampler1.strip() == form.sampler2.strip():
            raise ValidationError("The two samplers must be different people", field="sampler2")
    elif not form.client.strip():
        raise ValidationError("Name the client who brought the sample", field="client")
    if form.compliance_cert and not form.compliance_cert_no.strip():
        raise ValidationError("Enter the compliance certificate's number", field="compliance_cert_no")
    if form.producer_id is None and form.new_producer is None:
        raise ValidationError("Choose the producer or enter a new one", field="producer")
    return form


def register(s: Session, actor: Actor, form: RegistrationForm) -> Sample:
    """Register one sample from its sampling form, with its code and audit events."""
    authority.require(s, actor, Duty.REGISTER)
    form = check_form(form)
    policy = lab_policy.read(s)
    product = s.get(Product, form.product_id)
    if product is None:
        raise ValidationError("Choose the product that was sampled", field="product")
    if product.is_category:
        raise ValidationError("{name} is a category: choose the product itself", field="product", name=product.name)
    if not product.active:
        raise ValidationError("{name} is retired from the catalogue: choose a product in use", field="product",
                              name=product.name)
    task = None if form.task_id is None else s.get(Task, form.task_id)
    if form.task_id is not None and task is None:
        raise ValidationError("The sampling task no longer exists", field="task")
    if task is not None and not task.active:
        raise ValidationError("The sampling task {name} is retired: choose a task in use", field="task",
                              name=task.title)
    area = None if form.area_id is None else s.get(Area, form.area_id)
    if form.area_id is not None and area is None:
        raise ValidationError("The area no longer exists", field="area")
    if area is not None and not area.active:
        raise ValidationError("The area {name} is retired: choose an area in use", field="area", name=area.name)
    producer_id = form.producer_id
    if form.new_producer is not None:
        producer_id = _create_producer(s, actor, form.new_producer)
    elif producer_id is not None:
        producer = s.get(Producer, producer_id)
        if producer is None:
            raise ValidationError("The producer no longer exists", field="producer")
        if not producer.active:
            raise ValidationError("The producer {name} is retired: choose a producer in use", field="producer",
                                  name=producer.name)
    code = issue_code(s, policy.code_pattern, form.sampled_at.astimezone(policy.timezone).year)
    sample = Sample(
        code=code, status=SampleStatus.SAMPLE_DUE.value, task_id=form.task_id,
        producer_id=producer_id, area_id=form.area_id, product_id=form.product_id,
        sampled_at=form.sampled_at.astimezone(UTC),
        batch_size=form.batch_size.strip(), quantity=form.quantity.strip(),
        sampler1=form.sampler1.strip(), sampler2=form.sampler2.strip(),
        seal_intact=form.seal_intact, backup_kept=form.backup_kept, storage=form.storage.strip(),
        compliance_cert=form.compliance_cert, compliance_cert_no=form.compliance_cert_no.strip(),
        notes=form.notes.strip(), lab_took_sample=form.lab_took_sample, client=form.client.strip(),
        description=form.description.strip(), condition="", storage_place="", rejection_reason="",
    )
    s.add(sample)
    s.flush()
    audit.record(s, actor, "sample", sample.id, AuditAction.CREATE, field_changes({}, {
        "code": code, "product_id": form.product_id, "producer_id": producer_id,
        "task_id": form.task_id, "area_id": form.area_id,
        "sampled_at": sample.sampled_at.isoformat(), "sampler1": sample.sampler1,
        "sampler2": sample.sampler2, "seal_intact": sample.seal_intact,
        "backup_kept": sample.backup_kept, "lab_took_sample": sample.lab_took_sample,
    }))
    return sample


def counter_name(pattern: CodePattern, year: int) -> str:
    return f"sample:{year}" if pattern.counter_key == "year" else "sample"


def issue_code(s: Session, pattern: CodePattern, year: int) -> str:
    """The next unused sample code; codes already present (imported, demo) are skipped."""
    return next_number(s, counter_name(pattern, year), pattern, year,
                       lambda code: s.scalar(select(Sample.id).where(Sample.code == code)) is not None)


def next_number(s: Session, counter: str, pattern: CodePattern, year: int, taken: Callable[[str], bool]) -> str:
    """The next number of ``counter`` by ``pattern`` that ``taken`` does not refuse. The counter
    row is locked first (an UPDATE), so two workstations never get the same number; the first
    number makes the row with INSERT ... ON CONFLICT DO NOTHING, so two workstations taking it at
    once both get one, not a unique-key error. Sample codes and report numbers both come from here."""
    stored = _take_counter(s, counter)
    if stored is None:
        s.execute(_insert_ignoring_conflict(s).values(name=counter, last_seq=0, version=0))
        stored = _take_counter(s, counter)
    last = stored or 0
    while True:
        number, last = pattern.next_code(year, last)
        if not taken(number):
            break
    s.execute(update(CodeCounter).where(CodeCounter.name == counter).values(last_seq=last))
    return number


def _take_counter(s: Session, name: str) -> int | None:
    return s.execute(update(CodeCounter).where(CodeCounter.name == name)
                     .values(version=CodeCounter.version + 1).returning(CodeCounter.last_seq)).scalar_one_or_none()


def _insert_ignoring_conflict(s: Session) -> Any:
    if s.get_bind().dialect.name == "postgresql":
        return postgresql_insert(CodeCounter).on_conflict_do_nothing()
    return sqlite_insert(CodeCounter).on_conflict_do_nothing()


def _create_producer(s: Session, actor: Actor, new: NewProducer) -> int:
    name = new.name.strip()
    if not name:
        raise ValidationError("Enter the producer's name", field="producer")
    try:
        kind = ProducerKind(new.kind).value
    except ValueError:
        raise ValidationError("Unknown kind of producer: {kind}", field="producer_kind", kind=new.kind) from None
    code = credit_code.validate(new.credit_code) if new.credit_code.strip() else None
    if code and s.scalar(select(Producer.id).where(Producer.credit_code == code)):
        raise ValidationError("A producer with the credit code {code} exists already: choose it",
                              field="credit_code", code=code)
    producer = Producer(name=name, kind=kind, credit_code=code, id_number=new.id_number.strip() or None,
                        contact=new.contact.strip(), phone=new.phone.strip(), address=new.address.strip(),
                        area_id=new.area_id)
    s.add(producer)
    s.flush()
    audit.record(s, actor, "producer", producer.id, AuditAction.CREATE,
                 field_changes({}, {"name": name, "credit_code": code, "kind": kind}))
    return producer.id
