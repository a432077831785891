"""The capture of one instrument's line, with no Qt: port -> journal -> adapter -> database.

``CaptureRunner.run(stop)`` opens the instrument's port from its stored settings (reopening it
whenever it vanishes), first stores what the line's journal holds that was not yet stored (a
capture killed mid-transfer), then pumps until ``stop`` is set. Each step's readings are stored
in one transaction and only then is the journal marked consumed, so a crash between the two
decodes them again and the frame key keeps them single. The headless ``lims capture`` and the
GUI's capture worker both run this."""
from __future__ import annotations

import hashlib
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from platformdirs import user_data_path

from instruments.adapter import Adapter, LinkEvent, Output
from instruments.journal import Journal
from instruments.pump import LinePump
from instruments.registry import AdapterConfig, RegistryError, create
from instruments.transport import ReconnectingTransport, SerialTransport, Transport
from lims.domain.capture import ReadingState
from lims.domain.errors import ValidationError
from lims.services.capture import CaptureService, InstrumentLine, StoreOutcome
from lims.services.dto import Actor

APP_NAME = "banner-lims"


def journal_folder() -> Path:
    """Where the line journals live: the user data folder, beside the default database."""
    return user_data_path(APP_NAME, appauthor=False) / "journals"


def journal_path(folder: Path, database: str, instrument_id: int) -> Path:
    """One journal per instrument and database: two databases' instrument 1 are two lines."""
    tag = hashlib.sha256(database.encode("utf-8")).hexdigest()[:12]
    return folder / f"{tag}-instrument-{instrument_id}.journal"


def open_serial(line: InstrumentLine) -> Transport:
    return SerialTransport(line.port, line.settings)


@dataclass
class CaptureStats:
    """What a capture did so far, as the capture panel and ``lims capture`` show it."""

    link: str = "starting"  # starting, open, down, stopped
    received: int = 0
    recovered: int = 0  # readings the journal held, not stored before, stored at start
    duplicates: int = 0
    states: Counter[str] = field(default_factory=Counter)
    events: Counter[str] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)  # the adapter's protocol errors

    @property
    def stored(self) -> int:
        return self.states[ReadingState.STORED.value]


class CaptureRunner:
    def __init__(self, capture: CaptureService, actor: Actor, instrument: str, journal: Path, *,
                 open_transport: Callable[[InstrumentLine], Transport] = open_serial,
                 on_stored: Callable[[StoreOutcome], None] | None = None,
                 on_event: Callable[[LinkEvent, CaptureStats], None] | None = None,
                 first_delay: float = 0.5, max_delay: float = 5.0) -> None:
        """``journal`` is the journal file of this instrument's line (see ``journal_path``)."""
        self._capture = capture
        self._actor = actor
        self._instrument = instrument
        self._journal_path = journal
        self._open_transport = open_transport
        self._on_stored = on_stored or (lambda outcome: None)
        self._on_event = on_event or (lambda event, stats: None)
        self._first_delay = first_delay
        self._max_delay = max_delay
        self.stats = CaptureStats()
        self.line: InstrumentLine | None = None
        self._line_id = 0
        self._adapter: Adapter | None = None

    def prepare(self) -> tuple[InstrumentLine, Adapter]:
        """The instrument's line and a fresh adapter; refused before any port is opened when the
        instrument, its adapter or the person's right to enter results is wanting."""
        self._capture.check_may_capture(self._actor)
        line = self._capture.line(self._instrument)
        try:
            adapter = create(line.adapter, AdapterConfig(line.name, line.settings, line.options))
        except RegistryError as exc:
            raise ValidationError("The instrument {name} cannot be captured: {problem}", name=line.name,
                                  problem=str(exc)) from exc
        self.line, self._line_id, self._adapter = line, line.id, adapter
        return line, adapter

    def run(self, stop: threading.Event) -> CaptureStats:
        line, adapter = self.prepare()

        def wait(seconds: float) -> None:  # a stop ends the wait for a port at once
            stop.wait(seconds)

        transport = ReconnectingTransport(lambda: self._open_transport(line), first_delay=self._first_delay,
                                          max_delay=self._max_delay, sleep=wait,
                                          on_event=self._port_event)
        journal = Journal(self._journal_path)
        try:
            pump = LinePump(transport, journal, adapter)
            recovered = pump.recover()
            self._store(recovered)
            self.stats.recovered = self.stats.received - self.stats.duplicates
            pump.commit()
            pump.start()
            pump.run(self._store, stop.is_set)
        finally:
            transport.close()
            journal.close()
            self.stats.link = "stopped"
            self._on_event(LinkEvent("stopped"), self.stats)
        self.stats.errors = Counter(adapter.errors)
        return self.stats

    def _port_event(self, kind: str, detail: str) -> None:
        self.stats.link = "open" if kind == "port opened" else "down"
        self._count(LinkEvent(kind, detail))

    def _count(self, event: LinkEvent) -> None:
        self.stats.events[event.kind] += 1
        self._on_event(event, self.stats)

    def _store(self, out: Output) -> None:
        if self._adapter is not None:
            self.stats.errors = Counter(self._adapter.errors)
        for event in out.events:
            self._count(event)
        if not out.readings:
            return
        outcomes = self._capture.store(self._actor, self._line_id, out.readings)
        for outcome in outcomes:
            self.stats.received += 1
            if outcome.duplicate:
                self.stats.duplicates += 1
            else:
                self.stats.states[outcome.reading.state.value] += 1
            self._on_stored(outcome)
