"""The audit trail: who changed what, when, from which workstation; and the chain check."""
from __future__ import annotations

from datetime import date, timedelta, tzinfo

from PySide6.QtCore import QCoreApplication, QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from lims.domain.errors import LimsError
from lims.gui import vocabulary
from lims.gui.i18n import error_text
from lims.gui.tasks import TaskRunner
from lims.gui.widgets import Column, MessageLabel, PagedModel, make_table, set_column_widths
from lims.services.container import Services
from lims.services.dto import AuditFilter, AuditRow, ChainReport

PAGE_SIZE = 200
EMPTY_VALUE = "—"


def _value_text(value: object, entity: str = "", field: str = "", zone: tzinfo | None = None) -> str:
    if value is None or value == "":
        return EMPTY_VALUE
    shown = vocabulary.audit_value(entity, field, value, zone or vocabulary.default_lab_zone())
    if shown is not None:
        return shown
    if isinstance(value, (list, tuple)):
        separator = QCoreApplication.translate("vocabulary", ", ")
        return separator.join(_value_text(v, entity, field, zone) for v in value) or EMPTY_VALUE
    return str(value)


def format_changes(changes: dict[str, list[object]], separator: str | None = None, *, entity: str = "",
                   zone: tzinfo | None = None) -> str:
    """Each changed field as "field: old → new", in words: the field's name, and codes, flags and
    times as a person reads them. Other records' ids should come named (AuditRow.named_changes)."""
    template = QCoreApplication.translate("AuditView", "{field}: {old} → {new}")
    parts = []
    for field, values in changes.items():
        old, new = [*values, None, None][:2] if isinstance(values, (list, tuple)) else (None, values)
        before, after = _value_text(old, entity, field, zone), _value_text(new, entity, field, zone)
        if before == after == EMPTY_VALUE:
            continue  # a field recorded empty on creation says nothing
        parts.append(template.format(field=vocabulary.audit_field(field), old=before, new=after))
    if separator is None:
        separator = QCoreApplication.translate("AuditView", "; ")
    return separator.join(parts)


def row_changes(row: AuditRow, zone: tzinfo, separator: str | None = None) -> str:
    """The row's changes in words; a field naming the record the Subject column names already (the
    test of a result) is left out."""
    changes = row.changes if row.named_changes is None else row.named_changes
    if row.subject:
        changes = {f: v for f, v in changes.items() if v != [None, row.subject]}
    return format_changes(changes, separator, entity=row.entity, zone=zone)


class AuditView(QWidget):
    chain_checked = Signal(object)  # ChainReport

    def __init__(self, services: Services, runner: TaskRunner, parent: QWidget | None = None,
                 *, zone: tzinfo | None = None) -> None:
        super().__init__(parent)
        self._zone = zone or vocabulary.default_lab_zone()
        self._services = services
        self._runner = runner

        columns = [
            Column[AuditRow](self.tr("No."), lambda r: str(r.seq), align_right=True),
            Column[AuditRow](self.tr("Time"), lambda r: vocabulary.format_in(r.occurred_at, self._zone, seconds=True)),
            Column[AuditRow](self.tr("User"), lambda r: r.actor),
            Column[AuditRow](self.tr("Workstation"), lambda r: r.workstation),
            Column[AuditRow](self.tr("Record"), lambda r: vocabulary.audit_entity(r.entity)),
            Column[AuditRow](self.tr("Subject"), lambda r: r.subject or r.entity_id, tooltip=self._subject_tooltip),
            Column[AuditRow](self.tr("Action"), lambda r: vocabulary.audit_action(r.action)),
            Column[AuditRow](self.tr("Changes"), lambda r: row_changes(r, self._zone),
                             tooltip=lambda r: row_changes(r, self._zone, "\n")),
            Column[AuditRow](self.tr("Reason"), lambda r: r.reason),
        ]
        self.model: PagedModel[AuditRow, AuditFilter] = PagedModel(
            runner, services.audit.page, columns, AuditFilter(), PAGE_SIZE, self
        )
        self.model.page_loaded.connect(self._page_loaded)
        self.model.load_failed.connect(self._failed)

        self.entity = QComboBox()
        self.entity.setMinimumContentsLength(10)
        self.entity.addItem(self.tr("All records"), None)
        self.actor = QComboBox()
        self.actor.setMinimumContentsLength(10)
        self.actor.addItem(self.tr("All users"), None)
        today = vocabulary.today_in(self._zone)  # the filter's days are the lab's
        self.use_since = QCheckBox(self.tr("From"))
        self.since = self._date_edit(today - timedelta(days=30))
        self.use_until = QCheckBox(self.tr("To"))
        self.until = self._date_edit(today)
        self.verify_button = QPushButton(self.tr("Verify chain"))
        self.verify_button.setToolTip(self.tr(
            "Recompute the hash chain of every audit event to find events edited or removed "
            "outside the application"))
        self.total = QLabel()
        self.chain_result = MessageLabel()
        self.message = MessageLabel()

        for combo in (self.entity, self.actor):
            combo.currentIndexChanged.connect(self._apply_filter)
        for box, edit in ((self.use_since, self.since), (self.use_until, self.until)):
            box.toggled.connect(edit.setEnabled)
            box.toggled.connect(self._apply_filter)
            edit.dateChanged.connect(self._apply_filter)
        self.verify_button.clicked.connect(self.verify_chain)

        self.table = make_table(self.model)
        set_column_widths(self.table, [55, 145, 80, 90, 80, 160, 70, 400])

        filters = QGridLayout()
        filters.addWidget(QLabel(self.tr("Record")), 0, 0)
        filters.addWidget(self.entity, 0, 1)
        filters.addWidget(QLabel(self.tr("User")), 0, 2)
        filters.addWidget(self.actor, 0, 3)
        filters.addWidget(self.use_since, 1, 0)
        filters.addWidget(self.since, 1, 1)
        filters.addWidget(self.use_until, 1, 2)
        filters.addWidget(self.until, 1, 3)
        filters.setColumnStretch(4, 1)
        filters.addWidget(self.verify_button, 0, 5)
        footer = QHBoxLayout()
        footer.addWidget(self.total)
        footer.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.chain_result)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        layout.addLayout(footer)

    def _subject_tooltip(self, row: AuditRow) -> str:
        record = self.tr("{record} {id}").format(record=vocabulary.audit_entity(row.entity), id=row.entity_id)
        return f"{row.subject}\n{record}" if row.subject else record

    @staticmethod
    def _date_edit(day: date) -> QDateEdit:
        edit = QDateEdit(QDate(day.year, day.month, day.day))
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        edit.setEnabled(False)
        return edit

    # --- loading ----------------------------------------------------------------------------

    def refresh(self) -> None:
        self._runner.run(self._services.audit.entities, on_done=self._entities_loaded, on_error=self._failed)
        self._runner.run(self._services.audit.actors, on_done=self._actors_loaded, on_error=self._failed)
        self.model.set_filter(self.current_filter())

    def current_filter(self) -> AuditFilter:
        return AuditFilter(
            entity=self.entity.currentData(),
            actor=self.actor.currentData(),
            since=vocabulary.day_from(self.since.date()) if self.use_since.isChecked() else None,
            until=vocabulary.day_from(self.until.date()) if self.use_until.isChecked() else None,
        )

    def _apply_filter(self) -> None:
        flt = self.current_filter()
        if flt != self.model.filter:
            self.model.set_filter(flt)

    def _entities_loaded(self, entities: list[str]) -> None:
        self._fill(self.entity, [(vocabulary.audit_entity(e), e) for e in entities])

    def _actors_loaded(self, actors: list[str]) -> None:
        self._fill(self.actor, [(a, a) for a in actors])

    @staticmethod
    def _fill(combo: QComboBox, items: list[tuple[str, str]]) -> None:
        """Replace the choices after "All", keeping the current choice when it still exists."""
        chosen = combo.currentData()
        combo.blockSignals(True)
        while combo.count() > 1:
            combo.removeItem(1)
        for text, value in items:
            combo.addItem(text, value)
        index = combo.findData(chosen) if chosen is not None else 0
        combo.setCurrentIndex(max(index, 0))
        combo.blockSignals(False)

    def _page_loaded(self, _offset: int, total: int) -> None:
        self.message.clear_message()
        self.total.setText(self.tr("Events found: {n}").format(n=total))

    def _failed(self, err: LimsError) -> None:
        self.message.show_error(error_text(err))

    # --- chain check ------------------------------------------------------------------------

    def verify_chain(self) -> None:
        self.verify_button.setEnabled(False)
        self.chain_result.show_info(self.tr("Verifying the audit chain…"))
        self._runner.run(self._services.audit.verify, on_done=self._verified, on_error=self._verify_failed)

    def _verified(self, report: ChainReport) -> None:
        self.verify_button.setEnabled(True)
        if report.ok:
            self.chain_result.show_ok(self.tr(
                "Audit chain intact: all {n} events verified").format(n=report.events_checked))
        else:
            self.chain_result.show_error(self.tr(
                "Audit chain broken at event {seq}: it was altered, inserted or removed outside "
                "the application. The {n} events before it are intact.").format(
                    seq=report.first_bad_seq, n=report.events_checked))
            self.chain_result.setToolTip(report.message)
        self.chain_checked.emit(report)

    def _verify_failed(self, err: LimsError) -> None:
        self.verify_button.setEnabled(True)
        self.chain_result.show_error(error_text(err))
