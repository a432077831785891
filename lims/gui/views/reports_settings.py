"""The lab's report settings: the RFC 3161 time-stamp server every report signature is then
time-stamped by, and how long to wait for it. They are lab policy, kept in the database for every
workstation; a manager or administrator changes them (the service checks, and audits each change)."""
from __future__ import annotations

from functools import partial

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from lims.domain.errors import LimsError
from lims.gui.i18n import error_text
from lims.gui.tasks import TaskRunner
from lims.gui.widgets import MessageLabel
from lims.services.container import Services
from lims.services.dto import Actor
from lims.services.policy import MAX_TIMESTAMP_TIMEOUT_S
from lims.services.reports import ReportSettings


class ReportSettingsDialog(QDialog):
    """The time-stamp server and its time-out, read and saved through the report service."""

    saved = Signal(object)  # the ReportSettings saved

    def __init__(self, services: Services, actor: Actor, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Report settings"))
        self.setMinimumWidth(560)
        self._services = services
        self._actor = actor
        self._runner = runner
        self.timestamp_url = QLineEdit()
        self.timestamp_url.setPlaceholderText(self.tr("e.g. http://tsa.example.cn/tsa; empty: no time-stamp"))
        self.timeout = QSpinBox()
        self.timeout.setRange(1, MAX_TIMESTAMP_TIMEOUT_S)
        self.timeout.setSuffix(self.tr(" s"))
        note = QLabel(self.tr("When a time-stamp server is set, every issued report's signature carries its "
                              "time-stamp (PAdES B-T). A server that does not answer stops the issue: no report "
                              "number is used."))
        note.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Time-stamp server (RFC 3161):"), self.timestamp_url)
        form.addRow(self.tr("Wait for it at most:"), self.timeout)
        self.message = MessageLabel()
        self.test_button = QPushButton(self.tr("Test the server"))
        self.test_button.clicked.connect(self.test_server)
        self.save_button = QPushButton(self.tr("Save"))
        self.save_button.clicked.connect(self.save)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.addButton(self.test_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        for button in (self.test_button, self.save_button):
            button.setAutoDefault(False)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.current: ReportSettings | None = None
        self._busy(True)
        runner.run(services.reports.settings, on_done=self._loaded, on_error=self._refused)

    def _busy(self, busy: bool) -> None:
        self.test_button.setEnabled(not busy)
        self.save_button.setEnabled(not busy)

    def _loaded(self, settings: ReportSettings) -> None:
        self.current = settings
        self.timestamp_url.setText(settings.timestamp_url)
        self.timeout.setValue(settings.timestamp_timeout_s)
        self._busy(False)

    def save(self) -> None:
        self._busy(True)
        self.message.show_info(self.tr("Saving…"))
        self._runner.run(self._save, self.timestamp_url.text(), self.timeout.value(), on_done=self._saved,
                         on_error=self._refused, write=True)

    def _save(self, url: str, timeout: int) -> ReportSettings:
        return self._services.reports.set_settings(self._actor, timestamp_url=url, timestamp_timeout_s=timeout)

    def _saved(self, settings: ReportSettings) -> None:
        self._loaded(settings)
        if settings.timestamp_url:
            self.message.show_ok(
                self.tr("Saved: reports are time-stamped by {url}.").format(url=settings.timestamp_url))
        else:
            self.message.show_ok(self.tr("Saved: reports are signed without a time-stamp."))
        self.saved.emit(settings)

    def test_server(self) -> None:
        self._busy(True)
        url = self.timestamp_url.text().strip()
        self.message.show_info(self.tr("Asking {url} for a time-stamp…").format(url=url))
        self._runner.run(self._services.reports.check_timestamp_server, url, self.timeout.value(),
                         on_done=partial(self._answered, url), on_error=self._refused)

    def _answered(self, url: str, _nothing: None) -> None:
        self._busy(False)
        self.message.show_ok(self.tr("{url} answered with a time-stamp.").format(url=url))

    def _refused(self, err: LimsError) -> None:
        self._busy(False)
        self.message.show_error(error_text(err))
