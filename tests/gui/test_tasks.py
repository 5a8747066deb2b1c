"""The task runner: answers on the GUI thread in order, lanes, cancellation, nothing kept."""

from __future__ import annotations

import gc
import threading
import time
import weakref
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from analytix_desktop.api.errors import RateLimited
from analytix_desktop.api.transport import RetryPolicy, Transport
from analytix_desktop.core.tasks import Progress, TaskContext, TaskFailure
from analytix_desktop.gui.main_window import MainWindow
from analytix_desktop.gui.tasks import Lane, Task, TaskRunner, submit, task_runner
from analytix_desktop.store.accounts import Account
from analytix_desktop.store.settings import Settings

WAIT = 5000


@pytest.fixture
def runner(qtbot: QtBot) -> Iterator[TaskRunner]:
    runner = task_runner()
    yield runner
    assert runner.wait_idle(10), "a test left a task running"


def test_progress_and_result_arrive_in_order_on_the_gui_thread(
    qtbot: QtBot, runner: TaskRunner
) -> None:
    main = threading.get_ident()
    seen: list[tuple[object, int]] = []

    def work(ctx: TaskContext) -> int:
        for percent in (10, 50, 90):
            ctx.report(percent, f"at {percent}")
        return 42

    submit(
        work,
        lambda value: seen.append((value, threading.get_ident())),
        on_progress=lambda progress: seen.append((progress, threading.get_ident())),
    )
    qtbot.waitUntil(lambda: len(seen) == 4, timeout=WAIT)
    assert seen == [
        (Progress(10, "at 10"), main),
        (Progress(50, "at 50"), main),
        (Progress(90, "at 90"), main),
        (42, main),
    ]


def test_an_error_crosses_without_frames_but_with_its_traceback_text(
    qtbot: QtBot, runner: TaskRunner
) -> None:
    failures: list[TaskFailure] = []

    def fail(_ctx: TaskContext) -> None:
        try:
            int("x")
        except ValueError as error:
            raise ValueError("bad input") from error

    submit(fail, on_error=failures.append)
    qtbot.waitUntil(lambda: bool(failures), timeout=WAIT)
    failure = failures[0]
    assert isinstance(failure.error, ValueError)
    assert failure.error.__traceback__ is None
    assert failure.error.__cause__ is not None
    assert failure.error.__cause__.__traceback__ is None
    assert "Traceback" in failure.details
    assert "bad input" in failure.details
    assert "in fail" in failure.details


def test_a_cancelled_task_delivers_nothing(qtbot: QtBot, runner: TaskRunner) -> None:
    release = threading.Event()
    delivered: list[object] = []

    def slow(ctx: TaskContext) -> str:
        release.wait(5)
        ctx.report(50, "late")
        return "late"

    task = submit(slow, delivered.append, on_error=delivered.append, on_progress=delivered.append)
    task.cancel()
    release.set()
    assert runner.wait_idle(5)
    assert delivered == []


def test_callbacks_of_a_deleted_owner_are_not_called(qtbot: QtBot, runner: TaskRunner) -> None:
    owner = QObject()
    release = threading.Event()
    delivered: list[object] = []
    submit(lambda _ctx: release.wait(5), delivered.append, owner=owner)
    shiboken6.delete(owner)
    release.set()
    assert runner.wait_idle(5)
    assert delivered == []


def test_no_qt_object_is_made_per_task(qtbot: QtBot, runner: TaskRunner) -> None:
    app = QApplication.instance()
    assert app is not None
    release = threading.Event()
    before = len(app.findChildren(QObject))
    tasks = [submit(lambda _ctx: release.wait(5), lane=Lane.LOCAL) for _ in range(50)]
    assert len(app.findChildren(QObject)) == before
    assert not any(isinstance(task, QObject) for task in tasks)
    release.set()
    assert runner.wait_idle(5)
    assert len(app.findChildren(QObject)) == before


def test_finished_tasks_keep_nothing_alive(qtbot: QtBot, runner: TaskRunner) -> None:
    class Payload:
        """Stands for a big report handed to a task and returned by it."""

        def __init__(self) -> None:
            self.data = bytearray(100_000)

    class Owner(QObject):
        def take(self, value: Payload) -> None:
            self.taken = True

    owner = Owner()
    payloads = [Payload() for _ in range(50)]
    refs = [weakref.ref(p) for p in payloads]
    owner_ref = weakref.ref(owner)
    tasks: list[Task[Payload]] = []
    for payload in payloads:

        def work(_ctx: TaskContext, payload: Payload = payload) -> Payload:
            return payload

        tasks.append(submit(work, owner.take, owner=owner))
    del payloads, payload, work, owner
    assert runner.wait_idle(5)
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()
    assert [ref() for ref in refs] == [None] * 50  # neither the inputs nor the results
    assert owner_ref() is None
    assert len(runner._pending) == 0
    assert all(task.wait_finished(0) for task in tasks)  # a caller's handle holds nothing


class _RateLimitedSession(requests.Session):
    """Every request is answered 429 with ``Retry-After: 30``."""

    def request(self, *args: Any, **kwargs: Any) -> requests.Response:
        response = requests.Response()
        response.status_code = 429
        response.reason = "Too Many Requests"
        response.headers["Retry-After"] = "30"
        response._content = b'{"error": {"message": "slow down", "errors": []}}'
        response._content_consumed = True  # a streamed read gets the body above
        return response


def test_cancel_ends_a_retry_back_off_within_a_second(qtbot: QtBot, runner: TaskRunner) -> None:
    transport = Transport(_RateLimitedSession(), retry=RetryPolicy(attempts=3, deadline=120))
    waiting: list[Progress] = []
    failures: list[TaskFailure] = []

    def fetch(ctx: TaskContext) -> object:
        def retrying(delay: float, status: int, message: str) -> None:
            ctx.report(-1, f"{status}: waiting {delay:g} s")

        return transport.bound(on_retry=retrying, cancel=ctx.event).request("GET", "http://x/")

    task = submit(fetch, on_error=failures.append, on_progress=waiting.append)
    qtbot.waitUntil(lambda: bool(waiting), timeout=WAIT)
    assert waiting == [Progress(-1, "429: waiting 30 s")]
    started = time.monotonic()
    task.cancel()
    assert task.wait_finished(1.0)
    assert time.monotonic() - started < 1.0
    assert runner.wait_idle(5)
    assert failures == []  # cancelled: its RateLimited is not delivered
    # Without a cancel event, the transport raises the same error after its waits.
    with pytest.raises(RateLimited):
        Transport(_RateLimitedSession(), retry=RetryPolicy(attempts=1)).request("GET", "http://x/")


def test_a_quick_task_is_not_held_up_by_sign_ins_and_a_hung_keyring(
    qtbot: QtBot, runner: TaskRunner
) -> None:
    keyring = threading.Event()
    waits = [submit(lambda ctx: ctx.wait(300), lane=Lane.SIGN_IN) for _ in range(2)]
    hung = [submit(lambda _ctx: keyring.wait(30), lane=Lane.STORAGE) for _ in range(2)]
    done: list[float] = []
    started = time.monotonic()
    submit(lambda _ctx: 1, lambda _value: done.append(time.monotonic() - started))
    qtbot.waitUntil(lambda: bool(done), timeout=WAIT)
    print(f"quick network task answered after {done[0] * 1000:.1f} ms")
    assert done[0] < 1.0
    assert not any(task.wait_finished(0) for task in [*waits, *hung])
    for task in waits:
        task.cancel()  # a sign-in's wait ends at once
    assert all(task.wait_finished(1.0) for task in waits)
    keyring.set()


def test_the_settings_file_ends_with_the_last_state(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    written: list[str] = []
    save = Settings.save

    def slow_save(settings: Settings, path: Path) -> None:
        # Older snapshots take longer: written concurrently, one would land last.
        title = settings.accounts["UCorder"].title if settings.accounts else "final"
        time.sleep(0.02 if title == "Title 0" else 0.001)
        save(settings, path)
        written.append(title)

    monkeypatch.setattr(Settings, "save", slow_save)
    for number in range(50):
        window.settings.accounts = {"UCorder": Account("UCorder", f"Title {number}")}
        window.save_settings()
    window.close()
    assert written == [f"Title {number}" for number in range(50)] + ["Title 49"]
    saved = Settings.load(window.paths.settings_file)
    assert saved.accounts["UCorder"].title == "Title 49"
