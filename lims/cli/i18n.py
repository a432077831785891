"""The command line in the system's language, as the desktop application is in its own.

Under a Chinese locale (LC_ALL, else LC_MESSAGES, else LANG, as POSIX reads them: zh_CN.UTF-8,
zh_CN, zh_TW...) errors and the command line's own lines are Chinese; under C, POSIX, en_* or
no locale at all they stay as they always were. The Chinese comes from the application's one
catalogue, resources/i18n/lims_zh_CN.ts, read as XML without Qt (the command line never loads
Qt): the "errors" context holds the domain's error templates, "cli" the lines below marked with
``tr``, which scripts/update_translations.py collects for lupdate. ``--json`` output is never
translated: scripts read its keys.
"""
from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

from lims.domain.enums import RoleCode, SampleStatus
from lims.domain.errors import LimsError, RowProblem
from lims.domain.workflow import Transition

CATALOGUE = Path(__file__).resolve().parents[2] / "resources" / "i18n" / "lims_zh_CN.ts"
CHINESE = "zh_CN"
ENGLISH = "en"
_CONTEXTS = ("errors", "cli", "vocabulary")

# the English names the desktop application gives these codes (lims.gui.vocabulary, context
# "vocabulary"), so an error's {status} or {role} reads in words; tests/cli/test_cli_language.py
# checks they are the same words
STATUS_WORDS: Mapping[str, str] = {
    SampleStatus.SAMPLE_DUE: "Awaiting receipt", SampleStatus.RECEIVED: "Received", SampleStatus.TESTING: "Testing",
    SampleStatus.TO_BE_VERIFIED: "To be reviewed", SampleStatus.VERIFIED: "Reviewed",
    SampleStatus.APPROVED: "Approved", SampleStatus.REJECTED: "Rejected at receipt",
    SampleStatus.CANCELLED: "Cancelled", SampleStatus.INVALID: "Invalid",
}
ROLE_WORDS: Mapping[str, str] = {
    RoleCode.TECHNICIAN: "Technician", RoleCode.REVIEWER: "Reviewer", RoleCode.SIGNATORY: "Authorised signatory",
    RoleCode.MANAGER: "Lab manager", RoleCode.ADMIN: "Administrator",
}

TRANSITION_WORDS: Mapping[str, str] = {
    Transition.RECEIVE: "receive", Transition.REJECT: "reject", Transition.START: "start testing",
    Transition.SUBMIT: "submit for review", Transition.VERIFY: "verify", Transition.RETRACT: "retract",
    Transition.RETEST: "retest", Transition.APPROVE: "approve", Transition.CANCEL: "cancel",
    Transition.INVALIDATE: "invalidate",
}


def language(environ: Mapping[str, str] | None = None) -> str:
    """CHINESE when the locale that governs messages is a Chinese one, else ENGLISH."""
    env = os.environ if environ is None else environ
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(variable, "").strip()
        if value:
            return CHINESE if value.lower().startswith("zh") else ENGLISH
    return ENGLISH


def chinese() -> bool:
    return language() == CHINESE


def problem_text(problem: RowProblem) -> str:
    """One bad cell of an imported table, as the spreadsheet names its place (its sheet first,
    in a workbook of several)."""
    error = error_text(problem.error)
    if problem.column:
        text = tr("row {row}, column {column} ({header}): {error}").format(
            row=problem.row, column=problem.column, header=problem.header, error=error)
    else:
        text = tr("row {row}: {error}").format(row=problem.row, error=error)
    return f"{problem.sheet} {text}" if problem.sheet else text


def tr(source: str) -> str:
    """A line of the command line's own (a literal, collected for translation), in the system's language."""
    if language() != CHINESE:
        return source
    return _catalogue().get(("cli", source)) or source


def error_text(err: LimsError) -> str:
    """The error in the system's language: its template translated, then filled, its codes in words."""
    if language() != CHINESE:
        return str(err)
    template = _catalogue().get(("errors", err.template))
    if not template:
        return str(err)
    try:
        return template.format(**_params(err.params))
    except (KeyError, IndexError, ValueError):
        return str(err)


def _params(params: Mapping[str, object]) -> dict[str, object]:
    shown = dict(params)
    words = _catalogue()
    for key, value in params.items():
        if key == "status" and isinstance(value, str) and value in STATUS_WORDS:
            shown[key] = words.get(("vocabulary", STATUS_WORDS[value]), value)
        elif key == "transition" and isinstance(value, str) and value in TRANSITION_WORDS:
            shown[key] = words.get(("vocabulary", TRANSITION_WORDS[value]), value)
        elif key == "role" and isinstance(value, str) and value in ROLE_WORDS:
            shown[key] = words.get(("vocabulary", ROLE_WORDS[value]), value)
        elif key == "roles" and isinstance(value, str) and value != "-":
            names = [words.get(("vocabulary", ROLE_WORDS.get(v, "")), v) for v in value.split(", ")]
            shown[key] = words.get(("vocabulary", ", "), ", ").join(names)
    return shown


@lru_cache(maxsize=1)
def _catalogue() -> dict[tuple[str, str], str]:
    """(context, English source) -> Chinese, for the contexts the command line uses. Read once,
    and only when the locale is Chinese; a catalogue that cannot be read leaves the English."""
    try:
        root = ET.parse(CATALOGUE).getroot()
    except (OSError, ET.ParseError):
        return {}
    found: dict[tuple[str, str], str] = {}
    for context in root.iter("context"):
        name = context.findtext("name", "")
        if name not in _CONTEXTS:
            continue
        for message in context.iter("message"):
            translation = message.find("translation")
            if translation is not None and translation.text and translation.get("type") != "unfinished":
                found[(name, message.findtext("source", ""))] = translation.text
    return found
