"""Transports: pyserial URLs, port settings, and reopening a line whose port vanished."""
from __future__ import annotations

import os
import tty

import pytest

from instruments.transport import (
    PortInUse,
    PortSettings,
    ReconnectingTransport,
    SerialTransport,
    Transport,
    TransportError,
)


def test_a_loop_url_gives_back_what_was_written() -> None:
    port = SerialTransport("loop://", PortSettings(read_timeout=0.05))
    port.write(b"\x05hello")
    assert port.read() == b"\x05hello"
    assert port.read() == b""  # nothing more within the read timeout
    port.close()


def test_a_port_that_does_not_exist_is_reported_by_name() -> None:
    with pytest.raises(TransportError, match="Cannot open /dev/ttyNOPE"):
        SerialTransport("/dev/ttyNOPE")


def test_port_settings_refuse_what_no_line_has() -> None:
    with pytest.raises(ValueError, match="5 to 8 data bits"):
        PortSettings(bytesize=9)
    with pytest.raises(LookupError):
        PortSettings(encoding="klingon")
    assert PortSettings().seconds_per_byte == pytest.approx(10 / 9600)  # 8N1
    assert PortSettings(parity="E", stopbits=2).seconds_per_byte == pytest.approx(12 / 9600)


class FlakyPort:
    def __init__(self, chunks: list[bytes | Exception]) -> None:
        self.chunks = chunks
        self.closed = False

    def read(self, max_bytes: int = 4096) -> bytes:
        item = self.chunks.pop(0) if self.chunks else b""
        if isinstance(item, Exception):
            raise item
        return item

    def write(self, data: bytes) -> None:
        raise TransportError("gone")

    def close(self) -> None:
        self.closed = True


def test_a_vanished_port_is_reopened_waiting_longer_after_each_failure() -> None:
    ports: list[Transport | Exception] = [FlakyPort([b"a", TransportError("unplugged")]), TransportError("no port"),
                                          TransportError("no port"), TransportError("no port"), FlakyPort([b"b"])]
    waits: list[float] = []
    events: list[str] = []

    def open_port() -> Transport:
        item = ports.pop(0)
        if isinstance(item, Exception):
            raise item
        return item

    line = ReconnectingTransport(open_port, first_delay=0.5, max_delay=1.5, sleep=waits.append,
                                 on_event=lambda kind, detail: events.append(kind))
    received = b"".join(line.read() for _ in range(6))
    assert received == b"ab"
    assert waits == [0.5, 1.0, 1.5]
    assert events == ["port opened", "port lost", "port unavailable", "port unavailable", "port unavailable",
                      "port opened"]
    assert line.reconnects == 2
    with pytest.raises(TransportError):
        line.write(b"\x06")


def test_a_serial_port_is_opened_exclusively_and_a_second_opener_is_told_it_is_in_use() -> None:
    master, slave = os.openpty()
    tty.setraw(slave)
    path = os.ttyname(slave)
    first = SerialTransport(path, PortSettings(read_timeout=0.05))
    try:
        with pytest.raises(PortInUse, match=f"{path} is open in another program"):
            SerialTransport(path)
        os.write(master, b"\x05")
        assert first.read() == b"\x05"  # the first opener keeps the line to itself
    finally:
        first.close()
    SerialTransport(path).close()  # free again once closed
    os.close(slave)
    os.close(master)
