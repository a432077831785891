"""Add or edit an instrument: its adapter, its port (with a finder listing the computer's serial
ports), the line's settings and the codes it sends for the lab's parameters."""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from lims.domain.errors import LimsError
from lims.gui import vocabulary
from lims.gui.forms import ServiceDialog, date_edit, line_edit
from lims.gui.i18n import error_text
from lims.gui.tasks import TaskRunner
from lims.gui.widgets import MessageLabel
from lims.services.capture import InstrumentForm, InstrumentLine, PortInfo
from lims.services.container import Services
from lims.services.dto import Actor

BAUD_RATES = ("1200", "2400", "4800", "9600", "19200", "38400", "57600", "115200")


class InstrumentDialog(QDialog):
    def __init__(self, services: Services, actor: Actor, runner: TaskRunner, line: InstrumentLine | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services, self._actor, self._runner, self._line = services, actor, runner, line
        self.saved: InstrumentLine | None = None
        self.setWindowTitle(self.tr("Edit instrument") if line else self.tr("Add instrument"))
        self.name = QLineEdit(line.name if line else "")
        self.model = QLineEdit(line.model if line else "")
        self.serial_no = QLineEdit(line.serial_no if line else "")
        self.adapter = QComboBox()
        self.adapter.setEditable(False)
        self.port = QComboBox()
        self.port.setEditable(True)
        self.port.setMinimumWidth(260)
        self.port.setEditText(line.port if line else "")
        self.find_ports = QPushButton(self.tr("Find ports"))
        self.find_ports.clicked.connect(self.refresh_ports)
        self.baud = QComboBox()
        self.baud.setEditable(True)
        self.baud.addItems(BAUD_RATES)
        self.bytesize = QComboBox()
        self.bytesize.addItems(["8", "7", "6", "5"])
        self.parity = QComboBox()
        self.parity.addItems(["N", "E", "O", "M", "S"])
        self.stopbits = QComboBox()
        self.stopbits.addItems(["1", "1.5", "2"])
        self.flow = QComboBox()
        self.flow.addItems(["none", "xonxoff", "rtscts"])
        self.encoding = QComboBox()
        self.encoding.setEditable(True)
        self.encoding.addItems(["gbk", "gb18030", "utf-8", "ascii", "latin-1"])
        self.codes = QPlainTextEdit()
        self.codes.setPlaceholderText(self.tr("One a line: the instrument's code=parameter, e.g. CLB=毒死蜱"))
        self.codes.setFixedHeight(80)
        self.options = QLineEdit()
        self.options.setPlaceholderText(self.tr("Adapter options: key=value, separated by commas"))
        settings = line.settings if line else None
        self.baud.setEditText(str(settings.baudrate if settings else 9600))
        if settings:
            self.bytesize.setCurrentText(str(settings.bytesize))
            self.parity.setCurrentText(settings.parity)
            self.stopbits.setCurrentText(f"{settings.stopbits:g}")
            self.flow.setCurrentText(settings.flow_control)
            self.encoding.setEditText(settings.encoding)
        if line:
            self.codes.setPlainText("\n".join(f"{c}={p}" for c, p in line.codes.items()))
            self.options.setText(", ".join(f"{k}={v}" for k, v in line.options.items()))

        port_row = QHBoxLayout()
        port_row.addWidget(self.port, 1)
        port_row.addWidget(self.find_ports)
        form = QFormLayout()
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("Model"), self.model)
        form.addRow(self.tr("Serial number"), self.serial_no)
        form.addRow(self.tr("Adapter"), self.adapter)
        form.addRow(self.tr("Port"), port_row)
        form.addRow(self.tr("Baud rate"), self.baud)
        form.addRow(self.tr("Data bits"), self.bytesize)
        form.addRow(self.tr("Parity"), self.parity)
        form.addRow(self.tr("Stop bits"), self.stopbits)
        form.addRow(self.tr("Flow control"), self.flow)
        form.addRow(self.tr("Text encoding"), self.encoding)
        form.addRow(self.tr("Adapter options"), self.options)
        form.addRow(self.tr("Code map"), self.codes)
        self.message = MessageLabel()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self._runner.run(self._services.capture.adapters, on_done=self._adapters, on_error=self._failed)
        self.refresh_ports()

    def _adapters(self, names: list[str]) -> None:
        """Each adapter by its translated name, its id (what is stored) in the tooltip."""
        self.adapter.clear()
        for name in names:
            self.adapter.addItem(vocabulary.adapter(name), name)
            self.adapter.setItemData(self.adapter.count() - 1, name, Qt.ItemDataRole.ToolTipRole)
        if self._line is not None:
            self.adapter.setCurrentIndex(max(self.adapter.findData(self._line.adapter), 0))

    def refresh_ports(self) -> None:
        self._runner.run(self._services.capture.ports, on_done=self._ports, on_error=self._failed)

    def _ports(self, ports: list[PortInfo]) -> None:
        typed = self.port.currentText()
        self.port.clear()
        for port in ports:
            self.port.addItem(f"{port.device}", port.device)
            self.port.setItemData(self.port.count() - 1, port.description)
        self.port.setEditText(typed)
        self.message.show_info(self.tr("{n} serial ports found").format(n=len(ports)))

    def form(self) -> InstrumentForm:
        options = {}
        for item in filter(None, (part.strip() for part in self.options.text().split(","))):
            key, _, value = item.partition("=")
            options[key.strip()] = value.strip()
        baud = self.baud.currentText().strip()
        return InstrumentForm(
            name=self.name.text().strip(), adapter=self.adapter.currentData() or "",
            port=self.port.currentText().strip(),
            model=self.model.text().strip(), serial_no=self.serial_no.text().strip(),
            baudrate=int(baud) if baud.isdigit() else 0, bytesize=int(self.bytesize.currentText()),
            parity=self.parity.currentText(), stopbits=float(self.stopbits.currentText()),
            flow_control=self.flow.currentText(), encoding=self.encoding.currentText().strip(), options=options)

    def code_map(self) -> dict[str, str]:
        pairs = {}
        for text in self.codes.toPlainText().splitlines():
            code, _, parameter = text.partition("=")
            if code.strip():
                pairs[code.strip()] = parameter.strip()
        return pairs

    def save(self) -> None:
        if self._line is None:
            self._runner.run(self._services.capture.add_instrument, self._actor, self.form(), self.code_map(),
                             on_done=self._saved, on_error=self._failed, write=True)
        else:
            self._runner.run(self._edit, on_done=self._saved, on_error=self._failed, write=True)

    def _edit(self) -> InstrumentLine:
        line = self._line
        if line is None:
            raise LookupError("no instrument to edit")
        return self._services.capture.update_instrument(self._actor, line.id, line.version, self.form(),
                                                        self.code_map())

    def _saved(self, line: InstrumentLine) -> None:
        self.saved = line
        self.accept()

    def _failed(self, err: LimsError) -> None:
        self.message.show_error(error_text(err))


class CalibrationDialog(ServiceDialog):
    """Records an instrument's calibration (or verification): when it was made, until when it
    holds, and the certificate's number. Readings taken after it lapses are held."""

    def __init__(self, services: Services, actor: Actor, runner: TaskRunner, line: InstrumentLine, today: date,
                 parent: QWidget | None = None) -> None:
        super().__init__(runner, self.tr("Record a calibration: {name}").format(name=line.name),
                         self.tr("Save the calibration"), parent)
        self._services = services
        self._actor = actor
        self._line = line
        self.set_intro(self.tr("Readings received after the calibration lapses are held until a manager releases "
                               "them."))
        self.calibrated_on = self.add_field("calibrated_on", self.tr("Calibrated on"), date_edit(today))
        self.valid_until = self.add_field("valid_until", self.tr("Valid until"),
                                          date_edit(date(today.year + 1, today.month, min(today.day, 28))))
        self.certificate_no = self.add_field("certificate_no", self.tr("Certificate number"), line_edit(100))

    def submit(self) -> None:
        capture, actor, instrument_id = self._services.capture, self._actor, self._line.id
        on, until = vocabulary.day_from(self.calibrated_on.date()), vocabulary.day_from(self.valid_until.date())
        number = self.certificate_no.text()
        self.run(lambda: capture.add_calibration(actor, instrument_id, on, until, number))
