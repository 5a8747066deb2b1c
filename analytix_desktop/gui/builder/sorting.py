"""The builder's "Sort by" choices: readable labels, and refusals explained."""

from __future__ import annotations

import dataclasses

from PySide6.QtWidgets import QComboBox

from analytix_desktop.api import catalogue
from analytix_desktop.gui.builder.explain import humanise
from analytix_desktop.gui.labels import DEFAULT_ORDER, sort_label

__all__ = ["fill_sort"]


def _order(option: str, columns: list[str]) -> tuple[int, int, int]:
    """Metrics before dimensions, in column order; "highest first" and "A to Z" first."""
    name = option.removeprefix("-")
    metric = name in catalogue.METRICS
    first = option.startswith("-") if metric else not option.startswith("-")
    column = columns.index(name) if name in columns else len(columns)
    return (0 if metric else 1, column, 0 if first else 1)


def fill_sort(combo: QComboBox, query: catalogue.Query, *, keep_current: bool = True) -> None:
    """Offer the sort options of ``query``'s columns; disabled ones say why.

    ``query.sort_options[0]`` is chosen; without one, the combo's current choice is kept
    when it is still offered (unless ``keep_current`` is false: "Default order").
    "Default order" is disabled for top lists, which Google only answers when sorted.
    """
    wanted = query.sort_options[0] if query.sort_options else None
    current = wanted or (combo.currentData() if keep_current and combo.currentIndex() >= 0 else "")
    bare = dataclasses.replace(query, sort_options=())
    allowed = catalogue.options(bare)
    choices = allowed.sort_options
    columns = [*query.metrics, *query.dimensions]
    ordered = sorted(choices, key=lambda option: _order(option, columns))
    top = bool(allowed.report_types) and all(t.top for t in allowed.report_types)
    combo.blockSignals(True)
    try:
        combo.clear()
        combo.addItem(DEFAULT_ORDER, "")  # never None: see ValueCombo
        model = combo.model()
        if top:
            item = model.item(0)  # type: ignore[attr-defined]
            item.setEnabled(False)
            item.setToolTip("Not available: a top list needs a descending sort")
        for option in ordered:
            choice = choices[option]
            combo.addItem(sort_label(option), option)
            item = model.item(combo.count() - 1)  # type: ignore[attr-defined]
            item.setEnabled(choice.valid)
            item.setToolTip("" if choice.valid else f"Not available: {humanise(choice.reason)}")
        index = combo.findData(current) if current else 0
        if top and index <= 0:  # pick the first sort Google accepts, so Run can be enabled
            index = next(
                (row for row in range(1, combo.count()) if choices[combo.itemData(row)].valid), 0
            )
        combo.setCurrentIndex(max(index, 0))
    finally:
        combo.blockSignals(False)
