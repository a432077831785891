"""One sample at the bench: its sampling data, the actions the person looking at it may take,
and the results grid where values are typed straight into the table.

Every action goes through the task runner's write lane and returns the sample as it now is,
read for this person, which replaces what the view shows (the version numbers the next action
sends come from it). The workflow buttons shown are exactly the service's ``actions`` for this
person; the test buttons follow ``accepts_tests``. A refusal is shown as it comes."""
from __future__ import annotations

from datetime import tzinfo
from functools import partial
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from lims.domain.enums import SampleStatus, SignatureMeaning
from lims.domain.errors import ConcurrentEditError, LimsError
from lims.domain.workflow import Transition
from lims.gui import scope_words, vocabulary
from lims.gui.i18n import error_text
from lims.gui.label_print import LabelPrintDialog, open_label_dialog
from lims.gui.results_grid import GridColumn, GridLine, ResultsGrid, ResultsModel, verdict_text_colour
from lims.gui.sample_dialogs import (
    ActionDialog,
    AddTestDialog,
    ReasonDialog,
    ReceiptDialog,
    SignatureDialog,
)
from lims.gui.screen_dialog import ScreenDialog, screen_outcome
from lims.gui.tasks import TaskRunner
from lims.gui.views.reports import IssueReportDialog
from lims.gui.widgets import MessageLabel
from lims.services.container import Services
from lims.services.dto import Actor
from lims.services.sample_work import ActionView, SampleDetail, TestChoice, TestView
from lims.services.scope import ApprovalWarning
from lims.services.screening import ScreenView

# the value as typed, then as reported ("未检出" for not detected): no third column says ND again
COLUMNS = (
    GridColumn.PARAMETER, GridColumn.METHOD, GridColumn.UNIT, GridColumn.VALUE,
    GridColumn.REPORTED, GridColumn.VERDICT, GridColumn.BASIS, GridColumn.ENTERED_BY, GridColumn.STATUS,
    GridColumn.HISTORY, GridColumn.SCOPE,
)
WIDTHS = (110, 140, 55, 75, 125, 70, 200, 70, 70, 75, 190)  # the reported value may carry its LOQ note
TEST_ACTIONS = ("assign_panel", "add_test", "drop_test")


class SampleDetailView(QWidget):
    """``loaded`` carries each SampleDetail shown; ``status_changed`` the one an action of this
    view produced when it moved the sample on (the sample list shows the new status)."""

    loaded = Signal(object)  # SampleDetail
    status_changed = Signal(object)  # SampleDetail
    screens_loaded = Signal(object)  # list[ScreenView] of the sample shown

    def __init__(self, services: Services, actor: Actor, runner: TaskRunner, parent: QWidget | None = None,
                 *, zone: tzinfo | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._actor = actor
        self._runner = runner
        self._zone = zone or vocabulary.default_lab_zone()
        self.detail: SampleDetail | None = None
        self.dialog: ActionDialog | None = None
        self._focus_results = False

        self.code_label = QLabel()
        font = QFont(self.code_label.font())
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.code_label.setFont(font)
        self.code_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status_label = QLabel()
        self.status_label.setStyleSheet(
            "background: #e2ebf5; color: #123a5e; border-radius: 3px; padding: 2px 8px; font-weight: bold;")
        self.verdict_label = QLabel()
        self.fields: dict[str, QLabel] = {}
        # (key, caption, row, column pair, pairs spanned): the receipt (time, condition, place)
        # is the longest and has the last row to itself
        places = [
            ("product", self.tr("Product"), 0, 0, 1), ("producer", self.tr("Producer"), 0, 1, 1),
            ("area", self.tr("Area"), 0, 2, 1), ("task", self.tr("Sampling task"), 1, 0, 1),
            ("sampled_at", self.tr("Sampled at"), 1, 1, 1), ("received", self.tr("Receipt"), 2, 0, 3),
        ]
        info = QGridLayout()
        info.setHorizontalSpacing(10)
        info.setVerticalSpacing(4)
        for key, caption, row, pair, pairs in places:
            value = QLabel()
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setWordWrap(True)
            self.fields[key] = value
            name = QLabel(self.tr("{caption}:").format(caption=caption))
            name.setStyleSheet("color: #6c757d;")
            info.addWidget(name, row, 2 * pair, Qt.AlignmentFlag.AlignTop)
            info.addWidget(value, row, 2 * pair + 1, 1, 2 * pairs - 1, Qt.AlignmentFlag.AlignTop)
        for column in (1, 3, 5):
            info.setColumnStretch(column, 1)
        self.signatures_label = QLabel()
        self.signatures_label.setObjectName("signatures")
        self.signatures_label.setWordWrap(True)
        self.signatures_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # the sample's rapid screens (typed in the screen dialog or captured from a reader): not
        # results, so not in the grid; a positive one's confirmation test is
        self.screens_label = QLabel()
        self.screens_label.setObjectName("screens")
        self.screens_label.setWordWrap(True)
        self.screens_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.screens_label.hide()
        self._screens_of: int | None = None

        self.buttons: dict[str, QPushButton] = {}
        bar = QHBoxLayout()
        bar.setSpacing(6)
        texts = {
            "receive": self.tr("Receive…"),
            Transition.REJECT: self.tr("Reject…"),
            Transition.START: self.tr("Start testing"),
            "assign_panel": self.tr("Assign panel"),
            "add_test": self.tr("Add test…"),
            "drop_test": self.tr("Drop test…"),
            Transition.SUBMIT: self.tr("Submit for review"),
            Transition.VERIFY: self.tr("Verify…"),
            Transition.RETRACT: self.tr("Retract"),
            Transition.RETEST: self.tr("Retest"),
            Transition.APPROVE: self.tr("Approve…"),
            Transition.CANCEL: self.tr("Cancel sample…"),
            Transition.INVALIDATE: self.tr("Invalidate…"),
        }
        for key, text in texts.items():
            button = QPushButton(text)
            button.setAutoDefault(False)
            button.clicked.connect(partial(self.act, str(key)))
            button.hide()
            bar.addWidget(button)
            self.buttons[str(key)] = button
        bar.addStretch(1)
        self.screen_button = QPushButton(self.tr("Rapid screen…"))
        self.screen_button.setAutoDefault(False)
        self.screen_button.clicked.connect(self.open_screen)
        self.screen_button.hide()
        bar.addWidget(self.screen_button)
        self.report_button = QPushButton(self.tr("Issue report…"))
        self.report_button.setAutoDefault(False)
        self.report_button.clicked.connect(self.issue_report)
        self.report_button.hide()
        bar.addWidget(self.report_button)
        self.labels_button = QPushButton(self.tr("Print labels…"))
        self.labels_button.setAutoDefault(False)
        self.labels_button.clicked.connect(self.print_labels)
        bar.addWidget(self.labels_button)
        self.reload_button = QPushButton(self.tr("Reload"))
        self.reload_button.setAutoDefault(False)
        self.reload_button.clicked.connect(self.reload)
        bar.addWidget(self.reload_button)

        self.message = MessageLabel()
        self.grid = ResultsGrid(services, actor, runner, COLUMNS, WIDTHS, GridColumn.BASIS, self.message,
                                self._zone, lambda line: line.parameter, self)
        self.grid.saved.connect(self._saved)
        self.grid.conflict.connect(lambda _err: self.reload())
        self.model: ResultsModel = self.grid.model
        self.table = self.grid.table
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._update_buttons())
        self.hint = QLabel(self.tr(
            "Type a value in the Value column and press Enter to save it; type ND for not detected."))
        self.hint.setStyleSheet("color: #6c757d;")
        self.hint.setWordWrap(True)

        title = QHBoxLayout()
        title.addWidget(self.code_label)
        title.addSpacing(8)
        title.addWidget(self.status_label)
        title.addSpacing(16)
        title.addWidget(self.verdict_label)
        title.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(title)
        layout.addLayout(info)
        layout.addWidget(self.signatures_label)
        layout.addWidget(self.screens_label)
        layout.addLayout(bar)
        layout.addWidget(self.message)
        layout.addWidget(self.grid, 1)
        layout.addWidget(self.hint)

    # --- loading ----------------------------------------------------------------------------

    def load(self, sample_id: int) -> None:
        """Read the sample and show it; the results grid takes the focus when it arrives."""
        self._focus_results = True
        self.message.clear_message()
        self._runner.run(self._services.work.detail, sample_id, self._actor, on_done=self.show_detail,
                         on_error=self._refused)
        self._load_screens(sample_id)

    def open_screen(self) -> ScreenDialog | None:
        """Record a rapid screen; a positive one opens a confirmation test, shown on reload."""
        if self.detail is None:
            return None
        dialog = ScreenDialog(self._services, self._actor, self._runner, self.detail.id, self.detail.version,
                              self.detail.code, self, zone=self._zone)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.recorded.connect(lambda _screen: self.reload())
        dialog.conflict.connect(lambda _err: self.reload())
        dialog.open()
        return dialog

    def issue_report(self) -> IssueReportDialog | None:
        """The Reports page's issue dialog for this approved sample alone."""
        if self.detail is None:
            return None
        dialog = IssueReportDialog(self._services, self._actor, self._runner, self, sample_id=self.detail.id)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.issued.connect(lambda _report: self.reload())
        dialog.open()
        return dialog

    def print_labels(self) -> LabelPrintDialog | None:
        """The sample's barcode labels: print with a preview, or save a PDF label sheet."""
        if self.detail is None:
            return None
        return open_label_dialog(self._services, self._runner, [self.detail.id], self)

    def reload(self) -> None:
        if self.detail is not None:
            self._runner.run(self._services.work.detail, self.detail.id, self._actor, on_done=self.show_detail,
                             on_error=self._refused)
            self._load_screens(self.detail.id)

    def _load_screens(self, sample_id: int) -> None:
        self._screens_of = sample_id
        self._runner.run(self._services.screening.list_for_sample, sample_id,
                         on_done=partial(self._screens_arrived, sample_id), on_error=self._refused)

    def _screens_arrived(self, sample_id: int, screens: list[ScreenView]) -> None:
        if sample_id != self._screens_of:
            return  # another sample was opened meanwhile
        lines = [self._screen_text(screen) for screen in screens]
        self.screens_label.setText("\n".join([self.tr("Rapid screens (not results):"), *lines]) if lines else "")
        self.screens_label.setVisible(bool(lines))
        self.screens_loaded.emit(screens)

    def _screen_text(self, screen: ScreenView) -> str:
        """One screen: when, what, the outcome with its reading, the kit lot and reader, and the
        confirmation test it opened."""
        when = vocabulary.format_in(screen.tested_at, self._zone)
        parts = [f"{when} {screen.parameter} {screen_outcome(screen.outcome)}"]
        if screen.inhibition_pct is not None:
            parts.append(self.tr("inhibition {pct} %").format(pct=f"{screen.inhibition_pct:.2f}"))
        ratio = screen.t_over_c
        if ratio is not None:
            parts.append(self.tr("T/C {ratio}").format(ratio=f"{ratio:.3f}"))
        if screen.kit_lot:
            parts.append(self.tr("kit lot {lot}").format(lot=screen.kit_lot))
        if screen.instrument:
            parts.append(self.tr("read by {instrument}").format(instrument=screen.instrument))
        if screen.confirmation:
            parts.append(self.tr("confirmation: {test}").format(test=screen.confirmation))
        return "• " + self.tr("; ").join(parts)

    def show_detail(self, detail: SampleDetail) -> None:
        if self.detail is not None and self.detail.id != detail.id:
            self.model.set_lines([])
            if self._screens_of != detail.id:
                self.screens_label.hide()
        self.detail = detail
        self.code_label.setText(detail.code)
        self.status_label.setText(vocabulary.sample_status(detail.status))
        if detail.verdict:
            self.verdict_label.setText(self.tr("Verdict: {verdict}").format(verdict=vocabulary.verdict(detail.verdict)))
            colour = verdict_text_colour(detail.verdict)
            self.verdict_label.setStyleSheet(f"color: {colour.name()}; font-weight: bold;" if colour else "")
        else:
            self.verdict_label.setText("")
        self.fields["product"].setText(detail.product)
        self.fields["producer"].setText(detail.producer)
        self.fields["area"].setText(detail.area)
        self.fields["task"].setText(detail.task)
        self.fields["sampled_at"].setText(vocabulary.format_in(detail.sampled_at, self._zone))
        if detail.received_at is not None:
            self.fields["received"].setText(self.tr("{time}, {condition}; kept at {place}").format(
                time=vocabulary.format_in(detail.received_at, self._zone), condition=detail.condition,
                place=detail.storage_place))
        elif detail.rejection_reason:
            self.fields["received"].setText(self.tr("Rejected: {reason}").format(reason=detail.rejection_reason))
        else:
            self.fields["received"].setText(self.tr("Not yet"))
        self.signatures_label.setText(self._signatures_text(detail))
        self.signatures_label.setVisible(bool(detail.signatures))
        takes_results = self._takes_results(detail)
        self.model.set_lines([GridLine.of_test(t, sample_open=takes_results) for t in detail.tests])
        self._update_buttons()
        if self._focus_results:
            self._focus_results = False
            self._focus_first_open_row()
        self.loaded.emit(detail)

    def _signatures_text(self, detail: SampleDetail) -> str:
        parts = []
        for sig in detail.signatures:
            when = vocabulary.format_in(sig.signed_at, self._zone)
            if sig.meaning == SignatureMeaning.REVIEWED:
                parts.append(self.tr("Reviewed by {name} on {time}").format(name=sig.full_name, time=when))
            elif sig.meaning == SignatureMeaning.APPROVED:
                parts.append(self.tr("Approved by {name} on {time}").format(name=sig.full_name, time=when))
            else:
                parts.append(f"{sig.meaning}: {sig.full_name} {when}")
        return self.tr("Signatures: {list}").format(list=self.tr("; ").join(parts)) if parts else ""

    @staticmethod
    def _takes_results(detail: SampleDetail) -> bool:
        """Values may be typed once the sample is in the lab and while its tests are open."""
        return detail.accepts_tests and detail.received_at is not None

    def action(self, transition: str) -> ActionView | None:
        """The workflow step ``transition`` if the person may take it now."""
        if self.detail is None:
            return None
        return next((a for a in self.detail.actions if a.transition == transition), None)

    def _update_buttons(self) -> None:
        if self.detail is None:
            return
        offered = {a.transition for a in self.detail.actions}  # "receive" among them opens the receipt
        if self.detail.accepts_tests:
            offered.update(TEST_ACTIONS)
        for key, button in self.buttons.items():
            button.setVisible(key in offered)
        self.screen_button.setVisible(self.detail.accepts_tests)
        self.report_button.setVisible(self.detail.status == SampleStatus.APPROVED.value)
        test = self._current_test()
        self.buttons["drop_test"].setEnabled(test is not None and test.current is None and not test.history)
        self.hint.setVisible(self._takes_results(self.detail))

    def _focus_first_open_row(self) -> None:
        tests = self.detail.tests if self.detail is not None else ()
        if tests:
            self.grid.go_to(next((i for i, t in enumerate(tests) if t.current is None), 0))

    def _current_test(self) -> TestView | None:
        line = self.grid.current_line()
        if line is None or self.detail is None:
            return None
        return next((t for t in self.detail.tests if t.id == line.test_id), None)

    # --- actions ----------------------------------------------------------------------------

    def act(self, key: str) -> None:
        """Take the action of the button ``key`` (a Transition value, "receive", "assign_panel",
        "add_test" or "drop_test"); those that need more ask for it in a dialog."""
        detail = self.detail
        if detail is None:
            return
        self.message.clear_message()
        work, actor = self._services.work, self._actor
        if key == "receive":
            self._open_dialog(ReceiptDialog(
                self._runner, detail.code,
                lambda condition, place: work.receive(actor, detail.id, detail.version, condition=condition,
                                                      storage_place=place), self))
        elif key == "assign_panel":
            self._write(work.assign_panel, actor, detail.id, detail.version)
        elif key == "add_test":
            self._runner.run(work.test_choices, on_done=self._add_test, on_error=self._refused)
        elif key == "drop_test":
            test = self._current_test()
            if test is None:
                return
            self._open_dialog(ReasonDialog(
                self._runner, self.tr("Drop the test {parameter}").format(parameter=test.parameter),
                self.tr("Why is this test dropped? The reason is kept in the audit trail."), self.tr("Drop test"),
                lambda reason: work.drop_test(actor, test.id, test.version, reason), self))
        else:
            self._transition(Transition(key))

    def _transition(self, transition: Transition) -> None:
        detail = self.detail
        step = self.action(transition)
        if detail is None or step is None:
            return
        work, actor = self._services.work, self._actor
        button = self.buttons[str(transition)].text().rstrip("…")
        if step.needs_password:
            if transition == Transition.VERIFY:
                meaning = self.tr("Sign as reviewer")
                statement = self.tr(
                    "Sample {code}: with your password you sign that you have reviewed every result of it.")
            elif transition == Transition.APPROVE:
                meaning = self.tr("Approve as authorised signatory")
                statement = self.tr(
                    "Sample {code}: with your password you approve its results for the report.")
                # the tests outside the scope are named before the signature, not after
                self._runner.run(self._services.scope.approval_warnings, detail.id, on_done=partial(
                    self._sign, transition, meaning, statement.format(code=detail.code), button),
                    on_error=self._refused)
                return
            else:
                meaning = button
                statement = self.tr("Sample {code}: confirm this step with your password.")
            self._sign(transition, meaning, statement.format(code=detail.code), button, [])
        elif step.needs_reason:
            self._open_dialog(ReasonDialog(
                self._runner, self.tr("{action}: sample {code}").format(action=button, code=detail.code),
                self.tr("Give the reason. It is kept in the audit trail."), button,
                lambda reason: work.transition(actor, detail.id, detail.version, transition, reason=reason), self))
        else:
            self._write(partial(work.transition, actor, detail.id, detail.version, transition))

    def _sign(self, transition: Transition, meaning: str, statement: str, button: str,
              warnings: list[ApprovalWarning]) -> None:
        detail = self.detail
        if detail is None:
            return
        work, actor = self._services.work, self._actor
        self._open_dialog(SignatureDialog(
            self._runner, actor, meaning, statement, button,
            lambda password: work.transition(actor, detail.id, detail.version, transition, password=password),
            self, warning=self._scope_warning(warnings)))

    def _scope_warning(self, warnings: list[ApprovalWarning]) -> str:
        """The tests outside a certificate's scope, each with its verdicts' reasons."""
        if not warnings:
            return ""
        lines = []
        for w in warnings:
            parts = [f"{m.kind} {vocabulary.scope_verdict(m.verdict, m.reason)}"
                     + (f"（{m.detail}）" if m.detail else "") for m in (w.cma, w.catl) if m.verdict != "in"]
            if w.edition is not None:
                parts.append(scope_words.edition_flag(w.edition))
            lines.append(f"• {w.parameter} {w.method}: " + self.tr("; ").join(parts))
        return "\n".join([self.tr("Outside the scope: approving signs {n} test(s) that a certificate's scope does "
                                   "not cover, or that a person must confirm; the report does not cover them with "
                                   "that certificate's mark.").format(n=len(warnings)), *lines])

    def _add_test(self, choices: list[TestChoice]) -> None:
        detail = self.detail
        if detail is None:
            return
        work, actor = self._services.work, self._actor
        have = {t.parameter_id for t in detail.tests}
        self._open_dialog(AddTestDialog(
            self._runner, [c for c in choices if c.parameter_id not in have],
            lambda parameter_id, method_id: work.add_test(actor, detail.id, detail.version, parameter_id, method_id),
            self))

    def _open_dialog(self, dialog: ActionDialog) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.acted.connect(self._acted)
        dialog.refused.connect(self._refused)
        self._show_dialog(dialog)

    def _show_dialog(self, dialog: ActionDialog) -> None:
        self.dialog = dialog
        dialog.finished.connect(partial(self._dialog_closed, dialog))
        dialog.open()

    def _dialog_closed(self, dialog: ActionDialog, _result: int) -> None:
        if self.dialog is dialog:
            self.dialog = None  # it deletes itself on closing

    def _write(self, fn: Any, *args: Any) -> None:
        for button in self.buttons.values():
            button.setEnabled(False)
        self._runner.run(fn, *args, on_done=self._acted, on_error=self._write_refused, write=True)

    def _write_refused(self, err: LimsError) -> None:
        for button in self.buttons.values():
            button.setEnabled(True)
        self._update_buttons()
        self._refused(err)

    def _acted(self, detail: SampleDetail) -> None:
        for button in self.buttons.values():
            button.setEnabled(True)
        before = self.detail
        self._focus_results = before is not None and not before.tests and bool(detail.tests)
        self.show_detail(detail)
        if before is not None and before.status != detail.status:
            self.message.show_ok(self.tr("The sample is now: {status}").format(
                status=vocabulary.sample_status(detail.status)))
        self._announce(before, detail)

    def _refused(self, err: LimsError) -> None:
        self.message.show_error(error_text(err))
        if isinstance(err, ConcurrentEditError):
            self.reload()

    # --- typing results ---------------------------------------------------------------------

    def _announce(self, before: SampleDetail | None, after: SampleDetail) -> None:
        if before is None or (before.status, before.verdict) != (after.status, after.verdict):
            self.status_changed.emit(after)

    def _saved(self, detail: SampleDetail) -> None:
        """A value the grid stored: the sample as it now is (the first result starts testing)."""
        before = self.detail
        self.show_detail(detail)
        self._announce(before, detail)
