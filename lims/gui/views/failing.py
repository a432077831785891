"""Failing results (不合格样品): the samples judged fail with what failed against which limit, and
their traceback (溯源核查) to the producer: who was notified, what was done, closed.

Each step carries the traceback's version as read; when another workstation recorded a step
in between, the service refuses, the message says so and the list is read again."""
from __future__ import annotations

from collections.abc import Mapping
from datetime import tzinfo
from functools import partial

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from lims.domain.errors import ConcurrentEditError, LimsError, NotFound, ValidationError
from lims.gui import vocabulary
from lims.gui.i18n import error_text
from lims.gui.tasks import TaskRunner
from lims.gui.vocabulary import QT_TRANSLATE_NOOP
from lims.gui.widgets import (
    DUE_TEXT,
    FAIL_TEXT,
    MUTED_TEXT,
    Column,
    FieldBox,
    MessageLabel,
    PagedModel,
    clear_errors,
    make_table,
    set_column_widths,
    show_error_at_field,
)
from lims.services.container import Services
from lims.services.dto import Actor
from lims.services.tracebacks import FailingFilter, FailingItem, FailingSampleRow, TracebackState

PAGE_SIZE = 100
PANEL_WIDTH = 340

TRACEBACK_STATE: Mapping[str, str] = {
    TracebackState.OPEN: QT_TRANSLATE_NOOP("vocabulary", "Awaiting notification"),
    TracebackState.NOTIFIED: QT_TRANSLATE_NOOP("vocabulary", "Notified"),
    TracebackState.CLOSED: QT_TRANSLATE_NOOP("vocabulary", "Closed"),
}


def traceback_state(value: str | None) -> str:
    return vocabulary.label(TRACEBACK_STATE, value)


def _state_colour(row: FailingSampleRow) -> QColor | None:
    if row.state == TracebackState.OPEN:
        return FAIL_TEXT
    if row.state == TracebackState.NOTIFIED:
        return DUE_TEXT
    return MUTED_TEXT


class FailingView(QWidget):
    """Emits ``rows_loaded`` when a page of failing samples is on screen and ``traceback_saved``
    with the FailingSampleRow after each step recorded."""

    rows_loaded = Signal()
    traceback_saved = Signal(object)  # FailingSampleRow

    def __init__(self, services: Services, actor: Actor, runner: TaskRunner, parent: QWidget | None = None,
                 *, zone: tzinfo | None = None) -> None:
        super().__init__(parent)
        self._zone = zone or vocabulary.default_lab_zone()
        self._services = services
        self._actor = actor
        self._runner = runner
        self._select_when_loaded: int | None = None
        self.current: FailingSampleRow | None = None

        columns = [
            Column[FailingSampleRow](self.tr("Sample code"), lambda r: r.code),
            Column[FailingSampleRow](self.tr("Product"), lambda r: r.product),
            Column[FailingSampleRow](self.tr("Producer"), lambda r: r.producer, tooltip=lambda r: r.producer),
            Column[FailingSampleRow](self.tr("Sampling date"),
                                     lambda r: vocabulary.format_in(r.sampled_at, self._zone)),
            Column[FailingSampleRow](self.tr("Failing parameters"), self.failing_text,
                                     foreground=lambda _r: FAIL_TEXT,
                                     tooltip=lambda r: "\n".join(self.item_text(i) for i in r.failing)),
            Column[FailingSampleRow](self.tr("Traceback"), lambda r: traceback_state(r.state),
                                     foreground=_state_colour),
        ]
        self.model: PagedModel[FailingSampleRow, FailingFilter] = PagedModel(
            runner, services.failing.failing_samples, columns, FailingFilter(), PAGE_SIZE, self)
        self.model.page_loaded.connect(self._page_loaded)
        self.model.load_failed.connect(self._load_failed)

        self.state = QComboBox()
        self.state.addItem(self.tr("All tracebacks"), None)
        for state in TracebackState:
            self.state.addItem(traceback_state(state), state.value)
        self.state.currentIndexChanged.connect(self._apply_filter)
        self.total = QLabel()
        self.message = MessageLabel()
        self.table = make_table(self.model, self)
        set_column_widths(self.table, [120, 60, 150, 120, 300, 80], stretch=4)
        self.table.selectionModel().currentRowChanged.connect(self._current_row_changed)

        # --- the traceback panel
        self.summary = QLabel(self.tr("Choose a failing sample in the list"))
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.summary.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.party = QLineEdit()
        self.party.setMaxLength(200)
        self.party.setPlaceholderText(self.tr("e.g. the producer's legal representative, the banner's bureau"))
        self.notified_at = QDateTimeEdit()
        self.notified_at.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.notified_at.setCalendarPopup(True)
        self.notified_at.setDateTime(vocabulary.wall_clock(None, self._zone))
        self.notify_button = QPushButton(self.tr("Record notification"))
        self.notify_button.clicked.connect(self.notify)
        self.action_taken = QPlainTextEdit()
        self.action_taken.setPlaceholderText(self.tr("e.g. the batch was sealed and destroyed; the farm is re-sampled"))
        self.action_taken.setFixedHeight(self.fontMetrics().height() * 5)
        self.action_button = QPushButton(self.tr("Record action"))
        self.action_button.clicked.connect(self.record_action)
        self.close_button = QPushButton(self.tr("Close traceback"))
        self.close_button.clicked.connect(self.close_traceback)
        self.history = QLabel()
        self.history.setWordWrap(True)
        self.history.setStyleSheet(f"color: {MUTED_TEXT.name()};")
        self.panel_message = MessageLabel()
        self.boxes = {"party": FieldBox(self.party), "notified_at": FieldBox(self.notified_at),
                      "action_taken": FieldBox(self.action_taken)}

        notification = QGroupBox(self.tr("Notification"))
        notification_form = QFormLayout(notification)
        notification_form.addRow(self.tr("Notified"), self.boxes["party"])
        notification_form.addRow(self.tr("When"), self.boxes["notified_at"])
        notification_form.addRow("", self.notify_button)
        action = QGroupBox(self.tr("Action taken"))
        action_layout = QVBoxLayout(action)
        action_layout.addWidget(self.boxes["action_taken"])
        action_layout.addWidget(self.action_button, 0, Qt.AlignmentFlag.AlignRight)
        panel = QWidget()
        panel.setMinimumWidth(PANEL_WIDTH - 60)
        panel_layout = QVBoxLayout(panel)
        panel_layout.setContentsMargins(8, 0, 0, 0)
        title = QLabel(self.tr("Traceback"))
        title.setStyleSheet("font-weight: bold;")
        panel_layout.addWidget(title)
        panel_layout.addWidget(self.summary)
        panel_layout.addWidget(notification)
        panel_layout.addWidget(action)
        panel_layout.addWidget(self.history)
        panel_layout.addWidget(self.panel_message)
        panel_layout.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignRight)
        panel_layout.addStretch(1)

        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Traceback")))
        bar.addWidget(self.state)
        bar.addStretch(1)
        bar.addWidget(self.total)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(bar)
        left_layout.addWidget(self.message)
        left_layout.addWidget(self.table, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(panel)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 0)
        splitter.setSizes([900, PANEL_WIDTH])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self._show(None)

    # --- text ----------------------------------------------------------------------------------

    def item_text(self, item: FailingItem, with_standard: bool = True) -> str:
        """"克伦特罗 0.82 µg/kg (limit 农业农村部公告第250号-2019 不得检出)"; the table leaves the
        standard out for room, the tooltip and the panel show it."""
        if item.not_detectable:
            limit = self.tr("not detectable")
        elif item.limit_value:
            limit = f"{item.limit_value} {item.limit_unit}"
        else:
            limit = ""
        if with_standard:
            limit = item.basis_text or f"{item.limit_standard} {limit}".strip()
        return self.tr("{parameter} {value} {unit} (limit {limit})").format(
            parameter=item.parameter, value=item.value, unit=item.unit,
            limit=limit or self.tr("no limit recorded"))

    def failing_text(self, row: FailingSampleRow) -> str:
        return self.tr("; ").join(self.item_text(i, with_standard=False) for i in row.failing)

    # --- the list ------------------------------------------------------------------------------

    def refresh(self) -> None:
        if self.current is not None:
            self._select_when_loaded = self.current.sample_id
        self.model.reload()

    def _apply_filter(self) -> None:
        self.model.set_filter(FailingFilter(state=self.state.currentData()))

    def _page_loaded(self, _offset: int, total: int) -> None:
        self.message.clear_message()
        self.total.setText(self.tr("Failing samples: {n}").format(n=total))
        if self._select_when_loaded is not None:
            target, self._select_when_loaded = self._select_when_loaded, None
            if not self.select_sample(target):
                self._show(None)
        self.rows_loaded.emit()

    def _load_failed(self, err: LimsError) -> None:
        self.total.clear()
        self.message.show_error(error_text(err))

    def select_sample(self, sample_id: int) -> bool:
        for i in range(self.model.rowCount()):
            row = self.model.row_at(i)
            if row is not None and row.sample_id == sample_id:
                self.table.selectRow(i)
                self._show(row)
                return True
        return False

    def _current_row_changed(self, current: object, _previous: object) -> None:
        row = self.model.row_at(self.table.currentIndex().row())
        if row is not None and (self.current is None or row.sample_id != self.current.sample_id
                                or row.traceback_version != self.current.traceback_version):
            self._show(row)

    # --- the panel -----------------------------------------------------------------------------

    def _show(self, row: FailingSampleRow | None) -> None:
        """Fill the panel; the messages stay while the same sample is shown again (after a step)."""
        previous = self.current if row is not None and self.current is not None \
            and row.sample_id == self.current.sample_id else None
        if previous is None:
            clear_errors(self.boxes, self.panel_message)
        self.current = row
        open_ = row is not None and row.state != TracebackState.CLOSED
        for widget in (self.party, self.notified_at, self.notify_button, self.action_taken, self.action_button,
                       self.close_button):
            widget.setEnabled(open_)
        if row is None:
            self.summary.setText(self.tr("Choose a failing sample in the list"))
            self.party.clear()
            self.action_taken.clear()
            self.history.clear()
            return
        lines = [row.producer]
        if row.producer_contact:
            lines.append(self.tr("Contact: {contact}").format(contact=row.producer_contact))
        lines.extend(self.item_text(i) for i in row.failing)
        self.summary.setText("<br>".join([f"<b>{_escape(row.code)}</b> {_escape(row.product)}",
                                          *(_escape(line) for line in lines)]))
        # what was typed but not yet recorded stays; what another step stored replaces it
        if previous is None or previous.notified_party != row.notified_party:
            self.party.setText(row.notified_party)
        if previous is None or previous.notified_at != row.notified_at:
            self.notified_at.setDateTime(vocabulary.wall_clock(row.notified_at, self._zone))
        if previous is None or previous.action_taken != row.action_taken:
            self.action_taken.setPlainText(row.action_taken)
        history = [self.tr("State: {state}").format(state=traceback_state(row.state))]
        if row.notified_at is not None:
            history.append(self.tr("Notification recorded by {user}").format(user=row.notified_by))
        if row.closed_at is not None:
            history.append(self.tr("Closed by {user} at {time}").format(
                user=row.closed_by, time=vocabulary.format_in(row.closed_at, self._zone)))
        self.history.setText("\n".join(history))

    def notify(self) -> None:
        row = self.current
        if row is None:
            return
        moment = vocabulary.moment_from(self.notified_at.dateTime(), self._zone)
        self._step(partial(self._services.failing.notify, self._actor, row.sample_id, row.traceback_version,
                           self.party.text(), moment),
                   self.tr("The notification was recorded"))

    def record_action(self) -> None:
        row = self.current
        if row is None:
            return
        self._step(partial(self._services.failing.record_action, self._actor, row.sample_id, row.traceback_version,
                           self.action_taken.toPlainText()),
                   self.tr("The action taken was recorded"))

    def close_traceback(self) -> None:
        row = self.current
        if row is None:
            return
        self._step(partial(self._services.failing.close, self._actor, row.sample_id, row.traceback_version),
                   self.tr("The traceback was closed"))

    def _step(self, call: partial, done_text: str) -> None:
        clear_errors(self.boxes, self.panel_message)
        for button in (self.notify_button, self.action_button, self.close_button):
            button.setEnabled(False)
        self._runner.run(call, on_done=partial(self._stepped, done_text), on_error=self._refused, write=True)

    def _stepped(self, done_text: str, row: FailingSampleRow) -> None:
        self._show(row)
        self.panel_message.show_ok(done_text)
        self._select_when_loaded = row.sample_id
        self.model.reload()
        self.traceback_saved.emit(row)

    def _refused(self, err: LimsError) -> None:
        self._show(self.current)
        if isinstance(err, (ConcurrentEditError, NotFound)):
            self.panel_message.show_error(error_text(err))
            self.refresh()
            return
        field = err.field if isinstance(err, ValidationError) else None
        show_error_at_field(self.boxes, self.panel_message, error_text(err), field)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
