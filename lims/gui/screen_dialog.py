"""Recording a rapid screen (速测) on a sample: the kit lot, its readings, the outcome judged live
by the lot's cut-offs, and after saving the confirmation test it opened and the re-test deadline.

The outcome shown while typing comes from the same pure rules the service applies
(``lims.domain.screening``), so what a person sees before saving is what is stored."""
from __future__ import annotations

from collections.abc import Mapping
from datetime import tzinfo
from decimal import Decimal
from functools import partial

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from lims.domain.enums import MethodKind, ScreenOutcome
from lims.domain.errors import ConcurrentEditError, LimsError, NotFound, ValidationError
from lims.domain.rounding import parse_decimal
from lims.domain.screening import (
    Cutoffs,
    GoldReadings,
    InhibitionCutoffs,
    InhibitionReadings,
    InvalidReason,
    Readings,
    ScreenJudgment,
    TOverCCutoffs,
    judge_screen,
    parse_absorbance_change,
)
from lims.gui import vocabulary
from lims.gui.i18n import error_text
from lims.gui.tasks import TaskRunner
from lims.gui.vocabulary import QT_TRANSLATE_NOOP
from lims.gui.widgets import (
    DUE_TEXT,
    ERROR_COLOUR,
    MUTED_TEXT,
    OK_COLOUR,
    FieldBox,
    MessageLabel,
    clear_errors,
    show_error_at_field,
)
from lims.services.container import Services
from lims.services.dto import Actor
from lims.services.screening import KitLotChoice, ScreenOptions, ScreenView

SCREEN_OUTCOME: Mapping[str, str] = {
    ScreenOutcome.NEGATIVE: QT_TRANSLATE_NOOP("vocabulary", "Negative"),
    ScreenOutcome.SUSPECT: QT_TRANSLATE_NOOP("vocabulary", "Suspect"),
    ScreenOutcome.POSITIVE: QT_TRANSLATE_NOOP("vocabulary", "Positive"),
    ScreenOutcome.INVALID: QT_TRANSLATE_NOOP("vocabulary", "Invalid"),
}

OUTCOME_COLOUR: Mapping[str, str] = {
    ScreenOutcome.NEGATIVE: OK_COLOUR,
    ScreenOutcome.SUSPECT: DUE_TEXT.name(),
    ScreenOutcome.POSITIVE: ERROR_COLOUR,
    ScreenOutcome.INVALID: MUTED_TEXT.name(),
}


def screen_outcome(value: str | None) -> str:
    return vocabulary.label(SCREEN_OUTCOME, value)


class ScreenDialog(QDialog):
    """Emits ``options_loaded`` when the kit lots are in, ``recorded`` with the ScreenView saved,
    and ``conflict`` when the sample changed on another workstation meanwhile."""

    options_loaded = Signal()
    recorded = Signal(object)  # ScreenView
    conflict = Signal(object)  # LimsError

    def __init__(self, services: Services, actor: Actor, runner: TaskRunner, sample_id: int, sample_version: int,
                 sample_code: str, parent: QWidget | None = None, *, zone: tzinfo | None = None) -> None:
        super().__init__(parent)
        self._zone = zone or vocabulary.default_lab_zone()
        self._services = services
        self._actor = actor
        self._runner = runner
        self.sample_id = sample_id
        self.sample_version = sample_version
        self._options: ScreenOptions | None = None
        self._judgment: ScreenJudgment | None = None
        self.saved_screen: ScreenView | None = None
        self.setWindowTitle(self.tr("Rapid screen of sample {code}").format(code=sample_code))
        self.setMinimumWidth(640)

        note = QLabel(self.tr("A rapid screen is not a result. A positive or suspect screen opens a confirmation "
                              "test by a laboratory method on the retained sample."))
        note.setWordWrap(True)
        note.setStyleSheet(f"color: {MUTED_TEXT.name()};")

        self.kit_lot = QComboBox()
        self.kit_lot.setMinimumContentsLength(30)
        self.kit_lot.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.cutoffs = QLabel()
        self.cutoffs.setWordWrap(True)
        self.cutoffs.setStyleSheet(f"color: {MUTED_TEXT.name()};")
        self.parameter = QComboBox()
        self.tested_at = QDateTimeEdit()
        self.tested_at.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.tested_at.setCalendarPopup(True)
        self.tested_at.setDateTime(vocabulary.wall_clock(None, self._zone))

        self.control_delta_a = self._number_edit(self.tr("e.g. 0.303"))
        self.sample_delta_a = self._number_edit(self.tr("e.g. 0.131"))
        self.t_value = self._number_edit(self.tr("T line, as the reader shows it"))
        self.c_value = self._number_edit(self.tr("C line, as the reader shows it"))
        self.confirmation_method = QComboBox()
        self.confirmation_method.setMinimumContentsLength(30)
        self.confirmation_method.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.notes = QLineEdit()
        self.notes.setMaxLength(500)

        self.boxes: dict[str, FieldBox] = {
            "kit_lot": FieldBox(self.kit_lot), "parameter": FieldBox(self.parameter),
            "tested_at": FieldBox(self.tested_at), "control_delta_a": FieldBox(self.control_delta_a),
            "sample_delta_a": FieldBox(self.sample_delta_a), "t_value": FieldBox(self.t_value),
            "c_value": FieldBox(self.c_value), "confirmation_method": FieldBox(self.confirmation_method),
            "notes": FieldBox(self.notes),
        }
        self.outcome = QLabel()
        self.outcome.setObjectName("screen-outcome")
        self.outcome.setWordWrap(True)
        self.outcome.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.confirmation_label = QLabel(self.tr("Confirmation by"))
        self.result_label = QLabel()
        self.result_label.setObjectName("screen-result")
        self.result_label.setWordWrap(True)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.result_label.hide()
        self.message = MessageLabel()

        self.save_button = QPushButton(self.tr("Save screen"))
        self.save_button.setDefault(True)
        self.save_button.setEnabled(False)
        self.close_button = QPushButton(self.tr("Cancel"))
        buttons = QDialogButtonBox()
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.close_button, QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)

        self.form = QFormLayout()
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self.form.addRow(self.tr("Kit lot"), self.boxes["kit_lot"])
        self.form.addRow("", self.cutoffs)
        self.form.addRow(self.tr("Parameter"), self.boxes["parameter"])
        self.form.addRow(self.tr("Tested at"), self.boxes["tested_at"])
        # the readings of both kinds of kit; the rows of the other kind are hidden
        self.form.addRow(self.tr("Control ΔA0 (3 min, 412 nm)"), self.boxes["control_delta_a"])
        self.form.addRow(self.tr("Sample ΔAt (3 min, 412 nm)"), self.boxes["sample_delta_a"])
        self.form.addRow(self.tr("T line"), self.boxes["t_value"])
        self.form.addRow(self.tr("C line"), self.boxes["c_value"])
        self.form.addRow(self.tr("Outcome"), self.outcome)
        self.form.addRow(self.confirmation_label, self.boxes["confirmation_method"])
        self.form.addRow(self.tr("Notes"), self.boxes["notes"])
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(self.form)
        layout.addWidget(self.result_label)
        layout.addWidget(self.message)
        layout.addStretch(1)
        layout.addWidget(buttons)

        self.kit_lot.currentIndexChanged.connect(self._kit_chosen)
        self.parameter.currentIndexChanged.connect(self._fill_confirmation_methods)
        for edit in (self.control_delta_a, self.sample_delta_a, self.t_value, self.c_value):
            edit.textChanged.connect(self.update_outcome)
        self._show_confirmation(False)
        self.outcome.setText(self.tr("Loading kit lots…"))
        self._runner.run(services.screening.options, on_done=self._options_arrived, on_error=self._load_failed)

    @staticmethod
    def _number_edit(placeholder: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setMaxLength(30)
        edit.setPlaceholderText(placeholder)
        return edit

    # --- choices -------------------------------------------------------------------------------

    def _options_arrived(self, options: ScreenOptions) -> None:
        self._options = options
        self.kit_lot.blockSignals(True)
        self.kit_lot.clear()
        model = self.kit_lot.model()
        first_usable = -1
        for kit in options.kit_lots:
            expired = kit.expires_on is not None and kit.expires_on < options.today
            text = f"{kit.name} {kit.lot_no}"
            if expired:
                text = f"{kit.name} {kit.lot_no} " + self.tr("(expired {day})").format(
                    day=vocabulary.format_date(kit.expires_on))
            self.kit_lot.addItem(text, kit.id)
            if expired and isinstance(model, QStandardItemModel):
                model.item(self.kit_lot.count() - 1).setEnabled(False)
            elif first_usable < 0:
                first_usable = self.kit_lot.count() - 1
        self.kit_lot.setCurrentIndex(first_usable)
        self.kit_lot.blockSignals(False)
        if not options.kit_lots:
            self.outcome.setText(self.tr("No rapid-test kit lot is registered"))
        self._kit_chosen()
        self.options_loaded.emit()

    def _load_failed(self, err: LimsError) -> None:
        self.outcome.clear()
        self.message.show_error(error_text(err))

    def chosen_kit(self) -> KitLotChoice | None:
        if self._options is None:
            return None
        kit_id = self.kit_lot.currentData()
        return next((k for k in self._options.kit_lots if k.id == kit_id), None)

    def choose_kit(self, lot_no: str) -> None:
        kits = self._options.kit_lots if self._options else ()
        kit_id = next(k.id for k in kits if k.lot_no == lot_no)
        self.kit_lot.setCurrentIndex(self.kit_lot.findData(kit_id))

    def _kit_chosen(self) -> None:
        kit = self.chosen_kit()
        self.parameter.blockSignals(True)
        self.parameter.clear()
        if kit is not None and kit.parameter_id is not None:
            self.parameter.addItem(kit.parameter, kit.parameter_id)
            self.parameter.setEnabled(False)
        elif self._options is not None:
            for p in self._options.parameters:
                self.parameter.addItem(p.name, p.id)
            self.parameter.setEnabled(True)
        self.parameter.blockSignals(False)
        is_gold = kit is not None and kit.method_kind == MethodKind.COLLOIDAL_GOLD
        for name in ("control_delta_a", "sample_delta_a"):
            self.form.setRowVisible(self.boxes[name], not is_gold)
        for name in ("t_value", "c_value"):
            self.form.setRowVisible(self.boxes[name], is_gold)
        if kit is not None:
            if kit.cutoffs:
                rules = self._describe(kit.cutoffs)
            else:  # the options say why the kit has no cut-offs
                rules = error_text(kit.cutoffs_problem) if kit.cutoffs_problem is not None else ""
            if kit.expires_on is not None:
                rules = self.tr("Expires {day}.").format(day=vocabulary.format_date(kit.expires_on)) + " " + rules
            self.cutoffs.setText(rules)
        else:
            self.cutoffs.clear()
        self._fill_confirmation_methods()
        self.update_outcome()

    def _describe(self, cutoffs: Cutoffs) -> str:
        if isinstance(cutoffs, InhibitionCutoffs):
            return self.tr("Positive at {pct} % inhibition or more; the run is invalid when the control's ΔA0 "
                           "is {min} or less, or the inhibition is above {max} %").format(
                pct=_number(cutoffs.positive_at_or_above_pct), min=_number(cutoffs.control_delta_a_min),
                max=_number(cutoffs.invalid_above_pct))
        if isinstance(cutoffs, TOverCCutoffs):
            text = self.tr("Positive when T/C is below {positive}").format(positive=_number(cutoffs.positive_below))
        else:
            text = self.tr("Positive when T is below {positive}").format(positive=_number(cutoffs.positive_below))
        if cutoffs.suspect_below is not None:
            text += self.tr(", suspect below {suspect}").format(suspect=_number(cutoffs.suspect_below))
        return text + self.tr("; no C line (C below {c}) makes the strip invalid").format(
            c=_number(cutoffs.invalid_c_below))

    def _fill_confirmation_methods(self) -> None:
        self.confirmation_method.clear()
        if self._options is None:
            return
        parameter_id = self.parameter.currentData()
        own = [m for m in self._options.lab_methods if m.parameter_id == parameter_id]
        # a group screen (enzyme inhibition) has no laboratory method of its own: any analyte's
        for m in own or self._options.lab_methods:
            self.confirmation_method.addItem(m.label if own else f"{m.parameter} {m.label}", m.id)
        if not own:
            self.confirmation_method.insertItem(0, self.tr("Choose the laboratory method…"), None)
            self.confirmation_method.setCurrentIndex(0)

    # --- the outcome, live ---------------------------------------------------------------------

    def typed_readings(self) -> Readings:
        """The readings as typed; raises ValidationError about the first one wrong or missing."""
        kit = self.chosen_kit()
        if kit is not None and kit.method_kind == MethodKind.COLLOIDAL_GOLD:
            return GoldReadings(parse_decimal(self.t_value.text(), "t_value"),
                                parse_decimal(self.c_value.text(), "c_value"))
        return InhibitionReadings(parse_absorbance_change(self.control_delta_a.text(), "control_delta_a"),
                                  parse_absorbance_change(self.sample_delta_a.text(), "sample_delta_a"))

    def current_readings(self) -> Readings | None:
        """The readings as typed, or None while incomplete."""
        try:
            return self.typed_readings()
        except ValidationError:
            return None

    def update_outcome(self) -> None:
        kit = self.chosen_kit()
        self._judgment = None
        readings = self.current_readings()
        if kit is None or kit.cutoffs is None:
            self._show_outcome("", "")
        elif readings is None:
            self._show_outcome(self.tr("Enter the readings"), MUTED_TEXT.name())
        else:
            try:
                self._judgment = judge_screen(readings, kit.cutoffs)
            except ValidationError as err:
                self._show_outcome(error_text(err), ERROR_COLOUR)
            else:
                self._show_outcome(self._outcome_text(self._judgment), OUTCOME_COLOUR[self._judgment.outcome])
        self._show_confirmation(self._judgment is not None and self._judgment.needs_confirmation)
        self.save_button.setEnabled(self.saved_screen is None and kit is not None and kit.cutoffs is not None)

    def _outcome_text(self, judgment: ScreenJudgment) -> str:
        parts = [screen_outcome(judgment.outcome)]
        if judgment.reported_inhibition:
            parts.append(self.tr("inhibition {pct} %").format(pct=judgment.reported_inhibition))
        if judgment.reported_ratio:
            parts.append(self.tr("T/C {ratio}").format(ratio=judgment.reported_ratio))
        if judgment.invalid_reason is not None:
            reason = {
                InvalidReason.CONTROL_DID_NOT_REACT: self.tr("the control did not react: repeat the run"),
                InvalidReason.INHIBITION_ABOVE_MAXIMUM: self.tr("inhibition above the maximum: repeat the run"),
                InvalidReason.NO_CONTROL_LINE: self.tr("no C line: repeat with a new strip"),
            }.get(judgment.invalid_reason)
            if reason:
                parts.append(reason)
        return self.tr("; ").join(parts)

    def _show_outcome(self, text: str, colour: str) -> None:
        self.outcome.setText(text)
        self.outcome.setStyleSheet(f"font-weight: bold; color: {colour};" if colour else "")

    def _show_confirmation(self, visible: bool) -> None:
        self.confirmation_label.setVisible(visible)
        self.boxes["confirmation_method"].setVisible(visible)

    @property
    def judgment(self) -> ScreenJudgment | None:
        return self._judgment

    # --- saving --------------------------------------------------------------------------------

    def submit(self) -> None:
        clear_errors(self.boxes, self.message)
        kit = self.chosen_kit()
        if kit is None:
            show_error_at_field(self.boxes, self.message, self.tr("Choose the kit lot the screen used"), "kit_lot")
            return
        try:
            readings = self.typed_readings()
        except ValidationError as err:
            show_error_at_field(self.boxes, self.message, error_text(err), err.field)
            return
        tested_at = vocabulary.moment_from(self.tested_at.dateTime(), self._zone)
        confirm = self._judgment is not None and self._judgment.needs_confirmation
        record = partial(
            self._services.screening.record, self._actor, self.sample_id, self.sample_version,
            self.parameter.currentData(), kit.id, readings, tested_at=tested_at,
            confirmation_method_id=self.confirmation_method.currentData() if confirm else None,
            notes=self.notes.text(),
        )
        self.save_button.setEnabled(False)
        self._runner.run(record, on_done=self._saved, on_error=self._refused, write=True)

    def _saved(self, screen: ScreenView) -> None:
        self.saved_screen = screen
        self.sample_version = screen.sample_version
        for widget in (self.kit_lot, self.parameter, self.tested_at, self.control_delta_a, self.sample_delta_a,
                       self.t_value, self.c_value, self.confirmation_method, self.notes):
            widget.setEnabled(False)
        lines = [self.tr("Saved: {outcome}").format(outcome=screen_outcome(screen.outcome))]
        if screen.confirmation:
            lines.append(self.tr("Confirmation test opened: {test}").format(test=screen.confirmation))
        elif screen.outcome == ScreenOutcome.INVALID:
            lines.append(self.tr("The run is invalid: repeat the screen."))
        else:
            lines.append(self.tr("No confirmation test is needed."))
        if screen.outcome != ScreenOutcome.INVALID:
            lines.append(self.tr("The sampled party may ask for a re-test, not by a rapid method, until {deadline}.")
                         .format(deadline=vocabulary.format_in(screen.retest_deadline, self._zone)))
        self.result_label.setText("\n".join(lines))
        self.result_label.setStyleSheet(f"color: {OK_COLOUR};")
        self.result_label.show()
        self.save_button.setEnabled(False)
        self.close_button.setText(self.tr("Close"))
        self.recorded.emit(screen)

    def _refused(self, err: LimsError) -> None:
        self.save_button.setEnabled(True)
        if isinstance(err, (ConcurrentEditError, NotFound)):
            self.message.show_error(error_text(err))
            self.conflict.emit(err)
            return
        field = err.field if isinstance(err, ValidationError) else None
        show_error_at_field(self.boxes, self.message, error_text(err), field)


def _number(value: Decimal) -> str:
    """A cut-off as a person writes it: 50.0 -> "50", 0.850 -> "0.85"."""
    return format(value.normalize(), "f")
