"""`lims ARGS` for the command-line tests: in this process, as `python -m lims ARGS` would run it,
or in a real one where only a real process shows the contract.

A command started as a process costs seconds before it does anything (the interpreter, the
imports, coverage's instrumentation of the child); run here, it costs what the command itself
does. ``lims()`` gives the command what a fresh process would have and takes back what it
leaves behind:

- the environment: HOME and the XDG folders under ``home`` when given, no LIMS_DATABASE_URL,
  COLUMNS as a pipe gives it (argparse wraps its help to it); every variable as it was afterwards;
- ``sys.argv`` as ``python -m lims`` sets it; standard input a pipe holding ``stdin`` (not a
  terminal, so a password is read only with --password-stdin, and getpass falls back to standard
  input as it does without a terminal instead of opening this machine's /dev/tty);
- standard output and error captured as text, with the newlines a pipe read as text gives;
- the root logger without the test run's handlers, so the command sets up its own log file as
  in a fresh process; its handlers closed and the run's restored afterwards;
- the warning filters of a fresh interpreter (a warning is a line on standard error, as in a
  process), except that SQLAlchemy's warnings are errors, as everywhere in the suite;
- SystemExit (argparse's usage errors, --help) turned into the exit code;
- the SIGINT and SIGTERM handlers (``lims capture`` sets its own), the working directory, and
  the engines the command opened (disposed, as a process's end closes their connections).

The desktop application (no command, ``--screenshot``) loads Qt: ``lims()`` runs it as a process.
``lims_process()`` always starts ``python -m lims``: for the entry point itself, exit codes and
output through a real process, signals, and anything between processes."""
from __future__ import annotations

import contextlib
import getpass
import io
import logging
import os
import signal
import subprocess
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import URL, Engine
from sqlalchemy.exc import SAWarning

from lims import app
from lims.db import engine as engine_module

MAIN = str(Path(app.__file__).with_name("__main__.py"))  # sys.argv[0] under python -m lims


def lims_process(*args: str, stdin: str = "", home: Path | None = None,
                 timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """``python -m lims ARGS`` in a process of its own."""
    return subprocess.run([sys.executable, "-m", "lims", *args], input=stdin, capture_output=True, text=True,
                          timeout=timeout, env=_environment(dict(os.environ), home))


def lims(*args: str, stdin: str = "", home: Path | None = None,
         timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """``lims ARGS`` run in this process as ``python -m lims ARGS`` runs it (``timeout`` applies to
    the desktop application only, which runs as a process)."""
    out, err = io.StringIO(), io.StringIO()
    try:
        with _as_a_fresh_process(args, stdin, home), contextlib.redirect_stdout(out), \
                contextlib.redirect_stderr(err):
            code = _exit_code(args)
    except _OpensTheWindow:
        return lims_process(*args, stdin=stdin, home=home, timeout=timeout)
    return subprocess.CompletedProcess([sys.executable, "-m", "lims", *args], code, _as_read_from_a_pipe(out),
                                       _as_read_from_a_pipe(err))


def _environment(env: dict[str, str], home: Path | None) -> dict[str, str]:
    if home is not None:
        env["HOME"] = str(home)
        env["XDG_DATA_HOME"] = str(home / "data")
        env["XDG_STATE_HOME"] = str(home / "state")
    env.pop("LIMS_DATABASE_URL", None)
    return env


class _OpensTheWindow(BaseException):
    """The arguments start the desktop application: Qt is not loaded into the test run for it
    (a BaseException, so that lims.app.main's guard against unexpected errors lets it through)."""


def _no_window(args: object) -> int:
    raise _OpensTheWindow


def _exit_code(args: tuple[str, ...]) -> int:
    """What ``raise SystemExit(main())`` in lims/__main__.py leaves as the process's exit code."""
    try:
        code: object = app.main(list(args))
    except SystemExit as exc:
        code = exc.code
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)  # as the interpreter does with SystemExit("message")
    return 1


def _as_read_from_a_pipe(captured: io.StringIO) -> str:
    """The text as subprocess.run(text=True) reads it: "\\r\\n" and "\\r" become "\\n"."""
    return io.StringIO(captured.getvalue(), newline=None).read()


def _show_on_standard_error(message: Warning | str, category: type[Warning], filename: str, lineno: int,
                            file: object = None, line: str | None = None) -> None:
    """A warning shown as an interpreter shows it, on standard error (the test run would keep it)."""
    sys.stderr.write(warnings.formatwarning(message, category, filename, lineno, line))


def _getpass_without_a_terminal(prompt: str = "Password: ", stream: object = None) -> str:
    """getpass.getpass in a process with no terminal: it warns and reads standard input."""
    return getpass.fallback_getpass(prompt, sys.stderr)  # type: ignore[attr-defined]  # not in typeshed


@contextlib.contextmanager
def _as_a_fresh_process(args: tuple[str, ...], stdin: str, home: Path | None) -> Iterator[None]:
    environ = dict(os.environ)
    cwd = os.getcwd()
    handlers = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)}
    root = logging.getLogger()
    root_handlers, root_level = root.handlers[:], root.level
    engines: list[Engine] = []
    make_engine = engine_module.make_engine

    def tracked_make_engine(url: URL) -> Engine:
        made = make_engine(url)
        engines.append(made)
        return made

    os.environ.clear()
    os.environ.update(_environment(dict(environ), home))
    os.environ.setdefault("COLUMNS", "80")  # shutil.get_terminal_size() of a process whose output is a pipe
    root.handlers = []
    try:
        with pytest.MonkeyPatch.context() as patch, warnings.catch_warnings():
            patch.setattr(sys, "argv", [MAIN, *args])
            patch.setattr(sys, "stdin", io.StringIO(stdin, newline=None))
            patch.setattr(getpass, "getpass", _getpass_without_a_terminal)
            patch.setattr(engine_module, "make_engine", tracked_make_engine)
            patch.setattr(app, "_run_gui", _no_window)
            warnings.showwarning = _show_on_standard_error
            warnings.resetwarnings()  # a fresh interpreter's filters, in its order (python -W aside)
            warnings.filterwarnings("default", category=DeprecationWarning, module="__main__", append=True)
            for quiet in (DeprecationWarning, PendingDeprecationWarning, ImportWarning, ResourceWarning):
                warnings.filterwarnings("ignore", category=quiet, append=True)
            warnings.filterwarnings("error", category=SAWarning)  # first: before all of them
            yield
    finally:
        for made in engines:
            made.dispose()
        for added in root.handlers:
            added.close()
        root.handlers = root_handlers
        root.setLevel(root_level)
        for number, handler in handlers.items():
            signal.signal(number, handler)
        os.chdir(cwd)
        os.environ.clear()
        os.environ.update(environ)
