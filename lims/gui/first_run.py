"""The first-run dialog: a database with no products (a fresh ``lims init``, a first start) is
offered the starter reference data, with its sources as starter.json states them, or a filled-in
lab workbook; or the person skips and sets the lab up later under 基础数据."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from lims.domain.errors import ImportRejected, LimsError
from lims.gui.forms import heading
from lims.gui.i18n import error_text, problem_text
from lims.gui.import_dialogs import LAB_WORKBOOK, ImportDialog
from lims.gui.tasks import TaskRunner
from lims.gui.widgets import MessageLabel
from lims.services.container import Services
from lims.services.dto import Actor
from lims.services.lab_setup import SetupReport
from lims.services.master_data import StarterInfo


class FirstRunDialog(QDialog):
    """``imported`` carries the SetupReport of the starter data or of the workbook."""

    imported = Signal(object)

    def __init__(self, services: Services, actor: Actor, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._actor = actor
        self._runner = runner
        self.report: SetupReport | None = None
        self.workbook_dialog: ImportDialog | None = None
        self.setWindowTitle(self.tr("Set up the lab"))
        self.setMinimumWidth(620)

        intro = QLabel(self.tr(
            "This database holds no products yet, so registration offers none and a limit table finds nothing "
            "to attach its limits to. Start from the starter reference data, from a lab workbook filled in "
            "before, or skip and set the lab up later under Master data."))
        intro.setWordWrap(True)
        self.sources = QLabel()
        self.sources.setWordWrap(True)
        self.sources.setTextFormat(Qt.TextFormat.PlainText)
        self.sources.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.sources.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.StyledPanel)
        scroll.setWidget(self.sources)
        scroll.setMinimumHeight(170)

        self.starter_button = QPushButton(self.tr("Import the starter reference data"))
        self.starter_button.setDefault(True)
        self.starter_button.clicked.connect(self.import_starter)
        self.workbook_button = QPushButton(self.tr("Import a lab workbook…"))
        self.workbook_button.clicked.connect(self.open_workbook_import)
        self.skip_button = QPushButton(self.tr("Skip"))
        self.skip_button.clicked.connect(self.reject)
        self.message = MessageLabel()
        self.close_box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.close_box.rejected.connect(self.accept)
        self.close_box.hide()

        buttons = QHBoxLayout()
        buttons.addWidget(self.starter_button)
        buttons.addWidget(self.workbook_button)
        buttons.addStretch(1)
        buttons.addWidget(self.skip_button)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("Set up the lab's master data")))
        layout.addWidget(intro)
        layout.addWidget(QLabel(self.tr("The starter reference data and its sources:")))
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        layout.addWidget(self.close_box)
        self._runner.run(self._services.master.starter_info, on_done=self._info_loaded, on_error=self._failed)

    def _info_loaded(self, info: StarterInfo) -> None:
        lines = [info.description, ""]
        lines += [f"{sheet}: {source}" for sheet, source in info.sources]
        self.sources.setText("\n".join(lines).strip())

    def import_starter(self) -> None:
        self._busy(True)
        self.message.show_info(self.tr("Importing the starter reference data…"))
        self._runner.run(self._services.setup.import_starter, self._actor, on_done=self._done,
                         on_error=self._failed, write=True)

    def open_workbook_import(self) -> ImportDialog:
        dialog = ImportDialog(self._services, self._actor, self._runner, LAB_WORKBOOK, self)
        dialog.imported.connect(self._done)
        self.workbook_dialog = dialog
        dialog.open()
        return dialog

    def _done(self, report: SetupReport) -> None:
        self._busy(False)
        self.report = report
        self.message.show_ok(self.tr(
            "{file}: {created} entries added. Check them under Master data, where each list can be edited.").format(
            file=report.file, created=report.created))
        for button in (self.starter_button, self.workbook_button, self.skip_button):
            button.hide()
        self.close_box.show()
        self.imported.emit(report)

    def _failed(self, err: LimsError) -> None:
        self._busy(False)
        text = error_text(err)
        if isinstance(err, ImportRejected):
            text += "\n" + "\n".join(problem_text(p) for p in err.problems[:5])
        self.message.show_error(text)

    def _busy(self, busy: bool) -> None:
        for button in (self.starter_button, self.workbook_button, self.skip_button):
            button.setEnabled(not busy)
