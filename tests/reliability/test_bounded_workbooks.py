"""A workbook is bounded before it is read: a small file that unpacks to gigabytes, one of too
many parts or too many rows, and a file that is no workbook at all are refused with a message a
person can act on, quickly, with little memory, and with nothing stored."""
from __future__ import annotations

import os
import subprocess
import sys
import tracemalloc
import zipfile
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select

from lims.db.engine import make_session_factory
from lims.db.models import Limit, Sample
from lims.domain.errors import ValidationError
from lims.services import spreadsheet
from tests.cli.test_cli import assert_one_clear_line, lims
from tests.conftest import SQLITE_ONLY
from tests.reliability.workbooks import HEADER, SHEET, good_row, sampling_list, write_zip, zip_bomb

LIMIT_HEADER = ["产品", "参数", "限量值", "单位", "标准", "年号"]
SOURCE = "GB 2763-2026 表1"
PEAK_RSS_MB = 300  # the whole command, its log-in's password hash (64 MB) included
OVER_A_SMALL_LIST_MB = 30  # more than the same command reading a two-row list
PEAK_TRACED_MB = 5  # what the service allocates while refusing

# runs one command of the application and writes its peak memory and time to a file. The peak is
# the process's own high-water mark (VmHWM): getrusage's ru_maxrss keeps the size of the process
# that forked it, so under a large test runner every command would seem as big as the runner
_MEASURE = """
import resource, sys, time
resource.setrlimit(resource.RLIMIT_AS, (1536 << 20, 1536 << 20))  # today's reading would take gigabytes
from lims.app import main
start = time.monotonic()
try:
    code = main(sys.argv[2:])
finally:
    with open("/proc/self/status") as status:
        peak_kb = next(line.split()[1] for line in status if line.startswith("VmHWM:"))
    with open(sys.argv[1], "w") as out:
        out.write(f"{peak_kb} {time.monotonic() - start}")
raise SystemExit(code)
"""


@pytest.fixture(scope="module")
def bomb(tmp_path_factory) -> Path:
    """A 3 MB sampling list whose sheet unpacks to 1.5 GB."""
    path = zip_bomb(tmp_path_factory.mktemp("bomb") / "清单.xlsx", HEADER)
    with zipfile.ZipFile(path) as archive:
        assert archive.getinfo(SHEET).file_size > 1.5e9
    assert path.stat().st_size < 4 * 1024 * 1024
    return path


@pytest.fixture(scope="module")
def limit_bomb(tmp_path_factory) -> Path:
    return zip_bomb(tmp_path_factory.mktemp("bomb") / "限量.xlsx", LIMIT_HEADER)


@pytest.fixture
def never_opened(monkeypatch):
    """Fails the test if a workbook is handed to openpyxl: the refusal must come first."""
    def refuse(*args, **kwargs):
        raise AssertionError("the workbook was opened before its size was checked")
    monkeypatch.setattr(openpyxl, "load_workbook", refuse)


def _count(engine, model) -> int:
    with make_session_factory(engine)() as s:
        return s.scalar(select(func.count()).select_from(model)) or 0


def test_a_zip_bomb_sampling_list_is_refused_unread_in_a_moment(lab, people, bomb, never_opened, lab_engine):
    tech = people["tech1"]
    tracemalloc.start()
    try:
        with pytest.raises(ValidationError) as err:
            lab.sample_lists.import_excel(tech, bomb)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < PEAK_TRACED_MB * 1024 * 1024, peak
    assert str(err.value) == (
        "清单.xlsx would unpack its part xl/worksheets/sheet1.xml to 1535.6 MB, more than the 96 MB a "
        "workbook to import may hold: it is refused unread")
    assert err.value.field == "file"
    assert _count(lab_engine, Sample) == 0


def test_a_zip_bomb_limit_table_is_refused_unread(lab, people, limit_bomb, never_opened, lab_engine):
    before = _count(lab_engine, Limit)
    with pytest.raises(ValidationError, match="it is refused unread"):
        lab.limits.import_excel(people["manager"], limit_bomb, SOURCE)
    assert _count(lab_engine, Limit) == before


def _measured(tmp_path: Path, *args: str, stdin: str = "") -> tuple[subprocess.CompletedProcess, float, float]:
    """Run ``lims ARGS`` in a child process; its result, peak RSS in MB and seconds."""
    report = tmp_path / "measure.txt"
    env = dict(os.environ, HOME=str(tmp_path), XDG_DATA_HOME=str(tmp_path / "data"),
               XDG_STATE_HOME=str(tmp_path / "state"))
    env.pop("LIMS_DATABASE_URL", None)
    done = subprocess.run([sys.executable, "-c", _MEASURE, str(report), *args], input=stdin,
                          capture_output=True, text=True, timeout=60, env=env)
    rss_kb, seconds = report.read_text().split()
    return done, int(rss_kb) / 1024, float(seconds)


@SQLITE_ONLY
def test_the_command_line_refuses_the_bomb_unread_with_little_memory(demo_db_url, bomb, limit_bomb, tmp_path):
    small = sampling_list(tmp_path / "small.xlsx", [good_row(产品="香蕉"), good_row(产品="菠萝")])
    baseline, small_mb, _ = _measured(
        tmp_path, "samples", "import", str(small), "--db", demo_db_url, "--as", "tech1", "--password-stdin",
        stdin="demo1234\n")
    assert "2 of 2 row(s) have problems" in baseline.stderr

    done, peak_mb, _ = _measured(
        tmp_path, "samples", "import", str(bomb), "--db", demo_db_url, "--as", "tech1", "--password-stdin",
        stdin="demo1234\n")
    assert_one_clear_line(done, "清单.xlsx would unpack its part xl/worksheets/sheet1.xml", "refused unread")
    assert peak_mb < PEAK_RSS_MB and peak_mb < small_mb + OVER_A_SMALL_LIST_MB, (peak_mb, small_mb)
    done, peak_mb, _ = _measured(
        tmp_path, "limits", "import", str(limit_bomb), "--db", demo_db_url, "--source", SOURCE, "--as", "manager",
        "--password-stdin", stdin="demo1234\n")
    assert_one_clear_line(done, "限量.xlsx would unpack", "refused unread")
    assert peak_mb < PEAK_RSS_MB, peak_mb
    listed = lims("samples", "export", "--db", demo_db_url, "--out", str(tmp_path / "all.xlsx"), home=tmp_path)
    assert "0 sample(s) written" in listed.stdout


def test_a_workbook_of_too_many_parts_is_refused_unread(lab, people, tmp_path, never_opened):
    path = write_zip(tmp_path / "parts.xlsx", [(f"xl/media/image{i}.bin", b"\x03\x00", 0, 0) for i in range(1001)])
    with pytest.raises(ValidationError) as err:
        lab.sample_lists.import_excel(people["tech1"], path)
    assert str(err.value) == "parts.xlsx holds 1001 parts; a workbook to import may hold at most 1000"


def test_rows_beyond_the_cap_refuse_the_whole_list(lab, people, tmp_path, monkeypatch, lab_engine):
    monkeypatch.setattr(spreadsheet, "MAX_ROWS", 30)
    path = sampling_list(tmp_path / "长清单.xlsx", [good_row() for _ in range(40)])
    with pytest.raises(ValidationError) as err:
        lab.sample_lists.import_excel(people["tech1"], path)
    assert str(err.value) == "长清单.xlsx has more than 30 rows: split it into smaller workbooks"
    assert _count(lab_engine, Sample) == 0
    # blank lines between the rows do not count against the cap
    spaced = sampling_list(tmp_path / "空行.xlsx", [r for _ in range(30) for r in (good_row(), [""] * 16)])
    assert len(lab.sample_lists.import_excel(people["tech1"], spaced).codes) == 30


def _damaged(path: Path, good: Path) -> Path:
    """``good`` with the sheet's compressed bytes overwritten: the zip's directory is intact."""
    data = bytearray(good.read_bytes())
    with zipfile.ZipFile(good) as archive:
        info = archive.getinfo(SHEET)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data[start:start + info.compress_size] = b"\xff" * info.compress_size
    path.write_bytes(bytes(data))
    return path


def test_a_file_that_is_no_workbook_or_is_damaged_gets_a_clear_message(lab, people, tmp_path, lab_engine):
    good = sampling_list(tmp_path / "good.xlsx", [good_row(), good_row(产品="芹菜")])
    text = tmp_path / "清单.xlsx"
    text.write_text("产品,受检单位,抽样时间\n韭菜,某,2026-05-12\n", encoding="utf-8")
    truncated = tmp_path / "cut.xlsx"
    truncated.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    damaged = _damaged(tmp_path / "damaged.xlsx", good)
    for path in (text, truncated, damaged):
        with pytest.raises(ValidationError) as err:
            lab.sample_lists.import_excel(people["tech1"], path)
        assert str(err.value) == f"{path} cannot be read as an Excel workbook: save it as .xlsx and try again"
        with pytest.raises(ValidationError, match="cannot be read as an Excel workbook"):
            lab.limits.import_excel(people["manager"], path, SOURCE)
    assert _count(lab_engine, Sample) == 0


def test_the_command_line_names_a_damaged_workbook_in_one_line(demo_db_url, tmp_path):
    damaged = _damaged(tmp_path / "damaged.xlsx", sampling_list(tmp_path / "good.xlsx", [good_row()]))
    done = lims("samples", "import", str(damaged), "--db", demo_db_url, "--as", "tech1", "--password-stdin",
                stdin="demo1234\n", home=tmp_path)
    assert_one_clear_line(done, "damaged.xlsx cannot be read as an Excel workbook")
