"""The dialogs of a sample's working day: the sampling form (registration), receipt, a reason,
an electronic signature and adding a test.

Each dialog makes its one service call itself, on the write lane, and keeps itself open when
the service refuses something about one of its fields, with the message beside that field.
A refusal about anything else (a workflow rule, another workstation's change) closes the
action dialogs and is handed on by ``refused`` for the sample view to show and act on."""
from __future__ import annotations

from collections.abc import Callable
from datetime import tzinfo
from functools import partial
from itertools import pairwise

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateTimeEdit,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from lims.domain import credit_code
from lims.domain.enums import ProducerKind
from lims.domain.errors import (
    AuthenticationFailed,
    GuardFailed,
    LimsError,
    ValidationError,
)
from lims.gui import vocabulary
from lims.gui.forms import FormDialog, heading, line_edit, make_form
from lims.gui.i18n import error_text
from lims.gui.tasks import TaskRunner
from lims.gui.widgets import TreeComboBox, password_edit
from lims.services.container import Services
from lims.services.dto import Actor, Choice, SampleListOptions
from lims.services.sample_work import (
    NewProducer,
    RegistrationForm,
    SampleDetail,
    TestChoice,
)

SampleCall = Callable[[], SampleDetail]

# the service's own templates (context "errors", already translated), for the two choices the
# dialog can tell are missing before it asks the service
_CHOOSE_PRODUCT = "Choose the product that was sampled"
_CHOOSE_PRODUCER = "Choose the producer or enter a new one"


def _widen(*combos: QComboBox) -> None:
    """Combo boxes take the width of their column (long task and producer names), never their
    own content's, which is empty until the choices arrive."""
    for combo in combos:
        combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(12)


def _chain_tab_order(widgets: list[QWidget]) -> None:
    for first, second in pairwise(widgets):
        QWidget.setTabOrder(first, second)


def _search_combo(placeholder: str) -> QComboBox:
    """An editable combo box that finds entries by any part of their name as one types."""
    combo = QComboBox()
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    combo.setMaxVisibleItems(20)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(16)
    completer, line = combo.completer(), combo.lineEdit()
    assert completer is not None and line is not None  # an editable combo box has both
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
    line.setPlaceholderText(placeholder)
    return combo


def _typed_choice(combo: QComboBox) -> int | None:
    """The id (the item data) of the entry whose text is exactly what the box shows, or None."""
    index = combo.findText(combo.currentText().strip(), Qt.MatchFlag.MatchFixedString)
    return combo.itemData(index) if index >= 0 else None


# --- registration ----------------------------------------------------------------------------

class RegistrationDialog(FormDialog):
    """The sampling form (抽样单) as the technician types it from the paper copy.

    ``registered`` carries the SampleDetail of the new sample; ``open_requested`` the same when
    the person asks to open it (the dialog then closes)."""

    registered = Signal(object)  # SampleDetail
    open_requested = Signal(object)  # SampleDetail

    def __init__(self, services: Services, actor: Actor, runner: TaskRunner, parent: QWidget | None = None,
                 *, zone: tzinfo | None = None) -> None:
        super().__init__(self.tr("Register a sample"), self.tr("Register"), parent, min_width=940)
        # the sampling time is typed, shown and stored on the lab's clock, whatever the workstation's
        self._zone = zone or vocabulary.default_lab_zone()
        self._services = services
        self._actor = actor
        self._runner = runner
        self.sample: SampleDetail | None = None
        self.register_button = self.ok_button
        self.register_button.setEnabled(False)  # until the choices have arrived
        self.kind_labels = {
            ProducerKind.ENTERPRISE: self.tr("Enterprise"),
            ProducerKind.COOPERATIVE: self.tr("Cooperative"),
            ProducerKind.FAMILY_FARM: self.tr("Family farm"),
            ProducerKind.SMALLHOLDER: self.tr("Smallholder"),
            ProducerKind.SLAUGHTERHOUSE: self.tr("Slaughterhouse"),
            ProducerKind.MARKET: self.tr("Market"),
        }

        # sampling
        self.task = QComboBox()
        self.task.addItem(self.tr("(no task)"), None)
        self.product = TreeComboBox()
        self.product.setMaxVisibleItems(24)
        self.area = TreeComboBox()
        self.area.setMaxVisibleItems(24)
        self.sampled_at = QDateTimeEdit()
        self.sampled_at.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.sampled_at.setCalendarPopup(True)
        self.sampled_at.setDateTime(vocabulary.wall_clock(None, self._zone))
        self.sampler1 = line_edit(50)
        self.sampler2 = line_edit(50)
        # producer
        self.producer = _search_combo(self.tr("Type part of the name to search"))
        self.new_producer = QCheckBox(self.tr("New producer, not in the list"))
        self.producer_name = line_edit(200)
        self.producer_kind = QComboBox()
        for kind, text in self.kind_labels.items():
            self.producer_kind.addItem(text, kind.value)
        self.credit_code = line_edit(24, self.tr("18 characters, e.g. 91150421MA0AY4CL0U"))
        self.contact = line_edit(50)
        self.phone = line_edit(30)
        _widen(self.task, self.product, self.area, self.producer, self.producer_kind)
        # the sample
        self.batch_size = line_edit(50, self.tr("e.g. 500 kg"))
        self.quantity = line_edit(50, self.tr("e.g. 1 kg"))
        self.seal_intact = QCheckBox(self.tr("Seal intact"))
        self.seal_intact.setChecked(True)
        self.backup_kept = QCheckBox(self.tr("Backup sample kept"))
        self.backup_kept.setChecked(True)
        self.storage = line_edit(50, self.tr("e.g. refrigerated"))
        self.compliance_cert = QCheckBox(self.tr("Compliance certificate present"))
        self.compliance_cert_no = line_edit(50)
        self.compliance_cert_no.setEnabled(False)
        # who brought it, and remarks
        self.client_brought = QCheckBox(self.tr("Brought in by the client (the lab did not take it)"))
        self.client = line_edit(200)
        self.client.setEnabled(False)
        self.description = line_edit(200, self.tr("e.g. fresh leaves, about 1 kg in a sealed bag"))
        self.notes = line_edit(500)

        sampling = QGroupBox(self.tr("Sampling"))
        form = make_form()
        self.add_field("task", self.tr("Sampling task"), self.task, form)
        self.add_field("product", self.tr("Product"), self.product, form)
        self.add_field("area", self.tr("Area"), self.area, form)
        self.add_field("sampled_at", self.tr("Sampled at"), self.sampled_at, form)
        self.add_field("sampler1", self.tr("Sampler 1"), self.sampler1, form)
        self.add_field("sampler2", self.tr("Sampler 2"), self.sampler2, form)
        sampling.setLayout(form)

        producer = QGroupBox(self.tr("Producer"))
        form = make_form()
        self.add_field("producer", self.tr("Producer"), self.producer, form)
        self.add_row("", self.new_producer, form)
        self.add_field("producer_name", self.tr("Name"), self.producer_name, form)
        self.add_field("producer_kind", self.tr("Kind"), self.producer_kind, form)
        self.add_field("credit_code", self.tr("Credit code"), self.credit_code, form)
        self.add_field("contact", self.tr("Contact"), self.contact, form)
        self.add_field("phone", self.tr("Phone"), self.phone, form)
        producer.setLayout(form)

        sample = QGroupBox(self.tr("Sample"))
        form = make_form()
        self.add_field("batch_size", self.tr("Batch size"), self.batch_size, form)
        self.add_field("quantity", self.tr("Quantity"), self.quantity, form)
        checks = QHBoxLayout()
        checks.addWidget(self.seal_intact)
        checks.addWidget(self.backup_kept)
        checks.addStretch(1)
        self.add_row("", checks, form)
        self.add_field("storage", self.tr("Storage"), self.storage, form)
        self.add_row("", self.compliance_cert, form)
        self.add_field("compliance_cert_no", self.tr("Certificate no."), self.compliance_cert_no, form)
        sample.setLayout(form)

        remarks = QGroupBox(self.tr("Origin and remarks"))
        form = make_form()
        self.add_row("", self.client_brought, form)
        self.add_field("client", self.tr("Client"), self.client, form)
        self.add_field("description", self.tr("Description"), self.description, form)
        self.add_field("notes", self.tr("Notes"), self.notes, form)
        remarks.setLayout(form)

        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.addWidget(sampling, 0, 0)
        grid.addWidget(producer, 0, 1)
        grid.addWidget(sample, 1, 0)
        grid.addWidget(remarks, 1, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)

        self.replace_form(grid)

        self.code_label = heading("", 2.2)
        self.code_label.setObjectName("issued-code")
        self.code_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.code_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.code_label.setStyleSheet("color: #123a5e; padding: 12px;")
        self.done_summary = QLabel()
        self.done_summary.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.done_summary.setWordWrap(True)
        self.open_button = QPushButton(self.tr("Open the sample"))
        self.open_button.clicked.connect(self._open)
        self.another_button = QPushButton(self.tr("Register another"))
        self.another_button.clicked.connect(self.start_another)
        close_button = QPushButton(self.tr("Close"))
        close_button.clicked.connect(self.accept)
        done_buttons = QHBoxLayout()
        done_buttons.addStretch(1)
        for button in (self.open_button, self.another_button, close_button):
            done_buttons.addWidget(button)
        done_page = QWidget()
        done = QVBoxLayout(done_page)
        done.addStretch(1)
        registered = heading(self.tr("Sample registered. Write this code on the sample and its form:"), 1.1)
        registered.setAlignment(Qt.AlignmentFlag.AlignCenter)
        done.addWidget(registered)
        done.addWidget(self.code_label)
        done.addWidget(self.done_summary)
        done.addStretch(1)
        done.addLayout(done_buttons)

        self.pages.addWidget(done_page)

        self.new_producer.toggled.connect(self._producer_mode)
        self.compliance_cert.toggled.connect(self.compliance_cert_no.setEnabled)
        self.client_brought.toggled.connect(self.client.setEnabled)
        self.credit_code.textEdited.connect(self._check_credit_code)
        self.credit_code.editingFinished.connect(lambda: self._check_credit_code(self.credit_code.text(), True))
        self._producer_mode(False)
        _chain_tab_order([
            self.task, self.product, self.area, self.sampled_at, self.sampler1, self.sampler2,
            self.producer, self.new_producer, self.producer_name, self.producer_kind, self.credit_code,
            self.contact, self.phone, self.batch_size, self.quantity, self.seal_intact, self.backup_kept,
            self.storage, self.compliance_cert, self.compliance_cert_no, self.client_brought, self.client,
            self.description, self.notes, self.register_button,
        ])
        self.task.setFocus()

        self._runner.run(partial(services.samples.options, for_registration=True), on_done=self._options_loaded,
                         on_error=self._load_failed)

    # --- choices -----------------------------------------------------------------------------

    def _options_loaded(self, options: SampleListOptions) -> None:
        for choice in options.tasks:
            self.task.addItem(choice.name, choice.id)
            self.task.setItemData(self.task.count() - 1, choice.name, Qt.ItemDataRole.ToolTipRole)
        self.product.addItem(self.tr("(choose the product)"), None)
        self.product.add_nodes(options.products)
        items = self.product.model()
        assert isinstance(items, QStandardItemModel)  # a combo box's own model
        for index, node in enumerate(options.products, start=1):
            if node.is_group:  # a category is judged by its products, never sampled itself
                items.item(index).setEnabled(False)
        self.area.addItem(self.tr("(not recorded)"), None)
        self.area.add_nodes(options.areas)
        self._fill_producers(options.producers)
        self.register_button.setEnabled(True)

    def _fill_producers(self, producers: tuple[Choice, ...]) -> None:
        self.producer.clear()
        for choice in producers:
            self.producer.addItem(choice.name, choice.id)
        self.producer.setCurrentIndex(-1)
        self.producer.setEditText("")

    def _load_failed(self, err: LimsError) -> None:
        self.message.show_error(error_text(err))

    # --- as typed ----------------------------------------------------------------------------

    def _producer_mode(self, new: bool) -> None:
        self.producer.setEnabled(not new)
        for widget in (self.producer_name, self.producer_kind, self.credit_code, self.contact, self.phone):
            widget.setEnabled(new)
        if new:
            self.boxes["producer"].error.clear_message()

    def _check_credit_code(self, text: str, finished: bool = False) -> None:
        """Say what is wrong with the code while it is typed: a wrong character or check
        character as soon as all 18 are there, a short code once the person moves on."""
        box = self.boxes["credit_code"]
        typed = credit_code.normalise(text)
        if not typed or (len(typed) < credit_code.LENGTH and not finished):
            box.error.clear_message()
            return
        try:
            credit_code.validate(text)
        except ValidationError as err:
            box.error.show_error(error_text(err))
        else:
            box.error.clear_message()

    # --- submitting --------------------------------------------------------------------------

    def form(self) -> RegistrationForm | ValidationError:
        """The sampling form as typed, or the error for a choice left empty."""
        product_id = self.product.currentData()
        if product_id is None:
            return ValidationError(_CHOOSE_PRODUCT, field="product")
        new_producer = None
        producer_id = None
        if self.new_producer.isChecked():
            new_producer = NewProducer(
                name=self.producer_name.text(), kind=self.producer_kind.currentData(),
                credit_code=self.credit_code.text(), contact=self.contact.text(), phone=self.phone.text(),
                area_id=self.area.currentData(),
            )
        else:
            producer_id = _typed_choice(self.producer)
            if producer_id is None:
                return ValidationError(_CHOOSE_PRODUCER, field="producer")
        return RegistrationForm(
            product_id=product_id,
            sampled_at=vocabulary.moment_from(self.sampled_at.dateTime(), self._zone),
            task_id=self.task.currentData(), producer_id=producer_id, new_producer=new_producer,
            area_id=self.area.currentData(), batch_size=self.batch_size.text(), quantity=self.quantity.text(),
            sampler1=self.sampler1.text(), sampler2=self.sampler2.text(),
            seal_intact=self.seal_intact.isChecked(), backup_kept=self.backup_kept.isChecked(),
            storage=self.storage.text(), compliance_cert=self.compliance_cert.isChecked(),
            compliance_cert_no=self.compliance_cert_no.text() if self.compliance_cert.isChecked() else "",
            notes=self.notes.text(), lab_took_sample=not self.client_brought.isChecked(),
            client=self.client.text() if self.client_brought.isChecked() else "",
            description=self.description.text(),
        )

    def submit(self) -> None:
        self.clear_errors()
        if self.new_producer.isChecked():
            self._check_credit_code(self.credit_code.text(), finished=True)
        form = self.form()
        if isinstance(form, ValidationError):
            self._refused(form)
            return
        self.register_button.setEnabled(False)
        self._runner.run(self._services.work.register, self._actor, form,
                         on_done=self._registered, on_error=self._refused, write=True)

    def _registered(self, sample: SampleDetail) -> None:
        self.register_button.setEnabled(True)
        self.sample = sample
        self.code_label.setText(sample.code)
        self.done_summary.setText(" · ".join(p for p in (sample.product, sample.producer, sample.task) if p))
        self.pages.setCurrentIndex(1)
        self.open_button.setDefault(True)
        self.open_button.setFocus()
        self.registered.emit(sample)

    def _refused(self, err: LimsError) -> None:
        self.register_button.setEnabled(True)
        field = err.field if isinstance(err, ValidationError) else None
        if field == "producer" and self.new_producer.isChecked():
            field = "producer_name"  # "enter the producer's name" is about the new producer
        self.show_error(error_text(err), field)

    # --- after registering -------------------------------------------------------------------

    def _open(self) -> None:
        if self.sample is not None:
            self.open_requested.emit(self.sample)
        self.accept()

    def start_another(self) -> None:
        """Back to the form for the next sample of the same trip: task, area, time, samplers
        and producer stay; what describes the one sample is cleared."""
        for edit in (self.batch_size, self.quantity, self.compliance_cert_no, self.description, self.notes):
            edit.clear()
        self.product.setCurrentIndex(0)
        self.compliance_cert.setChecked(False)
        if self.new_producer.isChecked() and self.sample is not None:
            # the producer now exists: choose it instead of creating it twice
            self.new_producer.setChecked(False)
            self._runner.run(partial(self._services.samples.options, for_registration=True),
                             on_done=lambda o: self._reselect_producer(o.producers), on_error=self._load_failed)
        self.clear_errors()
        self.register_button.setDefault(True)
        self.pages.setCurrentIndex(0)
        self.product.setFocus()

    def _reselect_producer(self, producers: tuple[Choice, ...]) -> None:
        name = self.sample.producer if self.sample else ""
        self._fill_producers(producers)
        self.producer.setEditText(name)


# --- the small dialogs of the sample view -------------------------------------------------------

class ActionDialog(FormDialog):
    """A small form whose main button makes one service call returning a SampleDetail.

    ``acted`` carries the new SampleDetail (the dialog then closes). A refusal about a field
    of the dialog stays beside the field; any other refusal closes the dialog and is emitted
    as ``refused``."""

    acted = Signal(object)  # SampleDetail (not "done": that is QDialog.done(int), which closes it)
    refused = Signal(object)  # LimsError

    def __init__(self, runner: TaskRunner, title: str, ok_text: str, parent: QWidget | None = None) -> None:
        super().__init__(title, ok_text, parent)
        self._runner = runner
        self.detail: SampleDetail | None = None

    def run(self, call: SampleCall) -> None:
        self.clear_errors()
        self.ok_button.setEnabled(False)
        self._runner.run(call, on_done=self._succeeded, on_error=self._failed, write=True)

    def field_of(self, err: LimsError) -> str | None:
        if isinstance(err, ValidationError):
            return err.field
        if isinstance(err, GuardFailed) and err.rule == "reason":
            return "reason"
        return None

    def _succeeded(self, detail: SampleDetail) -> None:
        self.ok_button.setEnabled(True)
        self.detail = detail
        self.acted.emit(detail)
        self.accept()

    def _failed(self, err: LimsError) -> None:
        self.ok_button.setEnabled(True)
        field = self.field_of(err)
        if field in self.boxes:
            self.show_error(error_text(err), field)
            return
        self.refused.emit(err)
        self.reject()


class ReceiptDialog(ActionDialog):
    """The sample arrives: its condition and where it is kept. ``call(condition, place)``."""

    def __init__(self, runner: TaskRunner, code: str, call: Callable[[str, str], SampleDetail],
                 parent: QWidget | None = None) -> None:
        super().__init__(runner, self.tr("Receive sample {code}").format(code=code), self.tr("Receive"), parent)
        self._call = call
        self.condition = self.add_field("condition", self.tr("Condition on receipt"),
                                        line_edit(200, self.tr("e.g. packaging intact, seal unbroken, chilled")))
        self.storage_place = self.add_field("storage_place", self.tr("Storage place"),
                                            line_edit(100, self.tr("e.g. refrigerator A-2")))
        self.condition.setFocus()

    def submit(self) -> None:
        self.run(partial(self._call, self.condition.text(), self.storage_place.text()))


class ReasonDialog(ActionDialog):
    """Asks why (kept in the audit trail) and makes ``call(reason)``."""

    def __init__(self, runner: TaskRunner, title: str, intro: str, ok_text: str,
                 call: Callable[[str], SampleDetail], parent: QWidget | None = None) -> None:
        super().__init__(runner, title, ok_text, parent)
        self._call = call
        self.set_intro(intro)
        self.reason = self.add_field("reason", self.tr("Reason"), line_edit(500))
        self.reason.setMinimumWidth(320)
        self.reason.setFocus()

    def submit(self) -> None:
        self.run(partial(self._call, self.reason.text()))


class SignatureDialog(ActionDialog):
    """An electronic signature: says what the signature means and asks for the password again.
    ``call(password)``."""

    def __init__(self, runner: TaskRunner, actor: Actor, meaning: str, statement: str, ok_text: str,
                 call: Callable[[str], SampleDetail], parent: QWidget | None = None, warning: str = "") -> None:
        super().__init__(runner, meaning, ok_text, parent)
        self._call = call
        self.meaning = self.add_heading(meaning, 1.25)
        self.meaning.setObjectName("signature-meaning")
        self.set_intro(statement)
        # what the signature covers that the person should know first (tests outside the scope)
        self.warning = QLabel(warning)
        self.warning.setObjectName("signature-warning")
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("color: #8a4b08; background: #fcf8e3; padding: 6px;")
        self.warning.setVisible(bool(warning))
        self.body.insertWidget(self.body.indexOf(self.intro) + 1, self.warning)
        self.add_row(self.tr("Signer"), QLabel(f"{actor.full_name} ({actor.username})"))
        self.password = self.add_field("password", self.tr("Password"), password_edit())
        self.password.setFocus()

    def field_of(self, err: LimsError) -> str | None:
        if isinstance(err, AuthenticationFailed):
            return "password"
        return super().field_of(err)

    def _failed(self, err: LimsError) -> None:
        if self.field_of(err) == "password":
            self.password.clear()
        super()._failed(err)

    def submit(self) -> None:
        self.run(partial(self._call, self.password.text()))


class AddTestDialog(ActionDialog):
    """A parameter and its method, chosen from the catalogue. ``call(parameter_id, method_id)``."""

    def __init__(self, runner: TaskRunner, choices: list[TestChoice], call: Callable[[int, int], SampleDetail],
                 parent: QWidget | None = None) -> None:
        super().__init__(runner, self.tr("Add a test"), self.tr("Add"), parent)
        self._call = call
        self._choices = {c.parameter_id: c for c in choices}
        self.parameter = _search_combo(self.tr("Type part of the name to search"))
        for choice in choices:
            self.parameter.addItem(choice.parameter, choice.parameter_id)
        self.parameter.setCurrentIndex(-1)
        self.parameter.setEditText("")
        self.method = QComboBox()
        self.add_field("parameter", self.tr("Parameter"), self.parameter)
        self.add_field("method", self.tr("Method"), self.method)
        self.parameter.currentIndexChanged.connect(self._parameter_chosen)
        self.parameter.setFocus()

    def _parameter_chosen(self) -> None:
        self.method.clear()
        parameter_id = _typed_choice(self.parameter)
        choice = self._choices.get(parameter_id) if parameter_id is not None else None
        for method in choice.methods if choice else ():
            self.method.addItem(f"{method.label} ({method.unit})", method.id)

    def submit(self) -> None:
        parameter_id = _typed_choice(self.parameter)
        if parameter_id is None:
            self.show_error(self.tr("Choose a parameter from the list"), "parameter")
            return
        choice = self._choices[parameter_id]
        if self.method.currentData() not in {m.id for m in choice.methods}:
            self._parameter_chosen()  # the name was typed, not picked: its methods were never listed
        self.run(partial(self._call, parameter_id, self.method.currentData()))
