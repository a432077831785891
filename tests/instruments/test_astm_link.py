"""The E1381 link as scripted byte exchanges: what arrives, at what second, and what must go out."""
from __future__ import annotations

from instruments.astm.codec import encode_frame, encode_message
from instruments.astm.link import Link, Role, State, Timers

ENQ, ACK, NAK, EOT = b"\x05", b"\x06", b"\x15", b"\x04"
TIMERS = Timers()


def play(link: Link, script: list[tuple[float, bytes, bytes]]) -> list[bytes]:
    """Each step: at second t, feed these bytes (or tick when b""), expect exactly these bytes out.
    Returns the texts of the frames the link accepted."""
    texts: list[bytes] = []
    for t, incoming, expected in script:
        out = link.feed(incoming, t) if incoming else link.tick(t)
        assert out.send == expected, f"at {t}s after {incoming!r}: sent {out.send!r}, expected {expected!r}"
        texts += [f.text for f in out.frames]
    return texts


def test_a_session_is_enq_ack_each_frame_acknowledged_eot_ends_it() -> None:
    link = Link()
    f1, f2 = encode_message([b"H|\\^&", b"L|1|N"])
    texts = play(link, [(0, ENQ, ACK), (0.1, f1, ACK), (0.2, f2, ACK), (0.3, EOT, b"")])
    assert texts == [b"H|\\^&\r", b"L|1|N\r"]
    assert link.state is State.IDLE


def test_a_bad_checksum_is_refused_and_the_frame_sent_again_is_taken() -> None:
    link = Link()
    good = encode_frame(1, b"R|1|^^^OPC|12.5\r")
    bad = good[:-4] + b"00\r\n"
    texts = play(link, [(0, ENQ, ACK), (1, bad, NAK), (2, good, ACK)])
    assert texts == [b"R|1|^^^OPC|12.5\r"]
    assert link.errors["bad checksum"] == 1


def test_a_repeated_frame_is_acknowledged_and_dropped() -> None:
    link = Link()
    f1, f2 = encode_message([b"A", b"B"])
    texts = play(link, [(0, ENQ, ACK), (1, f1, ACK), (2, f1, ACK), (3, f2, ACK)])
    assert texts == [b"A\r", b"B\r"]


def test_an_unexpected_frame_number_is_refused() -> None:
    link = Link()
    texts = play(link, [(0, ENQ, ACK), (1, encode_frame(3, b"X\r"), NAK), (2, encode_frame(1, b"Y\r"), ACK)])
    assert texts == [b"Y\r"]
    assert link.errors["frame number"] == 1


def test_frame_numbers_roll_over_from_7_to_0_while_receiving() -> None:
    link = Link()
    frames = encode_message([b"R%d" % i for i in range(9)])
    texts = play(link, [(0, ENQ, ACK)] + [(1 + i, f, ACK) for i, f in enumerate(frames)])
    assert len(texts) == 9 and texts[8] == b"R8\r"


def test_the_receiver_gives_up_a_silent_session_after_its_timer() -> None:
    link = Link()
    out = link.feed(ENQ, 0)
    assert link.tick(TIMERS.receive - 0.1).ended == []
    assert link.tick(TIMERS.receive).ended == ["timeout"]
    assert link.state is State.IDLE and link.errors["receive timeout"] == 1
    assert out.send == ACK


def test_each_frame_restarts_the_receive_timer() -> None:
    link = Link()
    link.feed(ENQ, 0)
    link.feed(encode_frame(1, b"A\r"), 25)
    assert link.tick(50).ended == []
    assert link.tick(55).ended == ["timeout"]


def test_the_sender_sends_enq_frames_and_eot_on_acknowledgements() -> None:
    link = Link(Role.INSTRUMENT)
    frames = encode_message([b"H|\\^&", b"L|1|N"])
    link.queue_message(frames)
    out = play(link, [(0, b"", ENQ), (0.1, ACK, frames[0]), (0.2, ACK, frames[1]), (0.3, ACK, EOT)])
    assert out == [] and link.idle


def test_the_sender_repeats_a_refused_frame_and_stops_after_six_tries() -> None:
    link = Link(Role.INSTRUMENT)
    frame = encode_message([b"R|1"])
    link.queue_message(frame)
    play(link, [(0, b"", ENQ), (0, ACK, frame[0])] + [(i, NAK, frame[0]) for i in range(1, 6)] + [(6, NAK, EOT)])
    assert link.errors["frame refused"] == 6 and link.errors["gave up"] == 1
    assert not link.idle  # the message is kept and offered again after a pause
    assert link.tick(6 + TIMERS.reply).send == ENQ


def test_no_reply_within_15_seconds_ends_the_transfer_and_the_message_is_sent_again_from_its_start() -> None:
    link = Link(Role.INSTRUMENT)
    frames = encode_message([b"H|\\^&", b"R|1"])
    link.queue_message(frames)
    play(link, [(0, b"", ENQ), (1, ACK, frames[0]), (2, ACK, frames[1]),
                (16.9, b"", b""), (17, b"", EOT),  # E1381: a reply time-out ends the transfer
                (31.9, b"", b""), (32, b"", ENQ),  # after a reply timer's pause, the whole message again
                (32.1, ACK, frames[0]), (32.2, ACK, frames[1]), (32.3, ACK, EOT)])
    assert link.errors["reply timeout"] == 1 and link.idle


def test_an_analyzer_that_resends_on_a_time_out_resends_the_frame_and_the_enq() -> None:
    link = Link(Role.INSTRUMENT, Timers(resend_on_timeout=True))
    frame = encode_message([b"R|1"])
    link.queue_message(frame)
    play(link, [(0, b"", ENQ), (15, b"", ENQ), (16, ACK, frame[0]), (31, b"", frame[0]), (32, ACK, EOT)])
    assert link.errors["reply timeout"] == 2


def test_a_late_ack_after_the_sender_timed_out_is_dropped_not_taken_for_the_next_frame() -> None:
    """The receiver's ACK of frame 2 comes after the sender's 15 s: the sender has ended the
    transfer, so the ACK answers nothing, and the message starts again from frame 1."""
    link = Link(Role.INSTRUMENT)
    frames = encode_message([b"H|\\^&", b"R|1", b"L|1|N"])
    link.queue_message(frames)
    play(link, [(0, b"", ENQ), (0.1, ACK, frames[0]), (0.2, ACK, frames[1]),
                (15.2, b"", EOT),
                (16, ACK, b""),  # the late ACK of frame 2: dropped, frame 3 is not sent on its strength
                (30.2, b"", ENQ), (30.3, ACK, frames[0]), (30.4, ACK, frames[1]), (30.5, NAK, frames[1]),
                (30.6, ACK, frames[2]), (30.7, ACK, EOT)])
    assert link.errors["late reply"] == 1 and link.idle


def test_a_frame_resent_before_the_host_acknowledged_it_gets_one_ack_not_two() -> None:
    """The device sent frame 1, heard nothing for its 15 s (the host was busy writing to disk)
    and sent frame 1 again; both copies were waiting when the host read the line. One ACK answers
    the copy the device waits on; a second would be taken as the reply to frame 2, so a frame 2
    spoiled on the line would be lost instead of refused and sent again."""
    host = Link(Role.HOST)
    f1, f2, f3 = encode_message([b"H|\\^&", b"R|1|^^^A|1", b"L|1|N"])
    spoiled = f2[:-4] + b"00\r\n"
    texts = play(host, [
        (0, ENQ, ACK),
        (16, f1 + f1, ACK),  # both copies in one read: one ACK
        (16.1, spoiled, NAK),  # frame 2 spoiled on the line: refused, as the device expects ...
        (16.2, f2, ACK),  # ... and sent again
        (16.3, f3, ACK), (16.4, EOT, b"")])
    assert texts == [b"H|\\^&\r", b"R|1|^^^A|1\r", b"L|1|N\r"]
    assert host.errors["late duplicate"] == 1


def test_a_resent_frame_split_across_reads_still_gets_no_second_ack() -> None:
    host = Link(Role.HOST)
    f1, f2 = encode_message([b"H|\\^&", b"L|1|N"])
    play(host, [(0, ENQ, ACK),
                (16, f1 + f1[:5], ACK),  # the copy began before the ACK of the first went out ...
                (16.05, f1[5:], b""),  # ... and ends after it: still answered by that one ACK
                (16.1, f2, ACK), (16.2, EOT, b"")])
    assert host.errors["late duplicate"] == 1


def test_a_frame_repeated_after_the_ack_went_out_is_acknowledged_again() -> None:
    """The ACK went out before the copy began to arrive, so the device did not have it (lost on
    the line): E1381's rule holds, the repeated frame is acknowledged and dropped."""
    host = Link(Role.HOST)
    f1, f2 = encode_message([b"H|\\^&", b"L|1|N"])
    texts = play(host, [(0, ENQ, ACK), (1, f1, ACK), (16, f1, ACK), (16.1, f2, ACK), (16.2, EOT, b"")])
    assert texts == [b"H|\\^&\r", b"L|1|N\r"] and host.errors["late duplicate"] == 0


def test_nak_to_enq_means_busy_the_sender_asks_again_after_10_seconds() -> None:
    link = Link(Role.INSTRUMENT)
    link.queue_message(encode_message([b"R|1"]))
    play(link, [(0, b"", ENQ), (1, NAK, b""), (10.9, b"", b""), (11, b"", ENQ)])


def test_on_contention_the_host_yields_and_receives_the_instrument_s_message() -> None:
    host = Link(Role.HOST)
    answer = encode_message([b"H|\\^&", b"L|1|I"])
    host.queue_message(answer)
    incoming = encode_message([b"H|\\^&", b"R|1|^^^A|1", b"L|1|N"])
    texts = play(host, [
        (0, b"", ENQ),  # the host asks for the line ...
        (0.01, ENQ, b""),  # ... so does the instrument: the host stays silent and yields
        (1.1, ENQ, ACK),  # the instrument tries again after its 1 s and gets the line
        (1.2, incoming[0], ACK), (1.3, incoming[1], ACK), (1.4, incoming[2], ACK), (1.5, EOT, b""),
        (19.9, b"", b""),  # the host waits its 20 s before asking again
        (20.01, b"", ENQ), (20.1, ACK, answer[0]),
    ])
    assert texts == [b"H|\\^&\r", b"R|1|^^^A|1\r", b"L|1|N\r"]


def test_on_contention_the_instrument_asks_again_after_one_second() -> None:
    instrument = Link(Role.INSTRUMENT)
    instrument.queue_message(encode_message([b"R|1"]))
    play(instrument, [(0, b"", ENQ), (0.01, ENQ, b""), (0.9, b"", b""), (1.02, b"", ENQ)])


def test_enq_without_the_previous_eot_starts_a_new_session() -> None:
    link = Link()
    link.feed(ENQ, 0)
    link.feed(encode_frame(1, b"A\r"), 1)
    out = link.feed(ENQ, 2)
    assert out.send == ACK and out.ended == ["enq"]
    assert link.feed(encode_frame(1, b"B\r"), 3).frames[0].text == b"B\r"
