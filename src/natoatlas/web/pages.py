"""The dashboard's pages: server-rendered, in Japanese or English, for the date in the URL.

State lives in the query string (``?on=2019-12-31&lang=en``) so any view can be shared. Pages
render the same briefing blocks as the writers, plus what a page needs of its own (the spending
table, the operations timeline, the Article 5 checker). They work without JavaScript.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import html
import io
import json
import threading
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from natoatlas import charts, maps, payloads, texts
from natoatlas.atlas import Atlas
from natoatlas.briefing import SECTIONS, Briefing, Figure, build
from natoatlas.briefing.blocks import KIND_LABELS
from natoatlas.dates import PartialDate, format_date
from natoatlas.model import Text
from natoatlas.web import params
from natoatlas.web.params import ParameterError

__all__ = ["render_error", "router"]

router = APIRouter(include_in_schema=False)
_ENV = Environment(loader=PackageLoader("natoatlas", "templates"), autoescape=select_autoescape(["html"]))
_LOCK = threading.Lock()
_BRIEFS: dict[tuple[int, str, str, tuple[str, ...]], Briefing] = {}
_SVGS: dict[str, Markup] = {}

PAGES = [
    ("/", "概要", "Overview"),
    ("/spending", "国防費", "Defence expenditure"),
    ("/partners", "パートナー", "Partners"),
    ("/organisation", "機構・司令部", "Structure and commands"),
    ("/operations", "作戦・任務", "Operations"),
    ("/japan", "日NATO関係", "Japan–NATO"),
    ("/treaty", "条約・第5条", "Treaty and Article 5"),
    ("/changes", "変化", "What changed"),
    ("/briefing", "ブリーフィング", "Briefing"),
]


#: The briefing sections whose data each page shows: its "data as of" line is theirs.
PAGE_SECTIONS: dict[str, tuple[str, ...]] = {
    "/": ("overview", "enlargement"),
    "/spending": ("spending",),
    "/partners": ("partners",),
    "/organisation": ("organisation", "commands"),
    "/operations": ("operations",),
    "/japan": ("japan",),
    "/treaty": ("treaty",),
    "/changes": SECTIONS,
    "/briefing": SECTIONS,
    "/countries": ("overview",),
    "/country": ("overview", "enlargement"),
}


def _page_sections(path: str) -> tuple[str, ...]:
    return PAGE_SECTIONS.get(path) or PAGE_SECTIONS.get("/" + path.strip("/").split("/")[0]) or SECTIONS


def _atlas(request: Request) -> Atlas:
    atlas: Atlas = request.app.state.atlas
    return atlas


def _given(request: Request, name: str) -> str | None:
    """A query parameter, or None when absent or empty: a form sends its empty fields as ``name=``."""
    return request.query_params.get(name) or None


def _params(request: Request) -> tuple[dt.date, str]:
    """The page's day and language, checked by the rules the API uses (:mod:`natoatlas.web.params`)."""
    lang = params.choice(_given(request, "lang") or "ja", "lang", ("ja", "en"))
    on, year = _given(request, "on"), _given(request, "year_slider")
    today = dt.date.today()
    day = params.day(on) if on else today
    if year is not None:
        chosen = params.whole(year, "year_slider", 1949, today.year)
        if on is None:  # the slider moves the day to the end of its year (today for this year)
            day = dt.date(chosen, 12, 31) if chosen < today.year else today
    return day, lang


def _url(request: Request, path: str | None = None, **changes: Any) -> str:
    query = {k: v for k, v in request.query_params.items() if k in ("on", "lang")}
    query.update({k: v for k, v in changes.items() if v is not None})
    target = path if path is not None else request.url.path
    return f"{target}?{urlencode(query)}" if query else target


def _briefing(atlas: Atlas, day: dt.date, lang: str, sections: tuple[str, ...]) -> Briefing:
    key = (id(atlas), day.isoformat(), lang, sections)
    with _LOCK:
        found = _BRIEFS.get(key)
    if found is None:
        found = build(atlas, on=day, lang=lang, sections=sections)
        with _LOCK:
            if len(_BRIEFS) > 256:
                _BRIEFS.clear()
            _BRIEFS[key] = found
    return found


def _svg(figure: Figure | dict[str, Any]) -> Markup:
    """A figure as inline SVG (drawn once per figure, then kept)."""
    spec = figure.spec if isinstance(figure, Figure) else figure
    key = hashlib.sha256(json.dumps(spec, sort_keys=True, default=str).encode()).hexdigest()
    with _LOCK:
        found = _SVGS.get(key)
    if found is None:
        svg = charts.render(spec, "svg").decode("utf-8")
        found = Markup(svg[svg.index("<svg") :])  # noqa: S704 - vl-convert's own SVG output
        with _LOCK:
            if len(_SVGS) > 512:
                _SVGS.clear()
            _SVGS[key] = found
    return found


def _page(request: Request, template: str, title: tuple[str, str], **context: Any) -> HTMLResponse:
    day, lang = _params(request)
    today = dt.date.today()
    atlas = _atlas(request)

    def tx(text: Text | None, in_lang: str | None = None) -> str:
        """A data text filled for the page's day (in the page's language unless told)."""
        return texts.fill_text(text, atlas, day, in_lang or lang)

    ctx = {
        "request": request,
        "lang": lang,
        "on": day,
        "on_text": format_date(PartialDate.of(day), lang),
        "title": title[0] if lang == "ja" else title[1],
        "pages": [(path, ja if lang == "ja" else en, _url(request, path)) for path, ja, en in PAGES],
        "path": request.url.path,
        "url": lambda path=None, **changes: _url(request, path, **changes),
        "other_lang": _url(request, lang="en" if lang == "ja" else "ja"),
        "year_max": today.year,
        "svg": _svg,
        "t": lambda ja, en: ja if lang == "ja" else en,
        "tx": tx,
        "kind_label": lambda kind: KIND_LABELS[lang][kind],
        "cite_ids": lambda ids: payloads.source_ids(atlas, ids),
        "data_as_of": payloads.data_as_of_line(atlas, _page_sections(request.url.path), lang),
        **context,
    }
    sources = context.get("sources") or []
    ctx["sources"] = sources
    return HTMLResponse(_ENV.get_template(f"web/{template}").render(**ctx))


def render_error(request: Request, status: int, message: str) -> HTMLResponse:
    lang = request.query_params.get("lang", "ja")
    lang = lang if lang in ("ja", "en") else "ja"
    page = _ENV.get_template("web/error.html").render(
        request=request, lang=lang, status=status, message=message, title=f"{status}", pages=[], sources=[],
        url=lambda path=None, **changes: path or "/", other_lang="/", on=dt.date.today(), on_text="", year_max=dt.date.today().year,
        path=request.url.path, t=lambda ja, en: ja if lang == "ja" else en,
    )  # fmt: skip
    return HTMLResponse(page, status_code=status)


def _sections(request: Request, sections: tuple[str, ...]) -> Briefing:
    day, lang = _params(request)
    return _briefing(_atlas(request), day, lang, sections)


@router.get("/", response_class=HTMLResponse)
def overview(request: Request) -> HTMLResponse:
    brief = _sections(request, ("overview", "enlargement"))
    return _page(request, "sections.html", ("概要", "Overview"), brief=brief, sources=brief.sources)


@router.get("/partners", response_class=HTMLResponse)
def partners_page(request: Request) -> HTMLResponse:
    day, lang = _params(request)
    brief = _sections(request, ("partners",))
    extra = charts.spec(maps.members_map(_atlas(request), day, lang, partners=True))
    return _page(
        request,
        "sections.html",
        ("パートナー", "Partners"),
        brief=brief,
        sources=brief.sources,
        extra=[extra],
    )


@router.get("/organisation", response_class=HTMLResponse)
def organisation_page(request: Request) -> HTMLResponse:
    brief = _sections(request, ("organisation", "commands"))
    return _page(
        request,
        "sections.html",
        ("機構・司令部", "Structure and commands"),
        brief=brief,
        sources=brief.sources,
    )


@router.get("/japan", response_class=HTMLResponse)
def japan_page(request: Request) -> HTMLResponse:
    brief = _sections(request, ("japan",))
    return _page(
        request, "sections.html", ("日NATO関係", "Japan–NATO relations"), brief=brief, sources=brief.sources
    )


@router.get("/operations", response_class=HTMLResponse)
def operations_page(request: Request) -> HTMLResponse:
    day, lang = _params(request)
    status = _given(request, "status")
    if status is not None:
        params.choice(status, "status", ("ongoing", "ended"))
    atlas = _atlas(request)
    found = atlas.operations_on(day, status)
    gantt = _gantt(found, day, lang)
    cited = atlas.cite(*(s for o in found for s in o.sources))
    return _page(
        request, "operations.html", ("作戦・任務", "Operations and missions"),
        operations=found, gantt=gantt, status=status, sources=cited,
    )  # fmt: skip


def _gantt(operations: Any, day: dt.date, lang: str) -> Markup:
    """Operations as bars on a time axis: a server-drawn SVG, no script needed."""
    if not operations:
        return Markup("")
    start = min(o.start.first_day for o in operations)
    first, last = start.year, day.year + 1
    width, row, left = 900, 22, 290
    scale = (width - left - 10) / (last - first)
    height = row * len(operations) + 40
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="gantt" viewBox="0 0 {width} {height}" role="img" aria-label="timeline">'
    ]
    for year in range(first, last + 1, max(1, (last - first) // 12)):
        x = left + (year - first) * scale
        parts.append(f'<line x1="{x:.1f}" y1="20" x2="{x:.1f}" y2="{height}" stroke="#d5dbe1"/>')
        parts.append(f'<text x="{x:.1f}" y="14" font-size="11" text-anchor="middle">{year}</text>')
    for i, op in enumerate(operations):
        y = 28 + i * row
        begin = op.start.first_day
        end = op.end.first_day if op.end and op.end.first_day <= day else day
        x0 = left + (begin.year - first + begin.timetuple().tm_yday / 366) * scale
        x1 = left + (end.year - first + end.timetuple().tm_yday / 366) * scale
        colour = "#1f4e9c" if op.holds_on(day) else "#a9b4c2"
        name = html.escape(op.name.get(lang))
        parts.append(f'<text x="{left - 6}" y="{y + 12}" font-size="11" text-anchor="end">{name}</text>')
        parts.append(
            f'<rect x="{x0:.1f}" y="{y}" width="{max(2.0, x1 - x0):.1f}" height="{row - 6}" fill="{colour}">'
            f"<title>{name}: {op.start} – {op.end or ''}</title></rect>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - built here from escaped text


@router.get("/spending", response_class=HTMLResponse)
def spending_page(request: Request) -> HTMLResponse:
    day, lang = _params(request)
    atlas = _atlas(request)
    rows, target = _spending_rows(request, atlas, day)
    chosen = rows[0]["release"]
    shown = rows[0]["year"]
    figures = []
    if atlas.spending.figures(shown, release=chosen):
        figures.append(charts.spec(charts.allies_chart(atlas, shown, target, chosen, lang)))
    series = atlas.spending.newest_with("usd_million", day)
    if series is not None:
        figures.append(charts.spec(charts.top5_chart(atlas, series.id, lang)))
        figures.append(charts.spec(charts.compliance_chart(atlas, target, series.id, lang)))
    others = atlas.spending.compare(shown, target, on=day)
    releases = [r for r in atlas.spending.releases if atlas.spending.published(r) <= day]
    return _page(
        request, "spending.html", ("国防費", "Defence expenditure"),
        rows=rows, year=shown, target=target, release=chosen, figures=figures, others=others, releases=releases,
        years=atlas.spending.years(chosen), csv_url=_url(request, "/spending.csv", year=shown, target=target, release=chosen),
        sources=atlas.cite(chosen, *(t for r in releases for t in r.sources)),
    )  # fmt: skip


def _spending_rows(request: Request, atlas: Atlas, day: dt.date) -> tuple[list[dict[str, Any]], float]:
    """The rows for the page's year, target and release, and the target: the API's rules and errors."""
    year, target = _given(request, "year"), _given(request, "target")
    chosen_year = None if year is None else params.whole(year, "year", *params.YEARS)
    chosen_target = 2.0 if target is None else params.target(target)
    rows = params.spending_rows(atlas, chosen_year, chosen_target, _given(request, "release"), "pct_gdp", day)
    return rows, chosen_target


@router.get("/spending.csv")
def spending_csv(request: Request) -> Response:
    day, _ = _params(request)
    rows, _ = _spending_rows(request, _atlas(request), day)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(
        ["code", "name_en", "name_ja", "year", "value", "estimate", "target", "meets", "release", "published"]
    )
    for r in rows:
        writer.writerow([r["code"], r["name"]["en"], r["name"]["ja"], r["year"], "" if r["value"] is None else r["value"],
                         r["estimate"], r["target"], r["meets"], r["release"], r["published"]])  # fmt: skip
    name = f"nato-spending-{rows[0]['year']}-{rows[0]['release']}.csv"
    return Response(
        buffer.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.get("/treaty", response_class=HTMLResponse)
def treaty_page(request: Request) -> HTMLResponse:
    day, lang = _params(request)
    atlas = _atlas(request)
    place = (request.query_params.get("place") or "").strip()
    kind = params.choice(_given(request, "kind") or "territory", "kind", ("territory", "forces"))
    from natoatlas.gazetteer import AmbiguousPlace, UnknownPlace

    answer = error = None
    choices: list[tuple[str, str, str]] = []  # (link, name, where) for each namesake or close name
    if place:
        try:
            answer = atlas.treaty.covers(place, on=day, kind=kind)  # type: ignore[arg-type]
        except AmbiguousPlace as err:
            error = (f"「{err.name}」という場所は{len(err.candidates)}か所あります。どれかを選んでください。" if lang == "ja"
                     else f"{len(err.candidates)} places are called {err.name!r}: choose one.")  # fmt: skip
            for c in err.candidates:
                country = atlas.get_country(c.country)
                nation = (
                    (country.current_name.ja if lang == "ja" else country.current_name.en)
                    if country
                    else c.country_name
                )
                region = f"{c.state}, {nation}" if c.state and lang != "ja" else nation
                name = c.ja if lang == "ja" and c.ja else c.name
                link = _url(request, "/treaty", place=c.label, kind=kind if kind == "forces" else None)
                choices.append((link, name, f"{region} ({c.lat:.2f}, {c.lon:.2f})"))
        except UnknownPlace as err:
            hint = (
                (" 次の場所ではありませんか:" if lang == "ja" else " Did you mean:")
                if err.suggestions
                else ""
            )
            error = (
                f"「{err.name}」という場所は見つかりません。"
                if lang == "ja"
                else f"No place called {err.name!r} was found."
            ) + hint
            for name in err.suggestions:
                link = _url(request, "/treaty", place=name, kind=kind if kind == "forces" else None)
                choices.append((link, name, ""))
        except (LookupError, ValueError) as err:
            error = str(err.args[0]) if err.args else str(err)
    articles = atlas.treaty(day)
    world = charts.spec(_clickable_world(atlas, day, lang))
    allies = atlas.treaty.ally_names(answer, lang) if answer else ()
    return _page(
        request, "treaty.html", ("条約・第5条", "The Treaty and Article 5"),
        articles=articles, place=place, kind=kind, answer=answer, error=error, world=world,
        choices=choices, allies=allies,
        sources=atlas.cite(*(s for a in articles for s in a.sources), *(answer.sources if answer else ())),
    )  # fmt: skip


def _clickable_world(atlas: Atlas, day: dt.date, lang: str) -> Any:
    """An equirectangular world map, so that a click's x and y map linearly to longitude and latitude."""

    chart = (
        maps.shapes("110m", maps.ally_groups(atlas, day), ["ally"], [maps.BLUE, maps.LIGHT])
        .project(type="equirectangular", scale=720 / (2 * 3.141592653589793), translate=[360, 180])
        .properties(width=720, height=360, padding=0, autosize="none")
        .configure_view(stroke=None)
    )
    return chart


@router.get("/changes", response_class=HTMLResponse)
def changes_page(request: Request) -> HTMLResponse:
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
    atlas = _atlas(request)
    found = atlas.diff(start, day)
    return _page(request, "changes.html", ("変化", "What changed"), changes=found, start=start,
                 sources=atlas.cite(*(s for c in found for s in c.sources)))  # fmt: skip


@router.get("/briefing", response_class=HTMLResponse)
def briefing_page(request: Request) -> HTMLResponse:
    from natoatlas.briefing import SECTIONS

    return _page(request, "briefing.html", ("ブリーフィング", "Briefing"), sections=SECTIONS)


@router.get("/briefing/download")
async def briefing_download(request: Request) -> Response:
    from natoatlas.briefing import chosen_sections
    from natoatlas.web import heavy

    day, lang = _params(request)
    fmt = _given(request, "format") or "pptx"
    types = {
        "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "pdf": "application/pdf",
        "html": "text/html; charset=utf-8",
        "md": "text/markdown; charset=utf-8",
    }
    params.choice(fmt, "format", types)
    asked = request.query_params.getlist("section")
    if asked and not any(asked):
        raise ParameterError(422, "section", "no section chosen")
    try:
        chosen = chosen_sections(tuple(s for s in asked if s) or None)
    except ValueError as err:
        raise ParameterError(422, "section", str(err)) from None
    data = await heavy.briefing(_atlas(request), day, lang, chosen, fmt)  # off the event loop, bounded
    name = f"nato-briefing-{day.isoformat()}-{lang}.{fmt}"
    return Response(
        data, media_type=types[fmt], headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )


@router.get("/countries", response_class=HTMLResponse)
def countries_page(request: Request) -> HTMLResponse:
    day, _ = _params(request)
    atlas = _atlas(request)
    found = sorted(atlas.countries.values(), key=lambda c: c.id)
    members = {m.code for m in atlas.members(on=day)}
    return _page(request, "countries.html", ("国・地域", "Countries"), countries=found, members=members)


@router.get("/country/{code}", response_class=HTMLResponse)
def country_page(request: Request, code: str) -> HTMLResponse:
    day, _ = _params(request)
    atlas = _atlas(request)
    try:
        country = atlas.country(code)
    except LookupError as err:
        raise ParameterError(404, "code", str(err.args[0])) from None
    data = payloads.country(atlas, country, day)
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
    cited = (
        [s["id"] for s in data["sources"]]
        + [s for p in partnerships for s in p.sources]
        + [s for p in places for s in p.sources]
    )
    return _page(
        request, "country.html", (data["name"]["ja"], data["name"]["en"]),
        country=country, data=data, partnerships=partnerships, places=places, steps=steps, requests=requests,
        release=release, series=series, targets=targets, sources=atlas.cite(*cited),
    )  # fmt: skip
