"""The README's first command as a newcomer runs it: the demo lab opens on a fresh machine."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QImage


def _run(home: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, HOME=str(home), XDG_DATA_HOME=str(home / "data"),
               XDG_CONFIG_HOME=str(home / "config"), XDG_STATE_HOME=str(home / "state"))
    env.pop("LIMS_DATABASE_URL", None)
    return subprocess.run([sys.executable, "-m", "lims", *args], capture_output=True, text=True,
                          timeout=180, env=env)


def test_demo_start_fills_the_user_data_folder_and_renders_the_main_window(tmp_path):
    shot = tmp_path / "main.png"
    first = _run(tmp_path, "--demo", "--screenshot", str(shot))
    assert first.returncode == 0, first.stderr
    assert "Traceback" not in first.stderr
    image = QImage(str(shot))
    assert (image.width(), image.height()) == (1366, 768)
    colours = {image.pixel(x, y) for x in range(0, 1366, 16) for y in range(0, 768, 16)}
    assert len(colours) > 20, "the screenshot is blank"
    database = tmp_path / "data" / "banner-lims" / "lims.db"
    assert database.exists()
    # the demo lab went through the audited services: its chain verifies
    audit = _run(tmp_path, "audit", "verify", "--db", str(database))
    assert audit.returncode == 0 and "chain intact" in audit.stdout
    # a second start opens the same lab rather than building another
    again = _run(tmp_path, "--demo", "--screenshot", str(tmp_path / "again.png"))
    assert again.returncode == 0, again.stderr
    refused = _run(tmp_path, "demo", "--db", str(database))
    assert refused.returncode == 1 and "already" in refused.stderr
