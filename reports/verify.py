"""Checking a signed report PDF as anyone could with pyHanko: is the signature intact, who
signed, when, does it cover the whole file. (Whether the file is the one the lab issued — its
hash against the database — is the service layer's check.)"""
from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from asn1crypto import x509 as asn1_x509
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from reports.signing import sha256


@dataclass(frozen=True)
class VerifyResult:
    intact: bool  # the signed bytes hash to the signed digest and the signature is valid
    covers_whole_document: bool  # nothing was appended after the signature
    trusted: bool  # the certificate chains to one of the trust roots given
    signer_subject: str
    signing_time: datetime | None  # as the signer reported it
    signatures: int
    timestamp_time: datetime | None  # from the signature time-stamp, when there is one (PAdES B-T)
    sha256: str  # of the file as checked
    explanation: str

    @property
    def ok(self) -> bool:
        """Intact and covering the whole file (trust in the certificate is a separate matter)."""
        return self.intact and self.covers_whole_document


def verify_pdf(data: bytes, *, trust_roots: Sequence[bytes] = ()) -> VerifyResult:
    """Check the last signature of ``data``. ``trust_roots`` are PEM or DER certificates that the
    signer's certificate should chain to (the lab's, or the self-signed test certificate)."""
    digest = sha256(data)
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        embedded = reader.embedded_signatures
    except (PdfError, ValueError, KeyError, IndexError) as exc:
        return _failed(digest, f"The file cannot be read as a PDF: {exc}")
    if not embedded:
        return _failed(digest, "The file carries no signature.")
    signature = embedded[-1]
    roots = [_certificate(root) for root in trust_roots]
    try:
        status = validate_pdf_signature(signature, ValidationContext(trust_roots=roots, allow_fetching=False))
    except (PdfError, ValueError, KeyError) as exc:
        return _failed(digest, f"The signature cannot be checked: {exc}", signatures=len(embedded))
    intact = bool(status.intact and status.valid)
    whole = status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    subject = str(status.signing_cert.subject.human_friendly) if status.signing_cert is not None else ""
    when = status.signer_reported_dt
    stamped = status.timestamp_validity.timestamp if status.timestamp_validity is not None else None
    parts = []
    if intact:
        parts.append(f"The signature by {subject} is intact: the signed bytes are unchanged.")
    elif not status.intact:
        parts.append("The signed content was changed after signing: its digest does not match.")
    else:
        parts.append("The signature value does not verify against the signer's certificate.")
    if whole:
        parts.append("It covers the whole file.")
    else:
        coverage = status.coverage.name if status.coverage else "unclear"
        parts.append(f"It does not cover the whole file (coverage: {coverage}): something was appended after signing.")
    if status.trusted:
        parts.append("The certificate chains to a trusted root.")
    else:
        parts.append("The certificate is not among the trusted roots given.")
    if len(embedded) > 1:
        parts.append(f"The file holds {len(embedded)} signatures; the last one was checked.")
    return VerifyResult(intact=intact, covers_whole_document=whole, trusted=bool(status.trusted),
                        signer_subject=subject, signing_time=when, signatures=len(embedded),
                        timestamp_time=stamped, sha256=digest,
                        explanation=" ".join(parts))


def _failed(digest: str, why: str, *, signatures: int = 0) -> VerifyResult:
    return VerifyResult(intact=False, covers_whole_document=False, trusted=False, signer_subject="",
                        signing_time=None, signatures=signatures, timestamp_time=None, sha256=digest,
                        explanation=why)


def _certificate(data: bytes) -> asn1_x509.Certificate:
    if data.lstrip().startswith(b"-----BEGIN"):
        from asn1crypto import pem

        _, _, data = pem.unarmor(data)
    return asn1_x509.Certificate.load(data)
