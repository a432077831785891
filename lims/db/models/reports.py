"""Reports with their revisions, the lab's signing identities, and electronic signatures (who,
when, meaning)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, ForeignKey, Index, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from lims.db.base import Base, Versioned, utcnow
from lims.domain.enums import ReportStatus, SignatureMeaning


class Report(Versioned, Base):
    """An issued report and the signed PDF as it left the lab. An amendment is a new row naming
    the one it replaces (``supersedes_id``); the old row turns void and keeps its PDF."""

    __tablename__ = "report"
    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str | None] = mapped_column(String(40), unique=True)  # taken at issue
    sample_id: Mapped[int] = mapped_column(ForeignKey("sample.id"), index=True)
    status: Mapped[ReportStatus]
    issued_at: Mapped[datetime | None]
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    supersedes_id: Mapped[int | None] = mapped_column(ForeignKey("report.id"))
    void_reason: Mapped[str] = mapped_column(Text, default="")
    pdf_sha256: Mapped[str | None] = mapped_column(String(64), index=True)
    scope_snapshot_json: Mapped[str] = mapped_column(Text, default="{}")
    # the signed file's bytes, kept for the years records are kept (also when void)
    pdf: Mapped[bytes | None] = mapped_column(LargeBinary)
    # reports.report_data: the canonical JSON printed data and its SHA-256 (the QR code's hash)
    data_json: Mapped[str] = mapped_column(Text, default="", server_default="")
    content_hash: Mapped[str] = mapped_column(String(64), default="", server_default="")
    # the audit chain's head when the report was issued
    audit_seq: Mapped[int | None] = mapped_column(BigInteger)
    audit_hash: Mapped[str] = mapped_column(String(64), default="", server_default="")
    signing_identity_id: Mapped[int | None] = mapped_column(ForeignKey("signing_identity.id"))


class SigningIdentity(Base):
    """The lab's certificate and key as a PKCS#12 file. An imported file is kept as it came,
    encrypted with its own password, which the signatory types at each issue and which is never
    stored. A self-signed identity generated for testing (its subject says "仅供测试 / TEST ONLY")
    is kept with its password in ``test_password``, so a demo lab can issue without one."""

    __tablename__ = "signing_identity"
    id: Mapped[int] = mapped_column(primary_key=True)
    label: Mapped[str] = mapped_column(String(200))
    subject: Mapped[str] = mapped_column(String(400))
    certificate_pem: Mapped[str] = mapped_column(Text)
    pkcs12: Mapped[bytes] = mapped_column(LargeBinary)
    for_testing: Mapped[bool] = mapped_column(Boolean, default=False)
    test_password: Mapped[str | None] = mapped_column(String(200))  # only for a test identity
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    added_at: Mapped[datetime] = mapped_column(default=utcnow)
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))


class Signature(Base):
    __tablename__ = "signature"
    # a sample's signatures are read with the sample at every read-back
    __table_args__ = (Index("ix_signature_entity", "entity", "entity_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    meaning: Mapped[SignatureMeaning]
    entity: Mapped[str] = mapped_column(String(64))
    entity_id: Mapped[str] = mapped_column(String(64))
    signed_at: Mapped[datetime] = mapped_column(default=utcnow)
