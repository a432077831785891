"""Signed reports as anyone checks them: pyHanko and poppler's pdfsig both accept the signature,
both notice one changed byte, and a wrong certificate password is a clear message."""
from __future__ import annotations

import subprocess

import numpy as np
import pytest
from PIL import Image

from reports.render import compose_report
from reports.signing import (
    TEST_ONLY,
    SigningError,
    TimestampUnavailable,
    check_timestamp_server,
    identity_from_pkcs12,
    load_identity,
    self_signed_identity,
    self_signed_pkcs12,
    sha256,
    sign_pdf,
)
from reports.verify import verify_pdf
from tests.reports import pdftools
from tests.reports.report_samples import LAB, long_report

PASSWORD = "签名密码-2026"


@pytest.fixture(scope="module")
def identity():
    return self_signed_identity("王芳", LAB.name)


@pytest.fixture(scope="module")
def signed(identity):
    rendered = compose_report(long_report())
    pdf = sign_pdf(rendered.pdf, identity, reason="批准签发检验检测报告", location="阿鲁科尔沁旗",
                   box=rendered.signature_box)
    return rendered, pdf


def _tampered(pdf: bytes) -> bytes:
    """One byte changed inside the signed range: a letter of the producer's name in the info."""
    at = pdf.index(b"Banner LIMS")
    return pdf[:at] + b"C" + pdf[at + 1:]


def test_a_signed_report_verifies_as_intact_and_whole_with_pyhanko(identity, signed):
    _, pdf = signed
    result = verify_pdf(pdf, trust_roots=[identity.certificate_pem()])
    assert result.ok and result.intact and result.covers_whole_document and result.trusted
    assert "王芳" in result.signer_subject and TEST_ONLY in result.signer_subject
    assert result.signing_time is not None and result.signatures == 1
    assert result.sha256 == sha256(pdf)
    assert "intact" in result.explanation
    assert not verify_pdf(pdf).trusted  # intact, but nobody said to trust the test certificate


def test_poppler_pdfsig_finds_the_signature_valid_and_covering_the_document(signed, tmp_path):
    out = pdftools.pdfsig(pdftools.write(signed[1], tmp_path, "signed.pdf"))
    assert "Signature is Valid." in out
    assert "Total document signed" in out
    assert "王芳" in out


def test_pdfsig_trusts_the_certificate_once_it_is_in_its_store(identity, signed, tmp_path):
    store, ca = tmp_path / "nss", tmp_path / "ca.pem"
    store.mkdir()
    ca.write_bytes(identity.certificate_pem())
    subprocess.run(["certutil", "-N", "-d", f"sql:{store}", "--empty-password"], check=True, capture_output=True)
    subprocess.run(["certutil", "-A", "-d", f"sql:{store}", "-n", "lab", "-t", "CT,C,C", "-i", str(ca)],
                   check=True, capture_output=True)
    out = pdftools.pdfsig(pdftools.write(signed[1], tmp_path, "signed.pdf"), "-nssdir", f"sql:{store}")
    assert "Signature is Valid." in out and "Certificate is Trusted." in out


def test_one_changed_byte_breaks_the_signature_for_pyhanko_and_for_pdfsig(identity, signed, tmp_path):
    broken = _tampered(signed[1])
    assert broken != signed[1] and len(broken) == len(signed[1])
    result = verify_pdf(broken, trust_roots=[identity.certificate_pem()])
    assert not result.intact and not result.ok
    assert "changed after signing" in result.explanation
    out = pdftools.pdfsig(pdftools.write(broken, tmp_path, "broken.pdf"))
    assert "Signature is Valid." not in out
    assert "Digest Mismatch." in out


def test_bytes_appended_after_signing_are_reported_as_not_covered(signed):
    appended = signed[1] + b"\n% appended after signing\n"
    result = verify_pdf(appended)
    assert not result.covers_whole_document and not result.ok


def test_an_unsigned_or_unreadable_file_is_explained_not_raised(signed):
    assert "no signature" in verify_pdf(signed[0].pdf).explanation
    result = verify_pdf(b"not a pdf at all")
    assert not result.intact and "cannot be read" in result.explanation


def test_the_visible_signature_block_is_drawn_in_the_place_the_report_left(signed, tmp_path):
    rendered, pdf = signed
    box = rendered.signature_box
    path = pdftools.write(pdf, tmp_path, "signed.pdf")
    text = pdftools.reading_text(path, box.page + 1)
    assert "电子签名" in text and "签名人：王芳" in text and "原因：批准签发检验检测报告" in text
    assert "测试证书" in text  # a test identity says so on paper too
    fonts = pdftools.fonts(path)
    assert all(f["emb"] == "yes" for f in fonts) and not any("Helvetica" in f["line"] for f in fonts)
    dpi = 50
    with Image.open(pdftools.render(path, tmp_path, dpi=dpi)[box.page]) as page:
        scale, height = dpi / 72, page.size[1]
        left, bottom, right, top = box.rect
        inside = np.asarray(page.convert("L").crop((int(left * scale) + 2, int(height - top * scale) + 2,
                                                    int(right * scale) - 2, int(height - bottom * scale) - 2)))
    assert (inside < 160).mean() > 0.05  # the block's text and frame, not the empty placeholder


def test_the_lab_certificate_is_read_from_a_pkcs12_file(tmp_path):
    path = tmp_path / "lab.p12"
    path.write_bytes(self_signed_pkcs12("王芳", LAB.name, PASSWORD))
    identity = load_identity(path, PASSWORD)
    assert identity.common_name == "王芳" and identity.for_testing
    signed = sign_pdf(compose_report(long_report()).pdf, identity, reason="批准", location="旗")
    assert verify_pdf(signed).intact


def test_a_wrong_password_gives_a_clear_message_not_a_traceback(tmp_path):
    path = tmp_path / "lab.p12"
    path.write_bytes(self_signed_pkcs12("王芳", LAB.name, PASSWORD))
    with pytest.raises(SigningError) as caught:
        load_identity(path, "wrong")
    message = str(caught.value)
    assert "password is wrong" in message and str(path) in message
    assert "Traceback" not in message and caught.value.__cause__ is None and caught.value.__suppress_context__
    with pytest.raises(SigningError, match="cannot be read"):
        load_identity(tmp_path / "missing.p12", PASSWORD)
    with pytest.raises(SigningError, match="PKCS#12"):
        identity_from_pkcs12(b"garbage", PASSWORD)


def test_a_second_signature_is_added_as_a_further_revision(identity, signed):
    twice = sign_pdf(signed[1], identity, reason="复核", location="旗", field_name="Second")
    result = verify_pdf(twice)
    assert result.signatures == 2 and result.intact and result.covers_whole_document


def test_a_timestamped_signature_verifies(identity, signed):
    from pyhanko.sign.timestamps import DummyTimeStamper

    stamper = DummyTimeStamper(tsa_cert=identity.certificate, tsa_key=identity.signer.signing_key,
                               certs_to_embed=None)
    pdf = sign_pdf(signed[0].pdf, identity, reason="批准", location="旗", timestamper=stamper)
    result = verify_pdf(pdf)
    assert result.intact and result.timestamp_time is not None
    assert verify_pdf(signed[1]).timestamp_time is None


def test_a_time_stamp_server_named_by_its_url_stamps_the_signature(identity, signed):
    from tests.reports.tsa import http_tsa

    with http_tsa(identity) as (url, requests):
        check_timestamp_server(url, 5)
        pdf = sign_pdf(signed[0].pdf, identity, reason="批准", location="旗", timestamp_url=url,
                       timestamp_timeout_s=5)
    result = verify_pdf(pdf)
    assert result.intact and result.timestamp_time is not None
    assert len(requests) == 2  # the check's sample answer sizes the signature: one more for the stamp


def test_an_unreachable_time_stamp_server_is_named_and_nothing_is_signed(identity, signed):
    from tests.reports.tsa import closed_port_url, silent_server

    url = closed_port_url()
    with pytest.raises(TimestampUnavailable, match="gave no time-stamp") as refused:
        sign_pdf(signed[0].pdf, identity, reason="批准", location="旗", timestamp_url=url)
    assert url in str(refused.value) and "not signed" in str(refused.value)
    assert refused.value.__cause__ is None and refused.value.__suppress_context__
    with pytest.raises(TimestampUnavailable, match=r"did not answer within 1 s"), silent_server() as quiet:
        check_timestamp_server(quiet, 1)
