"""The demo's menu: Simulate problems (on the in-process sandbox) and Reset demo."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QLabel, QMessageBox

from .demo import PROBLEMS, Problem

if TYPE_CHECKING:
    from .main_window import MainWindow

__all__ = ["DemoMenu", "problem_status"]


def problem_status(problem: Problem | None) -> str:
    """The status bar's note of what the demo simulates."""
    if problem is None:
        return "Demo: the sandbox answers normally again."
    return (
        f"Demo: simulating {problem.status_text}. Demo > Simulate problems > No problems ends it."
    )


class DemoMenu(QObject):
    """Demo > Simulate problems (only with the running demo at hand) and Reset demo."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.reset_box: QMessageBox | None = None
        self.problem_actions: dict[str, QAction] = {}
        # Permanent, unlike status messages: a simulated problem lasts until it is ended.
        self.problem_label = QLabel()
        self.problem_label.setObjectName("simulatedProblem")
        self.problem_label.hide()
        window.statusBar().addPermanentWidget(self.problem_label)
        menu = window.menuBar().addMenu("&Demo")
        menu.setObjectName("demoMenu")
        if window.demo_control is not None:
            problems = menu.addMenu("&Simulate problems")
            problems.setObjectName("simulateMenu")
            group = QActionGroup(self)  # exclusive: one problem at a time
            for problem in (None, *PROBLEMS):
                action = problems.addAction(problem.label if problem else "&No problems")
                action.setCheckable(True)
                action.setChecked(problem is None)
                action.triggered.connect(
                    lambda _checked=False, chosen=problem: self.simulate(chosen)
                )
                group.addAction(action)
                self.problem_actions[problem.key if problem else ""] = action
            menu.addSeparator()
        self.reset_action = menu.addAction("&Reset demo...")
        self.reset_action.triggered.connect(self.confirm_reset)

    def simulate(self, problem: Problem | None) -> None:
        """The in-process sandbox misbehaves as ``problem`` says until told otherwise."""
        if self.window.demo_control is None:
            return
        self.window.demo_control.simulate(problem)
        self.problem_label.setText(f"Simulating: {problem.status_text}" if problem else "")
        self.problem_label.setVisible(problem is not None)
        self.window.show_status(problem_status(problem))

    def confirm_reset(self) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Reset demo",
            "Forget the demo's channels, open reports, layout and last query? The demo then "
            "starts over as on its first run.",
            QMessageBox.StandardButton.Cancel,
            self.window,
        )
        box.setObjectName("resetDemoPrompt")
        reset = box.addButton("Reset demo", QMessageBox.ButtonRole.AcceptRole)

        def answered() -> None:
            if box.clickedButton() is reset:
                self.reset()

        box.finished.connect(answered)
        self.reset_box = box
        box.open()

    def reset(self) -> None:
        """Sign out of every demo channel, close the panes, default builder and layout."""
        window = self.window
        window.runner.close_all()
        for account in window.accounts.accounts:
            window.accounts.sign_out(account.channel_id)  # its tokens leave the keyring
        window.reset_layout()
        window.settings.last_query = {}
        window.settings.open_panes = []
        window.settings.geometry = window.settings.window_state = b""
        window.save_settings()
        window.show_status("The demo was reset.")
