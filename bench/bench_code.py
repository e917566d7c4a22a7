"""Code metrics of a source tree (stdlib only): prints figures, asserts nothing.

    python bench/bench_code.py [SRC_PACKAGE_DIR] [--top N] [--json]

SRC_PACKAGE_DIR defaults to src/natoatlas. Reported, so that a redesign can be compared with what
came before (issue 12, items 3 and 5):

- the import graph between the package's own modules, split by where each import is written:
  at module level (what runs on import), inside ``if TYPE_CHECKING:`` (for mypy only), inside a
  function (lazy), or through ``importlib.import_module`` (dynamic);
- every import cycle: the strongly connected components of the module-level graph, and of the
  graph with function-local imports added (the circles the lazy imports hide);
- the largest modules and functions, in lines;
- the number of ``lang == "ja"`` branches: comparisons (``==`` or ``!=``) of a name or attribute
  containing ``lang`` with ``"ja"`` in the Python source, and the same in templates and scripts.

Edges follow what ``from X import Y`` names: ``X.Y`` when that is a module of the tree, else
``X``; the implicit import of a module's parent packages is not an edge. tests/test_layers.py
uses :func:`scan` and :func:`cycles` to hold the layout to its layers.
"""

from __future__ import annotations

import argparse
import ast
import json
import re
import sys
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

#: Where an import statement is written.
MODULE, TYPE_ONLY, LOCAL, DYNAMIC = "module", "type-checking", "local", "dynamic"


@dataclass(frozen=True)
class Import:
    """One imported name as the importing module sees it."""

    source: str  # the importing module, dotted
    target: str  # the imported module, dotted (resolved against the tree for internal ones)
    line: int
    kind: str  # MODULE, TYPE_ONLY, LOCAL or DYNAMIC
    internal: bool  # target is a module of the tree


@dataclass(frozen=True)
class Function:
    qualname: str  # module:Class.method
    lines: int


@dataclass
class Tree:
    """What :func:`scan` finds in one package directory."""

    root: Path
    modules: dict[str, Path] = field(default_factory=dict)
    module_lines: dict[str, int] = field(default_factory=dict)
    imports: list[Import] = field(default_factory=list)
    functions: list[Function] = field(default_factory=list)
    dynamic_unresolved: list[tuple[str, int]] = field(default_factory=list)
    ja_branches: list[tuple[str, int]] = field(default_factory=list)

    def graph(self, kinds: Iterable[str] = (MODULE,)) -> dict[str, set[str]]:
        """Internal edges of the given kinds, every module a node (self-imports dropped)."""
        wanted = set(kinds)
        edges: dict[str, set[str]] = {name: set() for name in self.modules}
        for imp in self.imports:
            if imp.internal and imp.kind in wanted and imp.source != imp.target:
                edges[imp.source].add(imp.target)
        return edges


def module_names(package_dir: Path) -> dict[str, Path]:
    """Every ``.py`` file under the package, by dotted name (a package by its own name)."""
    package_dir = package_dir.resolve()
    names: dict[str, Path] = {}
    for path in sorted(package_dir.rglob("*.py")):
        parts = [package_dir.name, *path.relative_to(package_dir).with_suffix("").parts]
        if parts[-1] == "__init__":
            parts.pop()
        names[".".join(parts)] = path
    return names


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _lang_name(node: ast.expr) -> bool:
    name = node.id if isinstance(node, ast.Name) else node.attr if isinstance(node, ast.Attribute) else ""
    return "lang" in name.lower()


def _is_ja(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and node.value == "ja"


class _Visitor(ast.NodeVisitor):
    """Collects one module's imports, functions and ``lang == "ja"`` comparisons."""

    def __init__(self, tree: Tree, module: str, is_package: bool) -> None:
        self.tree = tree
        self.module = module
        self.package = module if is_package else module.rpartition(".")[0]
        self.scope: list[str] = []
        self.in_function = 0
        self.in_type_checking = 0
        self.seen: set[Import] = set()

    def _kind(self) -> str:
        if self.in_function:
            return LOCAL
        return TYPE_ONLY if self.in_type_checking else MODULE

    def _add(self, target: str, line: int, kind: str | None = None) -> None:
        imp = Import(self.module, target, line, kind or self._kind(), target in self.tree.modules)
        if imp not in self.seen:  # one statement naming several things of one module: one import
            self.seen.add(imp)
            self.tree.imports.append(imp)

    def _absolute(self, level: int, name: str | None) -> str:
        if level == 0:
            return name or ""
        base = self.package.split(".")
        base = base[: len(base) - (level - 1)]
        return ".".join([*base, name] if name else base)

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            self._add(alias.name, node.lineno)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        base = self._absolute(node.level, node.module)
        for alias in node.names:
            sub = f"{base}.{alias.name}"
            self._add(sub if sub in self.tree.modules else base, node.lineno)

    def visit_If(self, node: ast.If) -> None:
        if _is_type_checking(node.test):
            self.in_type_checking += 1
            for child in node.body:
                self.visit(child)
            self.in_type_checking -= 1
            for child in node.orelse:
                self.visit(child)
        else:
            self.generic_visit(node)

    def _function(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        self.scope.append(node.name)
        end = node.end_lineno or node.lineno
        self.tree.functions.append(Function(f"{self.module}:{'.'.join(self.scope)}", end - node.lineno + 1))
        self.in_function += 1
        self.generic_visit(node)
        self.in_function -= 1
        self.scope.pop()

    visit_FunctionDef = _function
    visit_AsyncFunctionDef = _function

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self.scope.append(node.name)
        self.generic_visit(node)
        self.scope.pop()

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
        if name in ("import_module", "__import__"):
            arg = node.args[0] if node.args else None
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                self._add(arg.value, node.lineno, DYNAMIC)
            else:
                self.tree.dynamic_unresolved.append((self.module, node.lineno))
        self.generic_visit(node)

    def visit_Compare(self, node: ast.Compare) -> None:
        operands = [node.left, *node.comparators]
        for op, left, right in zip(node.ops, operands, operands[1:], strict=False):
            if isinstance(op, ast.Eq | ast.NotEq) and (
                (_is_ja(left) and _lang_name(right)) or (_is_ja(right) and _lang_name(left))
            ):
                self.tree.ja_branches.append((self.module, node.lineno))
        self.generic_visit(node)


def scan(package_dir: Path) -> Tree:
    """Parse every module of the package directory (nothing is imported or run)."""
    tree = Tree(package_dir, module_names(package_dir))
    for name, path in tree.modules.items():
        text = path.read_text(encoding="utf-8")
        tree.module_lines[name] = len(text.splitlines())
        _Visitor(tree, name, path.name == "__init__.py").visit(ast.parse(text, str(path)))
    return tree


#: ``lang == 'ja'`` (or ``!=``, either way round) in a Jinja template or a script.
_TEMPLATE_JA = re.compile(r"""\blang\s*[!=]=\s*['"]ja['"]|['"]ja['"]\s*[!=]=\s*[\w.]*lang\b""")


def template_ja_branches(package_dir: Path) -> dict[str, int]:
    """``lang == "ja"`` comparisons outside Python: templates and static scripts, by file."""
    counts: dict[str, int] = {}
    for path in sorted(package_dir.rglob("*")):
        if path.suffix in (".html", ".js", ".j2"):
            found = len(_TEMPLATE_JA.findall(path.read_text(encoding="utf-8")))
            if found:
                counts[str(path.relative_to(package_dir))] = found
    return counts


def cycles(graph: Mapping[str, Iterable[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (or a module importing
    itself), each sorted, largest first: Tarjan's algorithm, iterative."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for start in sorted(graph):
        if start in index:
            continue
        work: list[tuple[str, Iterator[str]]] = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in graph:
                    continue
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1 or node in graph[node]:
                    found.append(sorted(component))
    return sorted(found, key=lambda c: (-len(c), c))


def report(tree: Tree, top: int = 15) -> dict[str, object]:
    """The figures as plain data (what ``--json`` prints)."""
    by_kind: dict[str, int] = {}
    for imp in tree.imports:
        if imp.internal:
            by_kind[imp.kind] = by_kind.get(imp.kind, 0) + 1
    local_all = [imp for imp in tree.imports if imp.kind == LOCAL]
    local_external: dict[str, int] = {}
    for imp in local_all:
        if not imp.internal:
            top_name = imp.target.split(".")[0]
            local_external[top_name] = local_external.get(top_name, 0) + 1
    module_graph = tree.graph((MODULE,))
    hidden = cycles(tree.graph((MODULE, LOCAL, DYNAMIC)))
    component = {name: i for i, members in enumerate(hidden) for name in members}
    closing = [
        imp
        for imp in local_all
        if imp.internal and imp.source in component and component[imp.source] == component.get(imp.target)
    ]
    return {
        "root": str(tree.root),
        "modules": len(tree.modules),
        "lines": sum(tree.module_lines.values()),
        "internal_imports": by_kind,
        "module_level_edges": sum(len(v) for v in module_graph.values()),
        "function_local_imports": {
            "internal": sum(1 for imp in local_all if imp.internal),
            "internal_within_a_cycle": len(closing),
            "external": sum(local_external.values()),
            "external_by_package": dict(sorted(local_external.items(), key=lambda kv: (-kv[1], kv[0]))),
        },
        "type_checking_imports": [
            f"{imp.source} -> {imp.target}" for imp in tree.imports if imp.kind == TYPE_ONLY and imp.internal
        ],
        "dynamic_imports_unresolved": [f"{m}:{line}" for m, line in tree.dynamic_unresolved],
        "cycles_module_level": cycles(module_graph),
        "cycles_with_local": hidden,
        "largest_modules": [
            [name, lines] for name, lines in sorted(tree.module_lines.items(), key=lambda kv: (-kv[1], kv[0]))
        ][:top],
        "largest_functions": [
            [f.qualname, f.lines] for f in sorted(tree.functions, key=lambda f: (-f.lines, f.qualname))
        ][:top],
        "ja_branches": len(tree.ja_branches),
        "ja_branches_by_module": _count(m for m, _ in tree.ja_branches),
        "ja_branches_in_templates": template_ja_branches(tree.root),
    }


def _count(items: Iterable[str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for item in items:
        counts[item] = counts.get(item, 0) + 1
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def _print(figures: dict[str, object]) -> None:
    for key, value in figures.items():
        if isinstance(value, list) and value and isinstance(value[0], list) and key.startswith("largest"):
            print(f"{key}:")
            for name, lines in value:
                print(f"  {lines:6d}  {name}")
        elif isinstance(value, list) and key.startswith("cycles"):
            print(f"{key}: {len(value)}")
            for component in value:
                print(f"  ({len(component)}) {' '.join(component)}")
        elif isinstance(value, list):
            print(f"{key}: {len(value)}")
            for item in value:
                print(f"  {item}")
        elif isinstance(value, dict):
            print(f"{key}: {json.dumps(value, ensure_ascii=False)}")
        else:
            print(f"{key}: {value}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("package", nargs="?", default="src/natoatlas", type=Path)
    parser.add_argument("--top", type=int, default=15, help="how many modules and functions to list")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    if not (args.package / "__init__.py").is_file():
        print(f"error: {args.package} is not a package directory (no __init__.py)", file=sys.stderr)
        return 2
    figures = report(scan(args.package), args.top)
    if args.json:
        print(json.dumps(figures, ensure_ascii=False, indent=2))
    else:
        _print(figures)
    return 0


if __name__ == "__main__":
    sys.exit(main())
