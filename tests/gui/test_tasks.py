from __future__ import annotations

import logging
import threading
import time

import pytest
import shiboken6
from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from lims.domain.errors import AuthenticationFailed, LimsError
from lims.gui.i18n import error_text
from lims.gui.tasks import TaskRunner


def test_the_result_comes_back_on_the_gui_thread_while_the_work_ran_elsewhere(
        qtbot: QtBot, runner: TaskRunner, qapp: QApplication) -> None:
    worker_threads: list[object] = []
    received: list[tuple[int, bool]] = []

    def work(a: int, b: int) -> int:
        worker_threads.append(QThread.currentThread())
        return a + b

    runner.run(work, 2, 3, on_done=lambda r: received.append((r, QThread.currentThread() is qapp.thread())))
    qtbot.waitUntil(lambda: bool(received))
    assert received == [(5, True)]
    assert worker_threads[0] is not qapp.thread()


def test_a_refusal_reaches_on_error_as_the_same_typed_error(qtbot: QtBot, runner: TaskRunner) -> None:
    errors: list[LimsError] = []

    def refuse() -> None:
        raise AuthenticationFailed("Wrong user name or password ({n} attempt(s) left before the account is locked)",
                                   n=2)

    runner.run(refuse, on_done=lambda _r: pytest.fail("no result expected"), on_error=errors.append)
    qtbot.waitUntil(lambda: bool(errors))
    assert isinstance(errors[0], AuthenticationFailed)
    assert error_text(errors[0]) == "用户名或密码错误（再失败 2 次账户将被锁定）"


def test_a_bug_is_logged_with_its_traceback_and_shown_as_a_plain_message(
        qtbot: QtBot, runner: TaskRunner, caplog: pytest.LogCaptureFixture) -> None:
    errors: list[LimsError] = []

    def broken() -> None:
        raise KeyError("secret internals")

    with caplog.at_level(logging.ERROR, logger="lims.gui.tasks"):
        runner.run(broken, on_error=errors.append)
        qtbot.waitUntil(lambda: bool(errors))
    text = error_text(errors[0])
    assert "KeyError" in text and "日志" in text
    assert "Traceback" not in text and "secret internals" not in text
    assert any(r.exc_info and "secret internals" in str(r.exc_info[1]) for r in caplog.records)


def test_an_error_without_a_handler_is_announced_for_the_window_to_show(qtbot: QtBot, runner: TaskRunner) -> None:
    def refuse() -> None:
        raise LimsError("The password is wrong")

    with qtbot.waitSignal(runner.unhandled_error, timeout=5000) as signal:
        runner.run(refuse)
    assert error_text(signal.args[0]) == "密码错误"


def test_writes_take_turns_on_one_lane_while_reads_run_side_by_side(qtbot: QtBot, runner: TaskRunner) -> None:
    lock = threading.Lock()
    running = [0]
    most = [0]
    done: list[int] = []

    def write(i: int) -> int:
        with lock:
            running[0] += 1
            most[0] = max(most[0], running[0])
        time.sleep(0.03)
        with lock:
            running[0] -= 1
        return i

    for i in range(4):
        runner.run(write, i, on_done=done.append, write=True)
    qtbot.waitUntil(lambda: len(done) == 4, timeout=5000)
    assert most[0] == 1
    assert done == [0, 1, 2, 3]

    barrier = threading.Barrier(2, timeout=5)
    met: list[int] = []
    for _ in range(2):
        runner.run(barrier.wait, on_done=met.append)
    qtbot.waitUntil(lambda: len(met) == 2, timeout=6000)


def test_a_result_for_a_closed_widget_is_dropped_quietly(runner: TaskRunner) -> None:
    label = QLabel()
    gate = threading.Event()
    runner.run(gate.wait, 5, on_done=label.setText)
    shiboken6.delete(label)  # the page was closed while its data was being read
    gate.set()
    assert runner.wait_idle(5000)
    assert not runner.busy
