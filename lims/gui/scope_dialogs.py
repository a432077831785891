"""Certificates added and edited, and an ability table imported after a preview of what was
understood and what was not."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import partial
from pathlib import Path

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from lims.domain.errors import ImportRejected, LimsError, RowProblem
from lims.gui import vocabulary
from lims.gui.forms import date_edit
from lims.gui.i18n import error_text
from lims.gui.tasks import TaskRunner
from lims.gui.widgets import FieldBox, MessageLabel, clear_errors, show_error_at_field
from lims.services.container import Services
from lims.services.dto import Actor
from lims.services.scope import CertificateForm, CertificateView
from lims.services.scope_tables import ImportedTable, TablePreview


def _day(edit: QDateEdit) -> date:
    return vocabulary.day_from(edit.date())


class CertificateDialog(QDialog):
    """Add a certificate, or edit ``certificate`` (its version guards against a stale edit)."""

    saved = Signal(object)  # the CertificateView

    def __init__(self, services: Services, actor: Actor, runner: TaskRunner,
                 certificate: CertificateView | None, parent: QWidget | None, today: date) -> None:
        super().__init__(parent)
        self._services = services
        self._actor = actor
        self._runner = runner
        self._certificate = certificate
        self.result_view: CertificateView | None = None
        self.setWindowTitle(self.tr("Edit certificate") if certificate else self.tr("Add certificate"))
        start = today
        self.kind = QComboBox()
        for kind in ("CMA", "CATL"):
            self.kind.addItem(vocabulary.certificate_kind(kind), kind)
        self.number = QLineEdit()
        self.number.setPlaceholderText(self.tr("As printed, e.g. 221505990117"))
        self.holder = QLineEdit()
        self.issued = date_edit(start)
        self.valid_until = date_edit(date(start.year + 6, start.month, min(start.day, 28)))
        self.lead = QSpinBox()
        self.lead.setRange(0, 3660)
        self.lead.setSuffix(self.tr(" days"))
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(self.tr("Why it changes, e.g. renewal or a new address"))
        if certificate is not None:
            self.kind.setCurrentIndex(max(0, self.kind.findData(certificate.kind)))
            self.number.setText(certificate.number)
            self.holder.setText(certificate.holder)
            self.issued.setDate(QDate(certificate.issued_on.year, certificate.issued_on.month,
                                      certificate.issued_on.day))
            self.valid_until.setDate(QDate(certificate.valid_until.year, certificate.valid_until.month,
                                           certificate.valid_until.day))
            self.lead.setValue(certificate.renewal_lead_days)
        else:
            self.lead.setValue(90)
            self.kind.currentIndexChanged.connect(
                lambda: self.lead.setValue(90 if self.kind.currentData() == "CMA" else 180))
        self.boxes = {name: FieldBox(widget) for name, widget in (
            ("kind", self.kind), ("number", self.number), ("holder", self.holder), ("issued_on", self.issued),
            ("valid_until", self.valid_until), ("renewal_lead_days", self.lead), ("reason", self.reason))}
        form = QFormLayout()
        form.addRow(self.tr("Kind"), self.boxes["kind"])
        form.addRow(self.tr("Certificate number"), self.boxes["number"])
        form.addRow(self.tr("Holder"), self.boxes["holder"])
        form.addRow(self.tr("Issued on"), self.boxes["issued_on"])
        form.addRow(self.tr("Valid until"), self.boxes["valid_until"])
        form.addRow(self.tr("Apply for renewal"), self.boxes["renewal_lead_days"])
        if certificate is not None:
            form.addRow(self.tr("Reason"), self.boxes["reason"])
        self.message = MessageLabel()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.resize(520, 360)

    def form(self) -> CertificateForm:
        return CertificateForm(str(self.kind.currentData()), self.number.text(), self.holder.text(),
                               _day(self.issued), _day(self.valid_until), self.lead.value())

    def save(self) -> None:
        clear_errors(self.boxes, self.message)
        cert = self._certificate
        if cert is None:
            job = partial(self._services.scope.add_certificate, self._actor, self.form())
        else:
            job = partial(self._services.scope.edit_certificate, self._actor, cert.id, cert.version, self.form(),
                          self.reason.text().strip())
        self.buttons.setEnabled(False)
        self._runner.run(job, on_done=self._saved, on_error=self._failed, write=True)

    def _saved(self, view: CertificateView) -> None:
        self.buttons.setEnabled(True)
        self.result_view = view
        self.saved.emit(view)
        self.accept()

    def _failed(self, err: LimsError) -> None:
        self.buttons.setEnabled(True)
        show_error_at_field(self.boxes, self.message, error_text(err), getattr(err, "field", None))


def _table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.verticalHeader().hide()
    table.horizontalHeader().setSectionResizeMode(len(headers) - 1, QHeaderView.ResizeMode.Stretch)
    return table


def _fill(table: QTableWidget, rows: Sequence[Sequence[str]]) -> None:
    table.setRowCount(len(rows))
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setToolTip(text)
            table.setItem(r, c, item)


def cell_texts(table: QTableWidget) -> list[list[str]]:
    """A table's cells as shown."""
    out = []
    for r in range(table.rowCount()):
        row = []
        for c in range(table.columnCount()):
            item = table.item(r, c)
            row.append(item.text() if item is not None else "")
        out.append(row)
    return out


class TableImportDialog(QDialog):
    """Choose a workbook, see what was understood and what was not, then import it as the
    certificate's next ability-table version. Nothing is stored before Import is pressed, and
    Import stays off while a row is not understood."""

    imported = Signal(object)  # the ImportedTable

    def __init__(self, services: Services, actor: Actor, runner: TaskRunner, certificate: CertificateView,
                 parent: QWidget | None, today: date) -> None:
        super().__init__(parent)
        self._services = services
        self._actor = actor
        self._runner = runner
        self._certificate = certificate
        self.preview: TablePreview | None = None
        self.done_table: ImportedTable | None = None
        self.setWindowTitle(self.tr("Import ability table for {kind} {number}").format(
            kind=vocabulary.certificate_kind(certificate.kind), number=certificate.number))
        self.file = QLineEdit()
        self.file.setReadOnly(True)
        self.file.setPlaceholderText(self.tr("Choose an Excel workbook (.xlsx)"))
        browse = QPushButton(self.tr("Browse…"))
        browse.clicked.connect(self.browse)
        file_row = QWidget()
        row_layout = QHBoxLayout(file_row)
        row_layout.setContentsMargins(0, 0, 0, 0)
        row_layout.addWidget(self.file, 1)
        row_layout.addWidget(browse)
        self.approved = date_edit(today)
        self.use_approved = QCheckBox(self.tr("Approved on this date when the file states none"))
        approved_row = QWidget()
        approved_layout = QHBoxLayout(approved_row)
        approved_layout.setContentsMargins(0, 0, 0, 0)
        approved_layout.addWidget(self.use_approved)
        approved_layout.addWidget(self.approved)
        approved_layout.addStretch(1)
        self.boxes = {"file": FieldBox(file_row), "approved": FieldBox(approved_row)}
        form = QFormLayout()
        form.addRow(self.tr("Workbook"), self.boxes["file"])
        form.addRow(self.tr("Approval date"), self.boxes["approved"])

        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.rows_table = _table([self.tr("No."), self.tr("Kind"), self.tr("As printed"), self.tr("Understood as"),
                                  self.tr("Methods"), self.tr("Limits of use"), self.tr("Section")])
        for column, width in enumerate((50, 60, 200, 200, 170, 150)):
            self.rows_table.setColumnWidth(column, width)
        self.problem_table = _table([self.tr("Row"), self.tr("Column"), self.tr("Header"), self.tr("Problem")])
        for column, width in enumerate((50, 60, 200)):
            self.problem_table.setColumnWidth(column, width)
        self.problem_table.setWordWrap(True)
        self.message = MessageLabel()
        self.preview_button = QPushButton(self.tr("Preview"))
        self.preview_button.clicked.connect(self.start_preview)
        self.import_button = QPushButton(self.tr("Import"))
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.start_import)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.preview_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.import_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.summary)
        layout.addWidget(QLabel(self.tr("Rows understood")))
        layout.addWidget(self.rows_table, 3)
        layout.addWidget(QLabel(self.tr("Not understood, or to look at")))
        layout.addWidget(self.problem_table, 1)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.resize(1100, 680)

    def browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Choose an Excel workbook"), "", self.tr("Excel workbooks (*.xlsx)"))
        if path:
            self.choose_file(path)

    def choose_file(self, path: str | Path) -> None:
        self.file.setText(str(path))
        self.preview = None
        self.import_button.setEnabled(False)
        self.start_preview()

    def _approved(self) -> date | None:
        return _day(self.approved) if self.use_approved.isChecked() else None

    def start_preview(self) -> None:
        clear_errors(self.boxes, self.message)
        path = self.file.text().strip()
        if not path:
            self.boxes["file"].error.show_error(self.tr("Choose the workbook to import"))
            return
        self.import_button.setEnabled(False)
        self._runner.run(self._services.scope_tables.preview, Path(path), self._certificate.number,
                         self._approved(), on_done=self._previewed, on_error=self._failed)

    def _previewed(self, preview: TablePreview) -> None:
        self.preview = preview
        sections = sum(r.category == "product" for r in preview.rows)
        parameters = sum(r.category == "parameter" for r in preview.rows)
        bad = len({p.row for p in preview.problems})
        if preview.approved_on is None:
            approved = self.tr("not stated: tick the box and give the date")
        elif preview.approved_from_file:
            approved = self.tr("{day} (from the file)").format(day=vocabulary.format_date(preview.approved_on))
        else:
            approved = vocabulary.format_date(preview.approved_on)
        self.summary.setText(self.tr(
            "{rows} row(s) understood: {sections} product section(s), {parameters} parameter(s); {bad} row(s) "
            "not understood. Approval date: {approved}").format(
            rows=len(preview.rows), sections=sections, parameters=parameters, bad=bad, approved=approved))
        kinds = {"product": self.tr("Product"), "item": self.tr("Item"), "parameter": self.tr("Parameter")}
        _fill(self.rows_table, [(
            r.number, kinds.get(r.category, r.category), r.name, self._understood(r.main, r.aliases, r.includes),
            ", ".join(r.methods), r.limits_of_use + ("" if r.limits_understood else " ⚠"), r.section,
        ) for r in preview.rows])
        self._show_problems(preview.problems, preview.notes)
        self.import_button.setEnabled(preview.ok)
        if preview.ok:
            self.message.show_info(self.tr("Nothing is stored until you press Import"))
        elif preview.problems:
            self.message.show_error(self.tr("Rows that were not understood keep the table from being imported: "
                                            "correct them in the workbook and preview again"))
        else:
            self.boxes["approved"].error.show_error(self.tr("The file states no approval date: give it here"))

    def _understood(self, main: str, aliases: tuple[str, ...], includes: tuple[str, ...]) -> str:
        text = main
        if aliases:
            text += " = " + " = ".join(aliases)
        if includes:
            text += " " + self.tr("(including {names})").format(names=", ".join(includes))
        return text

    def _show_problems(self, problems: tuple[RowProblem, ...], notes: tuple[RowProblem, ...] = ()) -> None:
        note = self.tr("Note: ")
        _fill(self.problem_table, [(str(p.row), p.column, p.header, error_text(p.error)) for p in problems]
              + [(str(p.row), p.column, p.header, note + error_text(p.error)) for p in notes])
        self.problem_table.resizeRowsToContents()

    def start_import(self) -> None:
        path = self.file.text().strip()
        if not path or self.preview is None or not self.preview.ok:
            return
        self.import_button.setEnabled(False)
        self._runner.run(self._services.scope_tables.import_table, self._actor, Path(path), self._certificate.number,
                         self._approved(), on_done=self._imported, on_error=self._failed, write=True)

    def _imported(self, done: ImportedTable) -> None:
        self.done_table = done
        self.message.show_ok(self.tr("Version {version} of the ability table, approved on {day}, holds {rows} row(s)")
                             .format(version=done.version_no, day=vocabulary.format_date(done.approved_on),
                                     rows=done.rows))
        self.imported.emit(done)

    def _failed(self, err: LimsError) -> None:
        if isinstance(err, ImportRejected):
            self._show_problems(err.problems)
        show_error_at_field(self.boxes, self.message, error_text(err), getattr(err, "field", None))
