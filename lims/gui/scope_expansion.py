"""The Scope page's expansion (扩项) tab: the applications, each with the rows it asks for, its
steps (day, person responsible) and evidence files with their SHA-256; a lab manager applies,
records the next step (approval makes the new ability-table version) and attaches files."""
from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial
from pathlib import Path

from PySide6.QtCore import QItemSelection, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from lims.domain.accounts import Duty, holds
from lims.domain.errors import LimsError, ValidationError
from lims.gui import scope_words, vocabulary
from lims.gui.forms import ServiceDialog, date_edit, line_edit
from lims.gui.i18n import error_text
from lims.gui.tasks import TaskRunner
from lims.gui.widgets import Column, MessageLabel, rows_table
from lims.services.container import Services
from lims.services.dto import Actor
from lims.services.scope_expansion import (
    EvidenceView,
    ExpansionForm,
    ExpansionView,
    ItemForm,
    ItemView,
    StepView,
)


class NewExpansionDialog(ServiceDialog):
    """An application: its title, which certificates, the rows asked for, when it was planned and by whom."""

    ROWS = 6

    def __init__(self, services: Services, actor: Actor, runner: TaskRunner, today: date,
                 parent: QWidget | None = None) -> None:
        super().__init__(runner, self.tr("New expansion application"), self.tr("Submit the application"), parent,
                         min_width=760)
        self._services = services
        self._actor = actor
        self.title = self.add_field("title", self.tr("Application title"), line_edit(200, self.tr("e.g. 2026 pesticide "
                                                                                       "residues in vegetables")))
        self.target = QComboBox()
        for value in ("CMA", "CATL", "joint"):
            self.target.addItem(scope_words.target(value), value)
        self.add_field("target", self.tr("For"), self.target)
        self.planned = self.add_field("on", self.tr("Planned on"), date_edit(today))
        self.responsible = self.add_field("responsible", self.tr("Responsible"), line_edit(100, text=actor.full_name))
        self.note = self.add_field("note", self.tr("Note"), line_edit(500))
        self.items = QTableWidget(self.ROWS, 4)
        self.items.setHorizontalHeaderLabels([self.tr("Product section"), self.tr("Parameter"),
                                              self.tr("Method standard with its year"), self.tr("Limits of use")])
        self.items.verticalHeader().setDefaultSectionSize(self.items.fontMetrics().height() + 10)
        for column, width in enumerate((150, 150, 220)):
            self.items.setColumnWidth(column, width)
        self.items.horizontalHeader().setStretchLastSection(True)
        self.items.setMinimumHeight(self.items.fontMetrics().height() * 12)
        add_row = QPushButton(self.tr("Add a row"))
        add_row.clicked.connect(lambda: self.items.insertRow(self.items.rowCount()))
        rows = QWidget()
        rows_layout = QVBoxLayout(rows)
        rows_layout.setContentsMargins(0, 0, 0, 0)
        rows_layout.addWidget(self.items)
        rows_layout.addWidget(add_row, 0, Qt.AlignmentFlag.AlignLeft)
        self.add_field("items", self.tr("Rows asked for"), rows)
        self.title.setFocus()

    def set_row(self, row: int, *cells: str) -> None:
        for column, text in enumerate(cells):
            self.items.setItem(row, column, QTableWidgetItem(text))

    def item_forms(self) -> tuple[ItemForm, ...]:
        forms = []
        for row in range(self.items.rowCount()):
            cells = [(item.text() if (item := self.items.item(row, c)) is not None else "").strip() for c in range(4)]
            if any(cells):
                forms.append(ItemForm(*cells))
        return tuple(forms)

    def submit(self) -> None:
        form = ExpansionForm(self.title.text(), str(self.target.currentData()), self.item_forms(),
                             vocabulary.day_from(self.planned.date()), self.responsible.text(), self.note.text())
        self.run(partial(self._services.expansions.create, self._actor, form))


class StepDialog(ServiceDialog):
    """The application's next step: which (of those that may follow), its day and who was responsible."""

    def __init__(self, services: Services, actor: Actor, runner: TaskRunner, expansion: ExpansionView, today: date,
                 parent: QWidget | None = None) -> None:
        super().__init__(runner, self.tr("Record a step: {title}").format(title=expansion.title),
                         self.tr("Record the step"), parent)
        self._services = services
        self._actor = actor
        self._expansion = expansion
        self.step = QComboBox()
        for value in expansion.next_steps:
            self.step.addItem(scope_words.step(value), value)
        self.add_field("step", self.tr("Step"), self.step)
        self.on = self.add_field("on", self.tr("Date"), date_edit(today))
        self.responsible = self.add_field("responsible", self.tr("Responsible"),
                                          line_edit(100, text=actor.full_name))
        self.note = self.add_field("note", self.tr("Note"), line_edit(500))
        self.step.currentIndexChanged.connect(self._explain)
        self._explain()

    def _explain(self) -> None:
        if self.step.currentData() == "approved":
            self.set_intro(self.tr("On approval the rows asked for become a new version of the ability table, in "
                                   "force from this date: tests before it stay outside the scope."))
        else:
            self.set_intro("")

    def submit(self) -> None:
        self.run(partial(self._services.expansions.record_step, self._actor, self._expansion.id,
                         str(self.step.currentData() or ""), vocabulary.day_from(self.on.date()),
                         self.responsible.text(), self.note.text(), self._expansion.version))


class AttachDialog(ServiceDialog):
    """An evidence file, the step it supports and a note; kept in the database with its SHA-256."""

    def __init__(self, services: Services, actor: Actor, runner: TaskRunner, expansion: ExpansionView,
                 parent: QWidget | None = None) -> None:
        super().__init__(runner, self.tr("Attach evidence: {title}").format(title=expansion.title),
                         self.tr("Attach"), parent, min_width=560)
        self._services = services
        self._actor = actor
        self._expansion = expansion
        self.file = QLineEdit()
        self.file.setReadOnly(True)
        browse = QPushButton(self.tr("Browse…"))
        browse.clicked.connect(self.browse)
        row = QWidget()
        row_layout = QHBoxLayout(row)
        row_layout.setContentsMargins(0, 0, 0, 0)
        row_layout.addWidget(self.file, 1)
        row_layout.addWidget(browse)
        self.add_field("file", self.tr("File"), row)
        self.step = QComboBox()
        self.step.addItem(self.tr("(no particular step)"), None)
        for value in scope_words.STEP:
            self.step.addItem(scope_words.step(value), value)
        self.add_field("step", self.tr("Supports the step"), self.step)
        self.note = self.add_field("note", self.tr("Note"), line_edit(500))

    def browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Choose the evidence file"))
        if path:
            self.file.setText(path)

    def submit(self) -> None:
        if not self.file.text():
            self.show_error(self.tr("Choose the file to attach"), "file")
            return
        self.run(partial(self._services.expansions.attach, self._actor, self._expansion.id, Path(self.file.text()),
                         self.step.currentData(), self.note.text()))


class ExpansionPanel(QWidget):
    """The applications on the left; the selected one's rows, steps and evidence on the right."""

    def __init__(self, services: Services, runner: TaskRunner, actor: Actor | None, today: Callable[[], date],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._runner = runner
        self._actor = actor
        self._today = today
        self._shown: int | None = None
        self.dialog: ServiceDialog | None = None
        self.message = MessageLabel()
        self.applications, self.application_table = rows_table([
            Column[ExpansionView](self.tr("No."), lambda e: str(e.id), align_right=True),
            Column[ExpansionView](self.tr("Application title"), lambda e: e.title, tooltip=lambda e: e.title),
            Column[ExpansionView](self.tr("For"), lambda e: scope_words.target(e.target)),
            Column[ExpansionView](self.tr("Status"), lambda e: scope_words.step(e.status)),
            Column[ExpansionView](self.tr("Since"), lambda e: vocabulary.format_date(e.steps[-1].done_on)
                                  if e.steps else ""),
        ], [40, 190, 110, 90, 90], self, stretch=1)
        self.application_table.selectionModel().selectionChanged.connect(self._selected)
        self.items, self.item_table = rows_table([
            Column[ItemView](self.tr("Product section"), lambda i: i.section),
            Column[ItemView](self.tr("Parameter"), lambda i: i.parameter),
            Column[ItemView](self.tr("Method"), lambda i: i.method, tooltip=lambda i: i.method),
            Column[ItemView](self.tr("Limits of use"), lambda i: i.limits_of_use),
        ], [120, 130, 170, 100], self, stretch=2)
        self.steps, self.step_table = rows_table([
            Column[StepView](self.tr("Step"), lambda s: scope_words.step(s.step)),
            Column[StepView](self.tr("Date"), lambda s: vocabulary.format_date(s.done_on)),
            Column[StepView](self.tr("Responsible"), lambda s: s.responsible),
            Column[StepView](self.tr("Note"), lambda s: s.note, tooltip=lambda s: s.note),
        ], [110, 90, 110, 150], self, stretch=3)
        self.evidence, self.evidence_table = rows_table([
            Column[EvidenceView](self.tr("File"), lambda e: e.file_name, tooltip=lambda e: e.file_name),
            Column[EvidenceView](self.tr("Step"), lambda e: scope_words.step(e.step)),
            Column[EvidenceView](self.tr("SHA-256"), lambda e: e.sha256[:16] + "…", tooltip=lambda e: e.sha256),
            Column[EvidenceView](self.tr("Size"), lambda e: self._size(e.size), align_right=True),
        ], [170, 110, 150, 70], self, stretch=0)
        self.detail_title = QLabel(self.tr("Select an application to see its rows, steps and evidence"))
        self.detail_title.setWordWrap(True)
        self.tables_note = QLabel()
        self.tables_note.setWordWrap(True)

        may_manage = actor is not None and holds(actor.roles, Duty.MANAGE_SCOPE)
        self.new_button = QPushButton(self.tr("New application…"))
        self.step_button = QPushButton(self.tr("Record step…"))
        self.attach_button = QPushButton(self.tr("Attach evidence…"))
        self.save_button = QPushButton(self.tr("Save evidence as…"))
        buttons = QHBoxLayout()
        for button, slot, managed in ((self.new_button, self.new_application, True),
                                      (self.step_button, self.record_step, True),
                                      (self.attach_button, self.attach, True),
                                      (self.save_button, self.save_evidence, False)):
            button.clicked.connect(slot)
            if managed:
                button.setEnabled(may_manage)
                if not may_manage:
                    button.setToolTip(self.tr("Only a lab manager applies for expansions and records their steps"))
            buttons.addWidget(button)
        buttons.addStretch(1)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.detail_title)
        right_layout.addWidget(self.tables_note)
        right_layout.addWidget(QLabel(self.tr("Rows asked for")))
        right_layout.addWidget(self.item_table, 2)
        right_layout.addWidget(QLabel(self.tr("Steps")))
        right_layout.addWidget(self.step_table, 3)
        right_layout.addWidget(QLabel(self.tr("Evidence files")))
        right_layout.addWidget(self.evidence_table, 2)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.application_table)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        layout.addWidget(splitter, 1)

    def _size(self, size: int) -> str:
        return self.tr("{n} KB").format(n=max(1, round(size / 1024)))

    def refresh(self, select: int | None = None) -> None:
        self._runner.run(self._services.expansions.applications, on_done=partial(self._loaded, select),
                         on_error=self._failed)

    def selected(self) -> ExpansionView | None:
        rows = self.application_table.selectionModel().selectedRows()
        return self.applications.row_at(rows[0].row()) if rows else None

    def _loaded(self, select: int | None, rows: list[ExpansionView]) -> None:
        self.applications.set_rows(rows)
        keep = select if select is not None else self._shown
        at = next((i for i, e in enumerate(rows) if e.id == keep), 0 if rows else None)
        if at is None:
            self._show(None)
            self.detail_title.setText(self.tr("No expansion applications yet"))
        else:
            self.application_table.selectRow(at)
            self._show(rows[at])

    def _selected(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes = selected.indexes()
        self._show(self.applications.row_at(indexes[0].row()) if indexes else None)

    def _show(self, expansion: ExpansionView | None) -> None:
        self._shown = expansion.id if expansion else None
        self.items.set_rows(list(expansion.items) if expansion else [])
        self.steps.set_rows(list(expansion.steps) if expansion else [])
        self.evidence.set_rows(list(expansion.evidence) if expansion else [])
        if expansion is None:
            self.tables_note.setText("")
            return
        following = ", ".join(scope_words.step(s) for s in expansion.next_steps)
        self.detail_title.setText(self.tr("{title} — for {target}; next: {next}").format(
            title=expansion.title, target=scope_words.target(expansion.target),
            next=following or self.tr("nothing (decided)")))
        made = [self.tr("{kind} {number}: version {version}").format(
            kind=vocabulary.certificate_kind(c.kind), number=c.certificate, version=c.table_version)
            for c in expansion.certificates if c.table_version is not None]
        self.tables_note.setText(self.tr("Ability tables made by the approval: {list}").format(
            list="; ".join(made)) if made else "")

    def new_application(self) -> None:
        if self._actor is None:
            return
        self._open(NewExpansionDialog(self._services, self._actor, self._runner, self._today(), self))

    def record_step(self) -> None:
        expansion = self.selected()
        if self._actor is None:
            return
        if expansion is None:
            self.message.show_error(self.tr("Select the application"))
            return
        if not expansion.next_steps:
            self.message.show_error(self.tr("The application was decided: no step follows"))
            return
        self._open(StepDialog(self._services, self._actor, self._runner, expansion, self._today(), self))

    def attach(self) -> None:
        expansion = self.selected()
        if self._actor is None:
            return
        if expansion is None:
            self.message.show_error(self.tr("Select the application"))
            return
        self._open(AttachDialog(self._services, self._actor, self._runner, expansion, self))

    def save_evidence(self) -> None:
        rows = self.evidence_table.selectionModel().selectedRows()
        evidence = self.evidence.row_at(rows[0].row()) if rows else None
        if evidence is None:
            self.message.show_error(self.tr("Select the evidence file to save"))
            return
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save evidence as"), evidence.file_name)
        if path:
            self.save_evidence_to(evidence, Path(path))

    def save_evidence_to(self, evidence: EvidenceView, path: Path) -> None:
        def write() -> Path:
            _name, content = self._services.expansions.evidence_file(evidence.id)
            try:
                path.write_bytes(content)
            except OSError as exc:
                raise ValidationError("{path} cannot be written: {why}", field="file", path=str(path),
                                      why=exc.strerror or str(exc)) from None
            return path

        self._runner.run(write, on_done=lambda p: self.message.show_ok(
            self.tr("Saved to {path}; its SHA-256 matched the one taken when it was attached").format(path=p)),
            on_error=self._failed)

    def _open(self, dialog: ServiceDialog) -> None:
        self.message.clear_message()
        self.dialog = dialog
        dialog.saved.connect(self._saved)
        dialog.open()

    def _saved(self, value: object) -> None:
        if isinstance(value, ExpansionView):
            self.message.show_ok(self.tr("{title}: {step}").format(
                title=value.title, step=scope_words.step(value.status)))
            self.refresh(value.id)
        else:
            self.message.show_ok(self.tr("Attached; SHA-256 {hash}").format(hash=getattr(value, "sha256", "")))
            self.refresh()

    def _failed(self, err: LimsError) -> None:
        self.message.show_error(error_text(err))

