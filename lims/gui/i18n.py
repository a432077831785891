"""Translations and the CJK font. Source strings are English; zh_CN is the default language."""
from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from lims.domain.errors import LimsError, RowProblem
from lims.gui.vocabulary import error_params

log = logging.getLogger(__name__)

RESOURCES = Path(__file__).resolve().parents[2] / "resources"
I18N_DIR = RESOURCES / "i18n"
FONT_FILE = RESOURCES / "fonts" / "wqy-microhei.ttc"
FONT_POINT_SIZE = 10
SOURCE_LANGUAGE = "en"


def install_translators(app: QCoreApplication, language: str) -> list[QTranslator]:
    """Install the application's and Qt's own translations for ``language``.

    The translators are children of ``app`` so they live as long as it does. English is the
    source language and needs none. Returns the translators installed."""
    remove_translators(app)
    if language == SOURCE_LANGUAGE:
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
        return []
    QLocale.setDefault(QLocale(language))
    installed = []
    ours = QTranslator(app)
    ours.setObjectName("lims-translator")
    if ours.load(str(I18N_DIR / f"lims_{language}.qm")):
        app.installTranslator(ours)
        installed.append(ours)
    else:
        log.warning("no translation file for %s in %s", language, I18N_DIR)
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    qtbase = QTranslator(app)
    qtbase.setObjectName("lims-translator")
    if qtbase.load(f"qtbase_{language}", qt_dir):
        app.installTranslator(qtbase)
        installed.append(qtbase)
    return installed


def remove_translators(app: QCoreApplication) -> None:
    for translator in app.findChildren(QTranslator):
        if translator.objectName() == "lims-translator":
            app.removeTranslator(translator)
            translator.deleteLater()


def error_text(err: BaseException) -> str:
    """The error as a person reads it: its template translated (context "errors"), then filled."""
    if not isinstance(err, LimsError):
        return str(err)
    template = QCoreApplication.translate("errors", err.template)
    try:
        return template.format(**error_params(err.params))
    except (KeyError, IndexError, ValueError):
        log.warning("translation of %r does not fit its parameters %r", err.template, err.params)
        return str(err)


def problem_text(problem: RowProblem) -> str:
    """One bad cell of an imported table in a line, its place as the spreadsheet names it (its
    sheet first, in a workbook of several): "产品分类 第 3 行 C 列（上级）：..."."""
    error = error_text(problem.error)
    if problem.column:
        text = QCoreApplication.translate("problems", "row {row}, column {column} ({header}): {error}").format(
            row=problem.row, column=problem.column, header=problem.header, error=error)
    else:
        text = QCoreApplication.translate("problems", "row {row}: {error}").format(row=problem.row, error=error)
    return f"{problem.sheet} {text}" if problem.sheet else text


def load_application_font(app: QApplication) -> str | None:
    """Register the bundled CJK font and make it the application font; returns its family."""
    font_id = QFontDatabase.addApplicationFont(str(FONT_FILE))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    if not families:
        log.warning("could not load the CJK font %s; Chinese text may not render", FONT_FILE)
        return None
    app.setFont(QFont(families[0], FONT_POINT_SIZE))
    return families[0]
