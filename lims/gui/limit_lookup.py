"""Limit lookup (限量查询): which limit governs a product and parameter on a day, and where it comes from."""
from __future__ import annotations

from datetime import tzinfo

from PySide6.QtCore import QDate, QStringListModel, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from lims.domain.enums import LimitKind
from lims.domain.errors import LimsError
from lims.domain.rounding import plain
from lims.gui import vocabulary
from lims.gui.i18n import error_text
from lims.gui.tasks import TaskRunner
from lims.gui.widgets import FieldBox, MessageLabel, clear_errors, show_error_at_field
from lims.services.container import Services
from lims.services.dto import SampleListOptions
from lims.services.limits import LimitLookup

NO_BASIS_COLOUR = "#b35c00"  # amber: not an error, but a result cannot be judged
DEMO_STYLE = "color: #ffffff; background: #b35c00; padding: 2px 6px; font-weight: bold;"


def _name_combo() -> QComboBox:
    combo = QComboBox()
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    combo.setMinimumWidth(260)
    completer = QCompleter(QStringListModel(combo), combo)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
    combo.setCompleter(completer)
    return combo


def _fill(combo: QComboBox, names: list[str]) -> None:
    text = combo.currentText()
    combo.blockSignals(True)
    combo.clear()
    combo.addItems(names)
    combo.setCurrentIndex(-1)
    combo.setEditText(text)
    combo.blockSignals(False)
    completer = combo.completer()
    model = completer.model() if completer is not None else None
    if isinstance(model, QStringListModel):
        model.setStringList(names)


class LimitLookupDialog(QDialog):
    def __init__(self, services: Services, runner: TaskRunner, parent: QWidget | None = None,
                 *, zone: tzinfo | None = None) -> None:
        super().__init__(parent)
        today = vocabulary.today_in(zone or vocabulary.default_lab_zone())  # limits apply by the lab's date
        self._services = services
        self._runner = runner
        self.found: LimitLookup | None = None
        self.setWindowTitle(self.tr("Limit lookup"))

        self.product = _name_combo()
        self.parameter = _name_combo()
        self.on = QDateEdit(QDate(today.year, today.month, today.day))
        self.on.setCalendarPopup(True)
        self.on.setDisplayFormat("yyyy-MM-dd")
        self.boxes = {"product": FieldBox(self.product), "parameter": FieldBox(self.parameter)}
        self.lookup_button = QPushButton(self.tr("Look up"))
        self.lookup_button.setDefault(True)
        self.lookup_button.clicked.connect(self.look_up)

        form = QFormLayout()
        form.addRow(self.tr("Product"), self.boxes["product"])
        form.addRow(self.tr("Parameter"), self.boxes["parameter"])
        form.addRow(self.tr("Date"), self.on)
        form.addRow("", self.lookup_button)

        self.message = MessageLabel()
        self.no_basis_label = QLabel()
        self.no_basis_label.setStyleSheet(f"color: {NO_BASIS_COLOUR}; font-weight: bold;")
        self.no_basis_label.setWordWrap(True)
        self.demo_label = QLabel(self.tr("Demo data — not an official limit"))
        self.demo_label.setStyleSheet(DEMO_STYLE)
        self.value_label = QLabel()
        self.kind_label = QLabel()
        self.standard_label = QLabel()
        self.inherited_label = QLabel()
        self.source_label = QLabel()
        for label in (self.value_label, self.kind_label, self.standard_label, self.inherited_label,
                      self.source_label):
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.value_label.setStyleSheet("font-size: 14pt; font-weight: bold;")
        self.details = QWidget()
        details = QFormLayout(self.details)
        details.setContentsMargins(0, 0, 0, 0)
        details.addRow(self.tr("Limit"), self.value_label)
        details.addRow(self.tr("Kind"), self.kind_label)
        details.addRow(self.tr("Standard"), self.standard_label)
        details.addRow(self.tr("Set on"), self.inherited_label)
        details.addRow(self.tr("Source"), self.source_label)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.no_basis_label)
        layout.addWidget(self.demo_label)
        layout.addWidget(self.details)
        layout.addStretch(1)
        layout.addWidget(buttons)
        self._show_nothing()
        self.resize(560, 480)

        runner.run(services.samples.options, on_done=self._products_loaded, on_error=self._failed)
        runner.run(services.work.test_choices, on_done=self._parameters_loaded, on_error=self._failed)

    # --- choices -----------------------------------------------------------------------------

    def _products_loaded(self, options: SampleListOptions) -> None:
        _fill(self.product, [node.name for node in options.products])

    def _parameters_loaded(self, choices: list) -> None:
        _fill(self.parameter, sorted({c.parameter for c in choices}))

    # --- the lookup --------------------------------------------------------------------------

    def look_up(self) -> None:
        clear_errors(self.boxes, self.message)
        self._show_nothing()
        product, parameter = self.product.currentText().strip(), self.parameter.currentText().strip()
        if not product:
            self.boxes["product"].error.show_error(self.tr("Type a product"))
            return
        if not parameter:
            self.boxes["parameter"].error.show_error(self.tr("Type a parameter"))
            return
        on = vocabulary.day_from(self.on.date())
        self.lookup_button.setEnabled(False)
        self._runner.run(self._services.limits.lookup, product, parameter, on,
                         on_done=self._found, on_error=self._failed)

    def _found(self, found: LimitLookup) -> None:
        self.lookup_button.setEnabled(True)
        self.found = found
        if not found.has_basis:
            self.no_basis_label.setText(self.tr(
                "No judgment basis: no limit for {parameter} in {product} on {on}").format(
                parameter=found.parameter, product=found.product, on=found.on.isoformat()))
            self.no_basis_label.show()
            return
        if found.kind == LimitKind.NOT_DETECTABLE or found.value is None:
            self.value_label.setText(self.tr("Not detectable"))
        else:
            mark = "*" if found.temporary else ""
            self.value_label.setText(f"{plain(found.value)}{mark} {found.unit}".strip())
        kind_names = {
            LimitKind.MRL: self.tr("Maximum residue limit"),
            LimitKind.NOT_DETECTABLE: self.tr("Not detectable"),
            LimitKind.TEMPORARY: self.tr("Temporary limit (*)"),
        }
        self.kind_label.setText(kind_names.get(found.kind, "") if found.kind is not None else "")
        standard = found.standard_ref
        if found.standard_title:
            standard = f"{standard} {found.standard_title}"
        self.standard_label.setText(standard)
        self.inherited_label.setText(
            self.tr("inherited from {category}").format(category=found.inherited_from)
            if found.inherited_from else self.tr("{product} itself").format(product=found.product))
        self.source_label.setText(found.source)
        self.details.show()
        self.demo_label.setVisible(found.is_demo)

    def _failed(self, err: LimsError) -> None:
        self.lookup_button.setEnabled(True)
        field = getattr(err, "field", None)
        if field is None:
            template = getattr(err, "template", "")
            field = "parameter" if "parameter" in template else "product" if "product" in template else None
        show_error_at_field(self.boxes, self.message, error_text(err), field)

    def _show_nothing(self) -> None:
        self.found = None
        self.no_basis_label.hide()
        self.demo_label.hide()
        self.details.hide()
