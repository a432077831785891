from __future__ import annotations

import socket
from pathlib import Path

import pytest

from lims.gui.settings import AppSettings


def test_a_fresh_workstation_starts_in_chinese_with_its_host_name(tmp_path: Path) -> None:
    s = AppSettings(tmp_path / "fresh.ini")
    assert s.language() == "zh_CN"
    assert s.database_url() is None
    assert s.workstation() == socket.gethostname()
    assert s.last_username() == ""
    assert s.window_geometry() is None and s.window_state() is None


def test_choices_survive_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "lims.ini"
    s = AppSettings(path)
    s.set_language("en")
    s.set_database_url("postgresql+psycopg://lims@db.lab/lims")
    s.set_workstation("收样室")
    s.set_last_username("zhangsan")
    s.set_window_geometry(b"\x01\x02\x00geometry")
    s.set_window_state(b"state\xff")

    again = AppSettings(path)
    assert again.language() == "en"
    assert again.database_url() == "postgresql+psycopg://lims@db.lab/lims"
    assert again.workstation() == "收样室"
    assert again.last_username() == "zhangsan"
    assert again.window_geometry() == b"\x01\x02\x00geometry"
    assert again.window_state() == b"state\xff"

    again.set_database_url(None)
    assert AppSettings(path).database_url() is None


def test_an_unknown_language_is_refused_and_a_garbled_one_falls_back_to_chinese(tmp_path: Path) -> None:
    path = tmp_path / "lims.ini"
    with pytest.raises(ValueError):
        AppSettings(path).set_language("fr")
    path.write_text("[ui]\nlanguage=klingon\n", encoding="utf-8")
    assert AppSettings(path).language() == "zh_CN"
