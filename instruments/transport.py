"""Transports: the one place bytes cross between a port and the program.

``SerialTransport`` opens anything pyserial's ``serial_for_url`` knows: a COM port or tty
(``COM3``, ``/dev/ttyUSB0``), ``socket://host:port`` for readers reached over TCP, ``loop://``
for tests. Adapters and the pump see only the ``Transport`` protocol, so tests hand them fakes.
``ReconnectingTransport`` reopens a line whose port vanished (a USB adapter pulled, a reader
switched off), waiting longer after each failure."""
from __future__ import annotations

import contextlib
import errno
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal, Protocol

import serial

try:
    import termios
except ImportError:  # Windows: pyserial reports everything as SerialException or OSError there
    PORT_ERRORS: tuple[type[BaseException], ...] = (serial.SerialException, OSError)
else:
    # pyserial lets termios.error (not an OSError) through from flush() when the tty hung up
    PORT_ERRORS = (serial.SerialException, OSError, termios.error)

Parity = Literal["N", "E", "O", "M", "S"]
FlowControl = Literal["none", "xonxoff", "rtscts"]


class TransportError(OSError):
    """The port could not be opened, or failed while in use."""


class PortInUse(TransportError):
    """Another program (or another capture) has the port open: it is opened exclusively."""


@dataclass(frozen=True)
class PortSettings:
    """How a line is set up. The defaults are the usual reader: 9600 baud 8N1, GBK text."""

    baudrate: int = 9600
    bytesize: int = 8
    parity: Parity = "N"
    stopbits: float = 1
    flow_control: FlowControl = "none"
    encoding: str = "gbk"  # text encoding for adapters that decode text; the transport moves bytes
    read_timeout: float = 0.1  # seconds a read waits for the first byte

    def __post_init__(self) -> None:
        if self.bytesize not in (5, 6, 7, 8):
            raise ValueError(f"A byte has 5 to 8 data bits, not {self.bytesize}")
        if self.stopbits not in (1, 1.5, 2):
            raise ValueError(f"Stop bits are 1, 1.5 or 2, not {self.stopbits}")
        if self.baudrate <= 0 or self.read_timeout < 0:
            raise ValueError("The baud rate must be positive and the read timeout not negative")
        "".encode(self.encoding)  # an unknown encoding is refused here, not at the first reading

    @property
    def seconds_per_byte(self) -> float:
        """On-the-wire time of one byte: start bit, data bits, parity, stop bits."""
        bits = 1 + self.bytesize + (0 if self.parity == "N" else 1) + self.stopbits
        return bits / self.baudrate


class Transport(Protocol):
    def read(self, max_bytes: int = 4096) -> bytes:
        """What has arrived, up to ``max_bytes``; b"" when nothing came within the read
        timeout. Raises TransportError when the port is gone."""
        ...

    def write(self, data: bytes) -> None: ...

    def close(self) -> None: ...


class SerialTransport:
    """A pyserial port opened from a URL or device name, exclusively: a second opener (another
    capture, a terminal program) is refused with PortInUse rather than sharing the bytes."""

    def __init__(self, url: str, settings: PortSettings = PortSettings()) -> None:
        self.url = url
        self.settings = settings
        try:
            self._port = serial.serial_for_url(
                url, baudrate=settings.baudrate, bytesize=settings.bytesize, parity=settings.parity,
                stopbits=settings.stopbits, xonxoff=settings.flow_control == "xonxoff",
                rtscts=settings.flow_control == "rtscts", timeout=settings.read_timeout,
                write_timeout=5, exclusive=True)
        except (serial.SerialException, OSError, ValueError) as exc:
            if getattr(exc, "errno", None) in (errno.EAGAIN, errno.EWOULDBLOCK, errno.EBUSY):
                raise PortInUse(f"{url} is open in another program: {exc}") from exc
            raise TransportError(f"Cannot open {url}: {exc}") from exc

    def read(self, max_bytes: int = 4096) -> bytes:
        try:
            first = self._port.read(1)
            if not first:
                return b""
            waiting = min(self._port.in_waiting, max_bytes - 1)
            return first + (self._port.read(waiting) if waiting > 0 else b"")
        except PORT_ERRORS as exc:
            raise TransportError(f"{self.url} failed while reading: {exc}") from exc

    def write(self, data: bytes) -> None:
        try:
            self._port.write(data)
            self._port.flush()
        except PORT_ERRORS as exc:
            raise TransportError(f"{self.url} failed while writing: {exc}") from exc

    def close(self) -> None:
        with contextlib.suppress(*PORT_ERRORS):  # a port that already vanished
            self._port.close()


class ReconnectingTransport:
    """Keeps a line open: when a read or write fails, the port is closed and reopened by
    ``open_port``, after 0.5 s, then 1 s, 2 s ... up to ``max_delay``. While the port is down a
    read returns b"" (after the wait) and a write raises TransportError, so the adapter's
    timers run and the sender side retries as its protocol says. ``on_event`` hears
    "port opened", "port lost", "port unavailable" and "port in use"."""

    def __init__(self, open_port: Callable[[], Transport], *, first_delay: float = 0.5,
                 max_delay: float = 30.0, sleep: Callable[[float], None] = time.sleep,
                 on_event: Callable[[str, str], None] | None = None) -> None:
        self._open_port = open_port
        self._first_delay = first_delay
        self._max_delay = max_delay
        self._sleep = sleep
        self._on_event = on_event or (lambda kind, detail: None)
        self._port: Transport | None = None
        self._delay = first_delay
        self.reconnects = 0

    def _ensure(self) -> Transport | None:
        if self._port is not None:
            return self._port
        try:
            self._port = self._open_port()
        except TransportError as exc:
            self._on_event("port in use" if isinstance(exc, PortInUse) else "port unavailable", str(exc))
            self._sleep(self._delay)
            self._delay = min(self._delay * 2, self._max_delay)
            return None
        self._delay = self._first_delay
        self.reconnects += 1
        self._on_event("port opened", "")
        return self._port

    def _lost(self, exc: TransportError) -> None:
        if self._port is not None:
            self._port.close()
        self._port = None
        self._on_event("port lost", str(exc))

    def read(self, max_bytes: int = 4096) -> bytes:
        port = self._ensure()
        if port is None:
            return b""
        try:
            return port.read(max_bytes)
        except TransportError as exc:
            self._lost(exc)
            return b""

    def write(self, data: bytes) -> None:
        port = self._ensure()
        if port is None:
            raise TransportError("The port is not open")
        try:
            port.write(data)
        except TransportError as exc:
            self._lost(exc)
            raise

    def close(self) -> None:
        if self._port is not None:
            self._port.close()
            self._port = None
