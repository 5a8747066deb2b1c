"""The layout is the architecture: imports point one way and never form a cycle.

The import graph is read from the source (every ``import`` of a package module, at any
depth in a module, except those only for type checkers), so a function-level import
that dodges a cycle is still a cycle here. A module imported by its name, with
``importlib.import_module("analytix_desktop...")``, is an import here too.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

PACKAGE = "analytix_desktop"
ROOT = Path(__file__).resolve().parents[1] / PACKAGE
# Which top-level parts of the package each part may import (itself always).
LAYERS = {
    "api": set(),
    "store": {"api"},
    "core": {"api", "store"},
    "gui": {"api", "store", "core"},
    "cli": {"api", "store", "core", "gui"},
    "sandbox": {"api"},
}
# The demo runs the stand-in for Google in the app's own process: its one way in.
EXCEPTIONS = {("analytix_desktop.gui.demo", "sandbox")}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _type_checking_only(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imported_by_name(node: ast.AST) -> str | None:
    """The module ``node`` imports when it is ``importlib.import_module("<name>")``."""
    if not isinstance(node, ast.Call) or not node.args:
        return None
    function, name = node.func, node.args[0]
    called = function.attr if isinstance(function, ast.Attribute) else getattr(function, "id", "")
    if called != "import_module" or not isinstance(name, ast.Constant):
        return None
    return name.value if isinstance(name.value, str) else None


def _imports(
    tree: ast.AST, module: str, is_package: bool, modules: set[str]
) -> Iterator[tuple[str, int, bool]]:
    """(imported module, line, at module level) for each package import in ``tree``."""

    def walk(node: ast.AST, top: bool) -> Iterator[tuple[str, int, bool]]:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _type_checking_only(child):
                continue
            inner = top and not isinstance(
                child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda
            )
            if isinstance(child, ast.Import):
                for alias in child.names:
                    yield alias.name, child.lineno, top
            elif isinstance(child, ast.ImportFrom):
                if child.level:
                    base = module.split(".")
                    base = base if is_package else base[:-1]
                    base = base[: len(base) - (child.level - 1)]
                    target = ".".join([*base, child.module] if child.module else base)
                else:
                    target = child.module or ""
                for alias in child.names:
                    candidate = f"{target}.{alias.name}"
                    yield (candidate if candidate in modules else target), child.lineno, top
            elif (by_name := _imported_by_name(child)) is not None:
                yield by_name, child.lineno, top
            yield from walk(child, inner)

    for name, line, top in walk(tree, True):
        if name == PACKAGE or name.startswith(PACKAGE + "."):
            yield name, line, top


def graph() -> dict[str, set[str]]:
    paths = sorted(ROOT.rglob("*.py"))
    modules = {module_name(path) for path in paths}
    edges: dict[str, set[str]] = {name: set() for name in modules}
    for path in paths:
        name = module_name(path)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for target, _line, _top in _imports(tree, name, path.name == "__init__.py", modules):
            while target not in modules and "." in target:
                target = target.rsplit(".", 1)[0]
            if target != name and target in modules:
                edges[name].add(target)
    return edges


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(edges[node]):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def test_no_import_cycles() -> None:
    assert cycles(graph()) == []


def test_a_module_imported_by_name_is_in_the_graph() -> None:
    # The main window imports the report panes' modules by name, after its first paint.
    assert "analytix_desktop.gui.report_view" in graph()["analytix_desktop.gui.main_window"]


def test_layers_point_one_way() -> None:
    wrong = []
    for module, targets in graph().items():
        part = module.split(".")[1] if "." in module else ""
        if part not in LAYERS:
            continue
        for target in targets:
            other = target.split(".")[1] if "." in target else ""
            allowed = LAYERS[part] | {o for m, o in EXCEPTIONS if m == module}
            if other in LAYERS and other != part and other not in allowed:
                wrong.append(f"{module} -> {target}")
    assert wrong == []


def test_api_and_core_import_without_qt() -> None:
    """The client layer, the store and the application core run where PySide6 is not installed.

    Only ``store.settings`` (the QSettings file of the Qt front end) is left out.
    """
    script = (
        "import importlib, pkgutil, sys\n"
        "sys.modules['PySide6'] = None  # as if it were not installed: imports fail\n"
        "sys.modules['pyqtgraph'] = None\n"
        "import analytix_desktop.api, analytix_desktop.core, analytix_desktop.store\n"
        "packages = (analytix_desktop.api, analytix_desktop.core, analytix_desktop.store)\n"
        "for package in packages:\n"
        "    for info in pkgutil.walk_packages(package.__path__, package.__name__ + '.'):\n"
        "        if info.name != 'analytix_desktop.store.settings':\n"
        "            importlib.import_module(info.name)\n"
        "assert not any(name.startswith('PySide6.') for name in sys.modules)\n"
        "print('ok')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT.parent,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


def test_packages_import_a_name_s_module_when_the_name_is_used() -> None:
    """``from analytix_desktop.api import Client`` works as ever, and importing one light
    module (``api.endpoints``, ``store.paths``) does not import all the others with its
    package: the app's start would wait for requests, keyring and the whole client."""
    script = (
        "import importlib, sys\n"
        "import analytix_desktop.api.endpoints, analytix_desktop.store.paths\n"
        "heavy = ('requests', 'keyring', 'analytix_desktop.api.client', "
        "'analytix_desktop.store.tokens')\n"
        "print(*[name for name in heavy if name in sys.modules])\n"
        "from analytix_desktop.api import Client\n"
        "from analytix_desktop.api.client import Client as defined\n"
        "assert Client is defined\n"
        "for name in ('analytix_desktop.api', 'analytix_desktop.store'):\n"
        "    package = importlib.import_module(name)\n"
        "    for exported in package.__all__:\n"
        "        value = getattr(package, exported)\n"
        "        assert exported in dir(package), exported\n"
        "        if isinstance(value, type):\n"
        "            assert value.__module__.startswith(name + '.'), value\n"
        "    try:\n"
        "        package.NoSuchName\n"
        "    except AttributeError as error:\n"
        "        assert 'NoSuchName' in str(error)\n"
        "    else:\n"
        "        raise AssertionError('an unknown name must raise AttributeError')\n"
        "print('ok')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT.parent,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["", "ok"]
