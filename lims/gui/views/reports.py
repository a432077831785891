"""Reports, newest first: issue a signed report for an approved sample, preview it as a draft,
issue many in a batch (reports_batch), check a report PDF against the lab's record, and the
report settings (reports_settings).

Rendering, signing and checking run on the task runner's threads (issue on the write lane);
the preview opens the draft PDF in the system's viewer (PySide6-Essentials has no QtPdf)."""
from __future__ import annotations

import tempfile
from datetime import tzinfo
from functools import partial
from pathlib import Path

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QColor, QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from lims.domain.enums import ReportStatus
from lims.domain.errors import LimsError
from lims.gui import vocabulary
from lims.gui.i18n import error_text
from lims.gui.tasks import TaskRunner
from lims.gui.views.reports_batch import BatchIssueDialog, show_identity
from lims.gui.views.reports_settings import ReportSettingsDialog
from lims.gui.widgets import MUTED_TEXT, Column, MessageLabel, RowsModel, make_table, set_column_widths
from lims.services.container import Services
from lims.services.dto import Actor
from lims.services.reports import ApprovedSample, IdentityInfo, IssuedReport, ReportCheck, ReportListRow


def _void_colour(row: ReportListRow) -> QColor | None:
    return MUTED_TEXT if row.status == ReportStatus.VOID else None


class ReportsView(QWidget):
    def __init__(self, services: Services, runner: TaskRunner, parent: QWidget | None = None,
                 *, zone: tzinfo | None = None, actor: Actor | None = None) -> None:
        super().__init__(parent)
        self._zone = zone or vocabulary.default_lab_zone()
        self._services = services
        self._runner = runner
        self._actor = actor
        self.model: RowsModel[ReportListRow] = RowsModel([
            Column[ReportListRow](self.tr("Report number"), self._number_text, foreground=_void_colour),
            Column[ReportListRow](self.tr("Sample code"), lambda r: r.sample_code, foreground=_void_colour),
            Column[ReportListRow](self.tr("Status"), lambda r: vocabulary.report_status(r.status),
                                  foreground=_void_colour, tooltip=lambda r: r.void_reason),
            Column[ReportListRow](self.tr("Issued at"), lambda r: vocabulary.format_in(r.issued_at, self._zone),
                                  foreground=_void_colour),
            Column[ReportListRow](self.tr("Issued by"), lambda r: r.issued_by, foreground=_void_colour),
            Column[ReportListRow](self.tr("Replaces"), lambda r: r.supersedes, foreground=_void_colour),
        ], self)
        self.table = make_table(self.model)
        set_column_widths(self.table, [170, 150, 90, 150, 110, 150])
        self.issue_button = QPushButton(self.tr("Issue report…"))
        self.issue_button.clicked.connect(self.open_issue_dialog)
        self.issue_button.setEnabled(actor is not None)
        self.batch_button = QPushButton(self.tr("Issue in a batch…"))
        self.batch_button.setToolTip(self.tr("Issue reports for many approved samples, or all of a task, "
                                             "with a progress bar and Cancel"))
        self.batch_button.clicked.connect(self.open_batch_dialog)
        self.batch_button.setEnabled(actor is not None)
        self.settings_button = QPushButton(self.tr("Report settings…"))
        self.settings_button.setToolTip(self.tr("The time-stamp server (lab policy: a manager or administrator)"))
        self.settings_button.clicked.connect(self.open_settings_dialog)
        self.settings_button.setEnabled(actor is not None)
        self.verify_button = QPushButton(self.tr("Verify a report PDF…"))
        self.verify_button.clicked.connect(self.open_verify_dialog)
        self.reload_button = QPushButton(self.tr("Reload"))
        self.reload_button.clicked.connect(self.refresh)
        for button in (self.issue_button, self.batch_button, self.verify_button, self.settings_button,
                       self.reload_button):
            button.setAutoDefault(False)
        bar = QHBoxLayout()
        bar.addWidget(self.issue_button)
        bar.addWidget(self.batch_button)
        bar.addWidget(self.verify_button)
        bar.addWidget(self.settings_button)
        bar.addStretch(1)
        bar.addWidget(self.reload_button)
        self.summary = QLabel()
        self.message = MessageLabel()
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.summary)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        self.dialog: QDialog | None = None

    def refresh(self) -> None:
        self._runner.run(self._services.reports.list_reports, on_done=self._loaded, on_error=self._failed)

    def _loaded(self, rows: list[ReportListRow]) -> None:
        self.message.clear_message()
        self.model.set_rows(rows)
        self.summary.setText(self.tr("Reports shown: {n}").format(n=len(rows)))

    def _failed(self, err: LimsError) -> None:
        self.message.show_error(error_text(err))

    def _number_text(self, row: ReportListRow) -> str:
        return row.number or self.tr("(no number until issued)")

    def open_issue_dialog(self) -> IssueReportDialog | None:
        if self._actor is None:
            return None
        dialog = IssueReportDialog(self._services, self._actor, self._runner, self)
        dialog.issued.connect(lambda: self.refresh())
        self.dialog = dialog
        dialog.open()
        return dialog

    def open_batch_dialog(self) -> BatchIssueDialog | None:
        if self._actor is None:
            return None
        dialog = BatchIssueDialog(self._services, self._actor, self._runner, self)
        dialog.finished_batch.connect(lambda _outcome: self.refresh())
        self.dialog = dialog
        dialog.open()
        return dialog

    def open_settings_dialog(self) -> ReportSettingsDialog | None:
        if self._actor is None:
            return None
        dialog = ReportSettingsDialog(self._services, self._actor, self._runner, self)
        self.dialog = dialog
        dialog.open()
        return dialog

    def open_verify_dialog(self) -> VerifyReportDialog:
        dialog = VerifyReportDialog(self._services, self._runner, self)
        self.dialog = dialog
        dialog.open()
        return dialog


class IssueReportDialog(QDialog):
    """Choose an approved sample, preview its report as a draft, or issue it signed into a folder."""

    issued = Signal(object)

    def __init__(self, services: Services, actor: Actor, runner: TaskRunner, parent: QWidget | None = None,
                 *, sample_id: int | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Issue a report"))
        self._only = sample_id  # opened from a sample: that sample alone
        self.setMinimumWidth(640)
        self._services = services
        self._actor = actor
        self._runner = runner
        self._identity: IdentityInfo | None = None
        self.sample = QComboBox()
        self.sample.setMinimumContentsLength(28)
        self.folder = QLineEdit(str(Path.home()))
        browse = QPushButton(self.tr("Choose…"))
        browse.setAutoDefault(False)
        browse.clicked.connect(self._choose_folder)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(browse)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.identity_password = QLineEdit()
        self.identity_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.identity_label = QLabel()
        self.identity_label.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Approved sample:"), self.sample)
        form.addRow(self.tr("Save into folder:"), folder_row)
        form.addRow(self.tr("Signing certificate:"), self.identity_label)
        form.addRow(self.tr("Your password (signature):"), self.password)
        self._identity_row_label = QLabel(self.tr("Certificate password:"))
        form.addRow(self._identity_row_label, self.identity_password)
        self.message = MessageLabel()
        self.preview_button = QPushButton(self.tr("Preview draft"))
        self.preview_button.clicked.connect(self.preview)
        self.issue_button = QPushButton(self.tr("Issue and sign"))
        self.issue_button.clicked.connect(self.issue)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.addButton(self.preview_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.issue_button, QDialogButtonBox.ButtonRole.AcceptRole)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.last_preview: Path | None = None
        self.last_issued: IssuedReport | None = None
        self._set_busy(True)
        runner.run(partial(services.reports.approved_samples, sample_id=sample_id), on_done=self._samples,
                   on_error=self._refused)
        runner.run(services.reports.identity, on_done=self._identity_loaded, on_error=self._refused)

    def _samples(self, rows: list[ApprovedSample]) -> None:
        self.sample.clear()
        if self._only is not None:
            rows = [row for row in rows if row.id == self._only]
            self.sample.setEnabled(False)
        for row in rows:
            self.sample.addItem(f"{row.code}  {row.product}  {row.producer}", row.id)
        if not rows and self._only is not None:
            self.message.show_info(self.tr("This sample is not approved, or has a report in force already."))
        elif not rows:
            self.message.show_info(self.tr("No approved sample is waiting for a report."))
        self._set_busy(False)

    def _identity_loaded(self, info: IdentityInfo | None) -> None:
        self._identity = info
        show_identity(info, self.identity_label, self.identity_password, self._identity_row_label)

    def _choose_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, self.tr("Folder for the signed reports"), self.folder.text())
        if chosen:
            self.folder.setText(chosen)

    def _set_busy(self, busy: bool) -> None:
        ready = not busy and self.sample.count() > 0
        self.preview_button.setEnabled(ready)
        self.issue_button.setEnabled(ready)

    def preview(self) -> None:
        sample_id = self.sample.currentData()
        if sample_id is None:
            return
        self._set_busy(True)
        self.message.show_info(self.tr("Rendering the draft…"))
        self._runner.run(self._services.reports.preview, sample_id, on_done=self._show_preview,
                         on_error=self._refused)

    def _show_preview(self, pdf: bytes) -> None:
        with tempfile.NamedTemporaryFile(prefix="lims-draft-", suffix=".pdf", delete=False) as out:
            out.write(pdf)
        self.last_preview = Path(out.name)
        self._set_busy(False)
        self.message.show_ok(self.tr("The draft (watermarked, without a number) opens in your PDF viewer."))
        QDesktopServices.openUrl(QUrl.fromLocalFile(out.name))

    def issue(self) -> None:
        sample_id = self.sample.currentData()
        if sample_id is None:
            return
        secret = self.identity_password.text() if self.identity_password.isVisible() else None
        self._set_busy(True)
        self.message.show_info(self.tr("Issuing and signing…"))
        self._runner.run(self._issue, sample_id, self.folder.text().strip(), self.password.text(), secret,
                         on_done=self._issued, on_error=self._refused, write=True)

    def _issue(self, sample_id: int, folder: str, password: str, secret: str | None) -> IssuedReport:
        return self._services.reports.issue(self._actor, sample_id, folder, password=password,
                                            identity_password=secret)

    def _issued(self, report: IssuedReport) -> None:
        self.last_issued = report
        self.password.clear()
        self.identity_password.clear()
        self.message.show_ok(self.tr("Report {number} issued and signed: {path}").format(
            number=report.number, path=report.path))
        at = self.sample.findData(self.sample.currentData())
        self.sample.removeItem(at)
        self._set_busy(False)
        self.issued.emit(report)

    def _refused(self, err: LimsError) -> None:
        self.password.clear()
        self._set_busy(False)
        self.message.show_error(error_text(err))


class VerifyReportDialog(QDialog):
    """Choose a report PDF: is its signature intact, who signed, is it the file the lab issued
    under its number, was it replaced."""

    def __init__(self, services: Services, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Verify a report"))
        self.setMinimumWidth(680)
        self._services = services
        self._runner = runner
        self.file = QLineEdit()
        self.file.setReadOnly(True)
        choose = QPushButton(self.tr("Choose PDF…"))
        choose.clicked.connect(self._choose)
        row = QHBoxLayout()
        row.addWidget(self.file, 1)
        row.addWidget(choose)
        self.verdict = QLabel()
        self.verdict.setStyleSheet("font-weight: bold;")
        self.intact = QLabel()
        self.signer = QLabel()
        self.signer.setWordWrap(True)
        self.number = QLabel()
        self.hash_match = QLabel()
        self.superseded = QLabel()
        self.superseded.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("File:"), row)
        form.addRow(self.tr("Signature intact:"), self.intact)
        form.addRow(self.tr("Signed by:"), self.signer)
        form.addRow(self.tr("Report number:"), self.number)
        form.addRow(self.tr("Matches the lab's record:"), self.hash_match)
        form.addRow(self.tr("Superseded:"), self.superseded)
        self.message = MessageLabel()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = self._layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.verdict)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.check: ReportCheck | None = None

    def _choose(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(self, self.tr("Report PDF to verify"), str(Path.home()),
                                                self.tr("PDF files (*.pdf)"))
        if chosen:
            self.check_file(Path(chosen))

    def check_file(self, path: Path) -> None:
        """Read and check ``path`` off the GUI thread."""
        self.file.setText(str(path))
        try:
            data = path.read_bytes()
        except OSError as exc:
            self.message.show_error(self.tr("The file cannot be read: {reason}").format(
                reason=exc.strerror or str(exc)))
            return
        self.message.show_info(self.tr("Checking…"))
        self._runner.run(self._services.reports.verify, data, on_done=self._show, on_error=self._refused)

    def _yes_no(self, flag: bool) -> str:
        return self.tr("Yes") if flag else self.tr("No")

    def _show(self, check: ReportCheck) -> None:
        self.check = check
        self.message.clear_message()
        self.intact.setText(self._yes_no(check.intact and check.covers_whole_document))
        self.signer.setText(check.signer or "-")
        known = self.tr("known") if check.known else self.tr("not in this database")
        self.number.setText(f"{check.number or '-'} ({known})")
        self.hash_match.setText(self._yes_no(check.hash_matches))
        if check.superseded:
            self.superseded.setText(self.tr("Yes, by {number}: {reason}").format(
                number=check.superseded_by or "-", reason=check.void_reason))
        else:
            self.superseded.setText(self.tr("No"))
        if check.ok:
            self.verdict.setText(self.tr("Valid: this is the report the lab issued, unchanged."))
            self.verdict.setStyleSheet("font-weight: bold; color: #198754;")
        elif check.matches_record:
            self.verdict.setText(self.tr("Superseded: the lab replaced this report by an amendment."))
            self.verdict.setStyleSheet("font-weight: bold; color: #b35c00;")
        else:
            self.verdict.setText(self.tr("Not valid: changed after signing, or not a report of this lab."))
            self.verdict.setStyleSheet("font-weight: bold; color: #dc3545;")
        self._layout.activate()
        self.adjustSize()

    def _refused(self, err: LimsError) -> None:
        self.message.show_error(error_text(err))
