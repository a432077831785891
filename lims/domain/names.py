"""Names as people type them and as ability tables print them, folded for comparison.

Surrounding and inner spaces, full-width letters and brackets, upper or lower case, markers
glued to a name ("﹡△毒死蜱") make no difference; "腐霉利（速克灵）" is found by the name before
the brackets or by the alias inside them."""
from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable

SUGGESTIONS = 3

# markers the ability tables glue to names: ﹡ (NFKC "*") for an expansion, △ for a method change
_MARKS = "*△▲☆★※#"
_DASHES = dict.fromkeys(map(ord, "‐‑‒–—―－"), "-")


def name_key(text: str) -> str:
    """A name folded for comparison: NFKC (full-width to half-width), no spaces, case-folded,
    dashes unified, markers at either end dropped: " ﹡△毒死蜱 " -> "毒死蜱", "ＬＥＥＫ" -> "leek"."""
    folded = unicodedata.normalize("NFKC", text).translate(_DASHES)
    return "".join(folded.split()).casefold().strip(_MARKS)


def folded(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip()


def bracket_parts(key: str) -> tuple[str, list[str]]:
    """"腐霉利(速克灵)" -> ("腐霉利", ["速克灵"]); a key without brackets gives ("", [])."""
    start = key.find("(")
    if start <= 0:
        return "", []
    end = key.rfind(")")
    inner = key[start + 1:end if end > start else len(key)]
    return key[:start], [p for p in re.split(r"[,;、]", inner) if p]


class NameIndex:
    """The spellings of a set of catalogue rows, each folded by ``name_key``."""

    def __init__(self) -> None:
        self._ids: dict[str, set[int]] = {}
        self.display: dict[int, str] = {}

    def add(self, row_id: int, display: str, spellings: Iterable[str | None]) -> None:
        self.display[row_id] = display
        for spelling in spellings:
            key = name_key(spelling or "")
            if key:
                self._ids.setdefault(key, set()).add(row_id)

    def matches(self, text: str) -> set[int]:
        """The rows ``text`` names: exactly, or else by the name before its brackets, or else by
        the names inside them. Empty when nothing fits; several when the name is ambiguous."""
        key = name_key(text)
        found = self._ids.get(key)
        if found:
            return set(found)
        head, inner = bracket_parts(key)
        by_head = self._ids.get(head, set())
        if len(by_head) == 1:
            return set(by_head)
        by_inner: set[int] = set()
        for part in inner:
            by_inner |= self._ids.get(part, set())
        return by_inner if len(by_inner) == 1 else by_head | by_inner

    def suggestions(self, text: str) -> list[str]:
        """Up to SUGGESTIONS display names close to ``text``: containing it or contained in it
        first, then those difflib finds similar."""
        key = name_key(text)
        if not key:
            return []
        related = [k for k in self._ids if key in k or k in key]
        close = difflib.get_close_matches(key, list(self._ids), n=SUGGESTIONS, cutoff=0.5)
        names: list[str] = []
        for k in sorted(related, key=lambda k: abs(len(k) - len(key))) + close:
            for row_id in sorted(self._ids[k]):
                if self.display[row_id] not in names:
                    names.append(self.display[row_id])
        return names[:SUGGESTIONS]
