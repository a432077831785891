"""Small building blocks shared by the views: item models over DTOs, message labels, tables."""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from functools import partial
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QHelpEvent, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionComboBox,
    QStyleOptionViewItem,
    QStylePainter,
    QTableView,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from lims.domain.errors import LimsError
from lims.gui.settings import AppSettings
from lims.gui.tasks import TaskRunner
from lims.services.dto import Page, TreeChoice

T = TypeVar("T")
F = TypeVar("F")

ERROR_COLOUR = "#b02a37"
OK_COLOUR = "#146c43"
EXPIRED_BACKGROUND = QColor("#f8d7da")
EXPIRED_TEXT = QColor("#842029")
DUE_BACKGROUND = QColor("#fff3cd")
DUE_TEXT = QColor("#664d03")
FAIL_TEXT = QColor(ERROR_COLOUR)
MUTED_TEXT = QColor("#6c757d")

TREE_INDENT = "\u3000"  # one ideographic space per level of a tree shown in a combo box

AnyIndex = QModelIndex | QPersistentModelIndex
WIDGET_SIZE_MAX = (1 << 24) - 1  # Qt's QWIDGETSIZE_MAX, which PySide6 does not export
COLUMN_SAVE_DELAY_MS = 300


@dataclass(frozen=True)
class Column(Generic[T]):
    """One column of a table over DTOs: a header already translated and how to show a row."""

    header: str
    text: Callable[[T], str]
    foreground: Callable[[T], QColor | None] | None = None
    background: Callable[[T], QColor | None] | None = None
    tooltip: Callable[[T], str] | None = None
    align_right: bool = False


class Tint(StrEnum):
    """How urgently a whole row asks for attention: due soon (amber) or expired (red)."""

    DUE = "due"
    EXPIRED = "expired"


_TINT_COLOURS = {Tint.DUE: (DUE_BACKGROUND, DUE_TEXT), Tint.EXPIRED: (EXPIRED_BACKGROUND, EXPIRED_TEXT)}


def tinted(columns: Sequence[Column[T]], tint: Callable[[T], Tint | None]) -> list[Column[T]]:
    """``columns`` with every cell of a row coloured by the row's ``tint``."""

    def background(row: T) -> QColor | None:
        state = tint(row)
        return _TINT_COLOURS[state][0] if state else None

    def foreground(row: T) -> QColor | None:
        state = tint(row)
        return _TINT_COLOURS[state][1] if state else None

    return [replace(c, background=background, foreground=foreground) for c in columns]


class RowsModel(QAbstractTableModel, Generic[T]):
    """A read-only table over a list of frozen rows; ``data()`` only reads that list."""

    def __init__(self, columns: Sequence[Column[T]], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._columns = list(columns)
        self._rows: list[T] = []

    # --- contents ---------------------------------------------------------------------------

    def set_rows(self, rows: Sequence[T]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def append_rows(self, rows: Sequence[T]) -> None:
        if not rows:
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
        self._rows.extend(rows)
        self.endInsertRows()

    def row_at(self, row: int) -> T | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    @property
    def rows(self) -> list[T]:
        return list(self._rows)

    # --- Qt model API -----------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._columns[section].header
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        column = self._columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(row)
        if role == Qt.ItemDataRole.ForegroundRole and column.foreground is not None:
            return column.foreground(row)
        if role == Qt.ItemDataRole.BackgroundRole and column.background is not None:
            return column.background(row)
        if role == Qt.ItemDataRole.ToolTipRole and column.tooltip is not None:
            return column.tooltip(row) or None
        if role == Qt.ItemDataRole.TextAlignmentRole and column.align_right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class PagedModel(RowsModel[T], Generic[T, F]):
    """Rows fetched page by page through the task runner, as the view scrolls.

    ``fetch(filter, offset, limit)`` is a service method returning a Page. A change of filter
    starts a new generation; pages of an older generation that arrive late are dropped."""

    page_loaded = Signal(int, int)  # offset, total
    load_failed = Signal(object)  # LimsError

    def __init__(
        self,
        runner: TaskRunner,
        fetch: Callable[[F, int, int], Page[T]],
        columns: Sequence[Column[T]],
        flt: F,
        page_size: int = 100,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(columns, parent)
        self._runner = runner
        self._fetch = fetch
        self._filter = flt
        self.page_size = page_size
        self._total: int | None = None
        self._loading = False
        self._generation = 0

    @property
    def total(self) -> int | None:
        return self._total

    @property
    def loading(self) -> bool:
        return self._loading

    @property
    def filter(self) -> F:
        return self._filter

    def set_filter(self, flt: F) -> None:
        self._filter = flt
        self.reload()

    def reload(self) -> None:
        self._generation += 1
        self._total = None
        self._loading = False
        self.set_rows([])
        self._request(0)

    def canFetchMore(self, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: B008
        if parent.isValid() or self._loading or self._total is None:
            return False
        return len(self._rows) < self._total

    def fetchMore(self, parent: AnyIndex = QModelIndex()) -> None:  # noqa: B008
        if self.canFetchMore(parent):
            self._request(len(self._rows))

    def _request(self, offset: int) -> None:
        self._loading = True
        generation = self._generation
        self._runner.run(
            self._fetch, self._filter, offset, self.page_size,
            on_done=partial(self._arrived, generation),
            on_error=partial(self._failed, generation),
        )

    def _arrived(self, generation: int, page: Page[T]) -> None:
        if generation != self._generation or page.offset != len(self._rows):
            return
        self._loading = False
        self._total = page.total
        self.append_rows(page.rows)
        self.page_loaded.emit(page.offset, page.total)

    def _failed(self, generation: int, err: LimsError) -> None:
        if generation != self._generation:
            return
        self._loading = False
        self.load_failed.emit(err)


class CellDelegate(QStyledItemDelegate):
    """Cells whose text does not fit are cut with "…" (in the middle for the ``middle`` columns:
    long names that share their first words, such as sampling tasks, differ at their ends), and
    a cut cell shows its whole text on hover when the model gives no tooltip of its own."""

    def __init__(self, view: QAbstractItemView, middle: Iterable[int] = ()) -> None:
        super().__init__(view)
        self._middle = frozenset(middle)

    def initStyleOption(self, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        super().initStyleOption(option, index)
        if index.column() in self._middle:
            option.textElideMode = Qt.TextElideMode.ElideMiddle

    def cut_text(self, option: QStyleOptionViewItem, index: AnyIndex) -> str | None:
        """The cell's whole text when it is shown cut at ``option.rect``, else None."""
        text = index.data(Qt.ItemDataRole.DisplayRole)
        if not isinstance(text, str) or not text:
            return None
        shown = QStyleOptionViewItem(option)
        self.initStyleOption(shown, index)
        widget = shown.widget
        style = widget.style() if widget is not None else QApplication.style()
        room = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, shown, widget).width()
        margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, widget) + 1
        widest = max(shown.fontMetrics.horizontalAdvance(line) for line in text.splitlines() or [text])
        return text if widest > room - 2 * margin else None

    def helpEvent(self, event: QHelpEvent, view: QAbstractItemView, option: QStyleOptionViewItem,
                  index: AnyIndex) -> bool:
        if event.type() == QEvent.Type.ToolTip and index.isValid() and not index.data(Qt.ItemDataRole.ToolTipRole):
            whole = self.cut_text(option, index)
            if whole:
                QToolTip.showText(event.globalPos(), whole, view, view.visualRect(index))
                return True
            QToolTip.hideText()
            return False
        return super().helpEvent(event, view, option, index)


def cell_tooltip(view: QAbstractItemView, index: AnyIndex) -> str:
    """What hovering over a cell shows: the model's tooltip, or the whole text of a cut cell."""
    own = index.data(Qt.ItemDataRole.ToolTipRole)
    if own:
        return str(own)
    delegate = view.itemDelegateForIndex(index)
    if not isinstance(delegate, CellDelegate):
        return ""
    option = QStyleOptionViewItem()
    option.initFrom(view)
    option.widget = view
    option.rect = view.visualRect(index)
    return delegate.cut_text(option, index) or ""


def keep_column_widths(view: QTableView, settings: AppSettings, user: str, table: str) -> None:
    """The column widths ``user`` gives ``table`` come back the next time they open it on this
    workstation; a width dragged is saved a moment after the drag ends."""
    header = view.horizontalHeader()
    for column, width in enumerate(settings.column_widths(user, table)[:header.count()]):
        if width > 0:
            view.setColumnWidth(column, width)
    save = QTimer(view)
    save.setSingleShot(True)
    save.setInterval(COLUMN_SAVE_DELAY_MS)
    save.timeout.connect(lambda: settings.set_column_widths(
        user, table, [header.sectionSize(i) for i in range(header.count())]))
    header.sectionResized.connect(lambda *_: save.start())


def make_table(model: QAbstractItemModel, parent: QWidget | None = None) -> QTableView:
    view = QTableView(parent)
    view.setModel(model)
    view.setItemDelegate(CellDelegate(view))
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 10)
    header = view.horizontalHeader()
    header.setStretchLastSection(True)
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    header.setHighlightSections(False)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    return view


def rows_table(columns: Sequence[Column[T]], widths: Sequence[int], parent: QObject,
               stretch: int | None = None) -> tuple[RowsModel[T], QTableView]:
    """A read-only list over frozen rows: its model (owned by ``parent``) and its table view."""
    model: RowsModel[T] = RowsModel(columns, parent)
    view = make_table(model)
    set_column_widths(view, widths, stretch)
    return model, view


def set_column_widths(view: QTableView, widths: Sequence[int], stretch: int | None = None) -> None:
    """Starting widths; ``stretch`` names the column that takes up (or gives back) the rest."""
    for column, width in enumerate(widths):
        view.setColumnWidth(column, width)
    if stretch is not None:
        header = view.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)


class MessageLabel(QLabel):
    """A line of feedback: red for what went wrong, green for what went right. ``changed`` is
    emitted whenever its text or visibility changes (a FieldBox refits its height)."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hide()

    def show_error(self, text: str) -> None:
        self._show(text, ERROR_COLOUR)

    def show_ok(self, text: str) -> None:
        self._show(text, OK_COLOUR)

    def show_info(self, text: str) -> None:
        self._show(text, "")

    def clear_message(self) -> None:
        self.clear()
        self.hide()
        self.changed.emit()

    @property
    def kind(self) -> str:
        return self.property("kind") or ""

    def _show(self, text: str, colour: str) -> None:
        self.setText(text)
        self.setProperty("kind", {ERROR_COLOUR: "error", OK_COLOUR: "ok"}.get(colour, "info"))
        self.setStyleSheet(f"color: {colour};" if colour else "")
        self.setVisible(bool(text))
        self.changed.emit()


class FieldBox(QWidget):
    """An input with the message that explains what is wrong with it right below.

    The message may wrap to several lines. A form nested in a group box does not ask a wrapped
    label for its height at the width it really gets, and would cut such a message in half; so
    the box sets the message's height itself from its own width, whenever the message or the
    width changes."""

    def __init__(self, field: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = field
        self.error = MessageLabel(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(field)
        layout.addWidget(self.error)
        self.error.changed.connect(self._fit_message)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_message()

    def _fit_message(self) -> None:
        # exactly its lines: a wrapped label's own size hint is narrow and tall, and left blank
        # lines under a message that fits on two
        if not self.error.isVisibleTo(self):
            return
        error = self.error
        before = (error.minimumHeight(), error.maximumHeight())
        error.setMinimumHeight(0)  # measured free of the height fixed for the last message
        error.setMaximumHeight(WIDGET_SIZE_MAX)
        height = max(error.heightForWidth(self.width()), 0)
        error.setFixedHeight(height)
        if before != (height, height):
            error.updateGeometry()


def inform(parent: QWidget, title: str, text: str,
           icon: QMessageBox.Icon = QMessageBox.Icon.Information) -> QMessageBox:
    """A message box that does not block the event loop (window-modal, opened with open())."""
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


def clear_errors(boxes: dict[str, FieldBox], general: MessageLabel) -> None:
    for box in boxes.values():
        box.error.clear_message()
    general.clear_message()


def show_error_at_field(boxes: dict[str, FieldBox], general: MessageLabel, text: str,
                        field: str | None) -> None:
    """Put the message beside the field it is about, or in the general line if there is none."""
    box = boxes.get(field or "")
    if box is None:
        general.show_error(text)
        return
    box.error.show_error(text)
    box.field.setFocus()


class ElidedLabel(QLabel):
    """A one-line label that shortens its text with "…" instead of widening the window;
    the full text stays in text() and in the tooltip."""

    def __init__(self, text: str = "", parent: QWidget | None = None,
                 mode: Qt.TextElideMode = Qt.TextElideMode.ElideRight) -> None:
        super().__init__(text, parent)
        self._mode = mode
        self.setToolTip(text)

    def setText(self, text: str) -> None:
        super().setText(text)
        self.setToolTip(text)

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        return QSize(min(hint.width(), self.fontMetrics().horizontalAdvance("…") * 8), hint.height())

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        rect = self.contentsRect()
        text = self.fontMetrics().elidedText(self.text(), self._mode, rect.width())
        painter.drawText(rect, int(self.alignment()), text)


class TreeComboBox(QComboBox):
    """A combo box over a depth-first list of tree nodes: the open list shows each level
    indented and the groups in bold; the closed box shows the chosen name without indent."""

    def add_nodes(self, nodes: tuple[TreeChoice, ...]) -> None:
        bold = QFont(self.font())
        bold.setBold(True)
        for node in nodes:
            self.addItem(TREE_INDENT * node.depth + node.name, node.id)
            index = self.count() - 1
            self.setItemData(index, node.name, Qt.ItemDataRole.ToolTipRole)
            if node.is_group:
                self.setItemData(index, bold, Qt.ItemDataRole.FontRole)

    def paintEvent(self, _event: object) -> None:
        painter = QStylePainter(self)
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        option.currentText = option.currentText.lstrip(TREE_INDENT)
        painter.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, option)
        painter.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, option)


def password_edit() -> QLineEdit:
    """A password field: echo hidden, bounded length."""
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setMaxLength(256)
    return edit


def page_made(stack: QStackedWidget, pages: dict[str, QWidget], makers: Mapping[str, Callable[[], QWidget]],
              keys: Sequence[str], key: str) -> QWidget:
    """The page ``key`` of ``stack``, made now by its maker if it was never shown, in place of the
    empty stand-in that held its position (pages are made on first use, so start-up stays quick)."""
    page = pages.get(key)
    if page is None:
        page = pages[key] = makers[key]()
        at = keys.index(key)
        stand_in = stack.widget(at)
        stack.insertWidget(at, page)
        if stand_in is not None:
            stack.removeWidget(stand_in)
            stand_in.deleteLater()
    return page
