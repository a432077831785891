"""`lims catalogue export/import` and `lims setup starter`: a real lab starts without the demo."""
from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook
from sqlalchemy import func, select

from lims.db.engine import make_engine, make_session_factory, parse_url
from lims.db.models import Product
from lims.services.container import build_services
from tests.cli.conftest import BOTH_BACKENDS
from tests.cli.test_cli import assert_one_clear_line, lims
from tests.services.setup_workbooks import approve_a_sample, filled_in_lab, write_book

ADMIN_PW = "admin-pw-2026"
USER_PW = "bench-pw-2026"


def _sheets(path: Path) -> dict[str, list[tuple[object, ...]]]:
    book = load_workbook(path, read_only=True)
    try:
        return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets}
    finally:
        book.close()


def _first_admin(db: str, home: Path) -> None:
    init = lims("init", "--db", db, home=home)
    assert init.returncode == 0, init.stderr
    assert "add the starter reference data with lims setup starter" in init.stdout
    admin = lims("user", "add", "--db", db, "--username", "admin", "--full-name", "巴特尔", "--password-stdin",
                 stdin=f"{ADMIN_PW}\n", home=home)
    assert admin.returncode == 0, admin.stderr


@BOTH_BACKENDS
def test_a_lab_starts_from_lims_init_without_the_demo_and_approves_a_sample(empty_db_url, tmp_path):
    db = empty_db_url
    _first_admin(db, tmp_path)
    for username, role in (("tech1", "technician"), ("reviewer", "reviewer"), ("signer", "signatory")):
        added = lims("user", "add", "--db", db, "--username", username, "--full-name", username, "--role", role,
                     "--as", "admin", "--password-stdin", stdin=f"{ADMIN_PW}\n{USER_PW}\n", home=tmp_path)
        assert added.returncode == 0, added.stderr
    starter = lims("setup", "starter", "--db", db, "--as", "admin", "--password-stdin", stdin=f"{ADMIN_PW}\n",
                   home=tmp_path)
    assert starter.returncode == 0, starter.stderr
    assert "产品分类:" in starter.stdout and "0 updated" in starter.stdout
    again = lims("setup", "starter", "--db", db, "--as", "admin", "--password-stdin", stdin=f"{ADMIN_PW}\n",
                 home=tmp_path)
    assert again.returncode == 0, again.stderr
    assert again.stdout.splitlines()[-1].startswith("starter.json: 0 created, 0 updated, ")

    book = filled_in_lab(tmp_path / "lab.xlsx")
    imported = lims("catalogue", "import", str(book), "--db", db, "--as", "admin", "--password-stdin",
                    stdin=f"{ADMIN_PW}\n", home=tmp_path)
    assert imported.returncode == 0, imported.stderr
    lines = imported.stdout.splitlines()
    assert "方法: 2 row(s) read; 0 created, 2 updated, 0 unchanged" in lines
    assert "人员授权: 6 row(s) read; 6 created, 0 updated, 0 unchanged" in lines

    engine = make_engine(parse_url(db))
    try:
        assert approve_a_sample(build_services(engine), engine, USER_PW) == "approved"
    finally:
        engine.dispose()


def test_export_then_import_moves_the_demo_set_up_to_a_new_database(demo_db_url, empty_db_url, tmp_path):
    first = tmp_path / "demo-lab.xlsx"
    exported = lims("catalogue", "export", "--db", demo_db_url, "--out", str(first), home=tmp_path)
    assert exported.returncode == 0, exported.stderr
    assert f"written to {first}" in exported.stdout

    _first_admin(empty_db_url, tmp_path)
    engine = make_engine(parse_url(empty_db_url))
    try:
        services = build_services(engine)
        admin = services.users.login("admin", ADMIN_PW, "ws")
        for username in ("manager", "tech1", "tech2", "reviewer", "signer"):  # the people the authorisations name
            services.users.create_user(admin, username, username, USER_PW, {"technician"})
    finally:
        engine.dispose()
    imported = lims("catalogue", "import", str(first), "--db", empty_db_url, "--as", "admin", "--password-stdin",
                    stdin=f"{ADMIN_PW}\n", home=tmp_path)
    assert imported.returncode == 0, imported.stderr
    assert ", 0 updated, 0 unchanged" in imported.stdout.splitlines()[-1]

    second = tmp_path / "moved-lab.xlsx"
    assert lims("catalogue", "export", "--db", empty_db_url, "--out", str(second), home=tmp_path).returncode == 0
    before, after = _sheets(first), _sheets(second)
    assert list(before) == list(after)
    for title in before:
        assert before[title] == after[title], title
    assert len(before["产品分类"]) > 10 and len(before["人员授权"]) > 10


def test_a_bad_workbook_prints_each_bad_cell_and_exits_1_storing_nothing(demo_db_url, tmp_path):
    book = write_book(tmp_path / "bad.xlsx", {
        "产品分类": [["SAND-ONION", "沙葱", "VEG", "否"], ["X1", "某产品", "NO-SUCH", "否"]],
        "方法": [["毒死蜱", "GB 23200.113", "实验室方法", "", "0.003", "", "mg/kg", ""]],
    })
    proc = lims("catalogue", "import", str(book), "--db", demo_db_url, "--as", "manager", "--password-stdin",
                stdin="demo1234\n", home=tmp_path)
    assert_one_clear_line(proc, "bad.xlsx", "2 problem(s)", "nothing was imported")
    assert "产品分类 row 3, column C (上级): " in proc.stdout
    assert "方法 row 2, column B (标准（含年号）): " in proc.stdout
    engine = make_engine(parse_url(demo_db_url))
    try:
        with make_session_factory(engine)() as s:
            assert s.scalar(select(func.count(Product.id)).where(Product.code == "SAND-ONION")) == 0
    finally:
        engine.dispose()


def test_import_refuses_a_file_that_is_not_a_workbook(demo_db_url, tmp_path):
    junk = tmp_path / "lab.xlsx"
    junk.write_text("not a workbook", encoding="utf-8")
    proc = lims("catalogue", "import", str(junk), "--db", demo_db_url, "--as", "manager", "--password-stdin",
                stdin="demo1234\n", home=tmp_path)
    assert_one_clear_line(proc, "cannot be read as an Excel workbook")
