"""The dashboard's pages: server-rendered, in Japanese or English, for the date in the URL.

State lives in the query string (``?on=2019-12-31&lang=en``) so any view can be shared. Pages
render the same briefing blocks as the writers, plus what a page needs of its own (the spending
table, the operations timeline, the Article 5 checker). They work without JavaScript.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import itertools
import json
import pickle
import threading
import time
from collections import OrderedDict
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from natoatlas.atlas import Atlas
from natoatlas.dates import PartialDate, format_date, span
from natoatlas.kb.model import Country, Target, Text
from natoatlas.messages import msg
from natoatlas.render import charts, maps, svgmap, timeline
from natoatlas.render.briefing import SECTIONS, Briefing, Figure, build
from natoatlas.render.briefing.blocks import KIND_LABELS, Table
from natoatlas.render.briefing.build import TITLES as SECTION_TITLES
from natoatlas.rules import texts
from natoatlas.views import members as member_views
from natoatlas.views import params as checks
from natoatlas.views import rules, sections
from natoatlas.views import search as search_views
from natoatlas.views import spending as spending_views
from natoatlas.views.base import Bi, data_as_of_line, source_ids
from natoatlas.views.spending import SpendingSeries, TargetRow
from natoatlas.web import params
from natoatlas.web.params import ParameterError

__all__ = ["render_error", "router"]

router = APIRouter(include_in_schema=False)
_ENV = Environment(loader=PackageLoader("natoatlas", "templates"), autoescape=select_autoescape(["html"]))
_LOCK = threading.Lock()
_BRIEFS: OrderedDict[tuple[int, str, str, tuple[str, ...]], tuple[Briefing, int]] = OrderedDict()
#: Bytes the built briefings may hold (least recently used first out), each measured by its
#: pickled size: a page's sections are 40–400 kB (a map's spec holds its whole geometry).
BRIEFS_BUDGET = 32 * 2**20
_briefs_size = 0
_SVGS: OrderedDict[str, Markup] = OrderedDict()
#: Characters the drawn charts may hold (least recently used first out): charts are 20–60 kB.
SVG_BUDGET = 8 * 2**20
_svg_size = 0

#: The pages of the navigation: path and the message id of its name.
PAGES = [
    ("/", "web.page.overview"),
    ("/spending", "web.page.spending"),
    ("/partners", "web.page.partners"),
    ("/organisation", "web.page.organisation"),
    ("/operations", "web.page.operations"),
    ("/japan", "web.page.japan"),
    ("/treaty", "web.page.treaty"),
    ("/summits", "web.page.summits"),
    ("/changes", "web.page.changes"),
    ("/briefing", "web.page.briefing"),
    ("/countries", "web.page.countries"),
]


def _ids(prefix: str, keys: tuple[str, ...]) -> dict[str, str]:
    return {key: f"{prefix}.{key}" for key in keys}


#: Readable labels for the ids the data uses, so that no id shows on a page: accession steps,
#: kinds of change (natoatlas.rules.diff), kinds of spending release, and statuses of error pages;
#: each the id of its message (natoatlas.messages.web).
STEP_LABELS = _ids("web.step", (
    "map-joined", "application", "invitation", "talks", "protocol-signed", "ratification", "protocol-in-force",
    "invitation-to-accede", "deposit",
))  # fmt: skip
CHANGE_LABELS = _ids("web.change", (
    "ally-joined", "partner-joined", "partner-left", "partner-suspended", "framework", "secretary-general",
    "place-opened", "place-closed", "lead-changed", "operation-started", "operation-ended", "concept-adopted",
    "summit", "spending", "japan-nato", "article-4", "article-5",
))  # fmt: skip
RELEASE_KINDS = _ids("web.release_kind", ("tables", "annual-report", "transcription", "press-report"))
BASIS_LABELS = _ids("web.basis", ("figures", "stated", "partial"))
STATUS_TEXTS = {code: f"web.status.{code}" for code in (400, 404, 405, 422, 500)}


def label(table: dict[str, str], key: str, lang: str) -> str:
    """A readable label for an id; the id itself only for one no table knows yet (a new kind)."""
    found = table.get(key)
    return key if found is None else msg(found, lang)


def ja_tilde(text: str, lang: str) -> str:
    """Japanese ranges written with ASCII ``~`` (「1994年1月10日~」) as the reference writes them,
    with the full-width tilde ``～``: the ASCII one sits raised in Japanese fonts."""
    return text.replace("~", _TILDE.get(lang, "~"))


#: The tilde of a range by language (the typography of each script; none listed: ASCII).
_TILDE = {"ja": "～"}


#: The briefing sections whose data each page shows: its "data as of" line is theirs.
PAGE_SECTIONS: dict[str, tuple[str, ...]] = {
    "/": ("overview", "enlargement"),
    "/spending": ("spending",),
    "/partners": ("partners",),
    "/organisation": ("organisation", "commands"),
    "/operations": ("operations",),
    "/japan": ("japan",),
    "/treaty": ("treaty",),
    "/summits": ("overview",),
    "/changes": SECTIONS,
    "/briefing": SECTIONS,
    "/countries": ("overview",),
    "/country": ("overview", "enlargement"),
    "/search": SECTIONS,
}


def _page_sections(path: str) -> tuple[str, ...]:
    return PAGE_SECTIONS.get(path) or PAGE_SECTIONS.get("/" + path.strip("/").split("/")[0]) or SECTIONS


def _atlas(request: Request) -> Atlas:
    atlas: Atlas = request.app.state.atlas
    return atlas


def _given(request: Request, name: str) -> str | None:
    """A query parameter, or None when absent or empty: a form sends its empty fields as ``name=``."""
    return request.query_params.get(name) or None


def negotiate(header: str | None) -> str:
    """The language a browser asks for first (``Accept-Language``, by q-value): ``ja`` or ``en``;
    ``ja`` when it asks for neither (the Atlas starts from a Japanese briefing)."""
    best, best_q = "ja", 0.0
    for item in (header or "").split(","):
        tag, _, rest = item.strip().partition(";")
        q = 1.0
        if rest.strip().startswith("q="):
            try:
                q = float(rest.strip()[2:])
            except ValueError:
                q = 0.0
        primary = tag.strip().lower().split("-")[0]
        if primary in checks.LANGS and q > best_q:  # the first of equal weight wins
            best, best_q = primary, q
    return best


def _lang(request: Request) -> str:
    """The page's language: ``lang=`` in the URL, else what the browser asks for. Every link on
    the page then carries it, so the URL holds it from the first click on."""
    given = _given(request, "lang")
    if given is not None:
        return params.choice(given, "lang", checks.LANGS)
    return negotiate(request.headers.get("accept-language"))


def _params(request: Request) -> tuple[dt.date, str]:
    """The page's day and language, checked by the rules the API uses (:mod:`natoatlas.web.params`)."""
    lang = _lang(request)
    on, year = _given(request, "on"), _given(request, "year_slider")
    today = dt.date.today()
    day = params.day(on) if on else today
    if year is not None:
        chosen = params.whole(year, "year_slider", 1949, today.year)
        if on is None:  # the slider moves the day to the end of its year (today for this year)
            day = dt.date(chosen, 12, 31) if chosen < today.year else today
    return day, lang


def _url(request: Request, path: str | None = None, **changes: Any) -> str:
    """A link keeping the page's day and language (only valid ones: an error page's links lead on)."""
    query = {k: v for k, v in request.query_params.items() if k in ("on", "lang") and v}
    try:
        query["lang"] = _lang(request)
    except ParameterError:
        query["lang"] = negotiate(request.headers.get("accept-language"))
    if "on" in query:
        try:
            params.day(query["on"])
        except ParameterError:
            del query["on"]
    query.update({k: v for k, v in changes.items() if v is not None})
    target = path if path is not None else request.url.path
    return f"{target}?{urlencode(query)}" if query else target


def _briefing(atlas: Atlas, day: dt.date, lang: str, sections: tuple[str, ...]) -> Briefing:
    """The sections of ``day`` built once, then kept within :data:`BRIEFS_BUDGET` bytes."""
    global _briefs_size
    key = (id(atlas), day.isoformat(), lang, sections)
    with _LOCK:
        held = _BRIEFS.get(key)
        if held is not None:
            _BRIEFS.move_to_end(key)
            return held[0]
    found = build(atlas, on=day, lang=lang, sections=sections)
    size = len(pickle.dumps(found))  # a few ms, beside the build's hundreds
    with _LOCK:
        if key not in _BRIEFS and size <= BRIEFS_BUDGET:
            _BRIEFS[key] = (found, size)
            _briefs_size += size
        while _briefs_size > BRIEFS_BUDGET and _BRIEFS:
            _, (_, dropped) = _BRIEFS.popitem(last=False)
            _briefs_size -= dropped
    return found


def _svg(figure: Figure | dict[str, Any]) -> Markup:
    """A chart as inline SVG, drawn by vl-convert once per spec, then kept (within ``SVG_BUDGET``)."""
    global _svg_size
    spec = figure.spec if isinstance(figure, Figure) else figure
    key = hashlib.sha256(json.dumps(spec, sort_keys=True, default=str).encode()).hexdigest()
    with _LOCK:
        found = _SVGS.get(key)
        if found is not None:
            _SVGS.move_to_end(key)
    if found is None:
        svg = charts.render(spec, "svg").decode("utf-8")
        found = Markup(svg[svg.index("<svg") :])  # noqa: S704 - vl-convert's own SVG output
        with _LOCK:
            if key not in _SVGS:
                _SVGS[key] = found
                _svg_size += len(found)
            while _svg_size > SVG_BUDGET and len(_SVGS) > 1:
                _, dropped = _SVGS.popitem(last=False)
                _svg_size -= len(dropped)
    return found


def _drawer() -> Any:
    """The page's ``svg()``: maps drawn from their geometry drawn once and coloured for the day
    (:mod:`natoatlas.render.svgmap`, each with an id of its own on the page), other charts by :func:`_svg`."""
    numbers = itertools.count(1)

    def svg(figure: Figure | dict[str, Any]) -> Markup:
        spec = figure.spec if isinstance(figure, Figure) else figure
        if svgmap.is_map(spec):
            label = figure.title if isinstance(figure, Figure) else ""
            return Markup(svgmap.render(spec, f"map-{next(numbers)}", label))  # noqa: S704 - escaped in svgmap
        return _svg(figure)

    return svg


def _context(request: Request, day: dt.date, lang: str, title: str | Bi, **context: Any) -> dict[str, Any]:
    """What the layout needs (navigation, date picker, language switch, sources), for pages and errors."""
    today = dt.date.today()
    atlas = _atlas(request)

    def tx(text: Text | None, in_lang: str | None = None) -> str:
        """A data text filled for the page's day (in the page's language unless told)."""
        return ja_tilde(texts.fill_text(text, atlas, day, in_lang or lang), in_lang or lang)

    sources, numbers = _distinct_sources(context.get("sources") or [])

    def release_label(release: Any) -> str:
        return _release_label(atlas, release, lang)

    releases = {r.id: r for r in atlas.spending.releases}

    def change_text(change: Any) -> str:
        """A change's text, a spending release named by what it is rather than by its id."""
        text = tx(change.text)
        head, sep, rest = text.partition(":")
        if change.kind == "spending" and sep and head in releases:
            return f"{release_label(releases[head])}{'：' if lang == 'ja' else ': '}{rest.strip()}"
        return text

    ctx = {
        "request": request,
        "change_text": change_text,
        "lang": lang,
        "on": day,
        "on_text": format_date(PartialDate.of(day), lang),
        "title": title.get(lang) if isinstance(title, Bi) else msg(title, lang),
        "pages": [(path, msg(name, lang), _url(request, path)) for path, name in PAGES],
        "path": request.url.path,
        "url": lambda path=None, **changes: _url(request, path, **changes),
        "other_lang": _url(request, lang=next(other for other in checks.LANGS if other != lang)),
        "year_max": today.year,
        "svg": _drawer(),
        "block_links": lambda block: [],
        "tx": tx,
        "kind_label": lambda kind: KIND_LABELS[lang][kind],
        "cite_ids": lambda ids: source_ids(atlas, ids),
        "cite_no": lambda source: numbers.get(source),
        # A source listed under another id (same URL) is linked to the entry that lists it.
        "cite_anchor": lambda source: sources[numbers[source] - 1].id if source in numbers else source,
        "step_label": lambda step: label(STEP_LABELS, step, lang),
        "change_label": lambda kind: label(CHANGE_LABELS, kind, lang),
        "section_label": lambda key: SECTION_TITLES[key][checks.LANGS.index(lang)],
        "msg": lambda key, **values: msg(key, lang, **values),
        "framework_label": lambda fid: (
            atlas.frameworks[fid].name_on(day).get(lang) if fid in atlas.frameworks else fid
        ),
        "release_label": release_label,
        "date_text": lambda value: _date_text(value, lang),
        "date_range": lambda start, end: _date_range(start, end, lang),
        "jt": lambda text: ja_tilde(str(text), lang),
        "basis_label": lambda basis: label(BASIS_LABELS, basis, lang),
        "country_name": lambda code: (
            atlas.countries[code].name_on(day).get(lang) if code in atlas.countries else code
        ),
        "today_iso": today.isoformat(),
        "data_as_of": data_as_of_line(atlas, _page_sections(request.url.path), lang),
        "search_q": (request.query_params.get("q") or "") if request.url.path == "/search" else "",
        **context,
    }
    ctx["sources"] = sources
    return ctx


def _distinct_sources(cited: Any) -> tuple[list[Any], dict[str, int]]:
    """The sources a page lists, one per published page: a page the data cites under two ids
    (the NATO release on the Wales summit) is listed once, and both ids point to its number."""
    sources: list[Any] = []
    numbers: dict[str, int] = {}
    by_url: dict[str, int] = {}
    for source in cited:
        url = getattr(source, "url", None)
        if url and url in by_url:
            numbers[source.id] = by_url[url]
            continue
        sources.append(source)
        numbers[source.id] = len(sources)
        if url:
            by_url[url] = len(sources)
    return sources, numbers


def _release_label(atlas: Atlas, release: Any, lang: str) -> str:
    """A spending release by its kind and publication date: 「NATO国防費統計(2024年6月17日公表)」."""
    kind = label(RELEASE_KINDS, release.kind, lang)
    published = atlas.sources[release.id].published
    when = format_date(published, lang) if published else ""
    if not when:
        return kind
    return msg("web.release_label", lang, kind=kind, when=when)


def _partial(value: PartialDate | dt.date | str | None) -> PartialDate | None:
    if value is None or value == "":
        return None
    if isinstance(value, str):
        return PartialDate.parse(value)
    return value if isinstance(value, PartialDate) else PartialDate.of(value)


def _date_range(
    start: PartialDate | dt.date | str | None, end: PartialDate | dt.date | str | None, lang: str
) -> str:
    """From ``start`` to ``end`` as :func:`natoatlas.dates.span` writes it (what they share once);
    an open end or start left open: 「1994年1月～」, "… – 2023"."""
    first, last = _partial(start), _partial(end)
    if first is not None:
        return span(first, last, lang)
    join = ja_tilde("~", lang) if lang == "ja" else " – "
    return f"…{join}{_date_text(last, lang)}"


def _date_text(value: PartialDate | dt.date | str | None, lang: str) -> str:
    """A date of any shape the data gives (a PartialDate, a day, an ISO string) as words."""
    partial = _partial(value)
    return "" if partial is None else format_date(partial, lang)


def _page(
    request: Request, template: str, title: str | Bi, status_code: int = 200, **context: Any
) -> HTMLResponse:
    """A page of the site; ``title`` is a message id (or, for a country, its name)."""
    day, lang = _params(request)
    ctx = _context(request, day, lang, title, **context)
    return HTMLResponse(_ENV.get_template(f"web/{template}").render(**ctx), status_code=status_code)


def render_error(request: Request, status: int, message: str) -> HTMLResponse:
    """An error inside the site's layout (navigation, date picker, language switch), in the
    language asked for; the day and language fall back to today and the browser's choice when
    they are what was wrong. The technical detail stays in English, marked ``lang="en"``."""
    try:
        lang = _lang(request)
    except ParameterError:
        lang = negotiate(request.headers.get("accept-language"))
    try:
        day, _ = _params(request)
    except ParameterError:
        day = dt.date.today()
    title = Bi(
        en=msg("web.status.other", "en", status=status), ja=msg("web.status.other", "ja", status=status)
    )
    ctx = _context(request, day, lang, STATUS_TEXTS.get(status) or title, status=status, message=message)
    if status in (404, 405):  # no such page: the date picker shows the front page
        ctx["path"] = "/"
    return HTMLResponse(_ENV.get_template("web/error.html").render(**ctx), status_code=status)


def _sections(request: Request, sections: tuple[str, ...]) -> Briefing:
    day, lang = _params(request)
    return _briefing(_atlas(request), day, lang, sections)


#: The pages drawn from briefing sections, by the name their downloads carry (``page=``): path
#: and sections.
BRIEF_PAGES: dict[str, tuple[str, tuple[str, ...]]] = {
    "overview": ("/", ("overview", "enlargement")),
    "partners": ("/partners", ("partners",)),
    "organisation": ("/organisation", ("organisation", "commands")),
    "japan": ("/japan", ("japan",)),
}


def _brief_blocks(brief: Briefing) -> tuple[list[Figure], list[Table]]:
    """A briefing's figures and tables in the order the page shows them (a download's ``n=``)."""
    figures: list[Figure] = []
    tables: list[Table] = []
    for section in brief.sections:
        for block in section.blocks:
            if isinstance(block, Figure):
                figures.append(block)
            elif isinstance(block, Table):
                tables.append(block)
    return figures, tables


def _brief_page(request: Request, name: str, title: str) -> HTMLResponse:
    """A page of briefing sections, each figure and table with its download links."""
    brief = _sections(request, BRIEF_PAGES[name][1])
    figures, tables = _brief_blocks(brief)
    links: dict[int, list[tuple[str, str]]] = {}
    for n, figure in enumerate(figures, 1):
        what = "map" if svgmap.is_map(figure.spec) else "chart"
        links[id(figure)] = _downloads(request, "/sections/figure", None, what, page=name, n=n)
    for n, table in enumerate(tables, 1):
        links[id(table)] = _downloads(request, None, "/sections/table.csv", page=name, n=n)
    return _page(
        request, "sections.html", title, brief=brief, sources=brief.sources,
        block_links=lambda block: links.get(id(block), []),
    )  # fmt: skip


def _brief_block(request: Request) -> tuple[Figure | Table, str, dt.date, str, int, str]:
    """The figure or table a section download asks for (``page=``, ``n=``; the path says which kind)."""
    day, lang = _params(request)
    name = params.choice(_given(request, "page") or "", "page", BRIEF_PAGES)
    n = params.whole(_given(request, "n") or "", "n", 1, 999)
    figures, tables = _brief_blocks(_briefing(_atlas(request), day, lang, BRIEF_PAGES[name][1]))
    kind = "table" if request.url.path.endswith(".csv") else "figure"
    found: list[Figure] | list[Table] = tables if kind == "table" else figures
    if n > len(found):
        raise ParameterError(404, "n", f"the {name} page has {len(found)} {kind}s on {day.isoformat()}")
    return found[n - 1], name, day, lang, n, kind


@router.get("/sections/figure.svg")
@router.get("/sections/figure.png")
def section_figure(request: Request) -> Response:
    """A figure (chart or map) of a page of briefing sections as a file, whole (the page's map
    borrows its shapes from /maps/…; the file holds its own)."""
    chosen = _format(request)
    figure, name, day, lang, n, _ = _brief_block(request)
    assert isinstance(figure, Figure)
    return _file(
        charts.render(figure.spec, chosen), chosen, f"nato-{name}-figure-{n}-{day.isoformat()}-{lang}"
    )


@router.get("/sections/table.csv")
def section_table(request: Request) -> Response:
    """A table of a page of briefing sections, as the page shows it (in its language)."""
    table, name, day, lang, n, _ = _brief_block(request)
    assert isinstance(table, Table)
    return _csv(
        list(table.columns),
        [list(row) for row in table.rows],
        f"nato-{name}-table-{n}-{day.isoformat()}-{lang}",
    )


@router.get("/", response_class=HTMLResponse)
def overview(request: Request) -> HTMLResponse:
    return _brief_page(request, "overview", "web.page.overview")


@router.get("/partners", response_class=HTMLResponse)
def partners_page(request: Request) -> HTMLResponse:
    """The partners section; its map is the briefing's own partners map (drawn once, not again beside it)."""
    return _brief_page(request, "partners", "web.page.partners")


@router.get("/organisation", response_class=HTMLResponse)
def organisation_page(request: Request) -> HTMLResponse:
    return _brief_page(request, "organisation", "web.page.organisation")


@router.get("/japan", response_class=HTMLResponse)
def japan_page(request: Request) -> HTMLResponse:
    return _brief_page(request, "japan", "web.title.japan")


@router.get("/operations", response_class=HTMLResponse)
def operations_page(request: Request) -> HTMLResponse:
    found, day, lang, status = _operations(request)
    atlas = _atlas(request)
    gantt = Markup(timeline.timeline_svg(found, day, lang, format_date(PartialDate.of(day), lang)))  # noqa: S704 - drawn from escaped text
    cited = atlas.cite(*(s for o in found for s in o.sources))
    first = None
    if not found:  # none yet on this day (or none with this status): the first day that has one
        later = [o.start.first_day for o in atlas.operations if o.start.first_day > day]
        if status != "ended" and later:
            first = min(later)
        elif status == "ended":
            ends = [o.end.first_day for o in atlas.operations if o.end and o.end.first_day > day]
            first = min(ends) if ends else None
    return _page(
        request, "operations.html", "web.title.operations",
        operations=found, gantt=gantt, status=status, sources=cited, first=first,
        downloads=_downloads(request, "/operations/chart", "/operations.csv", status=status),
    )  # fmt: skip


def _operations(request: Request) -> tuple[tuple[Any, ...], dt.date, str, str | None]:
    """The operations the page lists (and its downloads give), its day, language and status."""
    day, lang = _params(request)
    status = _given(request, "status")
    if status is not None:
        params.choice(status, "status", checks.STATUSES)
    found = tuple(entry.operation for entry in sections.operations(_atlas(request), day, status).operations)
    return found, day, lang, status


def _format(request: Request) -> str:
    """A chart download's format, from its path's extension (``…/chart.svg``, ``…/chart.png``)."""
    return params.choice(request.url.path.rsplit(".", 1)[-1], "format", checks.CHART_FORMATS)


@router.get("/operations/chart.svg")
@router.get("/operations/chart.png")
def operations_chart(request: Request) -> Response:
    """The operations timeline as a file (SVG, or PNG drawn from it), for the page's day, status and language."""
    chosen = _format(request)
    found, day, lang, status = _operations(request)
    if not found:
        raise ParameterError(404, "on", f"no operation is held by {day.isoformat()}")
    svg = timeline.timeline_svg(found, day, lang, format_date(PartialDate.of(day), lang))
    data = svg.encode("utf-8") if chosen == "svg" else charts.svg_png(svg)
    return _file(data, chosen, f"nato-operations-{status or 'all'}-{day.isoformat()}-{lang}")


@router.get("/operations.csv")
def operations_csv(request: Request) -> Response:
    """The page's table of operations, row for row, with both names and ISO dates."""
    found, day, _, status = _operations(request)
    atlas = _atlas(request)
    rows = [
        [o.id, o.name.en, o.name.ja, o.acronym or "", str(o.start),
         str(o.last_day or o.end) if o.end and o.end.first_day <= day else "",
         texts.fill_text(o.area, atlas, day, "en"), texts.fill_text(o.area, atlas, day, "ja"),
         "" if o.article5 is None else str(o.article5).lower()]
        for o in found
    ]  # fmt: skip
    header = ["id", "name_en", "name_ja", "acronym", "start", "end", "area_en", "area_ja", "article5"]
    return _csv(header, rows, f"nato-operations-{status or 'all'}-{day.isoformat()}")


#: What a download is sent as, by its format.
_TYPES = {"svg": "image/svg+xml", "png": "image/png", "csv": "text/csv; charset=utf-8"}


def _file(data: bytes, fmt: str, stem: str) -> Response:
    """A download: its type, and a name to save it by."""
    return Response(
        data, media_type=_TYPES[fmt], headers={"Content-Disposition": f'attachment; filename="{stem}.{fmt}"'}
    )


def _csv(header: list[str], rows: list[list[Any]], stem: str) -> Response:
    """A table as UTF-8 CSV with a header row."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return _file(buffer.getvalue().encode("utf-8"), "csv", stem)


def _downloads(
    request: Request, chart_path: str | None, table_path: str | None, what: str = "chart", **query: Any
) -> list[tuple[str, str]]:
    """The download links of a chart (``chart_path``: its path without the extension; SVG and PNG;
    ``what``: ``chart`` or ``map``, as the link names it) and of a table (``table_path``: the CSV's
    path), each with the page's parameters: (link, label)."""
    lang = _lang(request)
    links = []
    if chart_path is not None:
        prefix = "web.download" if what == "chart" else f"web.download.{what}"
        links += [(_url(request, f"{chart_path}.{fmt}", **query), msg(f"{prefix}.{fmt}", lang))
                  for fmt in checks.CHART_FORMATS]  # fmt: skip
    if table_path is not None:
        links.append((_url(request, table_path, **query), msg("web.download.csv", lang)))
    return links


def _spending_figures(
    request: Request, atlas: Atlas, day: dt.date, lang: str, rows: tuple[TargetRow, ...], target: float
) -> dict[str, dict[str, Any]]:
    """The spending page's charts but the series, by their ``chart=`` name, as specs."""
    chosen, shown = rows[0].release, rows[0].year
    figures: dict[str, dict[str, Any]] = {}
    if atlas.spending.figures(shown, release=chosen):
        figures["allies"] = charts.spec(charts.allies_chart(atlas, shown, target, chosen, lang))
    series = atlas.spending.newest_with("usd_million", day)
    if series is not None:
        figures["top5"] = charts.spec(charts.top5_chart(atlas, series.id, lang))
        figures["compliance"] = charts.spec(charts.compliance_chart(atlas, target, series.id, lang))
    return figures


def _subject(request: Request, atlas: Atlas, day: dt.date) -> tuple[str, tuple[tuple[str, Bi], ...]]:
    """The Ally or NATO group the series shows (``country=``; NATO Total unless told), and the choices."""
    subjects = spending_views.subjects(atlas, day)
    given = _given(request, "country")
    code = checks.DEFAULT_SUBJECT if given is None else params.subject(given, [c for c, _ in subjects])
    return code, subjects


def _series(request: Request, atlas: Atlas, day: dt.date, lang: str) -> tuple[SpendingSeries, dict[str, str]]:
    """The series the page draws (:func:`natoatlas.views.spending.series`) and its releases' labels."""
    code, _ = _subject(request, atlas, day)
    return spending_views.series(atlas, code, day), _release_labels(atlas, day, lang)


def _spending_query(request: Request, rows: tuple[TargetRow, ...], target: float) -> dict[str, Any]:
    """The spending page's own parameters, as its links and downloads carry them."""
    return {"year": rows[0].year, "target": f"{target:g}", "release": rows[0].release,
            "country": _given(request, "country")}  # fmt: skip


@router.get("/spending", response_class=HTMLResponse)
def spending_page(request: Request) -> HTMLResponse:
    day, lang = _params(request)
    atlas = _atlas(request)
    code, subjects = _subject(request, atlas, day)  # a bad country is an error page, not "no figures"
    try:
        rows, target = _spending_rows(request, atlas, day)
    except ParameterError as err:
        if err.status != 404:
            raise
        return _no_spending(request, atlas, day, err)
    chosen = rows[0].release
    shown = rows[0].year
    query = _spending_query(request, rows, target)
    figures = [(spec, _downloads(request, "/spending/chart", None, chart=name, **query))
               for name, spec in _spending_figures(request, atlas, day, lang, rows, target).items()]  # fmt: skip
    series, labels = _series(request, atlas, day, lang)
    series_chart = _series_spec(series, labels, atlas.spending.targets_on(day), lang)
    others = atlas.spending.compare(shown, target, on=day)
    releases = [r for r in atlas.spending.releases if atlas.spending.published(r) <= day]
    names = sorted(((name.get(lang), c) for c, name in subjects[len(atlas.aggregates) :]))
    pickable = [(c, name.get(lang)) for c, name in subjects[: len(atlas.aggregates)]] + [
        (c, n) for n, c in names
    ]
    return _page(
        request, "spending.html", "web.page.spending",
        rows=rows, year=shown, target=target, release=chosen, figures=figures, others=others, releases=releases,
        years=atlas.spending.years(chosen), csv_url=_url(request, "/spending.csv", **query),
        table_downloads=_downloads(request, None, "/spending.csv", **query),
        subject=code, subjects=pickable, series=series, series_chart=series_chart, release_labels=labels,
        series_downloads=_downloads(request, "/spending/chart", "/spending/series.csv", chart="series", **query),
        sources=atlas.cite(chosen, *(t for r in releases for t in r.sources)), missing=None,
    )  # fmt: skip


@router.get("/spending/chart.svg")
@router.get("/spending/chart.png")
def spending_chart(request: Request) -> Response:
    """One of the spending page's charts as a file, for the page's parameters (``chart=``: which;
    the series across releases unless told)."""
    chosen = _format(request)
    day, lang = _params(request)
    atlas = _atlas(request)
    name = params.choice(_given(request, "chart") or "series", "chart", checks.SPENDING_CHARTS)
    _subject(request, atlas, day)
    rows, target = _spending_rows(request, atlas, day)
    if name == "series":
        series, labels = _series(request, atlas, day, lang)
        spec = _series_spec(series, labels, atlas.spending.targets_on(day), lang)
        stem = f"nato-spending-{series.code}-{day.isoformat()}-{lang}"
    else:
        spec = _spending_figures(request, atlas, day, lang, rows, target).get(name)
        stem = f"nato-spending-{name}-{rows[0].year}-{rows[0].release}-{lang}"
    if spec is None:
        raise ParameterError(404, "chart", f"no figures for the {name} chart with these parameters")
    return _file(charts.render(spec, chosen), chosen, stem)


@router.get("/spending/series.csv")
def spending_series_csv(request: Request) -> Response:
    """The figures of the series chart, as its table on the page lists them."""
    day, lang = _params(request)
    atlas = _atlas(request)
    _subject(request, atlas, day)
    _spending_rows(request, atlas, day)  # the page's other parameters are checked as the page checks them
    series, _ = _series(request, atlas, day, lang)
    rows = [[series.code, series.name.en, series.name.ja, p.release, p.published, p.year, p.value,
             str(p.estimate).lower()] for p in series.points]  # fmt: skip
    header = ["code", "name_en", "name_ja", "release", "published", "year", "value", "estimate"]
    return _csv(header, rows, f"nato-spending-{series.code}-{day.isoformat()}")


def _no_spending(request: Request, atlas: Atlas, day: dt.date, err: ParameterError) -> HTMLResponse:
    """The spending page when the data has nothing for what was asked: said inside the page, with
    links to the nearest choices that have figures. The status stays 404, as the API answers
    the same question (``/api/v1/spending?on=2000-01-01``), but the page is a whole page."""
    lang = _lang(request)
    links: list[tuple[str, str]] = []
    dated = sorted(atlas.spending.releases, key=atlas.spending.published)
    if err.parameter == "on" and dated:
        first = atlas.spending.published(dated[0])
        when = format_date(PartialDate.of(first), lang)
        links.append(
            (
                _url(request, on=first.isoformat()),
                msg("web.spending.first_release", lang, when=when),
            )
        )
        newest = atlas.spending.published(dated[-1])
        newest_when = format_date(PartialDate.of(newest), lang)
        links.append(
            (_url(request, on=newest.isoformat()), msg("web.spending.newest_release", lang, when=newest_when))
        )
        message = msg("web.spending.none_by", lang, day=format_date(PartialDate.of(day), lang), when=when)
    else:
        release = _given(request, "release")
        held = [r for r in atlas.spending.releases if r.id == release] or [
            r for r in dated if atlas.spending.published(r) <= day
        ][-1:]
        years = atlas.spending.years(held[0].id) if held else ()
        asked = _given(request, "year")
        if years and asked is not None and asked.isdigit():
            nearest = min(years, key=lambda y: abs(y - int(asked)))
            links.append((_url(request, year=nearest, release=held[0].id), str(nearest)))
        links.append((_url(request), msg("web.spending.newest", lang)))
        message = msg("web.spending.none_for", lang)
    return _page(
        request, "spending.html", "web.page.spending", status_code=404,
        rows=[], figures=[], others=[], releases=[], years=[], year=None, target=2.0, release=None, csv_url=None,
        missing={"message": message, "links": links, "detail": err.message}, sources=[],
    )  # fmt: skip


def _spending_rows(request: Request, atlas: Atlas, day: dt.date) -> tuple[tuple[TargetRow, ...], float]:
    """The rows for the page's year, target and release, and the target: the API's rules and errors."""
    year, target = _given(request, "year"), _given(request, "target")
    chosen_year = None if year is None else params.whole(year, "year", *params.YEARS)
    chosen_target = 2.0 if target is None else params.target(target)
    rows = params.spending_rows(atlas, chosen_year, chosen_target, _given(request, "release"), "pct_gdp", day)
    return tuple(r for r in rows if isinstance(r, TargetRow)), chosen_target


@router.get("/spending.csv")
def spending_csv(request: Request) -> Response:
    """The page's table of the year, row for row."""
    day, _ = _params(request)
    atlas = _atlas(request)
    _subject(request, atlas, day)  # the page's parameters, checked as the page checks them
    rows, _ = _spending_rows(request, atlas, day)
    header = [
        "code",
        "name_en",
        "name_ja",
        "year",
        "value",
        "estimate",
        "target",
        "meets",
        "release",
        "published",
    ]
    table = [[r.code, r.name.en, r.name.ja, r.year, "" if r.value is None else r.value,
              r.estimate, r.target, r.meets, r.release, r.published] for r in rows]  # fmt: skip
    return _csv(header, table, f"nato-spending-{rows[0].year}-{rows[0].release}")


@router.get("/treaty", response_class=HTMLResponse)
def treaty_page(request: Request) -> HTMLResponse:
    day, lang = _params(request)
    atlas = _atlas(request)
    place = (request.query_params.get("place") or "").strip()
    kind = params.choice(_given(request, "kind") or "territory", "kind", checks.COVERS_KINDS)
    from natoatlas.rules.gazetteer import AmbiguousPlace, UnknownPlace

    answer = error = None
    choices: list[tuple[str, str, str]] = []  # (link, name, where) for each namesake or close name
    if place:
        try:
            answer = rules.covers(atlas, place, day, kind)  # type: ignore[arg-type]
        except AmbiguousPlace as err:
            error = msg("web.treaty.ambiguous", lang, name=err.name, n=len(err.candidates))
            for c in rules.candidates(atlas, err.candidates):
                nation = c.country_name.get(lang)
                # A US state is held by its English name only (Paris, Texas): shown in English.
                region = f"{c.state}, {nation}" if c.state and lang == "en" else nation
                name = c.name.get(lang)
                link = _url(request, "/treaty", place=c.place, kind=kind if kind == "forces" else None)
                choices.append((link, name, f"{region} ({c.lat:.2f}, {c.lon:.2f})"))
        except UnknownPlace as err:
            hint = msg("web.treaty.did_you_mean", lang) if err.suggestions else ""
            error = msg("web.treaty.unknown", lang, name=err.name) + hint
            for name in err.suggestions:
                link = _url(request, "/treaty", place=name, kind=kind if kind == "forces" else None)
                choices.append((link, name, ""))
        except (LookupError, ValueError) as err:
            error = str(err.args[0]) if err.args else str(err)
    articles = sections.treaty(atlas, day).articles
    world = maps.world_map(atlas, day)
    allies = tuple(sorted(a.name.get(lang) for a in answer.allies_named)) if answer else ()
    return _page(
        request, "treaty.html", "web.title.treaty",
        articles=articles, place=place, kind=kind, answer=answer, error=error, world=world,
        choices=choices, allies=allies,
        map_downloads=_downloads(request, "/treaty/map", None, "map"),
        text_downloads=_downloads(request, None, "/treaty.csv"),
        sources=atlas.cite(*(s for a in articles for s in a.sources), *(answer.sources if answer else ())),
    )  # fmt: skip


@router.get("/treaty/map.svg")
@router.get("/treaty/map.png")
def treaty_map(request: Request) -> Response:
    """The Article 5 checker's world map of the day (the Allies, and what Article 6 names itself) as a file."""
    chosen = _format(request)
    day, _ = _params(request)
    spec = charts.spec(maps.world_map(_atlas(request), day))
    return _file(charts.render(spec, chosen), chosen, f"nato-allies-world-{day.isoformat()}")


@router.get("/treaty.csv")
def treaty_csv(request: Request) -> Response:
    """The Treaty's text as the page shows it, article by article, in Japanese and English."""
    day, _ = _params(request)
    atlas = _atlas(request)
    rows = [[a.number, texts.fill_text(a.title, atlas, day, "ja") if a.title else "",
             texts.fill_text(a.text, atlas, day, "ja"), texts.fill_text(a.text, atlas, day, "en")]
            for a in sections.treaty(atlas, day).articles]  # fmt: skip
    return _csv(["article", "title_ja", "text_ja", "text_en"], rows, f"nato-treaty-{day.isoformat()}")


#: The maps whose country shapes the pages use (:func:`natoatlas.render.svgmap.href`).
MAP_NAMES = ("members", "partners", "commands", "world-110m")


@router.get("/maps/{name}.svg")
def map_shapes(name: str) -> Response:
    """A map's country shapes, the same for every day: fetched once by the browser, coloured
    by each page for its day (:mod:`natoatlas.render.svgmap`)."""
    if name not in MAP_NAMES:
        raise ParameterError(404, "name", f"no map {name!r}; maps: {', '.join(MAP_NAMES)}")
    svg = svgmap.geometry(name, maps.countries(name))
    return Response(svg, media_type="image/svg+xml", headers={"Cache-Control": "public, max-age=86400"})


def _changes(request: Request) -> tuple[tuple[Any, ...], dt.date, dt.date]:
    """The changes the page lists (and its CSV gives): from ``from=`` (a year before the day unless told) to the day."""
    day, _ = _params(request)
    start_text = _given(request, "from")
    if start_text is not None:
        start = params.day(start_text, "from")
    elif day.year == 1:
        start = dt.date.min
    elif (day.month, day.day) == (2, 29):
        start = dt.date(day.year - 1, 2, 28)
    else:  # the same day a year earlier
        start = day.replace(year=day.year - 1)
    params.span(start, day, ("from", "on"))
    return tuple(rules.changes(_atlas(request), start, day).changes), start, day


@router.get("/changes", response_class=HTMLResponse)
def changes_page(request: Request) -> HTMLResponse:
    found, start, _ = _changes(request)
    atlas = _atlas(request)
    keep: dict[str, Any] = {"from": _given(request, "from")}
    return _page(request, "changes.html", "web.page.changes", changes=found, start=start,
                 downloads=_downloads(request, None, "/changes.csv", **keep),
                 sources=atlas.cite(*(s for c in found for s in c.sources)))  # fmt: skip


@router.get("/changes.csv")
def changes_csv(request: Request) -> Response:
    """The changes page's table, row for row: both languages' texts, ISO dates and the source ids."""
    found, start, day = _changes(request)
    atlas = _atlas(request)
    rows = [[str(c.date), c.kind, texts.fill_text(c.text, atlas, day, "en"), texts.fill_text(c.text, atlas, day, "ja"),
             " ".join(c.sources)] for c in found]  # fmt: skip
    header = ["date", "kind", "text_en", "text_ja", "sources"]
    return _csv(header, rows, f"nato-changes-{start.isoformat()}-{day.isoformat()}")


def _summit_helpers(request: Request, day: dt.date, lang: str) -> dict[str, Any]:
    """How the summit pages write a summit: its name (as search names it), days and place."""
    atlas = _atlas(request)

    def dates(summit: Any) -> str:
        return span(summit.start, summit.last_day or summit.start, lang)  # no last day: a one-day meeting

    def place(summit: Any) -> str:
        city = texts.fill_text(summit.city, atlas, day, lang)
        country = atlas.countries[summit.country].name_on(summit.start.first_day).get(lang)
        return msg("web.summits.place-in", lang, city=city, country=country)

    def name(summit: Any) -> str:
        return search_views.summit_name(summit, atlas.summits).get(lang)

    return {"summit_dates": dates, "summit_place": place, "summit_name": name}


@router.get("/summits", response_class=HTMLResponse)
def summits_page(request: Request) -> HTMLResponse:
    """Every summit up to the day (the summits view, as ``natoatlas summits``), newest first."""
    day, lang = _params(request)
    atlas = _atlas(request)
    found = sections.summits(atlas, day).summits
    later = [s.start.first_day for s in atlas.summits if s.start.first_day > day]
    return _page(
        request, "summits.html", "web.title.summits", summits=found, first=min(later) if later else None,
        downloads=_downloads(request, None, "/summits.csv"), sources=atlas.cite(*(x for s in found for x in s.sources)),
        **_summit_helpers(request, day, lang),
    )  # fmt: skip


@router.get("/summits.csv")
def summits_csv(request: Request) -> Response:
    """The summits page's table, row for row, with both languages and ISO dates."""
    day, _ = _params(request)
    atlas = _atlas(request)
    found = sections.summits(atlas, day).summits
    rows = [[s.id, str(s.start), str(s.last_day or ""), s.kind, texts.fill_text(s.city, atlas, day, "en"),
             texts.fill_text(s.city, atlas, day, "ja"), s.country, len(s.decisions)] for s in reversed(found)]  # fmt: skip
    header = ["id", "start", "last_day", "kind", "city_en", "city_ja", "country", "decisions"]
    return _csv(header, rows, f"nato-summits-{day.isoformat()}")


@router.get("/summits/{summit_id}", response_class=HTMLResponse)
def summit_page(request: Request, summit_id: str) -> HTMLResponse:
    """One summit: its days, place, kind and the decisions the data records, with its sources;
    a day before it met says so, with a link to the summit's last day."""
    day, lang = _params(request)
    atlas = _atlas(request)
    record = next((s for s in atlas.summits if s.id == summit_id), None)
    if record is None:
        raise ParameterError(404, "id", f"no summit {summit_id!r}; see /summits")
    summit = next((s for s in sections.summits(atlas, day).summits if s.id == summit_id), None)
    helpers = _summit_helpers(request, day, lang)
    title = search_views.summit_name(record, atlas.summits)
    held = (record.last_day or record.start).first_day
    return _page(
        request, "summit.html", title, summit=summit, held=held,
        sources=atlas.cite(*(summit.sources if summit else ())), **helpers,
    )  # fmt: skip


@router.get("/briefing", response_class=HTMLResponse)
def briefing_page(request: Request) -> HTMLResponse:
    from natoatlas.render.briefing import SECTIONS

    return _page(request, "briefing.html", "web.page.briefing", sections=SECTIONS)


#: How long a download request waits for its briefing before answering with a page that says it
#: is being prepared (Markdown and HTML come in time; a PPTX or PDF takes seconds).
PREPARE_WAIT_S = 1.5
#: Seconds between the looks of the "being prepared" page (a meta refresh: no JavaScript needed).
REFRESH_S = 2
_BRIEFING_TYPES = {
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "pdf": "application/pdf",
    "html": "text/html; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
}


def _briefing_asked(request: Request) -> tuple[dt.date, str, tuple[str, ...], str]:
    """The day, language, sections and format a briefing download asks for, checked."""
    from natoatlas.render.briefing import chosen_sections

    day, lang = _params(request)
    fmt = _given(request, "format") or "pptx"
    params.choice(fmt, "format", _BRIEFING_TYPES)
    asked = request.query_params.getlist("section")
    if asked and not any(asked):
        raise ParameterError(422, "section", "no section chosen")
    try:
        chosen = chosen_sections(tuple(s for s in asked if s) or None)
    except ValueError as err:
        raise ParameterError(422, "section", str(err)) from None
    return day, lang, chosen, fmt


@router.get("/briefing/download")
async def briefing_download(request: Request) -> Response:
    """The briefing's file when it is ready within :data:`PREPARE_WAIT_S`; otherwise a page that
    says it is being prepared, which looks again (``/briefing/status``) until it is, then hands
    the file over. Rendering runs off the event loop, one at a time (:mod:`natoatlas.web.heavy`)."""
    from natoatlas.web import heavy

    day, lang, chosen, fmt = _briefing_asked(request)
    job = heavy.briefing_job(_atlas(request), day, lang, chosen, fmt)
    if not await job.wait(PREPARE_WAIT_S):
        return _briefing_status_page(request, job, ready=False)
    name = f"nato-briefing-{day.isoformat()}-{lang}.{fmt}"
    return Response(
        job.result(), media_type=_BRIEFING_TYPES[fmt],
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )  # fmt: skip


@router.get("/briefing/status", response_class=HTMLResponse)
def briefing_status(request: Request) -> HTMLResponse:
    """Whether the briefing asked for is ready: a page that looks again in a moment, or one that
    starts the download (and links to it). A job nobody had started is started here."""
    from natoatlas.web import heavy

    day, lang, chosen, fmt = _briefing_asked(request)
    job = heavy.briefing_job(_atlas(request), day, lang, chosen, fmt)
    if job.failed():
        job.result()  # its error, as an error page
    return _briefing_status_page(request, job, ready=job.done())


def _briefing_status_page(request: Request, job: Any, ready: bool) -> HTMLResponse:
    query = request.url.query
    response = _page(
        request, "briefing_status.html", "web.page.briefing", status_code=200 if ready else 202,
        ready=ready, file_url=f"/briefing/download?{query}", status_url=f"/briefing/status?{query}",
        seconds=int(time.monotonic() - job.started), refresh=REFRESH_S, fmt=_given(request, "format") or "pptx",
        path="/briefing",  # the date picker and the navigation lead back to the briefing's choices
    )  # fmt: skip
    response.headers["Cache-Control"] = "no-store"  # it changes as the rendering goes on
    return response


@router.get("/countries", response_class=HTMLResponse)
def countries_page(request: Request) -> HTMLResponse:
    day, _ = _params(request)
    found = member_views.countries(_atlas(request), day)
    return _page(request, "countries.html", "web.title.countries", countries=found,
                 downloads=_downloads(request, None, "/countries.csv"))  # fmt: skip


@router.get("/countries.csv")
def countries_csv(request: Request) -> Response:
    """The country index, row for row: codes, names of the day in both languages, Ally or not."""
    day, _ = _params(request)
    rows = [[c.code, c.alpha2, c.name.en, c.name.ja, str(c.member).lower()]
            for c in member_views.countries(_atlas(request), day)]  # fmt: skip
    return _csv(["code", "alpha2", "name_en", "name_ja", "ally"], rows, f"nato-countries-{day.isoformat()}")


@router.get("/country/{code}", response_class=HTMLResponse)
@router.get("/countries/{code}", response_class=HTMLResponse)
def country_page(request: Request, code: str) -> HTMLResponse:
    day, _ = _params(request)
    atlas = _atlas(request)
    country = params.country(atlas, code)
    data = member_views.country(atlas, country, day)
    partnerships = atlas.partnerships_of(country.id)
    places = [p for p in atlas.places if p.country == country.id]
    steps = atlas.accession_history(country.id)
    requests = [e for e in atlas.timeline("article-4") if country.id in e.countries]
    try:
        release = atlas.spending.release(on=day)
        series = atlas.spending.series(country.id, "pct_gdp", release.id)
    except LookupError:
        release, series = None, ()
    targets = atlas.spending.targets_on(day)
    chart = _country_chart(atlas, country.id, day, _lang(request), targets)
    base = f"/country/{country.id}"
    downloads = {
        "chart": _downloads(request, f"{base}/chart", f"{base}/spending-series.csv"),
        "steps": _downloads(request, None, f"{base}/accession.csv"),
        "series": _downloads(request, None, f"{base}/spending.csv"),
    }
    cited = (
        [s.id for s in data.sources]
        + [s for p in partnerships for s in p.sources]
        + [s for p in places for s in p.sources]
    )
    return _page(
        request, "country.html", data.name,
        country=country, data=data, partnerships=partnerships, places=places, steps=steps, requests=requests,
        release=release, series=series, targets=targets, sources=atlas.cite(*cited), chart=chart,
        downloads=downloads, lines=_target_lines(targets),
    )  # fmt: skip


def _country_of(request: Request, code: str) -> Country:
    return params.country(_atlas(request), code)


@router.get("/country/{code}/chart.svg")
@router.get("/country/{code}/chart.png")
def country_chart(request: Request, code: str) -> Response:
    """The country page's chart (share of GDP in every release by the day) as a file."""
    chosen = _format(request)
    day, lang = _params(request)
    atlas = _atlas(request)
    country = _country_of(request, code)
    spec = _series_spec(
        spending_views.series(atlas, country.id, day), _release_labels(atlas, day, lang),
        atlas.spending.targets_on(day), lang,
    )  # fmt: skip
    if spec is None:
        raise ParameterError(404, "on", f"no spending figures for {country.id} by {day.isoformat()}")
    return _file(charts.render(spec, chosen), chosen, f"nato-spending-{country.id}-{day.isoformat()}-{lang}")


@router.get("/country/{code}/spending-series.csv")
def country_series_csv(request: Request, code: str) -> Response:
    """The figures of the country page's chart: every release published by the day."""
    day, _ = _params(request)
    country = _country_of(request, code)
    series = spending_views.series(_atlas(request), country.id, day)
    rows = [
        [series.code, p.release, p.published, p.year, p.value, str(p.estimate).lower()] for p in series.points
    ]
    header = ["code", "release", "published", "year", "value", "estimate"]
    return _csv(header, rows, f"nato-spending-{country.id}-{day.isoformat()}")


@router.get("/country/{code}/spending.csv")
def country_spending_csv(request: Request, code: str) -> Response:
    """The country page's table of the newest release by the day, with the targets of the day met or not."""
    day, _ = _params(request)
    atlas = _atlas(request)
    country = _country_of(request, code)
    try:
        release = atlas.spending.release(on=day)
        series = atlas.spending.series(country.id, "pct_gdp", release.id)
    except LookupError:
        raise ParameterError(404, "on", f"no spending release by {day.isoformat()}") from None
    lines = _target_lines(atlas.spending.targets_on(day))
    rows = [[country.id, f.year, f.value, str(f.estimate).lower(), release.id,
             *(str(f.value >= v).lower() for v in lines)] for f in series]  # fmt: skip
    header = ["code", "year", "pct_gdp", "estimate", "release", *(f"meets_{v:g}" for v in lines)]
    return _csv(header, rows, f"nato-spending-{country.id}-{release.id}")


@router.get("/country/{code}/accession.csv")
def country_accession_csv(request: Request, code: str) -> Response:
    """The country page's accession steps, row for row."""
    day, _ = _params(request)
    atlas = _atlas(request)
    country = _country_of(request, code)
    rows = [[str(s.date), s.step, s.by or "", texts.fill_text(s.text, atlas, day, "en"),
             texts.fill_text(s.text, atlas, day, "ja")] for s in atlas.accession_history(country.id)]  # fmt: skip
    return _csv(["date", "step", "by", "text_en", "text_ja"], rows, f"nato-accession-{country.id}")


def _release_labels(atlas: Atlas, day: dt.date, lang: str) -> dict[str, str]:
    """Every release published by ``day``, oldest first, by its label (two of one kind on one day told apart)."""
    labels: dict[str, str] = {}
    for release in atlas.spending.releases:
        if atlas.spending.published(release) <= day:
            text = _release_label(atlas, release, lang)
            while text in labels.values():
                text += "*"
            labels[release.id] = text
    return labels


def _target_lines(targets: Iterable[Target]) -> tuple[float, ...]:
    """The share-of-GDP targets of a day, as the country page's chart and table draw them."""
    return tuple(sorted({t.value for t in targets if t.measure == "pct_gdp"}))


def _series_spec(
    series: SpendingSeries, labels: dict[str, str], targets: Any, lang: str
) -> dict[str, Any] | None:
    """The line chart of a series across releases, with the share-of-GDP targets of its day (None: no figure)."""
    lines = _target_lines(targets)
    spec = charts.country_chart(series, labels, lines, lang)
    return None if spec is None else charts.spec(spec)


def _country_chart(atlas: Atlas, code: str, day: dt.date, lang: str, targets: Any) -> Markup | None:
    """The country's share of GDP in every release published by ``day``, as inline SVG (None: no figure)."""
    spec = _series_spec(
        spending_views.series(atlas, code, day), _release_labels(atlas, day, lang), targets, lang
    )
    return None if spec is None else _svg(spec)


@router.get("/search", response_class=HTMLResponse)
def search_page(request: Request) -> HTMLResponse:
    """Find anything by name: the box in every page's layout sends its query here (a plain GET)."""
    day, lang = _params(request)
    query = (request.query_params.get("q") or "").strip()
    found = search_views.search(_atlas(request), day, query, lang) if query else None
    names = [name.get(lang) for name in (found.suggestions if found else ())]
    suggestions = [(_url(request, "/search", q=name), name) for name in names]
    return _page(
        request, "search.html", "web.title.search",
        found=found, query=query, suggestions=suggestions, kind_labels=search_views.KIND_LABELS,
    )  # fmt: skip
