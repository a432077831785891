"""One module per aggregate; importing this package registers every table on Base.metadata."""
from lims.db.models.accounts import Authorization, LoginState, Role, User, user_roles
from lims.db.models.audit import AuditEvent, AuditHead
from lims.db.models.audit_checkpoint import AuditCheckpoint  # noqa: F401 (registers the table)
from lims.db.models.catalogue import Limit, Method, Panel, PanelItem, Parameter, Product, Standard
from lims.db.models.instruments import (
    CalibrationRecord,
    CaptureLease,
    Instrument,
    InstrumentCode,
    InstrumentReading,
    KitLot,
)
from lims.db.models.places import Area, Producer
from lims.db.models.policy import LabPolicy, ReferenceStamp
from lims.db.models.reports import Report, Signature, SigningIdentity
from lims.db.models.samples import CodeCounter, ReadableTest, Result, Sample, Task, Test
from lims.db.models.sampling_import import SamplingImport, SamplingImportRow
from lims.db.models.scope import (
    AbilityTable,
    Certificate,
    Expansion,
    ExpansionCertificate,
    ExpansionEvidence,
    ExpansionItem,
    ExpansionStep,
    RequiredParameter,
    ScopeAlias,
    ScopeRow,
)
from lims.db.models.screening import RapidScreen, Traceback

__all__ = [
    "AbilityTable",
    "Area",
    "AuditEvent",
    "AuditHead",
    "Authorization",
    "CalibrationRecord",
    "CaptureLease",
    "Certificate",
    "CodeCounter",
    "Expansion",
    "ExpansionCertificate",
    "ExpansionEvidence",
    "ExpansionItem",
    "ExpansionStep",
    "Instrument",
    "InstrumentCode",
    "InstrumentReading",
    "KitLot",
    "LabPolicy",
    "Limit",
    "LoginState",
    "Method",
    "Panel",
    "PanelItem",
    "Parameter",
    "Producer",
    "Product",
    "RapidScreen",
    "ReadableTest",
    "ReferenceStamp",
    "Report",
    "RequiredParameter",
    "Result",
    "Role",
    "Sample",
    "SamplingImport",
    "SamplingImportRow",
    "ScopeAlias",
    "ScopeRow",
    "Signature",
    "SigningIdentity",
    "Standard",
    "Task",
    "Test",
    "Traceback",
    "User",
    "user_roles",
]
