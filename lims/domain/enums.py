"""The closed vocabularies of the lab, stored in the database as their string values."""
from __future__ import annotations

from enum import StrEnum


class RoleCode(StrEnum):
    TECHNICIAN = "technician"
    REVIEWER = "reviewer"
    SIGNATORY = "signatory"
    MANAGER = "manager"
    ADMIN = "admin"


class SampleStatus(StrEnum):
    """SENAITE's state names; the transitions live in the workflow module."""

    SAMPLE_DUE = "sample_due"
    RECEIVED = "received"
    TESTING = "testing"
    TO_BE_VERIFIED = "to_be_verified"
    VERIFIED = "verified"
    APPROVED = "approved"
    REJECTED = "rejected"
    CANCELLED = "cancelled"
    INVALID = "invalid"


class TaskKind(StrEnum):
    ROUTINE_MONITORING = "routine_monitoring"  # 例行监测
    SUPERVISION_SAMPLING = "supervision_sampling"  # 监督抽查
    SPECIAL_MONITORING = "special_monitoring"  # 专项监测
    COMMISSIONED_TEST = "commissioned_test"  # 委托检验
    RAPID_CONFIRMATION = "rapid_confirmation"  # 速测复检


class AreaLevel(StrEnum):
    LEAGUE_CITY = "league_city"  # 盟市
    BANNER_COUNTY = "banner_county"  # 旗县
    TOWNSHIP = "township"  # 苏木乡镇
    VILLAGE = "village"  # 嘎查村


class ProducerKind(StrEnum):
    ENTERPRISE = "enterprise"
    COOPERATIVE = "cooperative"
    FAMILY_FARM = "family_farm"
    SMALLHOLDER = "smallholder"
    SLAUGHTERHOUSE = "slaughterhouse"
    MARKET = "market"


class ParameterKind(StrEnum):
    PESTICIDE = "pesticide"
    VETERINARY_DRUG = "veterinary_drug"
    BANNED_SUBSTANCE = "banned_substance"
    CONTAMINANT = "contaminant"
    QUALITY = "quality"
    ELEMENT = "element"  # heavy metals and other elements (lead, cadmium, arsenic...)
    TOXIN = "toxin"  # mycotoxins and other biotoxins (aflatoxin B1...)


class StandardKind(StrEnum):
    METHOD = "method"
    LIMIT = "limit"
    PRODUCT = "product"


class LimitKind(StrEnum):
    MRL = "mrl"
    NOT_DETECTABLE = "not_detectable"  # 不得检出
    TEMPORARY = "temporary"  # "*" in GB 2763


class MethodKind(StrEnum):
    LABORATORY = "laboratory"
    ENZYME_INHIBITION = "enzyme_inhibition"
    COLLOIDAL_GOLD = "colloidal_gold"


class CertificateKind(StrEnum):
    CMA = "CMA"
    CATL = "CATL"


class ExpansionStatus(StrEnum):
    """An expansion (扩项) application's steps in the order the lab takes them; its status is
    the last step recorded (lims.domain.expansion)."""

    PLANNED = "planned"
    METHOD_VERIFICATION = "method_verification"
    STAFF_AUTHORISED = "staff_authorised"
    PROFICIENCY_TEST = "proficiency_test"
    SUBMITTED = "submitted"
    ASSESSED = "assessed"
    APPROVED = "approved"
    REJECTED = "rejected"


class ExpansionTarget(StrEnum):
    """Which certificate an expansion applies to: one, or both assessed jointly (only possible
    when both applications list identical items, which one joint application does)."""

    CMA = "CMA"
    CATL = "CATL"
    JOINT = "joint"


class TestStatus(StrEnum):
    __test__ = False  # not a pytest test class

    ASSIGNED = "assigned"
    RESULT_ENTERED = "result_entered"
    VERIFIED = "verified"
    RETRACTED = "retracted"


class Verdict(StrEnum):
    PASS = "pass"
    FAIL = "fail"
    NO_BASIS = "no_basis"  # no limit found: never shown as a pass


class ReportStatus(StrEnum):
    DRAFT = "draft"
    ISSUED = "issued"
    VOID = "void"


class ResultSource(StrEnum):
    """Where a result came from; an instrument's result also names the instrument and the
    reading's place in its raw journal."""

    MANUAL = "manual"
    IMPORT = "import"
    INSTRUMENT = "instrument"


class SignatureMeaning(StrEnum):
    ENTERED = "entered"
    REVIEWED = "reviewed"
    APPROVED = "approved"
    ISSUED = "issued"


class AuditAction(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"
    TRANSITION = "transition"
    LOGIN = "login"
    LOGIN_FAILED = "login_failed"
    LOCKED = "locked"
    PASSWORD_CHANGED = "password_changed"


class Detection(StrEnum):
    """Where a result stands against the method's limits of detection and quantification."""

    NOT_DETECTED = "not_detected"  # 未检出: below the LOD, reported as ND with the LOD
    BELOW_LOQ = "below_loq"  # detected, but below the limit of quantification
    QUANTIFIED = "quantified"


class ComparisonMethod(StrEnum):
    """GB/T 8170-2008 4.3: how a value is compared with a limit."""

    FULL_VALUE = "full_value"  # 全数值比较法: the unrounded value (the default)
    ROUNDED_VALUE = "rounded_value"  # 修约值比较法: rounded to the limit's digits first


class ScreenOutcome(StrEnum):
    """A rapid screen's reading; never a final result (a positive opens a confirmation test)."""

    NEGATIVE = "negative"
    SUSPECT = "suspect"
    POSITIVE = "positive"
    INVALID = "invalid"
