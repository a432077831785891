"""Signing an issued report: a PAdES B-B signature (B-T with a time-stamp server) in an
incremental update, with a visible signature block, by pyHanko.

The identity is the lab's certificate and key from a PKCS#12 file, or a self-signed identity
generated for trying the application out, whose subject says "仅供测试 / TEST ONLY" so it
cannot be mistaken for the lab's own.

The visible block is drawn here with reportlab in the bundled CJK font and placed as the
signature field's static appearance. pyHanko's own text stamp spreads the letters apart when
a font's units per em are not 1000 (as in the CJK font), and its built-in font has no Chinese.
"""
from __future__ import annotations

import asyncio
import hashlib
import io
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from pathlib import Path
from typing import Any

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
from cryptography.hazmat.primitives.asymmetric.types import PrivateKeyTypes
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from pyhanko.pdf_utils import layout
from pyhanko.pdf_utils.content import PdfContent
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.general import get_pyca_cryptography_hash
from pyhanko.sign.timestamps import HTTPTimeStamper, TimeStamper, TimestampRequestError
from pyhanko.stamp import StaticStampStyle
from pyhanko_certvalidator.registry import SimpleCertificateStore
from reportlab.lib import colors
from reportlab.pdfgen.canvas import Canvas

from lims.domain.errors import LimsError
from reports.fonts import printable, register_cjk_font, string_width
from reports.render import SignatureBox

TEST_ONLY = "仅供测试 / TEST ONLY"
FIELD_NAME = "LabSignature"
# where the block goes when the caller names no place: the last page's lower right corner
DEFAULT_BOX = SignatureBox(page=-1, rect=(360.0, 60.0, 540.0, 130.0))


class SigningError(LimsError):
    """The report cannot be signed with the identity given (file, password, certificate)."""


class TimestampUnavailable(SigningError):
    """The time-stamp server did not answer, or answered with no time-stamp: no report can be
    signed until it does, so a batch stops rather than wait on it for each report."""

    stops_batch = True


DEFAULT_TIMESTAMP_TIMEOUT_S = 10


@dataclass(frozen=True)
class SigningIdentity:
    """The certificate and key that sign, ready for pyHanko."""

    signer: signers.SimpleSigner
    certificate: asn1_x509.Certificate
    for_testing: bool

    @property
    def subject(self) -> str:
        return str(self.certificate.subject.human_friendly)

    @property
    def common_name(self) -> str:
        return _name_part(self.certificate, "common_name")

    @property
    def organisation(self) -> str:
        return _name_part(self.certificate, "organization_name")

    def certificate_pem(self) -> bytes:
        return _pem(self.certificate)


def _name_part(certificate: asn1_x509.Certificate, part: str) -> str:
    value = certificate.subject.native.get(part, "")
    return str(value[0] if isinstance(value, list) else value)


def _pem(certificate: asn1_x509.Certificate) -> bytes:
    return x509.load_der_x509_certificate(certificate.dump()).public_bytes(serialization.Encoding.PEM)


def load_identity(path: Path, password: str) -> SigningIdentity:
    """The identity in a PKCS#12 (.p12/.pfx) file; ``SigningError`` names what is wrong."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SigningError("The signing certificate file {path} cannot be read: {reason}",
                           path=str(path), reason=exc.strerror or str(exc)) from None
    return identity_from_pkcs12(data, password, source=str(path))


def identity_from_pkcs12(data: bytes, password: str, *, source: str = "PKCS#12 data") -> SigningIdentity:
    try:
        key, certificate, extra = pkcs12.load_key_and_certificates(data, password.encode("utf-8") or None)
    except ValueError:
        # cryptography says the same for a wrong password and for a file that is not PKCS#12
        raise SigningError("The signing certificate {path} could not be opened: the password is wrong "
                           "or the file is not a PKCS#12 (.p12/.pfx) file", path=source) from None
    if key is None or certificate is None:
        raise SigningError("The signing certificate {path} holds no private key with its certificate",
                           path=source)
    key_der = key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
    asn1_certificate = asn1_x509.Certificate.load(certificate.public_bytes(serialization.Encoding.DER))
    chain = [asn1_x509.Certificate.load(c.public_bytes(serialization.Encoding.DER)) for c in extra]
    signer = _ParsedKeySigner(
        key, signing_cert=asn1_certificate, signing_key=asn1_keys.PrivateKeyInfo.load(key_der),
        cert_registry=SimpleCertificateStore.from_certs([asn1_certificate, *chain]),
    )
    return SigningIdentity(signer=signer, certificate=asn1_certificate,
                           for_testing=TEST_ONLY in certificate.subject.rfc4514_string())


class _ParsedKeySigner(signers.SimpleSigner):
    """pyHanko's in-memory signer with the key parsed once.

    The plain SimpleSigner parses the private key from DER for every signature, and checks an
    RSA key's consistency each time (90 ms); it also signs twice, once to measure the signature.
    Here an RSA PKCS#1 v1.5 signature uses the key object parsed when the identity was loaded,
    and the measuring run gets zero bytes of the signature's fixed length."""

    def __init__(self, key: PrivateKeyTypes, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._parsed_key = key

    async def async_sign_raw(self, data: bytes, digest_algorithm: str, dry_run: bool = False) -> bytes:
        key = self._parsed_key
        mechanism = self.get_signature_mechanism_for_digest(digest_algorithm)
        if isinstance(key, rsa.RSAPrivateKey) and mechanism.signature_algo == "rsassa_pkcs1v15":
            if dry_run:
                return bytes(key.key_size // 8)
            return key.sign(data, PKCS1v15(), get_pyca_cryptography_hash(digest_algorithm))
        return await super().async_sign_raw(data, digest_algorithm, dry_run)


def self_signed_pkcs12(common_name: str, organisation: str, password: str, *, days: int = 365) -> bytes:
    """A PKCS#12 file with a new self-signed RSA-2048 certificate whose organisation is marked
    "仅供测试 / TEST ONLY": for trying the application without the lab's certificate."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([
        x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, f"{organisation} {TEST_ONLY}"),
        x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
    ])
    now = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5)).not_valid_after(now + timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True, key_encipherment=False,
                                     data_encipherment=False, key_agreement=False, key_cert_sign=True,
                                     crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    encryption = (serialization.BestAvailableEncryption(password.encode("utf-8")) if password
                  else serialization.NoEncryption())
    return pkcs12.serialize_key_and_certificates(common_name.encode("utf-8"), key, certificate, None, encryption)


def self_signed_identity(common_name: str, organisation: str) -> SigningIdentity:
    """A new self-signed identity marked "仅供测试 / TEST ONLY" (see ``self_signed_pkcs12``)."""
    return identity_from_pkcs12(self_signed_pkcs12(common_name, organisation, ""), "", source="test identity")


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


_STAMPERS: dict[tuple[str, int], TimeStamper] = {}


def http_timestamper(url: str, timeout_s: int = DEFAULT_TIMESTAMP_TIMEOUT_S) -> TimeStamper:
    """The RFC 3161 client of ``url``, one per address and time-out in this process: pyHanko asks a
    new client for a sample time-stamp (to size the signature) before the real one, and a kept
    client asks only once."""
    key = (url, timeout_s)
    stamper = _STAMPERS.get(key)
    if stamper is None:
        stamper = _STAMPERS[key] = HTTPTimeStamper(url, timeout=timeout_s)
    return stamper


def check_timestamp_server(url: str, timeout_s: int = DEFAULT_TIMESTAMP_TIMEOUT_S) -> None:
    """Ask ``url`` for one time-stamp; ``TimestampUnavailable`` says why none came. The answer is
    kept as the client's sample, so the next signature does not ask for one."""
    try:
        asyncio.run(http_timestamper(url, timeout_s).async_dummy_response("sha256"))
    except (TimestampRequestError, OSError, ValueError) as exc:
        raise _unavailable(url, timeout_s, exc) from None


def _unavailable(url: str, timeout_s: int, exc: BaseException) -> TimestampUnavailable:
    _STAMPERS.pop((url, timeout_s), None)  # a client that failed is not kept
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, TimeoutError):
            return TimestampUnavailable("The time-stamp server {url} did not answer within {seconds} s; the report "
                                        "was not signed", url=url, seconds=timeout_s)
        seen = seen.__cause__ or seen.__context__
    cause = exc.__cause__ or exc.__context__
    reason = str(cause or exc) or type(cause or exc).__name__
    return TimestampUnavailable("The time-stamp server {url} gave no time-stamp ({reason}); the report was not "
                                "signed", url=url, reason=reason)


def sign_pdf(pdf: bytes, identity: SigningIdentity, *, reason: str, location: str,
             box: SignatureBox | None = None, field_name: str = FIELD_NAME, timestamp_url: str | None = None,
             timestamp_timeout_s: int = DEFAULT_TIMESTAMP_TIMEOUT_S, timestamper: TimeStamper | None = None,
             zone: tzinfo = UTC) -> bytes:
    """``pdf`` with a PAdES signature added as an incremental update; the signed bytes.

    ``box`` is where the visible block goes (``compose_report`` says where it left room);
    ``timestamp_url`` (an RFC 3161 server, waited on ``timestamp_timeout_s`` seconds) or
    ``timestamper`` adds a signature time-stamp (PAdES B-T); a server that does not answer is
    ``TimestampUnavailable``. ``zone`` is the clock the block prints the signing time on."""
    place = box or DEFAULT_BOX
    page = place.page
    try:
        reader_writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    except Exception as exc:  # noqa: BLE001  # pyHanko raises several kinds for a damaged file
        raise SigningError("The report PDF cannot be opened for signing: {reason}", reason=str(exc)) from None
    if page < 0:
        page += int(reader_writer.root["/Pages"]["/Count"])
    left, bottom, right, top = place.rect
    rect = (round(left), round(bottom), round(right), round(top))
    signed_at = datetime.now(UTC)
    appearance = _appearance(identity, reason, location, signed_at.astimezone(zone),
                             rect[2] - rect[0], rect[3] - rect[1])
    style = StaticStampStyle(
        background=_PdfPageContent(appearance), border_width=0, background_opacity=1.0,
        # the drawing is made to the field's size: no margin, no scaling
        background_layout=layout.SimpleBoxLayoutRule(x_align=layout.AxisAlignment.ALIGN_MIN,
                                                     y_align=layout.AxisAlignment.ALIGN_MIN,
                                                     margins=layout.Margins()),
    )
    stamper = timestamper or (http_timestamper(timestamp_url, timestamp_timeout_s) if timestamp_url else None)
    meta = signers.PdfSignatureMetadata(
        field_name=field_name, reason=reason, location=location, md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        name=identity.common_name or None,
    )
    pdf_signer = signers.PdfSigner(
        meta, identity.signer, timestamper=stamper, stamp_style=style,
        new_field_spec=fields.SigFieldSpec(sig_field_name=field_name, on_page=page, box=rect),
    )
    out = io.BytesIO()
    try:
        pdf_signer.sign_pdf(reader_writer, output=out)
    except (TimestampRequestError, OSError) as exc:
        if stamper is None:
            raise
        raise _unavailable(timestamp_url or type(stamper).__name__, timestamp_timeout_s, exc) from None
    return out.getvalue()


class _PdfPageContent(PdfContent):
    """The first page of a PDF held in memory, as a form XObject (pyHanko's own importer reads
    from a file)."""

    def __init__(self, pdf: bytes) -> None:
        super().__init__()
        self._pdf = pdf

    def render(self) -> bytes:
        xobject = self._ensure_writer.import_page_as_xobject(PdfFileReader(io.BytesIO(self._pdf)), page_ix=0)
        self.resources.xobject["/SignatureAppearance"] = xobject
        x1, y1, x2, y2 = xobject.get_object()["/BBox"]
        self.box = layout.BoxConstraints(width=abs(x1 - x2), height=abs(y1 - y2))
        return b"/SignatureAppearance Do"


def _appearance(identity: SigningIdentity, reason: str, location: str, when: datetime,
                width: float, height: float) -> bytes:
    """The visible block as a one-page PDF of the field's size."""
    font = register_cjk_font()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(width, height), invariant=True)
    canvas.setFillColor(colors.white)
    canvas.rect(0, 0, width, height, stroke=0, fill=1)
    canvas.setStrokeColor(colors.Color(0.1, 0.25, 0.55))
    canvas.setLineWidth(1)
    canvas.rect(0.5, 0.5, width - 1, height - 1, stroke=1, fill=0)
    offset = when.utcoffset() or timedelta(0)
    hours, minutes = divmod(int(offset.total_seconds()) // 60, 60)
    size = 7.5
    texts = [
        f"签名人：{identity.common_name}",
        f"单位：{identity.organisation}",
        f"时间：{when:%Y-%m-%d %H:%M} UTC{hours:+03d}:{minutes:02d}",
        f"原因：{reason}",
        f"地点：{location}",
    ]
    if identity.for_testing:
        texts.append("测试证书，不具法律效力 / test certificate")
    lines = [("电子签名 Digitally signed", 8.5)]
    for text in texts:
        lines.extend((part, size) for part in _wrap(printable(text), size, width - 8))
    leading = min((height - 4) / (len(lines) + 0.15), 10.5)
    y = height - 2 - leading * 0.8
    canvas.setFillColor(colors.Color(0.1, 0.25, 0.55))
    for text, points in lines:
        canvas.setFont(font, min(points, leading * 0.88))
        canvas.drawString(4, y, text)
        y -= leading
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _wrap(text: str, size: float, width: float) -> list[str]:
    """``text`` broken into lines no wider than ``width``, character by character (Chinese has
    no spaces to break at)."""
    lines, line = [], ""
    for ch in text:
        if line and string_width(line + ch, size) > width:
            lines.append(line)
            line = "  " + ch
        else:
            line += ch
    return [*lines, line]
