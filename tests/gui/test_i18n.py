from __future__ import annotations

import functools
import importlib.util
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from types import ModuleType

import pytest
from PySide6.QtGui import QFontDatabase, QFontMetrics
from PySide6.QtWidgets import QApplication

from lims.domain.enums import AuditAction, CertificateKind, ReportStatus, RoleCode, SampleStatus, Verdict
from lims.domain.errors import AccountLocked, LimsError, ValidationError
from lims.gui import vocabulary
from lims.gui.error_catalog import ERROR_TEMPLATES
from lims.gui.i18n import FONT_FILE, I18N_DIR, error_text

ROOT = Path(__file__).resolve().parents[2]
TS = I18N_DIR / "lims_zh_CN.ts"
QM = I18N_DIR / "lims_zh_CN.qm"
PLACEHOLDER = re.compile(r"\{(\w*)[^{}]*\}")


def _messages() -> list[tuple[str, str, ET.Element]]:
    root = ET.parse(TS).getroot()
    return [(c.findtext("name", ""), m.findtext("source", ""), m)
            for c in root.iter("context") for m in c.iter("message")]


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("update_translations", ROOT / "scripts" / "update_translations.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@functools.cache
def _templates_in_code() -> tuple[tuple[str, str], ...]:
    """(template, where) as the script collects them (parsing every module once for the tests)."""
    script = _script()
    return tuple(script.collect_error_templates(script.error_class_names()))


def test_every_message_of_the_chinese_translation_is_finished() -> None:
    messages = _messages()
    assert len(messages) > 200
    unfinished = [(ctx, src) for ctx, src, m in messages
                  if m.find("translation") is None
                  or m.find("translation").get("type") in ("unfinished", "obsolete", "vanished")
                  or not (m.find("translation").text or "").strip()]
    assert unfinished == []


def test_every_translation_keeps_the_placeholders_of_its_source() -> None:
    wrong = [(ctx, src) for ctx, src, m in _messages()
             if set(PLACEHOLDER.findall(src)) != set(PLACEHOLDER.findall(m.findtext("translation", "")))]
    assert wrong == []


def test_the_shipped_compiled_translation_matches_its_source(tmp_path: Path) -> None:
    # compares content, not file times: a fresh clone gives both files the checkout's time
    script = _script()
    fresh = tmp_path / "fresh.qm"
    script.run_lrelease(TS, fresh)
    assert QM.read_bytes() == fresh.read_bytes(), "run python scripts/update_translations.py"


def test_every_error_template_in_the_code_is_in_the_catalogue_and_translated() -> None:
    """A new error message outside lims/gui needs scripts/update_translations.py and a Chinese text."""
    in_code = {template for template, _where in _templates_in_code()}
    translated = {src for ctx, src, m in _messages() if ctx == "errors" and (m.findtext("translation") or "").strip()}
    assert in_code - set(ERROR_TEMPLATES) == set(), "run python scripts/update_translations.py"
    assert in_code - translated == set(), "add the Chinese text to scripts/zh_CN_translations.py and rerun"


def test_a_known_error_reads_in_chinese_with_its_values_filled_in() -> None:
    short = ValidationError("A password needs at least {n} characters", field="password", n=8)
    assert error_text(short) == "密码至少需要 8 个字符"
    locked = AccountLocked(
        "Wrong password. The account {user} is now locked after {n} failed log-ins; "
        "an administrator must unlock it", user="zhangsan", n=5)
    assert error_text(locked) == "密码错误。账户 zhangsan 已连续登录失败 5 次，现已锁定，须由系统管理员解锁"


def test_an_error_without_a_translation_is_shown_in_english_rather_than_not_at_all() -> None:
    assert error_text(LimsError("Port {port} is busy", port="/dev/ttyUSB0")) == "Port /dev/ttyUSB0 is busy"
    assert error_text(ValueError("plain")) == "plain"


@pytest.mark.parametrize("enum, show", [
    (SampleStatus, vocabulary.sample_status), (RoleCode, vocabulary.role), (Verdict, vocabulary.verdict),
    (CertificateKind, vocabulary.certificate_kind), (AuditAction, vocabulary.audit_action),
    (ReportStatus, vocabulary.report_status),
])
def test_every_value_a_person_sees_has_a_chinese_label(enum: type, show) -> None:
    for value in enum:
        text = show(value.value)
        assert re.search(r"[\u4e00-\u9fff]", text), f"{enum.__name__}.{value.name} shows {text!r}"


def test_the_status_and_role_labels_use_the_labs_own_words() -> None:
    assert [vocabulary.sample_status(s) for s in SampleStatus] == [
        "待收样", "已收样", "检测中", "待审核", "已审核", "已批准", "已拒收", "已取消", "无效"]
    assert [vocabulary.role(r) for r in RoleCode] == [
        "检测员", "审核员", "授权签字人", "实验室主任/技术负责人", "系统管理员"]
    assert [vocabulary.verdict(v) for v in Verdict] == ["合格", "不合格", "无判定依据"]


def test_the_bundled_font_is_the_application_font_and_draws_chinese(qapp: QApplication) -> None:
    assert FONT_FILE.exists()
    font = qapp.font()
    assert font.family() in QFontDatabase.families()
    assert "WenQuanYi" in font.family()
    metrics = QFontMetrics(font)
    assert all(metrics.inFontUcs4(ord(ch)) for ch in "样品编号审计追踪资质范围")


def test_the_translation_script_reports_the_files_up_to_date() -> None:
    script = _script()
    catalogue = script.render_catalog(script.collect_error_templates(script.error_class_names()),
                                      script.collect_cli_lines())
    assert script.check(catalogue) == 0


def test_every_line_of_the_command_line_is_in_the_catalogue_and_translated() -> None:
    """A new tr("...") line in lims/cli needs scripts/update_translations.py and a Chinese text."""
    script = _script()
    in_code = {line for line, _where in script.collect_cli_lines()}
    assert in_code, "the command line marks its lines with lims.cli.i18n.tr"
    translated = {src for ctx, src, m in _messages() if ctx == "cli" and (m.findtext("translation") or "").strip()}
    assert in_code - translated == set(), "add the Chinese text to scripts/zh_CN_translations.py and rerun"


def test_statuses_transitions_and_roles_inside_an_error_read_as_their_chinese_labels() -> None:
    from lims.domain.errors import GuardFailed, TransitionNotAllowed

    wrong_state = TransitionNotAllowed("Cannot {transition} a sample that is {status}",
                                       transition="verify", status="sample_due")
    assert error_text(wrong_state) == "状态为 待收样 的样品不能执行 审核"
    no_role = GuardFailed("To {transition} a sample you need one of the roles: {roles}", rule="role",
                          transition="approve", roles="signatory")
    assert error_text(no_role) == "执行 批准 需要以下角色之一：授权签字人"


def test_the_report_and_instrument_layers_messages_are_collected_and_read_in_chinese() -> None:
    """reports/ and instruments/ raise errors a person meets on screen (a wrong certificate password,
    a time-stamp server that does not answer): the script collects them, subclasses of subclasses too."""
    assert {source.name for source in _script().ERROR_SOURCES} == {"lims", "reports", "instruments"}
    found = dict(_templates_in_code())
    wrong = ("The signing certificate {path} could not be opened: the password is wrong or the file is not a "
             "PKCS#12 (.p12/.pfx) file")
    assert found[wrong] == "reports/signing.py"
    late = "The time-stamp server {url} did not answer within {seconds} s; the report was not signed"
    assert found[late] == "reports/signing.py"  # TimestampUnavailable(SigningError(LimsError))
    assert error_text(LimsError(wrong, path="lab.p12")) == (
        "无法打开签名证书 lab.p12：密码错误，或该文件不是 PKCS#12（.p12/.pfx）文件")
    assert error_text(LimsError(late, url="http://tsa.example.cn", seconds=10)) == (
        "时间戳服务器 http://tsa.example.cn 在 10 秒内没有响应；报告未签名")
