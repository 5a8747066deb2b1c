"""Jobs on the thread pool: results, errors, cancellation, owners and progress."""

from __future__ import annotations

import gc
import threading
import weakref

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QThreadPool
from pytestqt.qtbot import QtBot

from analytix_desktop.gui.workers import Job, start_job


def _wait_idle(qtbot: QtBot) -> None:
    QThreadPool.globalInstance().waitForDone(5000)
    qtbot.wait(20)  # let the queued signals reach this thread


def test_result_arrives_on_the_gui_thread_without_the_caller_keeping_the_job(
    qtbot: QtBot,
) -> None:
    main = threading.get_ident()
    seen: list[tuple[object, int]] = []

    def work(value: int, *, job: Job) -> int:
        job.report(50, "halfway")
        return value * 2

    progress: list[tuple[int, str]] = []
    start_job(
        work, 21,
        on_result=lambda value: seen.append((value, threading.get_ident())),
        on_progress=lambda percent, text: progress.append((percent, text)),
    )
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    assert seen == [(42, main)]
    assert progress == [(50, "halfway")]


def test_error_carries_the_exception_and_its_traceback(qtbot: QtBot) -> None:
    errors: list[tuple[BaseException, str]] = []

    def fail(*, job: Job) -> None:
        raise ValueError("bad input")

    start_job(fail, on_error=lambda error, details: errors.append((error, details)))
    qtbot.waitUntil(lambda: bool(errors), timeout=5000)
    error, details = errors[0]
    assert isinstance(error, ValueError)
    assert "bad input" in details
    assert "Traceback" in details


def test_cancelled_job_delivers_neither_result_nor_error(qtbot: QtBot) -> None:
    release = threading.Event()
    delivered: list[object] = []
    done: list[bool] = []

    def slow(*, job: Job) -> str:
        release.wait(5)
        job.check()
        return "late"

    job = start_job(
        slow, on_result=delivered.append, on_error=lambda *a: delivered.append(a),
        on_done=lambda: done.append(True),
    )
    job.cancel()
    release.set()
    qtbot.waitUntil(lambda: bool(done), timeout=5000)
    assert delivered == []


def test_callbacks_of_a_deleted_owner_are_not_called(qtbot: QtBot) -> None:
    owner = QObject()
    release = threading.Event()
    delivered: list[object] = []

    def work(*, job: Job) -> str:
        release.wait(5)
        return "result"

    start_job(work, on_result=delivered.append, owner=owner)
    shiboken6.delete(owner)
    release.set()
    _wait_idle(qtbot)
    assert delivered == []


def test_a_finished_job_frees_its_inputs_and_its_callbacks_owner(qtbot: QtBot) -> None:
    seen: list[object] = []

    class Owner(QObject):
        def take(self, value: object) -> None:
            seen.append(value)

    class Payload:
        """Stands for a big report handed to the job."""

    owner, payload = Owner(), Payload()
    owner_ref, payload_ref = weakref.ref(owner), weakref.ref(payload)

    def work(data: Payload, *, job: Job) -> str:
        return "done"

    start_job(work, payload, on_result=owner.take, owner=owner)
    qtbot.waitUntil(lambda: seen == ["done"], timeout=5000)
    del owner, payload
    _wait_idle(qtbot)
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()
    assert payload_ref() is None
    assert owner_ref() is None
