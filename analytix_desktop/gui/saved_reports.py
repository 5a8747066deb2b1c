"""Saved reports: Save report… (Ctrl+S), and what the Saved dock's actions do: run, rename,
duplicate, delete, export and import. Every store call runs on a worker."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMessageBox

from ..api import catalogue
from ..core.definitions import (
    DefinitionError,
    ReportDefinition,
    read_definitions,
    write_definitions,
)
from ..core.ranges import RANGE_OF_PRESET, utc_today
from ..core.tasks import TaskContext, TaskFailure
from ..store.report_db import DuplicateName, ReportStore, ReportStoreError
from .app import show_crash
from .builder.explain import check
from .builder.settings import query_from_settings
from .describe import describe_dates
from .labels import plural
from .save_report_dialog import SaveChoice, SaveReportDialog
from .saved_model import SavedDock, SavedEntry, SavedModel, load_entries, report_summary
from .tasks import Lane, submit

if TYPE_CHECKING:
    from .main_window import MainWindow

__all__ = ["SavedReports", "install_saved_reports", "unique_name"]

T = TypeVar("T")


def unique_name(name: str, taken: set[str]) -> str:
    """``name``, or "Name (2)", "Name (3)"... when taken (``taken`` holds casefolded names)."""
    candidate, number = name, 1
    while candidate.casefold() in taken:
        number += 1
        candidate = f"{name} ({number})"
    return candidate


def _import(path: Path, store: ReportStore) -> list[str]:
    """Save every definition of ``path`` (all read first: a bad file imports nothing)."""
    definitions = read_definitions(path)
    taken = {saved.name.casefold() for saved in store.saved_reports()}
    names = []
    for definition in definitions:
        name = unique_name(definition.name, taken)
        taken.add(name.casefold())
        named = replace(definition, name=name)
        store.save_report(name, named.to_json(), channel_id=named.channel_id)
        names.append(name)
    return names


class SavedReports(QObject):
    """Saving the builder's query, and the Saved dock's actions, for one main window."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.setObjectName("savedReports")
        self.window = window
        self.today: Callable[[], dt.date] = utc_today
        self.model = SavedModel(window.accounts.context, window)
        self.dock = SavedDock(self.model, window)
        self.dialog: SaveReportDialog | None = None
        self.prompt: QMessageBox | None = None  # the last question or refusal (tests)
        self.save_action = QAction("&Save report…", window)
        self.show_action: QAction | None = None
        """View > Saved reports (made by ``install_saved_reports``)."""
        self.save_action.setShortcut(QKeySequence("Ctrl+S"))
        self.save_action.setToolTip("Save the builder's report to run it again later")
        self.save_action.triggered.connect(self.save_current)
        dock = self.dock
        dock.view.activated.connect(lambda _index: self._with_current(self.run))
        dock.run_action.triggered.connect(lambda: self._with_current(self.run))
        dock.rename_action.triggered.connect(dock.edit_name)
        dock.duplicate_action.triggered.connect(lambda: self._with_current(self.duplicate))
        dock.delete_action.triggered.connect(lambda: self._with_current(self.confirm_delete))
        dock.export_action.triggered.connect(self.choose_export)
        dock.import_action.triggered.connect(self.choose_import)
        self.model.rename_requested.connect(self.rename)
        dock.visibilityChanged.connect(lambda visible: self.reload() if visible else None)
        window.accounts.accounts_changed.connect(self.model.channels_changed)
        window.accounts.context_loaded.connect(lambda _id: self.model.channels_changed())

    # -- the store, on a worker -----------------------------------------------------------

    def _store_task(
        self,
        work: Callable[[ReportStore], T],
        done: Callable[[T], None],
        failed: Callable[[TaskFailure], None] | None = None,
    ) -> None:
        services = self.window.services
        submit(
            lambda _ctx: work(services.reports),
            done,
            on_error=failed or self._failed,
            owner=self.dock,
            lane=Lane.STORAGE,
        )

    def _failed(self, failure: TaskFailure) -> None:
        if isinstance(failure.error, KeyError):  # deleted meanwhile (by the command line)
            self._changed("That saved report is no longer there.")
        elif isinstance(failure.error, ReportStoreError | OSError | ValueError):
            self.tell(str(failure.error))
        else:
            show_crash(failure.error, failure.details)

    def tell(self, text: str) -> None:
        """Say ``text`` under the table and in the status bar."""
        self.dock.message.setText(text)
        self.window.show_status(text)

    def _changed(self, text: str, select: str = "") -> None:
        """After a change in the store: say ``text`` and read the list again."""
        self.tell(text)
        self.reload(select=select)

    def reload(self, select: str = "") -> None:
        """Read the saved reports again (then make the one named ``select`` current)."""

        def loaded(entries: list[SavedEntry]) -> None:
            current = self.dock.current()
            self.model.set_entries(entries, self.today())
            self.dock.select(select or (current.saved.name if current else ""))

        self._store_task(load_entries, loaded)

    # -- saving the builder's query -------------------------------------------------------

    def show_dock(self) -> None:
        """View > Saved reports: the dock in front (tabbed with the builder)."""
        self.dock.show()
        self.dock.raise_()

    def save_current(self) -> None:
        """Save report…: ask for a name, the channel and the range of the builder's query."""
        builder = self.window.builder
        query = builder.query()
        if query is None:
            why = builder.status.text().replace("✗ ", "")
            self._show_box("saveRefused", "Save report", f"This report cannot be saved: {why}")
            return
        _query, _tab, preset = query_from_settings(builder.to_settings())
        context = self.window.accounts.active_context()
        dialog = SaveReportDialog(
            self.window,
            suggested_name=report_summary(query, context),
            channel=(context.channel_id, context.title) if context is not None else None,
            relative=RANGE_OF_PRESET.get(preset),
            dates=(query.start_date, query.end_date),
            dates_text=describe_dates(query),
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        derived = tuple(builder.derived.checked())
        dialog.save_requested.connect(lambda choice: self._save(dialog, query, choice, derived))
        self.dialog = dialog
        dialog.open()

    def _save(
        self,
        dialog: SaveReportDialog,
        query: catalogue.Query,
        choice: SaveChoice,
        derived: tuple[str, ...],
    ) -> None:
        try:
            definition = ReportDefinition.from_query(
                choice.name, query, choice.range, channel_id=choice.channel_id, derived=derived
            )
        except DefinitionError as error:
            dialog.show_problem(str(error))
            return
        data = definition.to_json()

        def saved(_result: object) -> None:
            dialog.saved()
            self.tell(f"Saved “{choice.name}”. Run it from the Saved reports dock.")
            self.dock.show()
            self.dock.raise_()
            self.reload(select=choice.name)

        def failed(failure: TaskFailure) -> None:
            if isinstance(failure.error, DuplicateName):
                scope = "for this channel" if choice.channel_id else "for any channel"
                dialog.show_problem(
                    f"There is already a saved report named “{choice.name}” {scope}. "
                    "Choose another name."
                )
            elif isinstance(failure.error, ReportStoreError | OSError | ValueError):
                dialog.show_problem(str(failure.error))
            else:
                show_crash(failure.error, failure.details)

        services = self.window.services
        submit(
            lambda _ctx: services.reports.save_report(
                choice.name, data, channel_id=choice.channel_id
            ),
            saved,
            on_error=failed,
            owner=dialog,
            lane=Lane.STORAGE,
        )

    # -- the dock's actions ---------------------------------------------------------------

    def _with_current(self, act: Callable[[SavedEntry], None]) -> None:
        entry = self.dock.current()
        if entry is not None:
            act(entry)

    def run(self, entry: SavedEntry) -> None:
        """A new pane for ``entry``'s query dated as of today, if the catalogue accepts it."""
        accounts, name = self.window.accounts, entry.saved.name
        if entry.definition is None:
            self.tell(f"“{name}” cannot run: {entry.problem}")
            return
        channel_id = entry.saved.channel_id or accounts.active
        if channel_id is None:
            self.tell(f"“{name}” runs for the active channel: add a channel first.")
            return
        if accounts.account(channel_id) is None:
            self.tell(
                f"“{name}” is for the channel {channel_id}, which is no longer connected: "
                "add it again (Channels > Add channel) to run it."
            )
            return
        if accounts.client is None:
            self.tell("Import client secrets to fetch reports.")
            return
        context = accounts.context(channel_id)
        created = context.created if context is not None else None
        try:
            query = entry.definition.query(today=self.today(), lifetime_start=created)
        except ValueError as error:
            self.tell(f"“{name}” cannot run: {error}")
            return
        verdict = check(
            query,
            monetary=context is None or context.monetary,
            monetised=context is None or context.monetised is not False,
            groups=context.groups if context is not None else None,
        )
        if verdict.report_type is None:
            self.tell(f"“{name}” cannot run: {' '.join(f'{p}.' for p in verdict.problems)}")
            return
        self.window.runner.open(channel_id, query, derived=entry.definition.derived)
        title = context.title if context is not None else channel_id
        self.tell(f"Running “{name}” for {title}…")

    def rename(self, entry: SavedEntry, name: str) -> None:
        if not name:
            self.tell("A saved report needs a name.")
            return
        definition = replace(entry.definition, name=name).to_json() if entry.definition else None

        def failed(failure: TaskFailure) -> None:
            if isinstance(failure.error, DuplicateName):
                self.tell(f"There is already a saved report named “{name}”.")
            else:
                self._failed(failure)

        self._store_task(
            lambda store: store.update_saved(entry.saved.id, name=name, definition=definition),
            lambda _saved: self._changed(f"Renamed to “{name}”.", name),
            failed,
        )

    def duplicate(self, entry: SavedEntry) -> None:
        definition = entry.definition

        def work(store: ReportStore) -> str:
            copy = store.duplicate_saved(entry.saved.id)
            if definition is not None:  # the copy's definition carries its own name
                store.update_saved(
                    copy.id, definition=replace(definition, name=copy.name).to_json()
                )
            return copy.name

        self._store_task(work, lambda name: self._changed(f"Made “{name}”.", name))

    def confirm_delete(self, entry: SavedEntry) -> None:
        self._show_box(
            "deleteSavedPrompt",
            "Delete saved report",
            f"Delete the saved report “{entry.saved.name}”? Reports already fetched stay "
            "in the history.",
            accept=("Delete", lambda: self._delete(entry)),
        )

    def _delete(self, entry: SavedEntry) -> None:
        self._store_task(
            lambda store: store.delete_saved(entry.saved.id),
            lambda _none: self._changed(f"Deleted “{entry.saved.name}”."),
        )

    def choose_export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self.dock, "Export saved reports", "saved-reports.json", "JSON files (*.json)"
        )
        if path:
            self.export_to(Path(path) if Path(path).suffix else Path(path + ".json"))

    def export_to(self, path: Path) -> None:
        """Write every usable saved report to ``path`` as JSON report definitions."""
        definitions = [e.definition for e in self.model.entries if e.definition is not None]
        skipped = len(self.model.entries) - len(definitions)

        def done(_none: None) -> None:
            text = f"Exported {plural(len(definitions), 'saved report')} to {path}."
            self.tell(text + (f" {plural(skipped, 'unusable one')} left out." if skipped else ""))

        def write(_ctx: TaskContext) -> None:
            write_definitions(path, definitions)

        submit(write, done, on_error=self._failed, owner=self.dock, lane=Lane.STORAGE)

    def choose_import(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self.dock, "Import saved reports", "", "JSON files (*.json);;All files (*)"
        )
        if path:
            self.import_from(Path(path))

    def import_from(self, path: Path) -> None:
        """Add the definitions of ``path``; an invalid file imports nothing and says why."""

        def failed(failure: TaskFailure) -> None:
            if isinstance(failure.error, DefinitionError | OSError | ReportStoreError):
                self._show_box(
                    "importRefused",
                    "Import saved reports",
                    f"Nothing was imported from {path.name}: {failure.error}",
                )
            else:
                show_crash(failure.error, failure.details)

        def done(names: list[str]) -> None:
            self.tell(f"Imported {plural(len(names), 'saved report')} from {path.name}.")
            self.dock.show()
            self.dock.raise_()
            self.reload(select=names[0] if names else "")

        self._store_task(lambda store: _import(path, store), done, failed)

    def _show_box(
        self,
        name: str,
        title: str,
        text: str,
        *,
        accept: tuple[str, Callable[[], None]] | None = None,
    ) -> None:
        """A window-modal message; with ``accept`` a question: (button text, what it does)."""
        if accept is None:
            box = QMessageBox(
                QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, self.window
            )
        else:
            box = QMessageBox(
                QMessageBox.Icon.Question,
                title,
                text,
                QMessageBox.StandardButton.Cancel,
                self.window,
            )
            button = box.addButton(accept[0], QMessageBox.ButtonRole.AcceptRole)
            act = accept[1]
            box.finished.connect(lambda _result: act() if box.clickedButton() is button else None)
        box.setObjectName(name)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.prompt = box
        box.open()


def install_saved_reports(window: MainWindow) -> SavedReports:
    """Add Report > Save report…, the Saved dock (hidden, right) and View's entry for it.

    Call before the window restores its saved layout; a second call changes nothing.
    """
    existing = window.findChild(SavedReports, "savedReports")
    if existing is not None:
        return existing
    saved = SavedReports(window)
    # Beside the builder and History, so that report panes keep the right-hand side.
    window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, saved.dock)
    window.tabifyDockWidget(window.builder_dock, saved.dock)
    saved.dock.hide()
    window.report_menu.addSeparator()
    window.report_menu.addAction(saved.save_action)
    # Not the dock's toggleViewAction: tabbed behind the builder, it would stay hidden.
    show = QAction("&Saved reports", window)
    show.triggered.connect(saved.show_dock)
    window.view_menu.addAction(show)
    saved.show_action = show
    saved.reload()
    return saved
