"""Text as people type or paste it, made safe to store and to show.

A name copied from a web page or a chat carries invisible characters: zero-width spaces and
joiners, byte-order marks and direction marks. They are dropped, so "韭\u200b菜" is 韭菜. Characters
that change what a person reads without being seen are refused: the bidirectional embeddings,
overrides and isolates (U+202A–U+202E, U+2066–U+2069) can make a text display in an order other
than the one stored, and control characters (C0, DEL, C1; a tab or a line break inside a
one-line field) break exports and are refused by PostgreSQL (NUL) while SQLite keeps them.
Lone surrogates cannot be stored in UTF-8 at all. A length is counted in characters, as
PostgreSQL's VARCHAR(n) counts it, so SQLite and PostgreSQL accept the same texts."""
from __future__ import annotations

import unicodedata

from lims.domain.errors import ValidationError

# dropped without a word: they are invisible and change nothing a person means
INVISIBLE = frozenset(
    "\u200b"  # zero width space
    "\u200c"  # zero width non-joiner
    "\u200d"  # zero width joiner
    "\u2060"  # word joiner
    "\ufeff"  # zero width no-break space / byte-order mark
    "\u200e"  # left-to-right mark
    "\u200f"  # right-to-left mark
    "\u061c"  # arabic letter mark
    "\u00ad"  # soft hyphen
)
# refused: they reorder what is shown
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_DROP = dict.fromkeys(map(ord, INVISIBLE))


def clean_text(value: str, *, field: str, max_length: int | None, multiline: bool = False) -> str:
    """``value`` with invisible characters dropped and surrounding white space trimmed (line
    breaks unified to "\\n" in a multi-line field); ValidationError, naming ``field``, when a
    character that may not be stored remains or when more than ``max_length`` characters do."""
    text = value.translate(_DROP)
    if multiline:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        text = "\n".join(line.rstrip() for line in text.split("\n"))
    text = text.strip()
    for char in text:
        if char in BIDI_CONTROLS:
            raise ValidationError(
                "This text holds an invisible direction control ({code}) that changes how it reads: "
                "retype it without that character",
                field=field, code=f"U+{ord(char):04X}",
            )
        if multiline and char in "\n\t":
            continue
        category = unicodedata.category(char)
        if category == "Cc" and multiline:
            raise ValidationError(
                "This text holds a control character ({code}): retype it without that character",
                field=field, code=f"U+{ord(char):04X}",
            )
        if category == "Cc":
            raise ValidationError(
                "This text holds a control character ({code}) such as a tab or a line break: "
                "write it on one line without that character",
                field=field, code=f"U+{ord(char):04X}",
            )
        if category == "Cs":
            raise ValidationError(
                "This text holds a broken character ({code}) that cannot be stored: retype it",
                field=field, code=f"U+{ord(char):04X}",
            )
    if max_length is not None and len(text) > max_length:
        raise ValidationError(
            "This text has {length} characters; at most {limit} fit", field=field, length=len(text),
            limit=max_length,
        )
    return text
