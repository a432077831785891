"""Per-workstation preferences: the one wrapper over QSettings. Lab data lives in the database."""
from __future__ import annotations

import socket
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

ORGANISATION = "banner-lims"
APPLICATION = "lims"
LANGUAGES = ("zh_CN", "en")
DEFAULT_LANGUAGE = "zh_CN"


class AppSettings:
    """Typed access to the workstation's settings, with defaults.

    ``ini_path`` points at an INI file instead of the platform's settings store (tests)."""

    def __init__(self, ini_path: Path | str | None = None) -> None:
        if ini_path is None:
            self._qs = QSettings(QSettings.Format.NativeFormat, QSettings.Scope.UserScope,
                                 ORGANISATION, APPLICATION)
        else:
            self._qs = QSettings(str(ini_path), QSettings.Format.IniFormat)

    # --- language ---------------------------------------------------------------------------

    def language(self) -> str:
        value = self._str("ui/language")
        return value if value in LANGUAGES else DEFAULT_LANGUAGE

    def set_language(self, language: str) -> None:
        if language not in LANGUAGES:
            raise ValueError(f"unsupported language {language!r}; choose one of {LANGUAGES}")
        self._set("ui/language", language)

    # --- database ---------------------------------------------------------------------------

    def database_url(self) -> str | None:
        return self._str("database/url") or None

    def set_database_url(self, url: str | None) -> None:
        if url:
            self._set("database/url", url)
        else:
            self._qs.remove("database/url")
            self._qs.sync()

    # --- workstation and log-in -------------------------------------------------------------

    def workstation(self) -> str:
        return self._str("workstation/name") or socket.gethostname()

    def set_workstation(self, name: str) -> None:
        self._set("workstation/name", name.strip())

    def last_username(self) -> str:
        return self._str("login/last_username")

    def set_last_username(self, username: str) -> None:
        self._set("login/last_username", username.strip())

    # --- window -----------------------------------------------------------------------------

    def window_geometry(self) -> bytes | None:
        return self._bytes("window/geometry")

    def set_window_geometry(self, data: bytes) -> None:
        self._set("window/geometry", QByteArray(data))

    def window_state(self) -> bytes | None:
        return self._bytes("window/state")

    def set_window_state(self, data: bytes) -> None:
        self._set("window/state", QByteArray(data))

    # --- tables -----------------------------------------------------------------------------

    def column_widths(self, user: str, table: str) -> list[int]:
        """The widths ``user`` last gave the columns of ``table`` on this workstation ([] if none):
        people sharing a bench computer each keep their own."""
        widths = []
        for part in self._str(self._columns_key(user, table)).split(","):
            if not part.strip().isdigit():
                return []
            widths.append(int(part))
        return widths

    def set_column_widths(self, user: str, table: str, widths: list[int]) -> None:
        self._set(self._columns_key(user, table), ",".join(str(max(int(w), 0)) for w in widths))

    @staticmethod
    def _columns_key(user: str, table: str) -> str:
        # a user name is letters, digits and ._- (lims.domain.accounts), so it is a key as it is
        return f"columns/{user or '-'}/{table}"

    # --- plumbing ---------------------------------------------------------------------------

    def _str(self, key: str) -> str:
        value = self._qs.value(key, "")
        return value if isinstance(value, str) else ""

    def _bytes(self, key: str) -> bytes | None:
        value = self._qs.value(key)
        if isinstance(value, QByteArray):
            return bytes(value.data()) or None
        if isinstance(value, (bytes, bytearray)):
            return bytes(value) or None
        return None

    def _set(self, key: str, value: object) -> None:
        self._qs.setValue(key, value)
        self._qs.sync()
