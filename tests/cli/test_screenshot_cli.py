"""`lims --screenshot` photographs a lab that exists; it never makes one, nor the demo."""
from __future__ import annotations

from pathlib import Path

import pytest

from lims import app
from lims.db.engine import make_engine, parse_url
from lims.services.container import build_services


@pytest.fixture
def quiet_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The workstation's settings and log in a throwaway home; no database named by the environment."""
    for variable, folder in (("HOME", "home"), ("XDG_CONFIG_HOME", "config"), ("XDG_DATA_HOME", "data"),
                             ("XDG_STATE_HOME", "state")):
        monkeypatch.setenv(variable, str(tmp_path / folder))
    monkeypatch.delenv("LIMS_DATABASE_URL", raising=False)
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")


def test_a_screenshot_of_a_missing_database_makes_nothing_and_says_to_use_demo(
        quiet_home: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    database, png = tmp_path / "lab.db", tmp_path / "main.png"
    assert app.main(["--db", str(database), "--screenshot", str(png)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("lims: error: ") and "--demo" in err[0], err
    assert str(database) in err[0]
    assert not database.exists() and not png.exists()


def test_a_screenshot_of_an_empty_lab_leaves_it_empty(
        quiet_home: None, db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    png = tmp_path / "main.png"
    assert app.main(["--db", db_url, "--screenshot", str(png)]) == 1
    assert "--demo" in capsys.readouterr().err
    engine = make_engine(parse_url(db_url))
    try:
        services = build_services(engine)
        assert services.users.needs_first_admin()  # no demo users, so no demo lab either
        assert services.audit.head().seq == 0
    finally:
        engine.dispose()
    assert not png.exists()
