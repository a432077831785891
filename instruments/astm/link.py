"""The E1381 low-level link as a pure object: bytes and clock ticks in, bytes to send out.

One ``Link`` is both ends of a line: it receives (ENQ -> ACK, each good frame -> ACK, a bad one
-> NAK, a repeated frame acknowledged and dropped, EOT ends the message) and it sends the
messages queued with ``queue_message`` (ENQ, frames, EOT; a refused frame is sent at most six
times). Timers (E1381's time-outs) run on the monotonic seconds passed to ``feed`` and ``tick``.
When both ends ask for the line at once (contention) the host yields and the instrument retries
after a short wait; ``role`` says which this end is.

One reply per frame the sender waits on. A reply that comes late is the hazard: a sender that
resends a frame before the late reply reaches it takes that reply for the resent copy, and the
reply to the copy for its next frame. So:

- as receiver, a repeated frame that began to arrive before the reply to the first copy went out
  gets no reply of its own: the sender gave up waiting on the first copy, and the one reply
  answers the copy it waits on now (``late duplicate``);
- as sender, no reply within the reply timer ends the transfer with EOT, as E1381 says, and the
  whole message is sent again after a pause as long as that timer; a frame is resent only after
  a NAK, which answers the copy it refuses, so no reply can be counted twice. A reply that comes
  while nothing waits on one is dropped (``late reply``). ``Timers.resend_on_timeout`` plays
  the analyzers that resend on a time-out instead (the simulators do, to test the host)."""
from __future__ import annotations

from collections import Counter, deque
from dataclasses import dataclass, field
from enum import Enum

from instruments.adapter import LinkEvent
from instruments.astm import constants as c
from instruments.astm.codec import BadFrame, Control, Frame, FrameDecoder


class State(Enum):
    IDLE = "idle"
    RECEIVING = "receiving"
    AWAIT_ENQ_REPLY = "await_enq_reply"
    AWAIT_FRAME_REPLY = "await_frame_reply"


class Role(Enum):
    HOST = "host"  # yields the line on contention
    INSTRUMENT = "instrument"


@dataclass(frozen=True)
class Timers:
    reply: float = c.REPLY_TIMEOUT
    receive: float = c.RECEIVE_TIMEOUT
    busy_retry: float = c.BUSY_RETRY
    host_contention: float = c.HOST_CONTENTION_WAIT
    instrument_contention: float = c.INSTRUMENT_CONTENTION_WAIT
    max_tries: int = c.MAX_TRIES
    # E1381 ends the transfer when a reply times out; many analyzers send the frame (or ENQ) again
    # instead, which the simulators play so that the host is tested against it
    resend_on_timeout: bool = False


@dataclass(frozen=True)
class SessionEnd:
    why: str  # "eot", "timeout", "enq" (a new session began without EOT)


@dataclass
class LinkOutput:
    send: bytes = b""
    # accepted frames (duplicates dropped) and session ends, in the order they happened: one
    # chunk may end a session and carry most of the next
    received: list[Frame | SessionEnd] = field(default_factory=list)
    delivered: int = 0  # queued messages that were sent through
    events: list[LinkEvent] = field(default_factory=list)

    @property
    def frames(self) -> list[Frame]:
        return [item for item in self.received if isinstance(item, Frame)]

    @property
    def ended(self) -> list[str]:
        return [item.why for item in self.received if isinstance(item, SessionEnd)]


class Link:
    def __init__(self, role: Role = Role.HOST, timers: Timers = Timers()) -> None:
        self.role = role
        self.timers = timers
        self.state = State.IDLE
        self.errors: Counter[str] = Counter()
        self._decoder = FrameDecoder()
        self._expected = 1  # next frame number when receiving
        self._deadline: float | None = None
        self._hold_until = 0.0
        self._outbox: deque[list[bytes]] = deque()
        self._sending: list[bytes] = []
        self._index = 0
        self._tries = 0
        self._unsent_ack: int | None = None  # a frame number whose ACK is in this feed's output
        self._began_before_ack: int | None = None  # the frame under way began before that ACK went out

    # --- the sender's queue ---------------------------------------------------------------

    def queue_message(self, frames: list[bytes]) -> None:
        """Frames from ``codec.encode_message`` numbered from 1; sent when the line is free."""
        if frames:
            self._outbox.append(frames)

    @property
    def idle(self) -> bool:
        return self.state is State.IDLE and not self._outbox

    # --- input ----------------------------------------------------------------------------

    def feed(self, data: bytes, now: float) -> LinkOutput:
        """``data`` arrived before any of the returned ``send`` goes out: the caller writes
        the replies after the whole chunk is decoded."""
        out = LinkOutput()
        self._unsent_ack = None
        for token in self._decoder.feed(data):
            if isinstance(token, Control):
                self._control(token.byte, now, out)
            elif self.state is State.RECEIVING:
                self._frame(token, now, out)
            else:
                self._error(out, "frame outside a session", "a frame arrived without ENQ")
        if self._unsent_ack is not None and self._decoder.in_frame:
            self._began_before_ack = self._unsent_ack
        self._maybe_start(now, out)
        return out

    def tick(self, now: float) -> LinkOutput:
        out = LinkOutput()
        if self._deadline is not None and now >= self._deadline:
            if self.state is State.RECEIVING:
                self._error(out, "receive timeout", f"no frame for {self.timers.receive:g} s")
                self._end_receiving(out, "timeout")
            elif self.state in (State.AWAIT_ENQ_REPLY, State.AWAIT_FRAME_REPLY):
                if self.timers.resend_on_timeout:
                    self._error(out, "reply timeout", f"no reply within {self.timers.reply:g} s; sent again")
                    self._retry(now, out)
                else:
                    self._error(out, "reply timeout", f"no reply within {self.timers.reply:g} s; the message is "
                                                      "sent again from its start")
                    self._terminate(now, out)
        self._maybe_start(now, out)
        return out

    def _control(self, byte: int, now: float, out: LinkOutput) -> None:
        state = self.state
        if byte == c.ENQ:
            if state is State.AWAIT_ENQ_REPLY:
                self._contention(now, out)
            elif state is State.AWAIT_FRAME_REPLY:
                self._error(out, "unexpected ENQ", "ENQ while a frame awaited its reply")
            else:
                if state is State.RECEIVING:
                    self._error(out, "missing EOT", "a new session began before EOT")
                    self._end_receiving(out, "enq")
                self.state = State.RECEIVING
                self._expected = 1
                self._deadline = now + self.timers.receive
                out.send += bytes([c.ACK])
                out.events.append(LinkEvent("session opened"))
        elif byte == c.EOT:
            if state is State.RECEIVING:
                self._end_receiving(out, "eot")
            elif state is State.AWAIT_FRAME_REPLY:
                self._acknowledged(now, out)  # E1381: EOT as a reply is a request to stop; taken as ACK
        elif state is State.IDLE:
            # ACK or NAK with nothing awaiting a reply: the late answer to a transfer that timed out
            self._error(out, "late reply", f"{'ACK' if byte == c.ACK else 'NAK'} after the transfer ended: dropped")
        elif byte == c.ACK:
            if state is State.AWAIT_ENQ_REPLY:
                self.state = State.AWAIT_FRAME_REPLY
                self._index, self._tries = 0, 1
                self._send_current(now, out)
            elif state is State.AWAIT_FRAME_REPLY:
                self._acknowledged(now, out)
        elif byte == c.NAK:
            if state is State.AWAIT_ENQ_REPLY:
                out.events.append(LinkEvent("receiver busy", "NAK to ENQ"))
                self.state = State.IDLE
                self._deadline = None
                self._hold_until = now + self.timers.busy_retry
            elif state is State.AWAIT_FRAME_REPLY:
                self._error(out, "frame refused", f"NAK for frame {self._index + 1} of {len(self._sending)}")
                self._retry(now, out)

    def _frame(self, token: Frame | BadFrame, now: float, out: LinkOutput) -> None:
        self._deadline = now + self.timers.receive
        began_before_ack, self._began_before_ack = self._began_before_ack, None
        if isinstance(token, BadFrame):
            if token.incomplete:
                # the sender started again (its reply timer ran out): no reply, or it would
                # take this one for the reply to the frame it is sending now
                self._error(out, "incomplete frame", token.reason)
                return
            self._error(out, "bad checksum" if token.checksum_error else "bad frame", token.reason)
            out.send += bytes([c.NAK])
            return
        if token.number == self._expected:
            self._expected = (self._expected + 1) % c.FRAME_NUMBER_MODULUS
            out.received.append(token)
            self._acknowledge(token.number, out)
        elif token.number == (self._expected - 1) % c.FRAME_NUMBER_MODULUS:
            if token.number in (self._unsent_ack, began_before_ack):
                # resent before our ACK of the first copy reached the sender: that one ACK
                # answers this copy; a second would be taken as the reply to the next frame
                self._error(out, "late duplicate", f"frame {token.number} resent before our acknowledgement "
                                                   "went out: dropped, not acknowledged twice")
                return
            out.events.append(LinkEvent("duplicate frame", f"frame {token.number} again: acknowledged, dropped"))
            self._acknowledge(token.number, out)
        else:
            self._error(out, "frame number", f"frame {token.number} where {self._expected} was due")
            out.send += bytes([c.NAK])

    def _acknowledge(self, number: int, out: LinkOutput) -> None:
        out.send += bytes([c.ACK])
        self._unsent_ack = number

    def _end_receiving(self, out: LinkOutput, why: str) -> None:
        self.state = State.IDLE
        self._deadline = None
        out.received.append(SessionEnd(why))

    # --- sending --------------------------------------------------------------------------

    def _maybe_start(self, now: float, out: LinkOutput) -> None:
        if self.state is State.IDLE and self._outbox and now >= self._hold_until:
            self._sending = self._outbox[0]
            self.state = State.AWAIT_ENQ_REPLY
            self._tries = 1
            self._deadline = now + self.timers.reply
            out.send += bytes([c.ENQ])

    def _send_current(self, now: float, out: LinkOutput) -> None:
        out.send += self._sending[self._index]
        self._deadline = now + self.timers.reply

    def _acknowledged(self, now: float, out: LinkOutput) -> None:
        self._index += 1
        self._tries = 1
        if self._index < len(self._sending):
            self._send_current(now, out)
            return
        out.send += bytes([c.EOT])
        self._outbox.popleft()
        out.delivered += 1
        self.state = State.IDLE
        self._deadline = None

    def _retry(self, now: float, out: LinkOutput) -> None:
        """A NAK refused the frame (or, resending on time-outs, no reply came): send it (or the
        ENQ) again, at most ``max_tries`` times in all."""
        if self._tries >= self.timers.max_tries:
            self._error(out, "gave up", f"no acknowledgement after {self._tries} tries; the message waits")
            self._terminate(now, out)
            return
        self._tries += 1
        if self.state is State.AWAIT_ENQ_REPLY:
            out.send += bytes([c.ENQ])
            self._deadline = now + self.timers.reply
        else:
            self._send_current(now, out)

    def _terminate(self, now: float, out: LinkOutput) -> None:
        """Release the line (EOT); the message stays first in the queue and is sent again from
        its ENQ after a reply timer's pause, long enough for a late reply to arrive and be
        dropped rather than taken for the answer to the new ENQ."""
        out.send += bytes([c.EOT])
        self.state = State.IDLE
        self._deadline = None
        self._hold_until = now + self.timers.reply

    def _contention(self, now: float, out: LinkOutput) -> None:
        out.events.append(LinkEvent("contention", "both ends sent ENQ"))
        self.state = State.IDLE
        self._deadline = None
        if self.role is Role.HOST:
            self._hold_until = now + self.timers.host_contention
        else:
            self._hold_until = now + self.timers.instrument_contention

    def _error(self, out: LinkOutput, kind: str, detail: str) -> None:
        self.errors[kind] += 1
        out.events.append(LinkEvent(kind, detail))
