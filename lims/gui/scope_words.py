"""Translated words of the scope pages (Qt context "scope_words"): expansion steps and targets,
the kinds of alias; and a method edition not in force, as the domain's notice of it."""
from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QCoreApplication

from lims.domain.editions import EditionFlag
from lims.gui.i18n import error_text
from lims.gui.vocabulary import QT_TRANSLATE_NOOP

CONTEXT = "scope_words"

STEP: Mapping[str, str] = {
    "planned": QT_TRANSLATE_NOOP("scope_words", "Planned"),
    "method_verification": QT_TRANSLATE_NOOP("scope_words", "Method verification"),
    "staff_authorised": QT_TRANSLATE_NOOP("scope_words", "Staff authorised"),
    "proficiency_test": QT_TRANSLATE_NOOP("scope_words", "Proficiency test"),
    "submitted": QT_TRANSLATE_NOOP("scope_words", "Submitted"),
    "assessed": QT_TRANSLATE_NOOP("scope_words", "Assessed"),
    "approved": QT_TRANSLATE_NOOP("scope_words", "Approved"),
    "rejected": QT_TRANSLATE_NOOP("scope_words", "Rejected"),
}

TARGET: Mapping[str, str] = {
    "CMA": QT_TRANSLATE_NOOP("scope_words", "CMA"),
    "CATL": QT_TRANSLATE_NOOP("scope_words", "CATL"),
    "joint": QT_TRANSLATE_NOOP("scope_words", "CMA and CATL jointly"),
}

ALIAS_KIND: Mapping[str, str] = {
    "parameter": QT_TRANSLATE_NOOP("scope_words", "Parameter"),
    "product": QT_TRANSLATE_NOOP("scope_words", "Product"),
    "category": QT_TRANSLATE_NOOP("scope_words", "Table section (category)"),
}


def _label(table: Mapping[str, str], value: str | None) -> str:
    if value is None:
        return ""
    source = table.get(value)
    return QCoreApplication.translate(CONTEXT, source) if source else value


def step(value: str | None) -> str:
    return _label(STEP, value)


def target(value: str) -> str:
    return _label(TARGET, value)


def alias_kind(value: str) -> str:
    return _label(ALIAS_KIND, value)


def edition_flag(flag: EditionFlag) -> str:
    """"GB 5009.12-2010 已废止（2017-10-05 之后），已由 GB 5009.12-2017 代替": the edition and the
    domain's notice of it, translated as the errors are."""
    return f"{flag.edition} {error_text(flag.notice())}"
