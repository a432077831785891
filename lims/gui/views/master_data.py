"""The 基础数据 (master data) area: the lab profile and a page per list of the lab's set-up.

Every list page and its edit form are made from the list's sheet definition
(``lims.services.lab_setup.SheetDef``): the columns of the workbook are the columns of the table
and the fields of the form, and a saved form is checked and stored by the same function the
workbook import runs for that sheet (``MasterDataService.save``). Lists are read page by page
on the task runner. People without the duty to manage the catalogue see the lists read-only."""
from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from lims.domain.accounts import Duty, holds
from lims.domain.errors import ConcurrentEditError, ImportRejected, LimsError, NotFound, ValidationError
from lims.gui import vocabulary
from lims.gui.forms import FormDialog, heading, line_edit, make_form
from lims.gui.i18n import error_text
from lims.gui.import_dialogs import LAB_WORKBOOK, ImportDialog
from lims.gui.tasks import TaskRunner
from lims.gui.vocabulary import QT_TRANSLATE_NOOP
from lims.gui.widgets import (
    MUTED_TEXT,
    Column,
    FieldBox,
    MessageLabel,
    PagedModel,
    clear_errors,
    make_table,
    page_made,
    set_column_widths,
    show_error_at_field,
)
from lims.services.container import Services
from lims.services.dto import Actor
from lims.services.lab_setup import NO, RETIRED, YES, Entry, FieldKind, Retire, SheetDef
from lims.services.lab_setup import Column as SheetColumn
from lims.services.master_data import EntryFilter, LabProfile, RefChoice

PAGE_SIZE = 500  # a whole list is read for each page: fewer, larger pages
NAMED_BY_CODE = ("产品分类", "区域")  # the lists whose entries other cells name by code
SEARCH_DELAY_MS = 250
SECTIONS_WIDTH = 130
CONTEXT = "MasterData"

# each list's name, by the sheet's title (the workbook's names are the Chinese ones)
LIST_NAMES = {
    "产品分类": QT_TRANSLATE_NOOP("MasterData", "Products"),
    "检测参数": QT_TRANSLATE_NOOP("MasterData", "Parameters"),
    "标准": QT_TRANSLATE_NOOP("MasterData", "Standards"),
    "方法": QT_TRANSLATE_NOOP("MasterData", "Methods"),
    "限量": QT_TRANSLATE_NOOP("MasterData", "Limits"),
    "检测套餐": QT_TRANSLATE_NOOP("MasterData", "Panels"),
    "区域": QT_TRANSLATE_NOOP("MasterData", "Areas"),
    "受检单位": QT_TRANSLATE_NOOP("MasterData", "Producers"),
    "抽样任务": QT_TRANSLATE_NOOP("MasterData", "Sampling tasks"),
    "试剂批次": QT_TRANSLATE_NOOP("MasterData", "Kit lots"),
    "人员授权": QT_TRANSLATE_NOOP("MasterData", "Authorisations"),
}

# each column's label by its key; LABELS_BY_LIST where one list names it otherwise
LABELS = {
    "code": QT_TRANSLATE_NOOP("MasterData", "Code"),
    "name": QT_TRANSLATE_NOOP("MasterData", "Name"),
    "aliases": QT_TRANSLATE_NOOP("MasterData", "Aliases"),
    "parent": QT_TRANSLATE_NOOP("MasterData", "Under"),
    "is_category": QT_TRANSLATE_NOOP("MasterData", "Category"),
    "retired": QT_TRANSLATE_NOOP("MasterData", "Retired"),
    "name_en": QT_TRANSLATE_NOOP("MasterData", "English name"),
    "cas_no": QT_TRANSLATE_NOOP("MasterData", "CAS number"),
    "kind": QT_TRANSLATE_NOOP("MasterData", "Kind"),
    "banned": QT_TRANSLATE_NOOP("MasterData", "Banned substance"),
    "number": QT_TRANSLATE_NOOP("MasterData", "Standard number"),
    "year": QT_TRANSLATE_NOOP("MasterData", "Year"),
    "title": QT_TRANSLATE_NOOP("MasterData", "Title"),
    "in_force_from": QT_TRANSLATE_NOOP("MasterData", "In force from"),
    "in_force_to": QT_TRANSLATE_NOOP("MasterData", "Withdrawn on"),
    "replaced_by": QT_TRANSLATE_NOOP("MasterData", "Replaced by"),
    "parameter": QT_TRANSLATE_NOOP("MasterData", "Parameter"),
    "standard": QT_TRANSLATE_NOOP("MasterData", "Standard with year"),
    "technique": QT_TRANSLATE_NOOP("MasterData", "Technique"),
    "lod": QT_TRANSLATE_NOOP("MasterData", "LOD"),
    "loq": QT_TRANSLATE_NOOP("MasterData", "LOQ"),
    "unit": QT_TRANSLATE_NOOP("MasterData", "Unit"),
    "reporting_digits": QT_TRANSLATE_NOOP("MasterData", "Reporting digits"),
    "product": QT_TRANSLATE_NOOP("MasterData", "Product"),
    "value": QT_TRANSLATE_NOOP("MasterData", "Limit"),
    "source": QT_TRANSLATE_NOOP("MasterData", "Source"),
    "panel": QT_TRANSLATE_NOOP("MasterData", "Panel"),
    "method": QT_TRANSLATE_NOOP("MasterData", "Method (standard with year)"),
    "level": QT_TRANSLATE_NOOP("MasterData", "Level"),
    "credit_code": QT_TRANSLATE_NOOP("MasterData", "Credit code"),
    "contact": QT_TRANSLATE_NOOP("MasterData", "Contact"),
    "phone": QT_TRANSLATE_NOOP("MasterData", "Phone"),
    "address": QT_TRANSLATE_NOOP("MasterData", "Address"),
    "area": QT_TRANSLATE_NOOP("MasterData", "Area"),
    "issuer": QT_TRANSLATE_NOOP("MasterData", "Issued by"),
    "starts_on": QT_TRANSLATE_NOOP("MasterData", "Starts on"),
    "ends_on": QT_TRANSLATE_NOOP("MasterData", "Ends on"),
    "planned_batches": QT_TRANSLATE_NOOP("MasterData", "Planned batches"),
    "maker": QT_TRANSLATE_NOOP("MasterData", "Maker"),
    "lot_no": QT_TRANSLATE_NOOP("MasterData", "Lot number"),
    "method_kind": QT_TRANSLATE_NOOP("MasterData", "Method kind"),
    "cutoffs": QT_TRANSLATE_NOOP("MasterData", "Cut-offs (JSON)"),
    "expires_on": QT_TRANSLATE_NOOP("MasterData", "Expires on"),
    "username": QT_TRANSLATE_NOOP("MasterData", "User name"),
    "may_test": QT_TRANSLATE_NOOP("MasterData", "May test"),
    "may_sign": QT_TRANSLATE_NOOP("MasterData", "May sign"),
    "valid_from": QT_TRANSLATE_NOOP("MasterData", "Valid from"),
    "valid_to": QT_TRANSLATE_NOOP("MasterData", "Valid to"),
}
LABELS_BY_LIST = {
    ("标准", "name"): QT_TRANSLATE_NOOP("MasterData", "Title"),
    ("检测参数", "kind"): QT_TRANSLATE_NOOP("MasterData", "Class"),
    ("方法", "kind"): QT_TRANSLATE_NOOP("MasterData", "Method kind"),
    ("限量", "kind"): QT_TRANSLATE_NOOP("MasterData", "Limit kind"),
    ("限量", "standard"): QT_TRANSLATE_NOOP("MasterData", "Limit standard with year"),
    ("抽样任务", "code"): QT_TRANSLATE_NOOP("MasterData", "Task code"),
    ("抽样任务", "kind"): QT_TRANSLATE_NOOP("MasterData", "Task kind"),
    ("抽样任务", "title"): QT_TRANSLATE_NOOP("MasterData", "Task title"),
    ("人员授权", "method"): QT_TRANSLATE_NOOP("MasterData", "Method (empty: any)"),
}

# the words of the choices, by stored value
CHOICE_NAMES = {
    "pesticide": QT_TRANSLATE_NOOP("MasterData", "Pesticide"),
    "veterinary_drug": QT_TRANSLATE_NOOP("MasterData", "Veterinary drug"),
    "banned_substance": QT_TRANSLATE_NOOP("MasterData", "Banned substance"),
    "contaminant": QT_TRANSLATE_NOOP("MasterData", "Contaminant"),
    "quality": QT_TRANSLATE_NOOP("MasterData", "Quality"),
    "element": QT_TRANSLATE_NOOP("MasterData", "Element"),
    "toxin": QT_TRANSLATE_NOOP("MasterData", "Biotoxin"),
    "method": QT_TRANSLATE_NOOP("MasterData", "Method standard"),
    "limit": QT_TRANSLATE_NOOP("MasterData", "Limit standard"),
    "product": QT_TRANSLATE_NOOP("MasterData", "Product standard"),
    "laboratory": QT_TRANSLATE_NOOP("MasterData", "Laboratory method"),
    "enzyme_inhibition": QT_TRANSLATE_NOOP("MasterData", "Enzyme inhibition"),
    "colloidal_gold": QT_TRANSLATE_NOOP("MasterData", "Colloidal gold"),
    "league_city": QT_TRANSLATE_NOOP("MasterData", "League / city"),
    "banner_county": QT_TRANSLATE_NOOP("MasterData", "Banner / county"),
    "township": QT_TRANSLATE_NOOP("MasterData", "Sumu / township"),
    "village": QT_TRANSLATE_NOOP("MasterData", "Gacha / village"),
    "enterprise": QT_TRANSLATE_NOOP("MasterData", "Enterprise"),
    "cooperative": QT_TRANSLATE_NOOP("MasterData", "Cooperative"),
    "family_farm": QT_TRANSLATE_NOOP("MasterData", "Family farm"),
    "smallholder": QT_TRANSLATE_NOOP("MasterData", "Smallholder"),
    "slaughterhouse": QT_TRANSLATE_NOOP("MasterData", "Slaughterhouse"),
    "market": QT_TRANSLATE_NOOP("MasterData", "Market"),
    "routine_monitoring": QT_TRANSLATE_NOOP("MasterData", "Routine monitoring"),
    "supervision_sampling": QT_TRANSLATE_NOOP("MasterData", "Supervision sampling"),
    "special_monitoring": QT_TRANSLATE_NOOP("MasterData", "Special monitoring"),
    "commissioned_test": QT_TRANSLATE_NOOP("MasterData", "Commissioned test"),
    "rapid_confirmation": QT_TRANSLATE_NOOP("MasterData", "Confirmation of a rapid screen"),
    "mrl": QT_TRANSLATE_NOOP("MasterData", "Maximum residue limit"),
    "temporary": QT_TRANSLATE_NOOP("MasterData", "Temporary limit"),
    "not_detectable": QT_TRANSLATE_NOOP("MasterData", "Not detectable"),
}


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def list_name(sheet: SheetDef) -> str:
    return _tr(LIST_NAMES[sheet.title]) if sheet.title in LIST_NAMES else sheet.title


def column_label(sheet: SheetDef, column: SheetColumn) -> str:
    source = LABELS_BY_LIST.get((sheet.title, column.key)) or LABELS.get(column.key)
    return _tr(source) if source else column.header


def choice_label(column: SheetColumn, value: str) -> str:
    return _tr(CHOICE_NAMES[value]) if value in CHOICE_NAMES else dict(column.choices).get(value, value)


def cell_label(column: SheetColumn, text: str) -> str:
    """A cell as the list shows it: a choice and a yes or no in the interface's language."""
    if column.kind == FieldKind.CHOICE:
        value = next((v for v, word in column.choices if word == text or v == text), None)
        return choice_label(column, value) if value is not None else text
    if column.kind == FieldKind.FLAG and text in (YES, NO):
        return vocabulary.yes_no(text == YES)
    return text


def may_edit(actor: Actor) -> bool:
    return holds(actor.roles, Duty.MANAGE_CATALOGUE)


# --- the edit form ---------------------------------------------------------------------------


class EntryDialog(FormDialog):
    """Adds an entry to a list (``entry`` None) or edits one as it was read. The fields are the
    sheet's columns; a refusal shows each problem beside its field."""

    saved = Signal(int)  # the entry's id
    conflict = Signal(object)  # LimsError: the entry changed or vanished meanwhile

    def __init__(self, services: Services, actor: Actor, runner: TaskRunner, sheet: SheetDef,
                 entry: Entry | None = None, parent: QWidget | None = None) -> None:
        name = list_name(sheet)
        super().__init__(
            self.tr("Add to {list}").format(list=name) if entry is None
            else self.tr("Edit in {list}").format(list=name),
            self.tr("Add") if entry is None else self.tr("Save"), parent, min_width=560)
        self._services = services
        self._actor = actor
        self._runner = runner
        self.sheet = sheet
        self.entry = entry
        self.inputs: dict[str, QWidget] = {}
        cells = dict(zip((c.key for c in sheet.columns), entry.cells, strict=True)) if entry else {}
        for column in sheet.columns:
            if column.key == RETIRED.key:
                continue  # retiring is the list's own button
            widget = self._input(column, cells.get(column.key, ""))
            widget.setEnabled(entry is None or not column.fixed)
            label = column_label(sheet, column) + (" *" if column.required else "")
            self.inputs[column.key] = self.add_field(column.key, label, widget)
        if entry is not None and any(c.fixed for c in sheet.columns):
            self.set_intro(self.tr("The greyed fields say what this entry is; to change them, add a new entry."))
        for column in sheet.columns:
            if column.kind == FieldKind.REF:
                self._runner.run(self._services.master.choices, column.refers,
                                 on_done=partial(self._choices_loaded, column.key), on_error=self._load_failed)

    def _input(self, column: SheetColumn, text: str) -> QWidget:
        if column.kind == FieldKind.CHOICE:
            combo = QComboBox()
            if not column.required:
                combo.addItem("", "")
            for value, word in column.choices:
                combo.addItem(choice_label(column, value), value)
                if text in (word, value):
                    combo.setCurrentIndex(combo.count() - 1)
            return combo
        if column.kind == FieldKind.FLAG:
            box = QCheckBox()
            box.setChecked(text == YES)
            return box
        if column.kind == FieldKind.REF:
            combo = QComboBox()
            combo.setEditable(True)
            combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
            combo.setMaxVisibleItems(20)
            combo.setMinimumContentsLength(24)
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setEditText(text)
            combo.setProperty("initial", text)
            return combo
        edit = line_edit(500, text=text)
        if column.kind == FieldKind.DATE:
            edit.setPlaceholderText(self.tr("YYYY-MM-DD"))
        elif column.kind == FieldKind.JSON:
            edit.setPlaceholderText('{"rule": "t_over_c", "positive_below": 0.85}')
        elif column.key == "aliases":
            edit.setPlaceholderText(self.tr("Separate several with ;"))
        return edit

    def _choices_loaded(self, key: str, choices: tuple[RefChoice, ...]) -> None:
        combo = self.inputs.get(key)
        if not isinstance(combo, QComboBox):
            return
        typed = combo.currentText()
        combo.clear()
        for choice in choices:
            combo.addItem(choice.label, choice.value)
        index = combo.findData(combo.property("initial") or typed)
        if index >= 0:
            combo.setCurrentIndex(index)
        else:
            combo.setEditText(typed)
        completer = QCompleter(combo.model(), combo)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        combo.setCompleter(completer)

    def _load_failed(self, err: LimsError) -> None:
        self.message.show_error(error_text(err))

    def texts(self) -> dict[str, str]:
        """The form as the sheet's cells: choices by their stored value, references by the name
        the list knows the entry by, yes or no as the workbook writes them."""
        found: dict[str, str] = {}
        for key, widget in self.inputs.items():
            if isinstance(widget, QCheckBox):
                found[key] = YES if widget.isChecked() else NO
            elif isinstance(widget, QComboBox) and widget.isEditable():
                text = widget.currentText().strip()
                index = widget.findText(text, Qt.MatchFlag.MatchExactly)
                found[key] = str(widget.itemData(index)) if index >= 0 and widget.itemData(index) else text
            elif isinstance(widget, QComboBox):
                found[key] = str(widget.currentData() or "")
            elif isinstance(widget, QLineEdit):
                found[key] = widget.text()
        return found

    def set_text(self, key: str, text: str) -> None:
        """Fill one field as a person would (tests and the first-run dialog)."""
        widget = self.inputs[key]
        if isinstance(widget, QCheckBox):
            widget.setChecked(text == YES)
        elif isinstance(widget, QComboBox) and widget.isEditable():
            index = widget.findData(text)
            if index >= 0:
                widget.setCurrentIndex(index)
            else:
                widget.setEditText(text)
        elif isinstance(widget, QComboBox):
            widget.setCurrentIndex(max(widget.findData(text), 0))
        elif isinstance(widget, QLineEdit):
            widget.setText(text)

    def submit(self) -> None:
        self.clear_errors()
        self.ok_button.setEnabled(False)
        entry = self.entry
        self._runner.run(
            self._services.master.save, self._actor, self.sheet.title, self.texts(),
            entry.id if entry else None, entry.version if entry else None,
            on_done=self._saved, on_error=self._refused, write=True,
        )

    def _saved(self, entry_id: int) -> None:
        self.ok_button.setEnabled(True)
        self.saved.emit(entry_id)
        self.accept()

    def _refused(self, err: LimsError) -> None:
        self.ok_button.setEnabled(True)
        if isinstance(err, (ConcurrentEditError, NotFound)) and self.entry is not None:
            self.conflict.emit(err)
            self.reject()
            return
        if isinstance(err, ImportRejected) and err.problems:
            self.message.show_error(error_text(err))
            for problem in reversed(err.problems):  # the focus ends on the first
                self.show_error(error_text(problem.error), problem.column)
            return
        self.show_error(error_text(err), err.field if isinstance(err, ValidationError) else None)

    def field_errors(self) -> dict[str, str]:
        """The messages shown beside the fields, by field."""
        return {key: box.error.text() for key, box in self.boxes.items() if box.error.isVisibleTo(self)}


# --- a list ----------------------------------------------------------------------------------


class ListPage(QWidget):
    """One list: search, the retired ones on request, add, edit, retire or restore."""

    loaded = Signal(int)  # the number of entries the search finds
    changed = Signal(str)  # what was done, as told to the person

    def __init__(self, services: Services, actor: Actor, runner: TaskRunner, sheet: SheetDef,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._actor = actor
        self._runner = runner
        self.sheet = sheet
        self.editable = may_edit(actor)
        self.dialog: QDialog | None = None
        self.shown_columns = [c for c in sheet.columns if c.key != RETIRED.key]
        # a tree's entries are named by their codes: the list shows the name beside the code
        self._labels: dict[str, dict[str, str]] = {
            c.refers: {} for c in self.shown_columns if c.kind == FieldKind.REF and c.refers in NAMED_BY_CODE}

        def muted(entry: Entry) -> QColor | None:
            return None if entry.active else MUTED_TEXT

        def cell(index: int, column: SheetColumn) -> Callable[[Entry], str]:
            labels = self._labels.get(column.refers) if column.kind == FieldKind.REF else None
            if labels is not None:
                return lambda e: labels.get(e.cells[index], e.cells[index])
            return lambda e: cell_label(column, e.cells[index])

        retired = self.tr("Retired")

        def column(c: SheetColumn) -> Column[Entry]:
            text = cell(sheet.columns.index(c), c)
            # the whole text of a cut cell, and why a row is grey
            return Column[Entry](column_label(sheet, c), text, foreground=muted,
                                 tooltip=lambda e: text(e) if e.active else f"{text(e)} ({retired})".strip())

        columns = [column(c) for c in self.shown_columns]
        self.model: PagedModel[Entry, EntryFilter] = PagedModel(
            runner, services.master.page, columns, EntryFilter(sheet.title), PAGE_SIZE, self)
        self.model.page_loaded.connect(self._page_loaded)
        self.model.load_failed.connect(self._failed)
        self.table = make_table(self.model)
        set_column_widths(self.table, [min(max(c.width * 9, 60), 260) for c in self.shown_columns])
        self.table.doubleClicked.connect(lambda _index: self.open_edit_dialog())
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)

        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search by any column…"))
        self.search.setClearButtonEnabled(True)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(lambda _text: self._search_timer.start())
        self.show_retired = QCheckBox(self.tr("Show retired"))
        self.show_retired.setVisible(sheet.retire == Retire.FLAG)
        self.show_retired.toggled.connect(lambda _on: self.apply_filter())
        self.add_button = QPushButton(self.tr("Add…"))
        self.edit_button = QPushButton(self.tr("Edit…"))
        self.retire_button = QPushButton(
            self.tr("Remove from panel") if sheet.retire == Retire.REMOVE else self.tr("Retire"))
        self.add_button.clicked.connect(self.open_add_dialog)
        self.edit_button.clicked.connect(self.open_edit_dialog)
        self.retire_button.clicked.connect(self.retire_selected)
        for button in (self.add_button, self.edit_button, self.retire_button):
            button.setVisible(self.editable)
        self.retire_button.setVisible(self.editable and sheet.retire != Retire.NONE)
        self.total = QLabel()
        self.message = MessageLabel()

        bar = QHBoxLayout()
        bar.addWidget(self.search, 1)
        bar.addWidget(self.show_retired)
        for button in (self.add_button, self.edit_button, self.retire_button):
            bar.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.total)
        self._update_buttons()

    # --- loading ----------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the names the list shows beside codes, then the list."""
        waiting = list(self._labels)
        if not waiting:
            self.apply_filter()
        for refers in waiting:
            self._runner.run(self._services.master.choices, refers,
                             on_done=partial(self._labels_loaded, refers, waiting), on_error=self._failed)

    def _labels_loaded(self, refers: str, waiting: list[str], choices: tuple[RefChoice, ...]) -> None:
        labels = self._labels[refers]
        labels.clear()
        labels.update({c.value: c.label for c in choices})
        waiting.remove(refers)
        if not waiting:
            self.apply_filter()

    def apply_filter(self) -> None:
        self._search_timer.stop()
        self.model.set_filter(EntryFilter(self.sheet.title, self.search.text().strip(),
                                          self.show_retired.isChecked()))
        self._update_buttons()

    def _page_loaded(self, _offset: int, total: int) -> None:
        self.total.setText(self.tr("{n} entries").format(n=total))
        self._update_buttons()
        self.loaded.emit(total)

    def _failed(self, err: LimsError) -> None:
        self.message.show_error(error_text(err))

    def selected(self) -> Entry | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def select(self, text: str) -> bool:
        """Select the first entry whose first cells hold ``text``."""
        for i, entry in enumerate(self.model.rows):
            if text in entry.cells[:3]:
                self.table.selectRow(i)
                return True
        return False

    def _update_buttons(self, *_args: object) -> None:
        entry = self.selected()
        self.edit_button.setEnabled(entry is not None)
        self.retire_button.setEnabled(entry is not None)
        if self.sheet.retire == Retire.FLAG:
            self.retire_button.setText(
                self.tr("Restore") if entry is not None and not entry.active else self.tr("Retire"))

    # --- actions ----------------------------------------------------------------------------

    def open_add_dialog(self) -> EntryDialog | None:
        if not self.editable:
            return None
        return self._open(EntryDialog(self._services, self._actor, self._runner, self.sheet, None, self))

    def open_edit_dialog(self) -> EntryDialog | None:
        entry = self.selected()
        if entry is None or not self.editable:
            return None
        return self._open(EntryDialog(self._services, self._actor, self._runner, self.sheet, entry, self))

    def _open(self, dialog: EntryDialog) -> EntryDialog:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(lambda _id: self._done(self.tr("Saved; the change is in the audit trail")))
        dialog.conflict.connect(self._conflict)
        self.dialog = dialog
        dialog.open()
        return dialog

    def retire_selected(self) -> None:
        entry = self.selected()
        if entry is None or not self.editable:
            return
        if self.sheet.retire == Retire.REMOVE:
            done = self.tr("Taken out of the panel")
        elif entry.active:
            done = self.tr("Retired: records that name it keep it; it is offered for nothing new")
        else:
            done = self.tr("Restored")
        self._runner.run(
            self._services.master.retire, self._actor, self.sheet.title, entry.id, entry.version, entry.active,
            on_done=lambda _r: self._done(done), on_error=self._conflict, write=True)

    def _done(self, text: str) -> None:
        self.message.show_ok(text)
        self.changed.emit(text)
        self.refresh()

    def _conflict(self, err: LimsError) -> None:
        self.message.show_error(error_text(err))
        self.refresh()


# --- the lab profile -------------------------------------------------------------------------


class LabProfilePage(QWidget):
    """The lab's name, address and telephone as reports print them, the holder named on its
    certificates, the prefix of its codes and its time zone (lab policy)."""

    loaded = Signal(object)  # LabProfile
    saved = Signal(object)  # LabProfile

    def __init__(self, services: Services, actor: Actor, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._actor = actor
        self._runner = runner
        self.editable = may_edit(actor)
        self.fields = {
            "name": line_edit(200), "address": line_edit(200), "phone": line_edit(60), "holder": line_edit(200),
            "code_prefix": line_edit(20), "timezone": line_edit(60, "Asia/Shanghai"),
        }
        labels = {
            "name": self.tr("Lab name"), "address": self.tr("Address"), "phone": self.tr("Telephone"),
            "holder": self.tr("Certificate holder"), "code_prefix": self.tr("Code prefix"),
            "timezone": self.tr("Time zone"),
        }
        self.boxes = {key: FieldBox(edit) for key, edit in self.fields.items()}
        form = make_form()
        for key, box in self.boxes.items():
            form.addRow(labels[key], box)
            self.fields[key].setReadOnly(not self.editable)
        self.fields["code_prefix"].setToolTip(self.tr("Goes before sample codes and report numbers, e.g. NJ"))
        self.fields["holder"].setToolTip(self.tr("The name the CMA and CATL certificates are issued to"))
        self.save_button = QPushButton(self.tr("Save"))
        self.save_button.setVisible(self.editable)
        self.save_button.clicked.connect(self.save)
        self.message = MessageLabel()
        note = QLabel(self.tr("Reports print the lab's name, address and telephone; sample codes and report "
                              "numbers start with the prefix; every date is the lab's day in its time zone."))
        note.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        holder = QWidget()
        holder.setMaximumWidth(720)
        inner = QVBoxLayout(holder)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.addWidget(note)
        inner.addLayout(form)
        inner.addWidget(self.message)
        inner.addLayout(buttons)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(holder)
        layout.addStretch(1)

    def refresh(self) -> None:
        self._runner.run(self._services.master.profile, on_done=self._loaded, on_error=self._failed)

    def _loaded(self, profile: LabProfile) -> None:
        for key, edit in self.fields.items():
            edit.setText(getattr(profile, key))
        self.loaded.emit(profile)

    def profile(self) -> LabProfile:
        return LabProfile(**{key: edit.text() for key, edit in self.fields.items()})

    def save(self) -> None:
        clear_errors(self.boxes, self.message)
        self.save_button.setEnabled(False)
        self._runner.run(self._services.master.save_profile, self._actor, self.profile(),
                         on_done=self._saved, on_error=self._refused, write=True)

    def _saved(self, profile: LabProfile) -> None:
        self.save_button.setEnabled(True)
        self._loaded(profile)
        self.message.show_ok(self.tr("The lab profile was saved"))
        self.saved.emit(profile)

    def _refused(self, err: LimsError) -> None:
        self.save_button.setEnabled(True)
        show_error_at_field(self.boxes, self.message, error_text(err),
                            err.field if isinstance(err, ValidationError) else None)

    def _failed(self, err: LimsError) -> None:
        self.message.show_error(error_text(err))


class InstrumentsLinkPage(QWidget):
    """Instruments and their calibration records have their own page; this one leads there."""

    def __init__(self, open_instruments: Callable[[], object] | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        text = QLabel(self.tr("Instruments, their lines and their calibration records are kept on the "
                              "Instruments page."))
        text.setWordWrap(True)
        self.open_button = QPushButton(self.tr("Open the Instruments page"))
        self.open_button.setEnabled(open_instruments is not None)
        if open_instruments is not None:
            self.open_button.clicked.connect(lambda: open_instruments())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(text)
        row = QHBoxLayout()
        row.addWidget(self.open_button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(1)


# --- the area --------------------------------------------------------------------------------


PROFILE, INSTRUMENTS = "profile", "instruments"


class MasterDataView(QWidget):
    """The 基础数据 area: its sections on the left (the lab profile, each list, instruments), the
    chosen one on the right; the lab set-up workbook exported and imported from here."""

    def __init__(self, services: Services, actor: Actor, runner: TaskRunner, parent: QWidget | None = None,
                 *, open_page: Callable[[str], object] | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._actor = actor
        self._runner = runner
        self.editable = may_edit(actor)
        self.dialog: QDialog | None = None
        self.pages: dict[str, QWidget] = {}
        self._makers: dict[str, Callable[[], QWidget]] = {
            PROFILE: lambda: LabProfilePage(services, actor, runner)}
        titles = {PROFILE: self.tr("Lab profile")}
        for sheet in services.master.lists():
            self._makers[sheet.title] = partial(ListPage, services, actor, runner, sheet)
            titles[sheet.title] = list_name(sheet)
        self._makers[INSTRUMENTS] = lambda: InstrumentsLinkPage(
            (lambda: open_page(INSTRUMENTS)) if open_page is not None else None)
        titles[INSTRUMENTS] = self.tr("Instruments")
        self.keys = list(self._makers)

        self.sections = QListWidget()
        self.sections.setObjectName("master-data-sections")
        self.sections.setFixedWidth(SECTIONS_WIDTH)
        self.sections.setStyleSheet("QListWidget#master-data-sections::item { padding: 4px 6px; }")
        self.stack = QStackedWidget()
        for key in self.keys:
            item = QListWidgetItem(titles[key])
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.sections.addItem(item)
            self.stack.addWidget(QWidget())  # a stand-in until first shown
        self.sections.currentRowChanged.connect(self._section_chosen)

        self.title = heading("", 1.2)
        self.export_button = QPushButton(self.tr("Export workbook…"))
        self.export_button.setToolTip(self.tr("Every list to one Excel workbook, a sheet each, to fill in or to "
                                              "move the set-up to another database"))
        self.import_button = QPushButton(self.tr("Import workbook…"))
        self.import_button.setToolTip(self.tr("Add or update the lists from a filled-in lab workbook"))
        self.import_button.setVisible(self.editable)
        self.export_button.clicked.connect(self.choose_export)
        self.import_button.clicked.connect(self.open_import)
        self.message = MessageLabel()
        if not self.editable:
            self.message.show_info(self.tr("You can read these lists; a lab manager or an administrator changes them."))
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.export_button)
        top.addWidget(self.import_button)
        right = QVBoxLayout()
        right.addLayout(top)
        right.addWidget(self.message)
        right.addWidget(self.stack, 1)
        layout = QHBoxLayout(self)
        layout.addWidget(self.sections)
        layout.addLayout(right, 1)
        self.sections.setCurrentRow(0)

    def page(self, key: str) -> QWidget:
        """The section ``key`` (a sheet's title, PROFILE or INSTRUMENTS), made on first use."""
        return page_made(self.stack, self.pages, self._makers, self.keys, key)

    def show_section(self, key: str) -> QWidget:
        self.sections.setCurrentRow(self.keys.index(key))
        return self.page(key)

    def _section_chosen(self, row: int) -> None:
        if row < 0:
            return
        key = self.keys[row]
        page = self.page(key)
        self.stack.setCurrentIndex(row)
        self.title.setText(self.sections.item(row).text())
        refresh = getattr(page, "refresh", None)
        if callable(refresh):
            refresh()

    def refresh(self) -> None:
        self._section_chosen(self.sections.currentRow())

    # --- the workbook -------------------------------------------------------------------------

    def choose_export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export the lab workbook"), "lab.xlsx",
                                              self.tr("Excel workbooks (*.xlsx)"))
        if path:
            self.export_to(path)

    def export_to(self, path: str) -> None:
        self.message.show_info(self.tr("Writing {path}…").format(path=path))
        self._runner.run(self._services.setup.export_workbook, path,
                         on_done=lambda counts: self.message.show_ok(self.tr("{n} rows written to {path}").format(
                             n=sum(counts.values()), path=path)),
                         on_error=lambda err: self.message.show_error(error_text(err)))

    def open_import(self) -> ImportDialog | None:
        if not self.editable:
            return None
        dialog = ImportDialog(self._services, self._actor, self._runner, LAB_WORKBOOK, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.imported.connect(lambda _report: self.refresh())
        self.dialog = dialog
        dialog.open()
        return dialog
