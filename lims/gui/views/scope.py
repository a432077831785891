"""Certificates (CMA, CATL) with their validity, and the rows of the selected one's ability table."""
from __future__ import annotations

from collections.abc import Callable
from datetime import date
from enum import StrEnum
from functools import partial

from PySide6.QtCore import QItemSelection, Qt
from PySide6.QtWidgets import QLabel, QSplitter, QVBoxLayout, QWidget

from lims.domain.errors import LimsError
from lims.gui import vocabulary
from lims.gui.i18n import error_text
from lims.gui.tasks import TaskRunner
from lims.gui.widgets import Column, MessageLabel, Tint, rows_table, tinted
from lims.services.container import Services
from lims.services.overview import CertificateRow, ScopeRowView


class Validity(StrEnum):
    VALID = "valid"
    RENEWAL_DUE = "renewal_due"
    EXPIRED = "expired"


def certificate_validity(cert: CertificateRow, today: date) -> Validity:
    if cert.valid_until < today:
        return Validity.EXPIRED
    if (cert.valid_until - today).days <= cert.renewal_lead_days:
        return Validity.RENEWAL_DUE
    return Validity.VALID


class ScopeView(QWidget):
    def __init__(self, services: Services, runner: TaskRunner, parent: QWidget | None = None,
                 today: Callable[[], date] = date.today) -> None:
        super().__init__(parent)
        self._services = services
        self._runner = runner
        self._today = today
        self._shown_certificate: int | None = None

        def tint(cert: CertificateRow) -> Tint | None:
            state = certificate_validity(cert, self._today())
            return {Validity.EXPIRED: Tint.EXPIRED, Validity.RENEWAL_DUE: Tint.DUE}.get(state)

        self.certificates, self.certificate_table = rows_table(tinted([
            Column[CertificateRow](self.tr("Kind"), lambda c: vocabulary.certificate_kind(c.kind)),
            Column[CertificateRow](self.tr("Certificate number"), lambda c: c.number),
            Column[CertificateRow](self.tr("Holder"), lambda c: c.holder, tooltip=lambda c: c.holder),
            Column[CertificateRow](self.tr("Valid"), self._validity_text),
            Column[CertificateRow](self.tr("State"), self._state_text),
            Column[CertificateRow](self.tr("Ability table"), self._table_text),
            Column[CertificateRow](self.tr("Rows"), lambda c: str(c.rows), align_right=True),
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
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(splitter, 1)

    def refresh(self) -> None:
        self._runner.run(self._services.overview.certificates, on_done=self._loaded, on_error=self._failed)

    def _loaded(self, rows: list[CertificateRow]) -> None:
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

    def _rows_loaded(self, cert: CertificateRow, rows: list[ScopeRowView]) -> None:
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

    def _validity_text(self, cert: CertificateRow) -> str:
        return self.tr("{start} to {end}").format(start=vocabulary.format_date(cert.issued_on),
                                                   end=vocabulary.format_date(cert.valid_until))

    def _state_text(self, cert: CertificateRow) -> str:
        today = self._today()
        state = certificate_validity(cert, today)
        if state == Validity.EXPIRED:
            return self.tr("Expired")
        if state == Validity.RENEWAL_DUE:
            return self.tr("Renewal due: {n} days left").format(n=(cert.valid_until - today).days)
        return self.tr("Valid")

    def _table_text(self, cert: CertificateRow) -> str:
        if cert.table_version is None:
            return self.tr("None")
        return self.tr("Version {n} ({day})").format(n=cert.table_version,
                                                     day=vocabulary.format_date(cert.table_approved_on))
