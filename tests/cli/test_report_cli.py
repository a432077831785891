"""`lims report issue / verify / amend / identity` on a demo database, as IT staff and scripts use them."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from lims.db.engine import make_engine, make_session_factory, parse_url
from lims.db.models import CodeCounter, SigningIdentity
from lims.services.container import build_services
from tests.cli.test_cli import assert_one_clear_line, lims
from tests.services.conftest import Catalogue, People
from tests.services.test_reports_service import approved_sample

AS_SIGNER = ("--as", "signer", "--password-stdin")
PASSWORD_LINE = "demo1234\n"


@pytest.fixture
def demo(demo_db_url):
    """The demo database with one approved and one registered sample: (url, approved code, other code)."""
    engine = make_engine(parse_url(demo_db_url))
    lab = build_services(engine)
    people = People(lab)
    catalogue = Catalogue.read(engine)
    done = approved_sample(lab, catalogue, people)
    waiting = lab.work.register(people["tech1"], catalogue.form())
    yield demo_db_url, done.code, waiting.code, engine
    engine.dispose()


def _counter(engine):
    with make_session_factory(engine)() as s:
        return s.scalar(select(CodeCounter.last_seq).where(CodeCounter.name.like("report%")))


def test_issue_then_verify_then_one_byte_changed(demo, tmp_path):
    url, code, _, _ = demo
    out = tmp_path / "out"
    out.mkdir()
    proc = lims("report", "issue", code, "--db", url, "--out", str(out), *AS_SIGNER, stdin=PASSWORD_LINE,
                home=tmp_path)
    assert proc.returncode == 0, proc.stderr
    pdf = next(out.glob("*.pdf"))
    assert f"{code}: report {pdf.stem}" in proc.stdout
    checked = lims("report", "verify", str(pdf), "--db", url, "--json", home=tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    found = json.loads(checked.stdout)
    assert found["ok"] and found["number"] == pdf.stem and found["hash_matches"] and found["intact"]
    plain = lims("report", "verify", str(pdf), "--db", url, home=tmp_path)
    assert plain.returncode == 0 and "VALID" in plain.stdout and "与存档一致: yes" in plain.stdout
    data = bytearray(pdf.read_bytes())
    data[bytes(data).index(b"/Contents") - 200] ^= 0x01
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(bytes(data))
    refused = lims("report", "verify", str(broken), "--db", url, home=tmp_path)
    assert refused.returncode == 1 and "NOT VALID" in refused.stdout


def test_amend_voids_the_old_report_and_verify_says_superseded(demo, tmp_path):
    url, code, _, _ = demo
    out = tmp_path / "out"
    out.mkdir()
    assert lims("report", "issue", code, "--db", url, "--out", str(out), *AS_SIGNER, stdin=PASSWORD_LINE,
                home=tmp_path).returncode == 0
    first = next(out.glob("*.pdf"))
    proc = lims("report", "amend", first.stem, "--reason", "抽样地点更正", "--db", url, "--out", str(out),
                *AS_SIGNER, stdin=PASSWORD_LINE, home=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert f"replaces {first.stem}" in proc.stdout
    old = lims("report", "verify", str(first), "--db", url, "--json", home=tmp_path)
    assert old.returncode == 2
    found = json.loads(old.stdout)
    assert found["superseded"] and found["superseded_by"] and found["void_reason"] == "抽样地点更正"
    assert first.exists()


def test_unapproved_sample_wrong_password_and_technician_are_refused_with_nothing_used(demo, tmp_path):
    url, code, waiting, engine = demo
    out = tmp_path / "out"
    out.mkdir()
    before = _counter(engine)
    proc = lims("report", "issue", waiting, "--db", url, "--out", str(out), *AS_SIGNER, stdin=PASSWORD_LINE,
                home=tmp_path)
    assert proc.returncode == 1 and "not approved" in proc.stderr and "Traceback" not in proc.stderr
    wrong = lims("report", "issue", code, "--db", url, "--out", str(out), *AS_SIGNER, stdin="nope\n",
                 home=tmp_path)
    assert_one_clear_line(wrong)
    tech = lims("report", "issue", code, "--db", url, "--out", str(out), "--as", "tech1", "--password-stdin",
                stdin=PASSWORD_LINE, home=tmp_path)
    assert_one_clear_line(tech, "holds no role that may issue reports")
    missing = lims("report", "issue", code, "--db", url, "--out", str(tmp_path / "nowhere"), *AS_SIGNER,
                   stdin=PASSWORD_LINE, home=tmp_path)
    assert_one_clear_line(missing, "does not exist")
    assert _counter(engine) == before and not list(out.iterdir())


def test_without_identity_then_generated_and_imported(demo, tmp_path):
    url, code, _, engine = demo
    out = tmp_path / "out"
    out.mkdir()
    with make_session_factory(engine).begin() as s:
        for row in s.scalars(select(SigningIdentity)):
            row.active = False
    none = lims("report", "issue", code, "--db", url, "--out", str(out), *AS_SIGNER, stdin=PASSWORD_LINE,
                home=tmp_path)
    assert none.returncode == 1 and "no signing identity" in none.stderr and not list(out.iterdir())
    from reports.signing import self_signed_pkcs12

    p12 = tmp_path / "lab.p12"
    p12.write_bytes(self_signed_pkcs12("检测站", "演示站", "p12-secret"))
    bad = lims("report", "identity", "import", str(p12), "--db", url, *AS_SIGNER,
               stdin=PASSWORD_LINE + "wrong\n", home=tmp_path)
    assert_one_clear_line(bad, "password is wrong")
    good = lims("report", "identity", "import", str(p12), "--db", url, *AS_SIGNER,
                stdin=PASSWORD_LINE + "p12-secret\n", home=tmp_path)
    assert good.returncode == 0, good.stderr
    wrong = lims("report", "issue", code, "--db", url, "--out", str(out), *AS_SIGNER,
                 stdin=PASSWORD_LINE + "wrong\n", home=tmp_path)
    assert wrong.returncode == 1 and "password is wrong" in wrong.stderr and not list(out.iterdir())
    generated = lims("report", "identity", "generate", "--db", url, *AS_SIGNER, stdin=PASSWORD_LINE, home=tmp_path)
    assert generated.returncode == 0 and "testing" in generated.stdout
    issued = lims("report", "issue", code, "--db", url, "--out", str(out), *AS_SIGNER, stdin=PASSWORD_LINE,
                  home=tmp_path)
    assert issued.returncode == 0, issued.stderr
    assert len(list(Path(out).glob("*.pdf"))) == 1


def test_report_settings_are_shown_changed_by_a_manager_and_bad_values_change_nothing(
        demo_db_url, capsys, monkeypatch):
    """`lims report settings`, run in this process (the parser and the command, as lims.app.main runs them)."""
    import io
    import sys

    from lims import cli
    from lims.domain.errors import LimsError

    def run(*argv: str, stdin: str = "") -> tuple[int, str, str]:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        args = cli.build_parser().parse_args(["report", "settings", "--db", demo_db_url, *argv])
        try:
            code = cli.run(args)
        except LimsError as exc:
            code = cli.report_error(exc)
        out, err = capsys.readouterr()
        return code, out, err

    code, out, _ = run("--json")
    assert code == 0 and json.loads(out) == {"timestamp_url": "", "timestamp_timeout_s": 10}
    code, _, err = run("--timestamp-url", "http://tsa.example.cn/tsa")
    assert code == 1 and "--as USER" in err and len(err.strip().splitlines()) == 1
    code, _, err = run("--timestamp-url", "tsa.example.cn", "--as", "manager", "--password-stdin",
                       stdin=PASSWORD_LINE)
    assert code == 1 and "not the web address of a time-stamp server" in err
    code, out, _ = run("--timestamp-url", "http://tsa.example.cn/tsa", "--timestamp-timeout", "20",
                       "--as", "manager", "--password-stdin", stdin=PASSWORD_LINE)
    assert code == 0 and "http://tsa.example.cn/tsa" in out and "20 s" in out
    code, out, _ = run("--json")
    assert json.loads(out) == {"timestamp_url": "http://tsa.example.cn/tsa", "timestamp_timeout_s": 20}
    code, out, _ = run("--timestamp-url", "", "--as", "manager", "--password-stdin", "--json", stdin=PASSWORD_LINE)
    assert code == 0 and json.loads(out) == {"timestamp_url": "", "timestamp_timeout_s": 20}
    with pytest.raises(SystemExit):
        run("--timestamp-timeout", "0")
    assert "must be 1 or more" in capsys.readouterr().err
