"""Issue reports for many approved samples at once: pick them from the list of approved samples
without a report (or all of a task), type the password once, and follow the batch on a progress
bar; Cancel stops it after the report in hand.

The batch runs in ReportService.issue_batch's child processes (lims.services.report_batch), each
report its own transaction as another workstation's would be. The thread that waits on them is
one of the task runner's read threads, not the write lane: the children write, and holding the
write lane for the length of a batch would hold back every save on this workstation."""
from __future__ import annotations

import threading
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from lims.domain.errors import LimsError
from lims.gui.i18n import error_text
from lims.gui.tasks import TaskRunner
from lims.gui.widgets import Column, MessageLabel, RowsModel, make_table, set_column_widths
from lims.services.container import Services
from lims.services.dto import Actor
from lims.services.reports import ApprovedSample, BatchOutcome, IdentityInfo

AnyIndex = QModelIndex | QPersistentModelIndex
ALL_TASKS = ""  # the task filter's "all" entry
NO_TASK = "\0"  # samples that belong to no task



def show_identity(info: IdentityInfo | None, label: QLabel, password: QWidget, password_label: QWidget) -> None:
    """The lab's signing identity as the issue dialogs show it, and its password field only when
    the identity needs one."""
    if info is None:
        label.setText(QCoreApplication.translate(
            "ReportIdentity", "None: import the lab's certificate or generate a test one"))
    else:
        testing = info.for_testing and "TEST ONLY" not in info.label
        label.setText(info.label + (QCoreApplication.translate("ReportIdentity", " (for testing only)")
                                    if testing else ""))
        label.setToolTip(info.subject)
    needs = info is not None and info.needs_password
    password.setVisible(needs)
    password_label.setVisible(needs)

class CheckedSamplesModel(RowsModel[ApprovedSample]):
    """The approved samples with a check box in the first column; ``checked`` holds sample ids."""

    checks_changed = Signal()

    def __init__(self, columns: list[Column[ApprovedSample]], parent: QObject | None = None) -> None:
        super().__init__(columns, parent)
        self.checked: set[int] = set()

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() == 0:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.CheckStateRole and index.isValid() and index.column() == 0:
            row = self.row_at(index.row())
            if row is not None:
                return Qt.CheckState.Checked if row.id in self.checked else Qt.CheckState.Unchecked
        return super().data(index, role)

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        row = self.row_at(index.row()) if index.isValid() else None
        if role != Qt.ItemDataRole.CheckStateRole or index.column() != 0 or row is None:
            return False
        if Qt.CheckState(value) == Qt.CheckState.Checked:
            self.checked.add(row.id)
        else:
            self.checked.discard(row.id)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        self.checks_changed.emit()
        return True

    def set_checked(self, ids: set[int]) -> None:
        self.checked = set(ids)
        if self.rowCount():
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, 0),
                                  [Qt.ItemDataRole.CheckStateRole])
        self.checks_changed.emit()

    def checked_rows(self) -> list[ApprovedSample]:
        return [row for row in self.rows if row.id in self.checked]


class _Progress(QObject):
    """Carries the batch's progress from the waiting thread to the dialog (a queued signal)."""

    progressed = Signal(int, int, str)


class BatchIssueDialog(QDialog):
    """Issue signed reports for the chosen approved samples in a background job."""

    finished_batch = Signal(object)  # the BatchOutcome

    def __init__(self, services: Services, actor: Actor, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Issue reports in a batch"))
        self.setMinimumWidth(780)
        self._services = services
        self._actor = actor
        self._runner = runner
        self._all: list[ApprovedSample] = []
        self._cancel = threading.Event()
        self._running = False
        self._asked = 0
        self.last_outcome: BatchOutcome | None = None

        self.task = QComboBox()
        self.task.setMinimumContentsLength(24)
        self.task.currentIndexChanged.connect(self._filter)
        self.select_all = QPushButton(self.tr("Select all shown"))
        self.select_all.clicked.connect(self._select_all)
        self.select_none = QPushButton(self.tr("Select none"))
        self.select_none.clicked.connect(self._select_none)
        self.count = QLabel()
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Task:")))
        top.addWidget(self.task, 1)
        top.addWidget(self.select_all)
        top.addWidget(self.select_none)
        top.addWidget(self.count)

        self.model = CheckedSamplesModel([
            Column[ApprovedSample](self.tr("Sample code"), lambda r: r.code),
            Column[ApprovedSample](self.tr("Product"), lambda r: r.product),
            Column[ApprovedSample](self.tr("Producer"), lambda r: r.producer, tooltip=lambda r: r.producer),
            Column[ApprovedSample](self.tr("Task"), lambda r: r.task_title or r.task_code,
                                   tooltip=lambda r: f"{r.task_code}  {r.task_title}".strip()),
        ], self)
        self.model.checks_changed.connect(self._show_count)
        self.table = make_table(self.model)
        self.table.setMinimumHeight(200)
        set_column_widths(self.table, [180, 120, 200, 200])

        self.folder = QLineEdit(str(Path.home()))
        self.browse_button = QPushButton(self.tr("Choose…"))
        self.browse_button.clicked.connect(self._choose_folder)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(self.browse_button)
        self.identity_label = QLabel()
        self.identity_label.setWordWrap(True)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.identity_password = QLineEdit()
        self.identity_password.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.addRow(self.tr("Save into folder:"), folder_row)
        form.addRow(self.tr("Signing certificate:"), self.identity_label)
        form.addRow(self.tr("Your password (signs every report of the batch):"), self.password)
        self._identity_row_label = QLabel(self.tr("Certificate password:"))
        form.addRow(self._identity_row_label, self.identity_password)
        self._identity_row_label.hide()
        self.identity_password.hide()

        self.progress = QProgressBar()
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.progress.setFormat("%v / %m")
        self.progress.hide()  # shown from the first batch on
        self.message = MessageLabel()
        self.summary = QPlainTextEdit()
        self.summary.setReadOnly(True)
        self.summary.setMaximumHeight(110)
        self.summary.hide()

        self.issue_button = QPushButton(self.tr("Issue the selected reports"))
        self.issue_button.clicked.connect(self.start)
        self.cancel_button = QPushButton(self.tr("Cancel the batch"))
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_button.setEnabled(False)
        self.close_button = QPushButton(self.tr("Close"))
        self.close_button.clicked.connect(self.reject)
        for button in (self.select_all, self.select_none, self.browse_button, self.issue_button, self.cancel_button,
                       self.close_button):
            button.setAutoDefault(False)
        buttons = QDialogButtonBox()
        buttons.addButton(self.issue_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.close_button, QDialogButtonBox.ButtonRole.RejectRole)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.message)
        layout.addWidget(self.summary)
        layout.addWidget(buttons)
        self._show_count()
        self._load()
        runner.run(services.reports.identity, on_done=self._identity_loaded, on_error=self._load_failed)

    # --- the list -----------------------------------------------------------------------------

    def _load(self) -> None:
        self.issue_button.setEnabled(False)
        self._runner.run(partial(self._services.reports.approved_samples, 5000), on_done=self._samples,
                         on_error=self._load_failed)

    def _samples(self, rows: list[ApprovedSample]) -> None:
        self._all = rows
        chosen = self.task.currentData()
        self.task.blockSignals(True)
        self.task.clear()
        self.task.addItem(self.tr("All tasks ({n})").format(n=len(rows)), ALL_TASKS)
        tasks: dict[str, tuple[str, int]] = {}
        for row in rows:
            key = row.task_code or NO_TASK
            title = row.task_title or row.task_code or self.tr("No task")
            tasks[key] = (title, tasks.get(key, (title, 0))[1] + 1)
        for key, (title, n) in sorted(tasks.items(), key=lambda item: item[1][0]):
            self.task.addItem(f"{title} ({n})", key)
        found = self.task.findData(chosen) if chosen is not None else -1
        self.task.setCurrentIndex(max(found, 0))
        self.task.blockSignals(False)
        self.model.checked &= {row.id for row in rows}
        self._filter()
        if not rows:
            self.message.show_info(self.tr("No approved sample is waiting for a report."))

    def _filter(self) -> None:
        key = self.task.currentData()
        shown = [r for r in self._all if not key or (r.task_code or NO_TASK) == key]
        self.model.set_rows(shown)
        self._show_count()

    def _select_all(self) -> None:
        self.model.set_checked(self.model.checked | {row.id for row in self.model.rows})

    def _select_none(self) -> None:
        self.model.set_checked(set())

    def _show_count(self) -> None:
        chosen = len(self.model.checked_rows())
        self.count.setText(self.tr("{n} of {m} selected").format(n=chosen, m=self.model.rowCount()))
        self.issue_button.setEnabled(chosen > 0 and not self._running)

    def _identity_loaded(self, info: IdentityInfo | None) -> None:
        show_identity(info, self.identity_label, self.identity_password, self._identity_row_label)

    def _load_failed(self, err: LimsError) -> None:
        self.message.show_error(error_text(err))

    def _choose_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, self.tr("Folder for the signed reports"), self.folder.text())
        if chosen:
            self.folder.setText(chosen)

    # --- the batch ----------------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self._running

    def start(self) -> None:
        rows = self.model.checked_rows()
        if not rows or self._running:
            return
        secret = self.identity_password.text() if self.identity_password.isVisible() else None
        self._asked = len(rows)
        self._cancel.clear()
        self._set_running(True)
        self.summary.clear()
        self.summary.hide()
        self.progress.setRange(0, len(rows))
        self.progress.setValue(0)
        self.progress.show()
        self.message.show_info(self.tr("Checking your password and the signing certificate…"))
        progress = _Progress()  # lives as long as the job; queued to this dialog's thread
        progress.progressed.connect(self._progressed)
        self._runner.run(self._issue, progress, [r.id for r in rows], self.folder.text().strip(),
                         self.password.text(), secret, on_done=self._finished, on_error=self._refused)
        self.password.clear()
        self.identity_password.clear()

    def _issue(self, progress: _Progress, ids: list[int], folder: str, password: str,
               secret: str | None) -> BatchOutcome:
        """On a worker thread: the batch, in child processes, reporting each report as it ends."""
        return self._services.reports.issue_batch(
            self._actor, ids, folder, password=password, identity_password=secret,
            progress=progress.progressed.emit, cancelled=self._cancel.is_set, in_child=True)

    @Slot(int, int, str)
    def _progressed(self, done: int, total: int, code: str) -> None:
        self.progress.setMaximum(total)
        self.progress.setValue(done)
        if self._cancel.is_set():
            return
        self.message.show_info(self.tr("Issuing and signing… {done} of {total} done (last: {code})").format(
            done=done, total=total, code=code))

    def cancel(self) -> None:
        """Stop after the report in hand: it is finished, no other is started."""
        if not self._running or self._cancel.is_set():
            return
        self._cancel.set()
        self.cancel_button.setEnabled(False)
        self.message.show_info(self.tr("Cancelling: the report in hand is finished first…"))

    def _finished(self, outcome: BatchOutcome) -> None:
        self.last_outcome = outcome
        self._set_running(False)
        issued, failed = len(outcome.issued), len(outcome.failed)
        left = self._asked - issued - failed
        self.progress.setValue(issued + failed)
        text = self.tr("{issued} issued, {failed} not issued, {cancelled} cancelled (not started).").format(
            issued=issued, failed=failed, cancelled=left)
        if failed:
            self.message.show_error(text)
        elif left:
            self.message.show_info(text)
        else:
            self.message.show_ok(text)
        lines = [self.tr("Not issued: {code}: {reason}").format(code=f.sample_code, reason=error_text(f.error))
                 for f in outcome.failed]
        if outcome.issued:
            lines.append(self.tr("Issued into {folder}: {numbers}").format(
                folder=str(Path(outcome.issued[0].path).parent), numbers=", ".join(r.number for r in outcome.issued)))
        self.summary.setPlainText("\n".join(lines))
        self.summary.setVisible(bool(lines))
        self.model.set_checked(set())
        self._load()
        self.finished_batch.emit(outcome)

    def _refused(self, err: LimsError) -> None:
        self._set_running(False)
        self.progress.hide()
        self.message.show_error(error_text(err))

    def _set_running(self, running: bool) -> None:
        self._running = running
        for widget in (self.task, self.select_all, self.select_none, self.table, self.folder, self.browse_button,
                       self.password, self.identity_password, self.close_button):
            widget.setEnabled(not running)
        self.cancel_button.setEnabled(running)
        self._show_count()

    def reject(self) -> None:
        """Closing while a batch runs cancels it instead; the dialog stays to tell the outcome."""
        if self._running:
            self.cancel()
            return
        super().reject()
