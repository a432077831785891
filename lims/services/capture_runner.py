"""The capture of one instrument's line, with no Qt: port -> journal -> adapter -> database.

``CaptureRunner.run(stop)`` claims the instrument (one capture per instrument on every
workstation: ``capture_lease``), takes its journal's lock, opens the instrument's port from its
stored settings (exclusively, reopening it whenever it vanishes), first stores what the line's
journal holds that was not yet stored (a capture killed mid-transfer), then pumps until ``stop``
is set. Each step's readings are stored in one transaction and only then is the journal marked
consumed, so a crash between the two decodes them again and the frame key keeps them single.
When the database is busy (another workstation writing: ``WorkstationBusy``) the readings wait
in memory and in the journal, the line goes on, and they are stored at the next try; nothing is
marked consumed until they are. The headless ``lims capture`` and the GUI's capture worker both
run this.

The technician's settings for the run (``BenchChoice``: the kit lot in use, the sample code of
each channel, the control's channel; and the strips queued) may change while it runs: they are
taken between two steps of the line, and readings keep the kit lot in force when they were
decoded. Each settings applied (at the start of a run, after the journal's readings, and on
every change) is journaled before the bytes it applies to, so the readings a restart decodes
from the journal are decoded and stored with the settings they arrived under: their kit lot and
channel map, not the new run's.

A colloidal-gold reader's queue of strips is journaled with what it asked (the pump's ``STATE``
entries), so its answers a restart decodes from the journal get the codes they got live. After
them the queue is what the killed capture still had to read (the strip in the reader first:
asked again under its own code), as a technician who only restarts the capture expects; the strips
handed to the new run are queued after it, those already waiting not a second time (a technician
who types the rest of the list again)."""
from __future__ import annotations

import hashlib
import json
import logging
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from platformdirs import user_data_path

from instruments.adapter import Adapter, LinkEvent, Output
from instruments.journal import Journal, JournalInUse
from instruments.pump import LinePump
from instruments.reading import Reading
from instruments.registry import (
    AdapterConfig,
    Bench,
    RegistryError,
    bench_from_record,
    bench_record,
    create,
    queue_strips,
    set_bench,
    strips_waiting,
)
from instruments.transport import ReconnectingTransport, SerialTransport, Transport
from lims.domain.capture import ReadingState
from lims.domain.errors import InstrumentInUse, LimsError, ValidationError, WorkstationBusy
from lims.services.capture import CaptureKitLot, CaptureService, InstrumentLine, StoreOutcome
from lims.services.capture_lease import HEARTBEAT_SECONDS, LEASE_SECONDS, Holder
from lims.services.dto import Actor

APP_NAME = "banner-lims"
BUSY_RETRY_SECONDS = 2.0  # after WorkstationBusy, the waiting readings are tried again this much later

log = logging.getLogger(__name__)


def journal_folder() -> Path:
    """Where the line journals live: the user data folder, beside the default database."""
    return user_data_path(APP_NAME, appauthor=False) / "journals"


def journal_path(folder: Path, database: str, instrument_id: int) -> Path:
    """One journal per instrument and database: two databases' instrument 1 are two lines."""
    tag = hashlib.sha256(database.encode("utf-8")).hexdigest()[:12]
    return folder / f"{tag}-instrument-{instrument_id}.journal"


def open_serial(line: InstrumentLine) -> Transport:
    return SerialTransport(line.port, line.settings)


@dataclass(frozen=True)
class BenchChoice:
    """What the technician chose for a capture: the kit lot in use (its id), the sample code in
    each channel (1-based) and the control's channel."""

    kit_lot_id: int | None = None
    channels: Mapping[int, str] = field(default_factory=dict)
    control_channel: int | None = None


@dataclass
class CaptureStats:
    """What a capture did so far, as the capture panel and ``lims capture`` show it."""

    link: str = "starting"  # starting, open, down, busy (port held by another program), stopped
    received: int = 0
    recovered: int = 0  # readings the journal held, not stored before, stored at start
    duplicates: int = 0
    waiting: int = 0  # readings received, kept in the journal, waiting for a busy database
    kit_lot: str = ""  # the kit lot in use, as "name lot"
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
                 on_refused: Callable[[LimsError], None] | None = None,
                 bench: BenchChoice | None = None, holder: Holder | None = None,
                 lease_seconds: float = LEASE_SECONDS, heartbeat_seconds: float = HEARTBEAT_SECONDS,
                 busy_retry_seconds: float = BUSY_RETRY_SECONDS, clock: Callable[[], float] = time.monotonic,
                 start_at_open: bool = True, first_delay: float = 0.5, max_delay: float = 5.0) -> None:
        """``journal`` is the journal file of this instrument's line (see ``journal_path``);
        ``holder`` names this capture in the instrument's lease (a restarted capture passes the
        same one); ``on_refused`` hears a bench change that did not fit (the old one stays).
        ``start_at_open=False`` leaves a reader the host asks (the enzyme reader's download)
        alone until ``read_now``: the technician maps the channels first."""
        self._capture = capture
        self._actor = actor
        self._instrument = instrument
        self._journal_path = journal
        self._open_transport = open_transport
        self._on_stored = on_stored or (lambda outcome: None)
        self._on_event = on_event or (lambda event, stats: None)
        self._on_refused = on_refused or (lambda err: None)
        self._first_delay = first_delay
        self._max_delay = max_delay
        self.holder = holder or Holder()
        self._lease_seconds = lease_seconds
        self._heartbeat_seconds = heartbeat_seconds
        self._busy_retry = busy_retry_seconds
        self._clock = clock
        self.stats = CaptureStats()
        self.line: InstrumentLine | None = None
        self._line_id = 0
        self._adapter: Adapter | None = None
        self._initial_bench = bench or BenchChoice()
        self.kit_lot: CaptureKitLot | None = None
        self._bench = Bench()  # what the adapter decodes live bytes by
        self._lock = threading.Lock()  # guards what other threads hand in: a bench, strips
        self._next_bench: BenchChoice | None = None
        self._strips: list[tuple[str, bool]] = []  # (code, typed again)
        self._waiting: list[tuple[Reading, int | None]] = []  # decoded, not yet stored (database busy)
        self._retry_at = 0.0
        self._next_beat = 0.0
        self._start_at_open = start_at_open
        self._read_now = False
        self._line_pump: LinePump | None = None
        self._journal_bench: LinePump | None = None  # journals each bench applied, once recovery is done
        self._applied_lots: dict[bytes, int | None] = {}  # recovery: each journaled bench's lot, as applied
        self._claimed = False

    # --- what the technician hands in, from any thread -------------------------------------

    def set_bench(self, bench: BenchChoice) -> None:
        """Use this kit lot and channel map from the next step of the line on."""
        with self._lock:
            self._next_bench = bench

    def read_now(self) -> None:
        """Ask the reader for its readings (what the host sends when the line opens) at the next
        step, with the settings handed in before."""
        with self._lock:
            self._read_now = True

    def queue_strips(self, codes: Iterable[str], *, typed_again: bool = False) -> None:
        """Strips to read, in the order they go into the reader (a colloidal-gold reader).
        ``typed_again``: the list a person gives again when starting a capture that was
        interrupted (``lims capture --strip``); a code among the strips the journal still had
        waiting is not queued a second time. Strips scanned one by one are new strips, always
        queued (the same sample may have two)."""
        with self._lock:
            self._strips.extend((code.strip(), typed_again) for code in codes if code.strip())

    # --- the run ---------------------------------------------------------------------------

    def prepare(self) -> tuple[InstrumentLine, Adapter]:
        """The instrument's line and a fresh adapter with the technician's settings; refused
        before any port is opened when the instrument, its adapter, the settings or the person's
        right to enter results is wanting."""
        self._capture.check_may_capture(self._actor)
        line = self._capture.line(self._instrument)
        options = dict(line.options)
        if "parameter" not in options and len(line.codes) == 1:
            options["parameter"] = next(iter(line.codes))  # a reader that sends no code reads its one parameter
        try:
            adapter = create(line.adapter, AdapterConfig(line.name, line.settings, options))
        except RegistryError as exc:
            raise ValidationError("The instrument {name} cannot be captured: {problem}", name=line.name,
                                  problem=str(exc)) from exc
        self.line, self._line_id, self._adapter = line, line.id, adapter
        self._apply_bench(self._initial_bench)
        with self._lock:
            strips = bool(self._strips)
        if strips:  # queued once the journal is recovered (see _pump); refused now when the reader reads none
            self._queue_strips([], refuse=True)
        return line, adapter

    def claim(self) -> None:
        """Take the instrument for this capture (``prepare`` first), or raise InstrumentInUse
        naming who holds it; ``run`` claims it unless the caller did."""
        line = self.line if self.line is not None else self.prepare()[0]
        self._capture.claim(self._actor, line.id, self.holder, self._lease_seconds)
        self._claimed = True
        self._next_beat = self._clock() + self._heartbeat_seconds

    def run(self, stop: threading.Event) -> CaptureStats:
        """Capture until ``stop`` is set (``prepare`` and ``claim`` first, unless the caller did)."""
        line, adapter = (self.line, self._adapter) if self.line is not None and self._adapter is not None \
            else self.prepare()
        if not self._claimed:
            self.claim()
        try:
            self._pump(line, adapter, stop)
        finally:
            try:
                self._capture.release_claim(self._actor, line.id, self.holder)
            except Exception:  # the database is gone: the lease lapses by itself
                log.warning("could not end the capture lease of %s; it lapses in %g s", line.name,
                            self._lease_seconds, exc_info=True)
            self.stats.link = "stopped"
            self._on_event(LinkEvent("stopped"), self.stats)
        self.stats.errors = Counter(adapter.errors)
        return self.stats

    def _pump(self, line: InstrumentLine, adapter: Adapter, stop: threading.Event) -> None:
        try:
            journal = Journal(self._journal_path)
        except JournalInUse as exc:
            raise InstrumentInUse("{instrument} is being captured on this computer already ({holder}); stop that "
                                  "capture first", instrument=line.name, holder=exc.holder) from None

        def wait(seconds: float) -> None:  # a stop ends the wait for a port at once
            stop.wait(seconds)

        transport = ReconnectingTransport(lambda: self._open_transport(line), first_delay=self._first_delay,
                                          max_delay=self._max_delay, sleep=wait, on_event=self._port_event)
        try:
            pump = LinePump(transport, journal, adapter)
            self._applied_lots.clear()
            for payload, out in pump.recover_by_bench(self._restore_bench):
                self._hold(out, self._applied_lots.get(payload, self._run_lot()) if payload is not None
                           else self._run_lot())
            self._set_adapter_bench(self._bench)  # the run's own settings again, before any live byte
            waiting = strips_waiting(adapter)  # what the journal's last queue still had to read
            if waiting:
                self._count(LinkEvent("strips restored", ", ".join(waiting)))
            self._take_strips(already=waiting)
            self._journal_bench = pump
            pump.note_bench(self._bench_payload())
            if self._store(Output()):
                pump.commit()
            self.stats.recovered = self.stats.received - self.stats.duplicates
            if self._start_at_open:
                pump.start()
            self._line_pump = pump
            pump.run(self._store, stop.is_set)
            self._retry_at = 0.0  # stopping: one more try for readings the database kept waiting
            if self._store_waiting():
                pump.commit()
        finally:
            self._journal_bench = None
            transport.close()
            journal.close()

    def _port_event(self, kind: str, detail: str) -> None:
        self.stats.link = {"port opened": "open", "port in use": "busy"}.get(kind, "down")
        self._count(LinkEvent(kind, detail))

    def _count(self, event: LinkEvent) -> None:
        self.stats.events[event.kind] += 1
        self._on_event(event, self.stats)

    def _hold(self, out: Output, kit_lot_id: int | None) -> None:
        """Count a step's events and keep its readings, with the kit lot they were read with, to store."""
        if self._adapter is not None:
            self.stats.errors = Counter(self._adapter.errors)
        for event in out.events:
            self._count(event)
        self._waiting.extend((reading, kit_lot_id) for reading in out.readings)

    def _store(self, out: Output) -> bool:
        """Store a step's readings (and any still waiting); True when none is left waiting.
        Then renew the lease when due and take the technician's new settings."""
        self._hold(out, self.kit_lot.id if self.kit_lot is not None else None)
        stored_all = self._store_waiting()
        self._heartbeat()
        with self._lock:
            bench, self._next_bench = self._next_bench, None
            read_now = self._read_now and self._line_pump is not None  # kept until the line runs
            self._read_now = self._read_now and not read_now
        if bench is not None:
            try:
                self._apply_bench(bench)
            except LimsError as exc:
                self._on_refused(exc)
            else:
                self._count(LinkEvent("bench set", self.stats.kit_lot))
        self._take_strips()
        if read_now and self._line_pump is not None:
            self._count(LinkEvent("reading requested"))
            self._line_pump.start()
        return stored_all

    def _store_waiting(self) -> bool:
        if not self._waiting:
            return True
        if self._clock() < self._retry_at:
            return False
        while self._waiting:
            kit_lot_id = self._waiting[0][1]
            count = next((i for i, (_, kit) in enumerate(self._waiting) if kit != kit_lot_id), len(self._waiting))
            try:
                outcomes = self._capture.store(self._actor, self._line_id, [r for r, _ in self._waiting[:count]],
                                               kit_lot_id)
            except WorkstationBusy as exc:
                self._retry_at = self._clock() + self._busy_retry
                self.stats.waiting = len(self._waiting)
                self._count(LinkEvent("database busy", f"{len(self._waiting)} reading(s) kept in the journal wait; "
                                                       f"trying again in {self._busy_retry:g} s ({exc})"))
                return False
            del self._waiting[:count]
            self.stats.waiting = len(self._waiting)
            for outcome in outcomes:
                self.stats.received += 1
                if outcome.duplicate:
                    self.stats.duplicates += 1
                else:
                    self.stats.states[outcome.reading.state.value] += 1
                self._on_stored(outcome)
            self._on_event(LinkEvent("readings stored", str(len(outcomes))), self.stats)  # the counts moved
        return True

    def _heartbeat(self) -> None:
        """Renew the lease when due. A busy database is tried again at the next step (the lease
        has several heartbeats' time); a lease another capture took over stops this one."""
        now = self._clock()
        if now < self._next_beat or self.line is None:
            return
        try:
            self._capture.renew(self._line_id, self.holder, self._lease_seconds)
        except WorkstationBusy:
            self._next_beat = now + min(self._busy_retry, self._heartbeat_seconds)
            return
        self._next_beat = now + self._heartbeat_seconds

    def _apply_bench(self, bench: BenchChoice) -> None:
        line, adapter = self.line, self._adapter
        if line is None or adapter is None:
            return
        kit = self._capture.kit_lot(line.name, kit_lot_id=bench.kit_lot_id) if bench.kit_lot_id is not None else None
        settings = Bench(kit.kit if kit is not None else None, dict(bench.channels), bench.control_channel)
        self._set_adapter_bench(settings)
        self.kit_lot, self._bench = kit, settings
        self.stats.kit_lot = kit.label if kit is not None else ""
        if self._journal_bench is not None:
            self._journal_bench.note_bench(self._bench_payload())

    def _set_adapter_bench(self, settings: Bench) -> None:
        if self.line is None or self._adapter is None:
            return
        try:
            set_bench(self._adapter, settings)
        except RegistryError as exc:
            raise ValidationError("The settings for the capture of {instrument} do not fit it: {problem}",
                                  instrument=self.line.name, problem=str(exc)) from exc

    def _bench_payload(self) -> bytes:
        """The journal's record of the settings in force: what the adapter needs to decode by
        them again, and the kit lot's id the readings are stored with."""
        kit = self.kit_lot
        record = {"kit_lot_id": kit.id if kit is not None else None, "kit_label": kit.label if kit is not None else "",
                  **bench_record(self._bench)}
        return json.dumps(record, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")

    @staticmethod
    def _decoded_bench(payload: bytes) -> tuple[Bench, dict[str, object]]:
        record = json.loads(payload.decode("utf-8"))
        if not isinstance(record, dict):
            raise RegistryError("Not a bench record")
        return bench_from_record(record), record

    def _restore_bench(self, payload: bytes) -> None:
        """Recovery meets the settings the next journaled bytes arrived under: decode by them, and
        store what is decoded with their kit lot. When they no longer fit the adapter (the
        instrument's adapter was changed meanwhile) or cannot be read, say so and decode by the
        run's own settings, storing with the run's own lot: the lot stored is always the one the
        readings were judged by."""
        try:
            bench, record = self._decoded_bench(payload)
            self._set_adapter_bench(bench)
        except (ValueError, RegistryError, LimsError) as exc:
            self._count(LinkEvent("bench not restored", str(exc)))
            self._set_adapter_bench(self._bench)
            self._applied_lots[payload] = self._run_lot()
            return
        lot = record.get("kit_lot_id")
        self._applied_lots[payload] = lot if isinstance(lot, int) else None
        self._count(LinkEvent("bench restored", str(record.get("kit_label") or "")))

    def _run_lot(self) -> int | None:
        return self.kit_lot.id if self.kit_lot is not None else None

    def _take_strips(self, already: Iterable[str] = ()) -> None:
        """Queue the strips handed in; of those typed again, not one for each code ``already`` waiting."""
        with self._lock:
            handed, self._strips = self._strips, []
        skip = Counter(code.strip() for code in already)
        strips = []
        for code, typed_again in handed:
            if typed_again and skip[code] > 0:
                skip[code] -= 1
                continue
            strips.append(code)
        if strips:
            self._queue_strips(strips)

    def _queue_strips(self, strips: list[str], refuse: bool = False) -> None:
        """``refuse`` raises (before the capture starts) instead of reporting to ``on_refused``
        when the reader reads no strips."""
        if self._adapter is None or self.line is None:
            return
        try:
            queue_strips(self._adapter, strips)
        except RegistryError as exc:
            error = ValidationError("The settings for the capture of {instrument} do not fit it: {problem}",
                                    instrument=self.line.name, problem=str(exc))
            if refuse:
                raise error from exc
            self._on_refused(error)
