"""The Scope page's alias tab: the spellings the ability tables use for the lab's parameters,
products and categories (呋喃丹 = 克百威, 生鲜乳 = 生乳, 畜禽肉 -> 肉类). A lab manager adds,
edits and removes them; each change is audited (a removal with its reason) and the scope
verdicts read the table at once. Also the required-parameters list the audit's coverage reads."""
from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from lims.domain.accounts import Duty, holds
from lims.domain.errors import LimsError
from lims.gui import scope_words
from lims.gui.forms import ServiceDialog, line_edit
from lims.gui.i18n import error_text
from lims.gui.tasks import TaskRunner
from lims.gui.widgets import Column, MessageLabel, TreeComboBox, rows_table
from lims.services.container import Services
from lims.services.dto import Actor, TreeChoice
from lims.services.scope import AliasRow, RequiredRow


class AliasDialog(ServiceDialog):
    """Add an alias, or edit ``alias`` (its version guards against a stale edit)."""

    def __init__(self, services: Services, actor: Actor, runner: TaskRunner, alias: AliasRow | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(runner, self.tr("Edit alias") if alias else self.tr("Add alias"),
                         self.tr("Save"), parent)
        self._services = services
        self._actor = actor
        self._alias = alias
        self.set_intro(self.tr("A spelling an ability table uses, and the name of the lab's catalogue it stands "
                               "for. A table section's name points to a category of the product tree."))
        self.kind = QComboBox()
        for value in scope_words.ALIAS_KIND:
            self.kind.addItem(scope_words.alias_kind(value), value)
        self.add_field("kind", self.tr("Kind"), self.kind)
        self.alias = self.add_field("alias", self.tr("Spelling"), line_edit(100, self.tr("e.g. 呋喃丹")))
        self.canonical = self.add_field("canonical", self.tr("Stands for"), line_edit(100, self.tr("e.g. 克百威")))
        self.reason: QLineEdit | None = None
        if alias is not None:
            self.kind.setCurrentIndex(max(0, self.kind.findData(alias.kind)))
            self.alias.setText(alias.alias)
            self.canonical.setText(alias.canonical)
            self.reason = self.add_field("reason", self.tr("Reason"), line_edit(500))
        self.alias.setFocus()

    def submit(self) -> None:
        kind, alias, canonical = str(self.kind.currentData()), self.alias.text(), self.canonical.text()
        if self._alias is None:
            self.run(partial(self._services.scope.add_alias, self._actor, kind, alias, canonical))
        else:
            self.run(partial(self._services.scope.edit_alias, self._actor, self._alias.id, self._alias.version, kind,
                             alias, canonical, self.reason.text() if self.reason else ""))


class RemoveAliasDialog(ServiceDialog):
    """Remove an alias, with the reason kept in the audit trail."""

    def __init__(self, services: Services, actor: Actor, runner: TaskRunner, alias: AliasRow,
                 parent: QWidget | None = None) -> None:
        super().__init__(runner, self.tr("Remove alias"), self.tr("Remove"), parent)
        self._services = services
        self._actor = actor
        self._alias = alias
        self.set_intro(self.tr("{alias} will no longer count as {canonical}: tests named so may fall outside the "
                               "scope.").format(alias=alias.alias, canonical=alias.canonical))
        self.reason = self.add_field("reason", self.tr("Reason"), line_edit(500))
        self.reason.setFocus()

    def submit(self) -> None:
        self.run(partial(self._services.scope.remove_alias, self._actor, self._alias.id, self._alias.version,
                         self.reason.text()))


class AliasPanel(QWidget):
    def __init__(self, services: Services, runner: TaskRunner, actor: Actor | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._runner = runner
        self._actor = actor
        self.dialog: ServiceDialog | None = None
        self.message = MessageLabel()
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(self.tr("Find a spelling or a name"))
        self.filter.textChanged.connect(self._filtered)
        self._all: list[AliasRow] = []
        self.aliases, self.alias_table = rows_table([
            Column[AliasRow](self.tr("Kind"), lambda a: scope_words.alias_kind(a.kind)),
            Column[AliasRow](self.tr("Spelling"), lambda a: a.alias),
            Column[AliasRow](self.tr("Stands for"), lambda a: a.canonical),
        ], [180, 220, 220], self, stretch=2)
        may_manage = actor is not None and holds(actor.roles, Duty.MANAGE_SCOPE)
        self.add_button = QPushButton(self.tr("Add alias…"))
        self.edit_button = QPushButton(self.tr("Edit alias…"))
        self.remove_button = QPushButton(self.tr("Remove alias…"))
        buttons = QHBoxLayout()
        slots: tuple[tuple[QPushButton, Callable[[], None]], ...] = (
            (self.add_button, self.add), (self.edit_button, self.edit), (self.remove_button, self.remove))
        for button, slot in slots:
            button.clicked.connect(slot)
            button.setEnabled(may_manage)
            if not may_manage:
                button.setToolTip(self.tr("Only a lab manager changes the alias table"))
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(QLabel(self.tr("Find:")))
        buttons.addWidget(self.filter)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        layout.addWidget(self.alias_table, 1)

    def refresh(self) -> None:
        self._runner.run(self._services.scope.alias_rows, on_done=self._loaded, on_error=self._failed)

    def _loaded(self, rows: list[AliasRow]) -> None:
        self._all = rows
        self._filtered()

    def _filtered(self) -> None:
        text = self.filter.text().strip().casefold()
        self.aliases.set_rows([a for a in self._all if not text or text in a.alias.casefold()
                               or text in a.canonical.casefold()])

    def selected(self) -> AliasRow | None:
        rows = self.alias_table.selectionModel().selectedRows()
        return self.aliases.row_at(rows[0].row()) if rows else None

    def add(self) -> None:
        if self._actor is not None:
            self._open(AliasDialog(self._services, self._actor, self._runner, None, self))

    def edit(self) -> None:
        alias = self.selected()
        if self._actor is None:
            return
        if alias is None:
            self.message.show_error(self.tr("Select the alias to edit"))
            return
        self._open(AliasDialog(self._services, self._actor, self._runner, alias, self))

    def remove(self) -> None:
        alias = self.selected()
        if self._actor is None:
            return
        if alias is None:
            self.message.show_error(self.tr("Select the alias to remove"))
            return
        self._open(RemoveAliasDialog(self._services, self._actor, self._runner, alias, self))

    def _open(self, dialog: ServiceDialog) -> None:
        self.message.clear_message()
        self.dialog = dialog
        dialog.saved.connect(self._saved)
        dialog.open()

    def _saved(self, _value: object) -> None:
        self.message.show_ok(self.tr("The alias table was changed; the scope verdicts read it at once"))
        self.refresh()

    def _failed(self, err: LimsError) -> None:
        self.message.show_error(error_text(err))


_SEPARATORS = re.compile(r"[、,，;；\s]+")


class RequiredDialog(ServiceDialog):
    """A product's required parameters (what supervision needs): the scope audit's coverage
    compares them with what each certificate covers. Saved as a whole list, each change audited."""

    def __init__(self, services: Services, actor: Actor, runner: TaskRunner, products: tuple[TreeChoice, ...],
                 required: list[RequiredRow], parent: QWidget | None = None) -> None:
        super().__init__(runner, self.tr("Required parameters"), self.tr("Save"), parent, min_width=560)
        self._services = services
        self._actor = actor
        self._required = required
        self.set_intro(self.tr("The parameters supervision requires for a product, from the monitoring plan. The "
                               "scope audit ranks those the scope does not cover into what to expand next."))
        self.product = TreeComboBox()
        self.product.add_nodes(products)
        self.add_field("product", self.tr("Product"), self.product)
        self.parameters = self.add_field("parameters", self.tr("Parameters"), line_edit(
            1000, self.tr("Names separated by 、 or commas, e.g. 毒死蜱、甲拌磷")))
        self.source = self.add_field("source", self.tr("Required by"), line_edit(200, self.tr(
            "e.g. 2026年例行监测方案")))
        self.product.currentIndexChanged.connect(self._product_chosen)
        first = next((i for i in range(self.product.count())
                      if self.product.itemData(i) in {r.product_id for r in required}), 0)
        self.product.setCurrentIndex(first)
        self._product_chosen()

    def _product_chosen(self) -> None:
        mine = [r for r in self._required if r.product_id == self.product.currentData()]
        self.parameters.setText("、".join(r.parameter for r in mine))
        self.source.setText(mine[0].source if mine else "")

    def submit(self) -> None:
        names = [n for n in _SEPARATORS.split(self.parameters.text()) if n]
        self.run(partial(self._services.scope.set_required, self._actor, int(self.product.currentData()), names,
                         self.source.text()))
