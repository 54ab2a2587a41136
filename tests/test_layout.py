"""The package's layout holds: no import cycles, small modules, pure layers kept pure."""

from __future__ import annotations

import ast
import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "sphinx_shortscience"
NAME = "sphinx_shortscience"
MAX_LINES = 450


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def runtime_imports(path: Path, *, ours: bool = True) -> list[tuple[str, int, int]]:
    """``(module, line, line of the enclosing function or 0)`` for every import that runs:
    at module level and inside functions, but not under ``if TYPE_CHECKING``; only the
    package's own modules when *ours*."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: list[tuple[str, int, int]] = []

    def visit(node: ast.AST, in_function: int) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _is_type_checking(child):
                for other in child.orelse:
                    visit(other, in_function)
                continue
            inner = in_function
            if not inner and isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                inner = child.lineno
            if isinstance(child, ast.Import):
                found.extend((alias.name, child.lineno, in_function) for alias in child.names)
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    anchor = package.split(".")
                    anchor = anchor[: len(anchor) - (child.level - 1)]
                    base = ".".join([*anchor, base] if base else anchor)
                # "from . import nodes" imports the module base.nodes
                for alias in child.names:
                    candidate = f"{base}.{alias.name}"
                    found.append((candidate if _exists(candidate) else base, child.lineno,
                                  in_function))
            visit(child, inner)

    visit(tree, 0)
    return [entry for entry in found if not ours or entry[0].startswith(NAME)]


def _exists(module: str) -> bool:
    relative = Path(*module.split(".")[1:])
    return (PACKAGE / relative).with_suffix(".py").is_file() or (
        PACKAGE / relative / "__init__.py").is_file()


def modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def import_graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for name, path in modules().items():
        graph[name] = {target for target, _, _ in runtime_imports(path) if target != name}
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                return [*stack[stack.index(target):], target]
            if target not in state:
                cycle = visit(target)
                if cycle:
                    return cycle
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state:
            cycle = visit(node)
            if cycle:
                return cycle
    return None


def test_the_import_graph_is_acyclic_counting_imports_in_functions() -> None:
    graph = import_graph()
    assert len(graph) > 40
    assert find_cycle(graph) is None, " -> ".join(find_cycle(graph) or [])


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_every_import_inside_a_function_says_why() -> None:
    """An import inside a function only where start-up time needs it, the reason beside it."""
    unexplained = []
    for name, path in modules().items():
        lines = path.read_text(encoding="utf-8").splitlines()
        for target, line, function_line in runtime_imports(path, ours=False):
            if not function_line:
                continue
            before = lines[function_line : line]  # from the function's first line
            if not any(text.lstrip().startswith("#") or "  # " in text for text in before):
                unexplained.append(f"{name}:{line} imports {target}")
    assert unexplained == []


def test_no_module_is_long() -> None:
    long = {name: count for name, path in modules().items()
            if (count := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert long == {}


def test_pure_layers_import_nothing_above_them() -> None:
    """The bib and the body grammar's scanner know nothing of Sphinx or of the layers that
    use them: they can be read and tested alone."""
    allowed = {
        "bib": ("bib", "util", "grammar.math_safety", "warnings_"),
        "grammar": ("grammar", "util", "nodes", "compat"),
        "util": ("util",),
    }
    wrong = []
    for name, path in modules().items():
        layer = name.split(".")[1] if name.count(".") else ""
        if layer not in allowed:
            continue
        for target, line, _ in runtime_imports(path):
            inner = target.removeprefix(f"{NAME}.")
            if not inner.startswith(allowed[layer]):
                wrong.append(f"{name}:{line} imports {target}")
    assert wrong == []
    scanner = {target for target, _, _ in runtime_imports(PACKAGE / "grammar" / "scanner.py")}
    assert all(target.startswith(f"{NAME}.grammar") for target in scanner)
    sphinx_free = ["grammar/scanner.py", "grammar/tokens.py", "grammar/code.py",
                   "bib/parse.py", "bib/entries.py", "bib/cache.py", "bib/decode.py"]
    for relative in sphinx_free:
        source = (PACKAGE / relative).read_text(encoding="utf-8")
        assert "import sphinx" not in source and "from sphinx" not in source, relative


def test_the_walk_in_the_docs_is_true() -> None:
    """docs/explanation.md names real files, and every module of the package."""
    text = (PACKAGE.parent.parent / "docs" / "explanation.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`((?:[a-z_]+/)?[a-z_]+\.py)`", text))
    missing = sorted(name for name in named if not (PACKAGE / name).is_file()
                     and not (PACKAGE.parent.parent / name).is_file())
    assert missing == []
    unnamed = sorted(
        relative for path in PACKAGE.rglob("*.py")
        if (relative := path.relative_to(PACKAGE).as_posix()) not in text
        and path.name != "__init__.py" and relative not in ("__main__.py", "version.py"))
    assert unnamed == []
