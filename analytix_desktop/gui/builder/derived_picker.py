"""The builder's creators' metrics (net subscribers, engagement rate, RPM): picking one
checks the API metrics it is worked out from."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLineEdit, QWidget

from analytix_desktop.api import catalogue
from analytix_desktop.core.derived import DERIVED, DerivedMetric, inputs_of
from analytix_desktop.gui.builder.pickers import CheckList
from analytix_desktop.gui.formatting import plain_title

__all__ = ["DerivedPicker"]


class DerivedPicker(CheckList):
    """Derived metrics per breakdown tab; each one checked keeps its inputs checked in ``metrics``.

    ``picked`` follows a person's check or uncheck, once the inputs are checked too.
    """

    picked = Signal()

    def __init__(
        self, metrics: CheckList, search: QLineEdit, parent: QWidget | None = None
    ) -> None:
        super().__init__(
            ((m.name, m.title, m.description) for m in DERIVED.values()),
            "Creators' metrics",
            parent,
        )
        self._metrics = metrics
        self._tabs: dict[str, list[str]] = {}
        self._tab = ""
        self.setToolTip("Worked out from the metrics they need, which are added to the report.")
        self.setMaximumHeight(self.sizeHintForRow(0) * (len(DERIVED) + 1))
        self.itemChanged.connect(self._add_inputs)
        search.textChanged.connect(self.filter_text)

    def show_tab(self, key: str) -> None:
        """Keep the picks of the tab left, and show those of tab ``key``."""
        if self._tab:
            self._tabs[self._tab] = self.checked()
        self._tab = key
        self.set_checked(self._tabs.get(key, ()))

    def picks(self) -> dict[str, list[str]]:
        """Every tab's picks, the shown tab's included."""
        return {**self._tabs, self._tab: self.checked()} if self._tab else dict(self._tabs)

    def restore(self, picks: Mapping[str, Sequence[str]]) -> None:
        """Every tab's picks as ``picks`` says; the shown tab's are checked (no signal)."""
        self._tabs = {key: list(names) for key, names in picks.items()}
        self.set_checked(self._tabs.get(self._tab, ()))

    def follow(
        self, allowed: Mapping[str, catalogue.Choice], chosen: Collection[str], revenue: bool
    ) -> None:
        """Offer a metric when all its inputs may be added; drop one whose input was unchecked.

        ``revenue``: whether revenue metrics can be fetched (else RPM is hidden, as they are).
        """
        self.set_checked(n for n in self.checked() if set(DERIVED[n].inputs) <= set(chosen))
        hidden = () if revenue else [name for name, m in DERIVED.items() if m.revenue]
        choices = {name: _choice(m, allowed, chosen) for name, m in DERIVED.items()}
        self.apply(choices, hidden)

    def _add_inputs(self) -> None:
        wanted = {*self._metrics.checked(), *inputs_of(self.checked())}
        self._metrics.set_checked(wanted)
        self.picked.emit()


def _choice(
    metric: DerivedMetric, allowed: Mapping[str, catalogue.Choice], chosen: Collection[str]
) -> catalogue.Choice:
    """Valid when each input is chosen already or may be added."""
    for name in (n for n in metric.inputs if n not in chosen):
        choice = allowed.get(name, catalogue.Choice(False, "unknown to the catalogue"))
        if not choice.valid:
            title = plain_title(catalogue.METRICS[name].title)
            return catalogue.Choice(False, f"needs {title}: {choice.reason}")
    return catalogue.Choice(True)
