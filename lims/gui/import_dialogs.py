"""Importing a sampling list, a limit table or the lab set-up workbook from Excel: every bad cell
shown by row and column (and sheet), nothing imported until the table is clean or, for a list or a
table, a person chooses to import only the good rows."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from lims.domain.errors import ImportRejected, LimsError, RowProblem
from lims.gui.i18n import error_text
from lims.gui.tasks import TaskRunner
from lims.gui.widgets import FieldBox, MessageLabel, clear_errors, show_error_at_field
from lims.services.container import Services
from lims.services.dto import Actor
from lims.services.lab_setup import SetupReport
from lims.services.limits import ImportReport
from lims.services.sampling_lists import SampleImportReport

SAMPLING_LIST, LIMIT_TABLE, LAB_WORKBOOK = "sampling_list", "limit_table", "lab_workbook"


class ImportDialog(QDialog):
    """``kind`` is SAMPLING_LIST, LIMIT_TABLE or LAB_WORKBOOK (the lab set-up, a sheet per list:
    all or nothing); a limit table also needs its source text."""

    imported = Signal(object)  # the report

    def __init__(self, services: Services, actor: Actor, runner: TaskRunner, kind: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._actor = actor
        self._runner = runner
        self.kind = kind
        self.report: SampleImportReport | ImportReport | SetupReport | None = None
        self.problems: tuple[RowProblem, ...] = ()
        self._with_sheet = kind == LAB_WORKBOOK
        self.setWindowTitle({SAMPLING_LIST: self.tr("Import sampling list"), LIMIT_TABLE: self.tr("Import limit table"),
                             LAB_WORKBOOK: self.tr("Import lab workbook")}[kind])

        self.file = QLineEdit()
        self.file.setReadOnly(True)
        self.file.setPlaceholderText(self.tr("Choose an Excel workbook (.xlsx)"))
        self.browse_button = QPushButton(self.tr("Browse…"))
        self.browse_button.clicked.connect(self.browse)
        file_row = QWidget()
        row_layout = QHBoxLayout(file_row)
        row_layout.setContentsMargins(0, 0, 0, 0)
        row_layout.addWidget(self.file, 1)
        row_layout.addWidget(self.browse_button)
        self.source = QLineEdit()
        self.source.setPlaceholderText(self.tr("Standard, edition and table, e.g. GB 2763-2021 表1"))
        self.boxes = {"file": FieldBox(file_row), "source": FieldBox(self.source)}
        form = QFormLayout()
        form.addRow(self.tr("Workbook"), self.boxes["file"])
        if kind == LIMIT_TABLE:
            form.addRow(self.tr("Source"), self.boxes["source"])
        else:
            self.source.hide()

        self.import_button = QPushButton(self.tr("Import"))
        self.import_button.setDefault(True)
        self.import_button.clicked.connect(lambda: self.start(only_good=False))
        self.good_rows_button = QPushButton(self.tr("Import only the good rows"))
        self.good_rows_button.clicked.connect(lambda: self.start(only_good=True))
        self.good_rows_button.hide()

        self.message = MessageLabel()
        labels = [self.tr("Row"), self.tr("Column"), self.tr("Header"), self.tr("Problem")]
        if self._with_sheet:
            labels.insert(0, self.tr("Sheet"))
        self.problem_table = QTableWidget(0, len(labels))
        self.problem_table.setHorizontalHeaderLabels(labels)
        self.problem_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.problem_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.problem_table.verticalHeader().hide()
        self.problem_table.setWordWrap(True)
        header = self.problem_table.horizontalHeader()
        for column in range(len(labels) - 1):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(len(labels) - 1, QHeaderView.ResizeMode.Stretch)
        self.problem_table.hide()
        self.codes = QPlainTextEdit()
        self.codes.setReadOnly(True)
        self.codes.hide()

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.good_rows_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.import_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.problem_table, 1)
        layout.addWidget(self.codes, 1)
        layout.addWidget(buttons)
        self.resize(760, 460)

    # --- the file ----------------------------------------------------------------------------

    def browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Choose an Excel workbook"), "", self.tr("Excel workbooks (*.xlsx)"))
        if path:
            self.choose_file(path)

    def choose_file(self, path: str | Path) -> None:
        self.file.setText(str(path))
        self._reset()

    # --- the import --------------------------------------------------------------------------

    def start(self, only_good: bool = False) -> None:
        clear_errors(self.boxes, self.message)
        path = self.file.text().strip()
        if not path:
            self.boxes["file"].error.show_error(self.tr("Choose the workbook to import"))
            return
        job: Callable[[], ImportReport | SampleImportReport | SetupReport]
        if self.kind == LAB_WORKBOOK:
            job = partial(self._services.setup.import_workbook, self._actor, Path(path))
        elif self.kind == LIMIT_TABLE:
            source = self.source.text().strip()
            if not source:
                self.boxes["source"].error.show_error(
                    self.tr("Say where the limits come from (standard, edition and table)"))
                self.source.setFocus()
                return
            job = partial(self._services.limits.import_excel, self._actor, Path(path), source,
                          only_good=only_good)
        else:
            job = partial(self._services.sample_lists.import_excel, self._actor, Path(path),
                          only_good=only_good)
        self._busy(True)
        self._runner.run(job, on_done=self._done, on_error=self._failed, write=True)

    def _done(self, report: SampleImportReport | ImportReport | SetupReport) -> None:
        self._busy(False)
        self.report = report
        self.good_rows_button.hide()
        problems = () if isinstance(report, SetupReport) else report.problems
        self._show_problems(problems)
        if isinstance(report, SetupReport):
            text = self.tr("{file}: {created} entries added, {updated} changed, {unchanged} unchanged").format(
                file=report.file, created=report.created, updated=report.updated, unchanged=report.unchanged)
        elif isinstance(report, SampleImportReport):
            text = self.tr("{count} sample(s) registered from {file}").format(
                count=len(report.codes), file=report.file)
            self.codes.setPlainText("\n".join(report.codes))
            self.codes.setVisible(bool(report.codes))
        else:
            text = self.tr("{file}: {created} limit(s) added, {updated} changed, {unchanged} unchanged").format(
                file=report.file, created=report.created, updated=report.updated, unchanged=report.unchanged)
        if problems:
            text += " " + self.tr("({rows} row(s) with problems left out)").format(
                rows=len({p.row for p in problems}))
        self.message.show_ok(text)
        self.import_button.setEnabled(False)
        self.imported.emit(report)

    def _failed(self, err: LimsError) -> None:
        self._busy(False)
        if isinstance(err, ImportRejected):
            self.message.show_error(error_text(err))
            self._show_problems(err.problems)
            self.good_rows_button.setVisible(bool(err.problems) and self.kind != LAB_WORKBOOK)
            return
        show_error_at_field(self.boxes, self.message, error_text(err), getattr(err, "field", None))

    def _show_problems(self, problems: Sequence[RowProblem]) -> None:
        self.problems = tuple(problems)
        self.problem_table.setRowCount(len(problems))
        for row, problem in enumerate(problems):
            cells: tuple[str, ...] = (str(problem.row), problem.column, problem.header, error_text(problem.error))
            if self._with_sheet:
                cells = (problem.sheet, *cells)
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.problem_table.setItem(row, column, item)
        self.problem_table.resizeRowsToContents()
        self.problem_table.setVisible(bool(problems))

    def problem_rows(self) -> list[tuple[str, ...]]:
        """The problem table as shown ([sheet,] row, column, header, message)."""
        table = self.problem_table

        def cell(row: int, column: int) -> str:
            item = table.item(row, column)
            return item.text() if item is not None else ""

        return [tuple(cell(r, c) for c in range(table.columnCount())) for r in range(table.rowCount())]

    def _busy(self, busy: bool) -> None:
        for widget in (self.import_button, self.good_rows_button, self.browse_button, self.source):
            widget.setEnabled(not busy)

    def _reset(self) -> None:
        clear_errors(self.boxes, self.message)
        self.report = None
        self.good_rows_button.hide()
        self.import_button.setEnabled(True)
        self._show_problems(())
        self.codes.clear()
        self.codes.hide()
