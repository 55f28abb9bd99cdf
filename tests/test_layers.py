"""Imports point one way: each part of `assistant/` imports only from its own layer or the layers below it."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "assistant"

# Bottom to top. A sub-package is one layer by its folder, so a module added to it needs no change here.
LAYERS = [
    {"config", "errors"},
    {"reading"},
    {"knowledge"},
    {"checklist"},
    {"answers"},
    {"sessions"},
    {"web"},
    {"app", "cli"},
]
RANK = {part: rank for rank, parts in enumerate(LAYERS) for part in parts}
ORDER = " < ".join("/".join(sorted(parts)) for parts in LAYERS)
TOP_LEVEL_FILES = {"__init__.py", "config.py", "errors.py", "cli.py", "app.py"}


def part_of(module: str) -> str | None:
    """The layer name of a dotted module inside `assistant` ("assistant.web.api" -> "web"), else None."""
    names = module.split(".")
    return names[1] if names[0] == "assistant" and len(names) > 1 else None


def module_of(path: Path) -> str:
    return ".".join(("assistant", *path.relative_to(PACKAGE).with_suffix("").parts))


def imported(source: str, module: str) -> list[tuple[int, str]]:
    """Every module that `module`'s source imports, absolute or relative, at the top or inside a function:
    (line, dotted name). `module` ends in `.__init__` for a package's own file."""
    package = module.split(".")[:-1]
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module_named = ".".join([*base, *(node.module or "").split(".")]).rstrip(".")
            # `from .. import errors` names a module, not a thing in a package: take each name as a module
            found += [(node.lineno, module_named if node.module else f"{module_named}.{a.name}") for a in node.names]
    return found


def upward_imports(source: str, module: str, shown: str) -> list[str]:
    """The imports in a module that point to a higher layer, each as 'file:line imports name (why)'."""
    here = part_of(module)
    problems = []
    for line, name in imported(source, module):
        there = part_of(name)
        if here in RANK and there in RANK and RANK[there] > RANK[here]:
            problems.append(f"{shown}:{line} imports {name} ({there} is above {here})")
    return problems


def problems_in(path: Path) -> list[str]:
    shown = str(path.relative_to(PACKAGE.parent))
    return upward_imports(path.read_text(encoding="utf-8"), module_of(path), shown)


def test_every_module_is_in_a_layer():
    nested = [p for p in PACKAGE.rglob("*.py") if p.parent != PACKAGE]
    unknown = sorted(str(p.relative_to(PACKAGE.parent)) for p in nested if part_of(module_of(p)) not in RANK)
    assert not unknown, f"these modules are in no layer: {unknown}; the layers are {ORDER}"


def test_no_module_imports_from_a_layer_above_its_own():
    problems = [problem for path in sorted(PACKAGE.rglob("*.py")) for problem in problems_in(path)]
    assert not problems, f"imports must point down the layers, {ORDER}:\n" + "\n".join(problems)


def test_the_top_of_the_package_holds_only_the_base_modules_the_entry_points_and_the_layers():
    files = {p.name for p in PACKAGE.iterdir() if p.is_file() and p.suffix == ".py"}
    folders = {p.name for p in PACKAGE.iterdir() if p.is_dir() and p.name != "__pycache__"}
    assert files == TOP_LEVEL_FILES, f"at the top of assistant/ only {sorted(TOP_LEVEL_FILES)}: found {sorted(files)}"
    assert folders == {part for parts in LAYERS for part in parts} - {p.removesuffix(".py") for p in TOP_LEVEL_FILES}
    assert all((PACKAGE / folder / "__init__.py").is_file() for folder in folders)


def test_the_layer_check_finds_upward_imports_relative_absolute_and_inside_functions():
    source = (
        "from ..errors import AssistantError\n"
        "from .rules import RULES\n"
        "def f():\n"
        "    from ..web import presenting\n"
        "    import assistant.sessions.store\n"
        "    from .. import answers\n"
    )
    assert upward_imports(source, "assistant.checklist.probe", "checklist/probe.py") == [
        "checklist/probe.py:4 imports assistant.web (web is above checklist)",
        "checklist/probe.py:5 imports assistant.sessions.store (sessions is above checklist)",
        "checklist/probe.py:6 imports assistant.answers (answers is above checklist)",
    ]
    assert upward_imports("from .checklist import report\n", "assistant.__init__", "__init__.py") == []
    assert upward_imports("from .web import api\n", "assistant.cli", "cli.py") == []
