"""Certificates (CMA, CATL) with their validity and the rows of the selected one's ability table;
certificates added and edited and tables imported by a lab manager; and the scope audit."""
from __future__ import annotations

from collections.abc import Callable
from datetime import date
from enum import StrEnum
from functools import partial

from PySide6.QtCore import QItemSelection, Qt
from PySide6.QtWidgets import (
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
from lims.gui import vocabulary
from lims.gui.i18n import error_text
from lims.gui.scope_dialogs import CertificateDialog, TableImportDialog
from lims.gui.tasks import TaskRunner
from lims.gui.widgets import Column, MessageLabel, Tint, rows_table, tinted
from lims.services.container import Services
from lims.services.dto import Actor
from lims.services.overview import ScopeRowView
from lims.services.scope import CertificateView, OutOfScopeTest, ScopeAudit


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
        self.scope_rows, self.row_table = rows_table([
            Column[ScopeRowView](self.tr("No."), lambda r: str(r.seq), align_right=True),
            Column[ScopeRowView](self.tr("Item"), lambda r: r.number),
            Column[ScopeRowView](self.tr("Product / parameter"), lambda r: r.name),
            Column[ScopeRowView](self.tr("Method standard"), lambda r: r.method_text,
                                 tooltip=lambda r: r.method_text),
            Column[ScopeRowView](self.tr("Limits of use"), lambda r: r.limits_of_use),
            Column[ScopeRowView](self.tr("Remark"), lambda r: r.remark),
        ], [60, 70, 260, 380, 160], self)
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

        self.audit_panel = ScopeAuditPanel(services, runner, self)
        self.tabs = QTabWidget()
        self.tabs.addTab(certificates_page, self.tr("Certificates and ability tables"))
        self.tabs.addTab(self.audit_panel, self.tr("Scope audit"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.tabs, 1)

    def refresh(self) -> None:
        self._runner.run(self._services.scope.certificates, on_done=self._loaded, on_error=self._failed)

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
            self._services.overview.scope_rows, cert.id,
            on_done=partial(self._rows_loaded, cert), on_error=self._failed,
        )

    def _rows_loaded(self, cert: CertificateView, rows: list[ScopeRowView]) -> None:
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

    def _table_text(self, cert: CertificateView) -> str:
        if cert.table_version is None:
            return self.tr("None")
        return self.tr("Version {n} ({day})").format(n=cert.table_version,
                                                     day=vocabulary.format_date(cert.table_approved_on))


class ScopeAuditPanel(QWidget):
    """Tests of the last days by verdict, the ones out of scope or to confirm with their reasons,
    and the certificates due for renewal."""

    def __init__(self, services: Services, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._runner = runner
        self.report: ScopeAudit | None = None
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
        layout.addWidget(self.message)
        layout.addWidget(self.summary)
        layout.addWidget(self.expiring)
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
        self.run_button.setEnabled(True)
        self.message.show_error(error_text(err))
