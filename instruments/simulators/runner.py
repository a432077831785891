"""Puts a simulated device on a line: one end of a pseudo-terminal, or a TCP port.

Pseudo-terminals ignore the baud rate (hundreds of KiB in milliseconds), so the runner paces
its writes itself: 10 bits a byte at 8N1. Noise corrupts what the device sends, at ``rate``
per write: a byte flipped, a byte dropped, or (for line printers) a whole line dropped."""
from __future__ import annotations

import contextlib
import os
import random
import select
import socket
import time
import tty
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from instruments.simulators.devices import Device


class Endpoint(Protocol):
    def read(self, timeout: float) -> bytes: ...

    def write(self, data: bytes) -> None: ...

    def close(self) -> None: ...


class PtyEndpoint:
    """The device holds the master end; the host opens ``path`` (the slave) as a serial port.
    With ``link`` a symbolic link names the current slave, so a host can reopen the same name
    after ``pull_and_replug`` (the line pulled out and plugged in again: a new pair)."""

    def __init__(self, link: Path | None = None) -> None:
        self.link = link
        self._open()

    def _open(self) -> None:
        self.master, self._slave = os.openpty()
        tty.setraw(self._slave)
        self.path = os.ttyname(self._slave)
        if self.link is not None:
            tmp = self.link.with_name(self.link.name + ".new")
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
            tmp.symlink_to(self.path)
            tmp.replace(self.link)

    def read(self, timeout: float) -> bytes:
        ready, _, _ = select.select([self.master], [], [], timeout)
        if not ready:
            return b""
        try:
            return os.read(self.master, 4096)
        except OSError:
            return b""

    def write(self, data: bytes) -> None:
        with contextlib.suppress(OSError):  # nobody on the other end: the bytes are lost, as on a wire
            os.write(self.master, data)

    def pull_and_replug(self) -> None:
        self.close()
        self._open()

    def close(self) -> None:
        for fd in (self.master, self._slave):
            with contextlib.suppress(OSError):
                os.close(fd)


class TcpEndpoint:
    """A listening port; one host connection at a time (as a reader's network module)."""

    def __init__(self, port: int, host: str = "127.0.0.1") -> None:
        self._server = socket.create_server((host, port))
        self.port = self._server.getsockname()[1]
        self._client: socket.socket | None = None

    def read(self, timeout: float) -> bytes:
        if self._client is None:
            ready, _, _ = select.select([self._server], [], [], timeout)
            if ready:
                self._client, _ = self._server.accept()
            return b""
        ready, _, _ = select.select([self._client], [], [], timeout)
        if not ready:
            return b""
        try:
            data = self._client.recv(4096)
        except OSError:
            data = b""
        if not data:
            self._client.close()
            self._client = None
        return data

    @property
    def connected(self) -> bool:
        return self._client is not None

    def write(self, data: bytes) -> None:
        if self._client is not None:
            try:
                self._client.sendall(data)
            except OSError:
                self._client.close()
                self._client = None

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
        self._server.close()


@dataclass
class Noise:
    rate: float = 0.0
    line_ending: bytes = b""  # set for line printers: lets a whole line drop
    rng: random.Random = field(default_factory=lambda: random.Random(1))
    corrupted: int = 0

    def apply(self, data: bytes) -> bytes:
        if not data or self.rate <= 0 or self.rng.random() >= self.rate:
            return data
        self.corrupted += 1
        choice = self.rng.choice(("flip", "drop", "line") if self.line_ending else ("flip", "drop"))
        if choice == "line":
            return b""
        index = self.rng.randrange(len(data))
        if choice == "drop":
            return data[:index] + data[index + 1:]
        return data[:index] + bytes([data[index] ^ (1 << self.rng.randrange(8))]) + data[index + 1:]


def paced_write(endpoint: Endpoint, data: bytes, baud: int | None, sleep: Callable[[float], None] = time.sleep) -> None:
    """Write as a line at ``baud`` would deliver (8N1, 10 bits a byte), in slices of 64 bytes."""
    if not baud:
        endpoint.write(data)
        return
    for i in range(0, len(data), 64):
        piece = data[i:i + 64]
        endpoint.write(piece)
        sleep(len(piece) * 10 / baud)


def run_device(device: Device, endpoint: Endpoint, *, baud: int | None = None, noise: Noise | None = None,
               stop: Callable[[], bool] = lambda: False, linger: float = 0.5,
               clock: Callable[[], float] = time.monotonic) -> None:
    """Serve until the device has said everything and ``linger`` seconds passed, or ``stop()``."""
    noise = noise or Noise()
    finished_at: float | None = None
    while not stop():
        now = clock()
        data = endpoint.read(0.01)
        out = device.receive(data, now) if data else b""
        out += device.tick(clock())
        if out:
            paced_write(endpoint, noise.apply(out), baud)
        if device.done:
            finished_at = finished_at or clock()
            if clock() - finished_at >= linger:
                return
