"""Certificates (CMA, CATL) with their validity and the rows of the selected one's ability table
(a method edition the standards catalogue says is withdrawn or replaced is flagged on its row);
certificates added and edited and tables imported by a lab manager; expansion applications; the
alias table; and the scope audit, of the last days on screen and of a period to Excel and PDF."""
from __future__ import annotations

from collections.abc import Callable
from datetime import date
from enum import StrEnum
from functools import partial
from pathlib import Path

from PySide6.QtCore import QDate, QItemSelection, Qt
from PySide6.QtWidgets import (
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from lims.domain.accounts import Duty, holds
from lims.domain.errors import LimsError
from lims.gui import scope_words, vocabulary
from lims.gui.i18n import error_text
from lims.gui.scope_aliases import AliasPanel, RequiredDialog
from lims.gui.scope_dialogs import CertificateDialog, TableImportDialog
from lims.gui.scope_expansion import ExpansionPanel
from lims.gui.tasks import TaskRunner
from lims.gui.widgets import Column, MessageLabel, Tint, rows_table, tinted
from lims.services.container import Services
from lims.services.dto import Actor, TreeChoice
from lims.services.scope import CertificateView, OutOfScopeTest, RequiredRow, ScopeAudit, ScopeRowState
from lims.services.scope_audit import AuditFiles, PeriodAudit


class Validity(StrEnum):
    VALID = "valid"
    RENEWAL_DUE = "renewal_due"
    EXPIRED = "expired"


def certificate_validity(cert: CertificateView, today: date) -> Validity:
    if cert.valid_until < today:
        return Validity.EXPIRED
    if (cert.valid_until - today).days <= cert.renewal_lead_days:
        return Validity.RENEWAL_DUE
    return Validity.VALID


class ScopeView(QWidget):
    def __init__(self, services: Services, runner: TaskRunner, parent: QWidget | None = None,
                 today: Callable[[], date] = date.today, actor: Actor | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._runner = runner
        self._today = today
        self._actor = actor
        self._shown_certificate: int | None = None
        self.dialog: CertificateDialog | TableImportDialog | None = None

        def tint(cert: CertificateView) -> Tint | None:
            state = certificate_validity(cert, self._today())
            return {Validity.EXPIRED: Tint.EXPIRED, Validity.RENEWAL_DUE: Tint.DUE}.get(state)

        self.certificates, self.certificate_table = rows_table(tinted([
            Column[CertificateView](self.tr("Kind"), lambda c: vocabulary.certificate_kind(c.kind)),
            Column[CertificateView](self.tr("Certificate number"), lambda c: c.number),
            Column[CertificateView](self.tr("Holder"), lambda c: c.holder, tooltip=lambda c: c.holder),
            Column[CertificateView](self.tr("Valid"), self._validity_text),
            Column[CertificateView](self.tr("State"), self._state_text),
            Column[CertificateView](self.tr("Ability table"), self._table_text),
            Column[CertificateView](self.tr("Rows"), lambda c: str(c.rows), align_right=True),
        ], tint), [130, 210, 200, 185, 185, 150, 60], self, stretch=2)
        def edition_tint(row: ScopeRowState) -> Tint | None:
            if any(f.state.value == "withdrawn" for f in row.editions):
                return Tint.EXPIRED
            return Tint.DUE if row.editions else None

        self.scope_rows, self.row_table = rows_table(tinted([
            Column[ScopeRowState](self.tr("No."), lambda r: str(r.seq), align_right=True),
            Column[ScopeRowState](self.tr("Item"), lambda r: r.number),
            Column[ScopeRowState](self.tr("Product / parameter"), lambda r: r.name),
            Column[ScopeRowState](self.tr("Method standard"), lambda r: r.method_text,
                                  tooltip=lambda r: r.method_text),
            Column[ScopeRowState](self.tr("Method edition"), self._edition_text, tooltip=self._edition_text),
            Column[ScopeRowState](self.tr("Limits of use"), lambda r: r.limits_of_use),
            Column[ScopeRowState](self.tr("Remark"), lambda r: r.remark),
        ], edition_tint), [50, 55, 200, 280, 330, 150], self)
        self.certificate_table.selectionModel().selectionChanged.connect(self._certificate_selected)

        self.rows_title = QLabel(self.tr("Select a certificate to see its ability table"))
        self.message = MessageLabel()
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(QLabel(self.tr("Certificates")))
        top_layout.addWidget(self.certificate_table)
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addWidget(self.rows_title)
        bottom_layout.addWidget(self.row_table)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(bottom)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 3)

        may_manage = actor is not None and holds(actor.roles, Duty.MANAGE_SCOPE)
        self.add_button = QPushButton(self.tr("Add certificate…"))
        self.edit_button = QPushButton(self.tr("Edit certificate…"))
        self.import_button = QPushButton(self.tr("Import ability table…"))
        for button, slot in ((self.add_button, self.add_certificate), (self.edit_button, self.edit_certificate),
                             (self.import_button, self.import_table)):
            button.clicked.connect(slot)
            button.setEnabled(may_manage)
            if not may_manage:
                button.setToolTip(self.tr("Only a lab manager changes the certificates and their scope"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.import_button)
        buttons.addStretch(1)
        certificates_page = QWidget()
        page_layout = QVBoxLayout(certificates_page)
        page_layout.addLayout(buttons)
        page_layout.addWidget(splitter, 1)

        self.audit_panel = ScopeAuditPanel(services, runner, self, today=today, actor=actor)
        self.expansion_panel = ExpansionPanel(services, runner, actor, today, self)
        self.alias_panel = AliasPanel(services, runner, actor, self)
        self.tabs = QTabWidget()
        self.tabs.addTab(certificates_page, self.tr("Certificates and ability tables"))
        self.tabs.addTab(self.audit_panel, self.tr("Scope audit"))
        self.tabs.addTab(self.expansion_panel, self.tr("Expansion applications"))
        self.tabs.addTab(self.alias_panel, self.tr("Aliases"))
        self.tabs.currentChanged.connect(self._tab_shown)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.tabs, 1)

    def refresh(self) -> None:
        self._runner.run(self._services.scope.certificates, on_done=self._loaded, on_error=self._failed)
        self._tab_shown(self.tabs.currentIndex())

    def _tab_shown(self, index: int) -> None:
        page = self.tabs.widget(index)
        if page is self.expansion_panel:
            self.expansion_panel.refresh()
        elif page is self.alias_panel:
            self.alias_panel.refresh()

    def selected_certificate(self) -> CertificateView | None:
        indexes = self.certificate_table.selectionModel().selectedRows()
        return self.certificates.row_at(indexes[0].row()) if indexes else None

    def add_certificate(self) -> None:
        if self._actor is None:
            return
        self.dialog = CertificateDialog(self._services, self._actor, self._runner, None, self, today=self._today())
        self.dialog.saved.connect(lambda _view: self.refresh())
        self.dialog.open()

    def edit_certificate(self) -> None:
        cert = self.selected_certificate()
        if self._actor is None:
            return
        if cert is None:
            self.message.show_error(self.tr("Select the certificate to edit"))
            return
        self.dialog = CertificateDialog(self._services, self._actor, self._runner, cert, self, today=self._today())
        self.dialog.saved.connect(lambda _view: self.refresh())
        self.dialog.open()

    def import_table(self) -> None:
        cert = self.selected_certificate()
        if self._actor is None:
            return
        if cert is None:
            self.message.show_error(self.tr("Select the certificate whose ability table you import"))
            return
        self.dialog = TableImportDialog(self._services, self._actor, self._runner, cert, self, today=self._today())
        self.dialog.imported.connect(lambda _done: self.refresh())
        self.dialog.open()

    def _loaded(self, rows: list[CertificateView]) -> None:
        self.message.clear_message()
        self.certificates.set_rows(rows)
        self.scope_rows.set_rows([])
        self._shown_certificate = None
        if rows:
            self.certificate_table.selectRow(0)
        else:
            self.rows_title.setText(self.tr("No certificates are recorded yet"))

    def _certificate_selected(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes = selected.indexes()
        cert = self.certificates.row_at(indexes[0].row()) if indexes else None
        if cert is None:
            return
        self._shown_certificate = cert.id
        self.rows_title.setText(self.tr("Ability table of {kind} {number}: loading…").format(
            kind=vocabulary.certificate_kind(cert.kind), number=cert.number))
        self._runner.run(
            self._services.scope.table_rows, cert.id, self._today(),
            on_done=partial(self._rows_loaded, cert), on_error=self._failed,
        )

    def _rows_loaded(self, cert: CertificateView, rows: list[ScopeRowState]) -> None:
        if cert.id != self._shown_certificate:
            return
        self.scope_rows.set_rows(rows)
        if cert.table_version is None:
            self.rows_title.setText(self.tr("{kind} {number} has no ability table yet").format(
                kind=vocabulary.certificate_kind(cert.kind), number=cert.number))
            return
        self.rows_title.setText(self.tr("Ability table of {kind} {number}, version {version}: {n} rows").format(
            kind=vocabulary.certificate_kind(cert.kind), number=cert.number, version=cert.table_version,
            n=len(rows)))
        flagged = sum(bool(r.editions) for r in rows)
        if flagged:
            self.rows_title.setText(self.rows_title.text() + self.tr(
                "; {n} name a method edition that is withdrawn or replaced").format(n=flagged))

    def _failed(self, err: LimsError) -> None:
        self.message.show_error(error_text(err))

    def _validity_text(self, cert: CertificateView) -> str:
        return self.tr("{start} to {end}").format(start=vocabulary.format_date(cert.issued_on),
                                                   end=vocabulary.format_date(cert.valid_until))

    def _state_text(self, cert: CertificateView) -> str:
        today = self._today()
        state = certificate_validity(cert, today)
        if state == Validity.EXPIRED:
            return self.tr("Expired")
        if state == Validity.RENEWAL_DUE:
            return self.tr("Renewal due: {n} days left").format(n=(cert.valid_until - today).days)
        return self.tr("Valid")

    def _edition_text(self, row: ScopeRowState) -> str:
        return self.tr("; ").join(scope_words.edition_flag(f) for f in row.editions)

    def _table_text(self, cert: CertificateView) -> str:
        if cert.table_version is None:
            return self.tr("None")
        return self.tr("Version {n} ({day})").format(n=cert.table_version,
                                                     day=vocabulary.format_date(cert.table_approved_on))


def _date_edit(day: date) -> QDateEdit:
    edit = QDateEdit(QDate(day.year, day.month, day.day))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    return edit


class ScopeAuditPanel(QWidget):
    """Tests of the last days by verdict, the ones out of scope or to confirm with their reasons,
    and the certificates due for renewal; and the audit of a period with every section (reports'
    marks, editions in use, authorisation gaps, coverage, what to expand next), written to Excel
    and a one-page PDF."""

    def __init__(self, services: Services, runner: TaskRunner, parent: QWidget | None = None,
                 today: Callable[[], date] = date.today, actor: Actor | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._runner = runner
        self._today = today
        self._actor = actor
        self.report: ScopeAudit | None = None
        self.period: PeriodAudit | None = None
        self.files: AuditFiles | None = None
        self.days = QSpinBox()
        self.days.setRange(1, 3660)
        self.days.setValue(90)
        self.days.setSuffix(self.tr(" days"))
        self.run_button = QPushButton(self.tr("Run audit"))
        self.run_button.clicked.connect(self.run)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Tests of the last")))
        top.addWidget(self.days)
        top.addWidget(self.run_button)
        top.addStretch(1)
        end = today()
        self.start = _date_edit(date(end.year, 1, 1))
        self.end = _date_edit(end)
        self.expiring_days = QSpinBox()
        self.expiring_days.setRange(0, 3660)
        self.expiring_days.setValue(180)
        self.expiring_days.setSuffix(self.tr(" days"))
        self.period_button = QPushButton(self.tr("Audit the period"))
        self.period_button.clicked.connect(self.run_period)
        self.export_button = QPushButton(self.tr("Export Excel and PDF…"))
        self.export_button.clicked.connect(self.export)
        self.required_button = QPushButton(self.tr("Required parameters…"))
        self.required_button.clicked.connect(self.edit_required)
        self.required_button.setEnabled(actor is not None and holds(actor.roles, Duty.MANAGE_SCOPE))
        self.dialog: RequiredDialog | None = None
        period = QHBoxLayout()
        period.addWidget(QLabel(self.tr("Period from")))
        period.addWidget(self.start)
        period.addWidget(QLabel(self.tr("to")))
        period.addWidget(self.end)
        period.addWidget(QLabel(self.tr("certificates expiring within")))
        period.addWidget(self.expiring_days)
        period.addWidget(self.period_button)
        period.addWidget(self.export_button)
        period.addStretch(1)
        period.addWidget(self.required_button)
        self.sections = QLabel()
        self.sections.setWordWrap(True)
        self.sections.setTextFormat(Qt.TextFormat.RichText)
        self.summary = QLabel(self.tr("Run the audit to see the tests outside the scope"))
        self.summary.setWordWrap(True)
        self.expiring = QLabel()
        self.expiring.setWordWrap(True)
        self.outside, self.outside_table = rows_table([
            Column[OutOfScopeTest](self.tr("Sample"), lambda o: o.sample_code),
            Column[OutOfScopeTest](self.tr("Parameter"), lambda o: o.parameter),
            Column[OutOfScopeTest](self.tr("Method"), lambda o: o.method),
            Column[OutOfScopeTest](self.tr("Test date"), lambda o: vocabulary.format_date(o.on)),
            Column[OutOfScopeTest](self.tr("Certificate"), lambda o: o.kind),
            Column[OutOfScopeTest](self.tr("Verdict"), lambda o: vocabulary.scope_verdict(o.verdict, o.reason)),
            Column[OutOfScopeTest](self.tr("Detail"), lambda o: o.detail, tooltip=lambda o: o.detail),
        ], [150, 150, 170, 100, 70, 150, 200], self, stretch=6)
        self.message = MessageLabel()
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(period)
        layout.addWidget(self.message)
        layout.addWidget(self.summary)
        layout.addWidget(self.expiring)
        layout.addWidget(self.sections)
        layout.addWidget(self.outside_table, 1)

    def run(self) -> None:
        self.run_button.setEnabled(False)
        self._runner.run(partial(self._services.scope.audit, self.days.value()), on_done=self._shown,
                         on_error=self._failed)

    def _shown(self, report: ScopeAudit) -> None:
        self.run_button.setEnabled(True)
        self.message.clear_message()
        self.report = report
        parts = []
        for kind, counts in report.verdicts.items():
            parts.append(self.tr("{kind}: {inside} in scope, {review} to confirm, {out} out").format(
                kind=kind, inside=counts.get("in", 0), review=counts.get("review", 0), out=counts.get("out", 0)))
        self.summary.setText(self.tr("{start} to {end}: {tests} test(s). {parts}").format(
            start=vocabulary.format_date(report.start), end=vocabulary.format_date(report.end), tests=report.tests,
            parts=self.tr("; ").join(parts)))
        if report.expiring:
            self.expiring.setText(self.tr("Renewal due: {list}").format(list=self.tr("; ").join(
                self.tr("{kind} {number} valid until {day} ({days} days left)").format(
                    kind=c.kind, number=c.number, day=vocabulary.format_date(c.valid_until), days=c.days_left)
                for c in report.expiring)))
            self.expiring.setStyleSheet("color: #8a6d3b")
        else:
            self.expiring.setText(self.tr("No certificate is due for renewal"))
            self.expiring.setStyleSheet("")
        self.outside.set_rows(list(report.outside))

    def _failed(self, err: LimsError) -> None:
        for button in (self.run_button, self.period_button, self.export_button):
            button.setEnabled(True)
        self.message.show_error(error_text(err))

    # --- a period ------------------------------------------------------------------------------

    def edit_required(self) -> None:
        """The required-parameters list of a product, which the coverage section reads."""
        services = self._services

        def both() -> tuple[tuple[TreeChoice, ...], list[RequiredRow]]:
            return services.samples.options().products, services.scope.required()

        self._runner.run(both, on_done=self._open_required, on_error=self._failed)

    def _open_required(self, found: tuple[tuple[TreeChoice, ...], list[RequiredRow]]) -> None:
        if self._actor is None:
            return
        self.dialog = RequiredDialog(self._services, self._actor, self._runner, found[0], found[1], self)
        self.dialog.saved.connect(lambda rows: self.message.show_ok(self.tr(
            "Required parameters saved: {list}").format(list="、".join(r.parameter for r in rows) or self.tr("none"))))
        self.dialog.open()

    def _period_args(self) -> tuple[date, date, int]:
        return (vocabulary.day_from(self.start.date()), vocabulary.day_from(self.end.date()),
                self.expiring_days.value())

    def run_period(self) -> None:
        """The period's tests outside the scope in the list, and every section of its audit above it."""
        start, end, within = self._period_args()
        scope = self._services.scope
        self.period_button.setEnabled(False)

        def both() -> tuple[ScopeAudit, PeriodAudit]:
            return scope.audit_between(start, end), scope.period_audit(start, end, expiring_within=within)

        self._runner.run(both, on_done=self._both_shown, on_error=self._failed)

    def _both_shown(self, found: tuple[ScopeAudit, PeriodAudit]) -> None:
        self._shown(found[0])
        self._period_shown(found[1])

    def export(self) -> None:
        start, end, _ = self._period_args()
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save the scope audit"), self.tr("scope audit {start} to {end}.xlsx").format(
                start=start.isoformat(), end=end.isoformat()), self.tr("Excel workbooks (*.xlsx)"))
        if path:
            self.export_to(Path(path))

    def export_to(self, excel: Path) -> None:
        """The period's audit to ``excel`` and its one-page summary beside it (the same name, .pdf)."""
        start, end, within = self._period_args()
        if excel.suffix.lower() != ".xlsx":
            excel = excel.with_name(excel.name + ".xlsx")
        self.export_button.setEnabled(False)
        self.message.show_info(self.tr("Writing the audit…"))
        self._runner.run(partial(self._services.scope.write_audit, start, end, excel=excel,
                                 pdf=excel.with_suffix(".pdf"), expiring_within=within),
                         on_done=self._exported, on_error=self._failed)

    def _exported(self, files: AuditFiles) -> None:
        self.files = files
        self._period_shown(files.audit)
        self.message.show_ok(self.tr("Written: {excel} and {pdf}").format(excel=files.excel, pdf=files.pdf))

    def _period_shown(self, found: PeriodAudit) -> None:
        self.period_button.setEnabled(True)
        self.export_button.setEnabled(True)
        self.message.clear_message()
        self.period = found
        wrong = len({w.report for w in found.wrong_marks})
        outside = sum(g.gap == "outside" for g in found.authorisation_gaps)
        unsigned = sum(g.gap == "no_signatory" for g in found.authorisation_gaps)
        edition_tests = sum(e.tests for e in found.editions_in_use)

        def line(text: str, alarm: bool) -> str:
            escaped = text.replace("&", "&amp;").replace("<", "&lt;")
            return f'<span style="color:#a94442">⚠ {escaped}</span>' if alarm else escaped

        lines = [
            self.tr("{start} to {end}: {tests} test(s)").format(
                start=vocabulary.format_date(found.start), end=vocabulary.format_date(found.end), tests=found.tests),
            line(self.tr("Reports with a mark they should not have: {n} of {checked} checked (must be none)").format(
                n=wrong, checked=found.reports_checked), wrong > 0),
            line(self.tr("Certificates expiring within {days} days: {list}").format(
                days=self.expiring_days.value(), list=self.tr("; ").join(
                    f"{c.kind} {c.number} ({vocabulary.format_date(c.valid_until)})" for c in found.expiring)
                or self.tr("none")), bool(found.expiring)),
            line(self.tr("Tests by a withdrawn or replaced method edition: {n}; ability-table rows naming one: "
                         "{rows}").format(n=edition_tests, rows=self.tr("; ").join(
                             f"{r.kind} {r.row} {scope_words.edition_flag(r.flag)}" for r in found.table_editions)
                         or self.tr("none")), bool(edition_tests or found.table_editions)),
            line(self.tr("Signatories authorised outside the scope: {outside}; parameters in the scope nobody may "
                         "sign: {unsigned}").format(outside=outside, unsigned=unsigned), bool(outside or unsigned)),
            self.tr("Expand next: {list}").format(list=self.tr("; ").join(
                f"{c.product} {c.parameter} ({'/'.join(c.missing)})" for c in found.next_to_expand[:5])
                or self.tr("nothing")),
        ]
        self.sections.setText("<br>".join(lines))
