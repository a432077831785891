"""Control bytes and limits of ASTM E1381 (CLSI LIS1-A)."""
from __future__ import annotations

STX = 0x02  # start of frame
ETX = 0x03  # end of the last frame of a message (or of a record)
EOT = 0x04  # end of transmission: the sender releases the line
ENQ = 0x05  # a sender asks for the line
ACK = 0x06
NAK = 0x15
ETB = 0x17  # end of an intermediate frame
CR = 0x0D
LF = 0x0A

FRAME_NUMBER_MODULUS = 8  # frame numbers run 1..7, then 0, 1, ...
MAX_FRAME_TEXT = 240  # E1381's limit; longer frames from real devices are still accepted
MAX_TOLERATED_TEXT = 65536  # beyond this a "frame" is line noise, not a long record
MAX_TRIES = 6  # a frame is sent at most six times

# E1381's timers, in seconds
REPLY_TIMEOUT = 15.0  # a sender waits this long for ACK/NAK after ENQ or a frame
RECEIVE_TIMEOUT = 30.0  # a receiver waits this long for the next frame or EOT
BUSY_RETRY = 10.0  # after a NAK to ENQ (receiver busy) the sender waits this long
HOST_CONTENTION_WAIT = 20.0  # after both sides sent ENQ, the host waits at least this long
INSTRUMENT_CONTENTION_WAIT = 1.0  # ... and the instrument at least this long

DEFAULT_DELIMITERS = "|\\^&"  # field, repeat, component, escape (E1394's usual set)
