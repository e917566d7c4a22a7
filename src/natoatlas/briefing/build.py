"""Building the briefing for a date and language: the reference's ten sections, from the Atlas.

Every section shows what was true on ``on``: the Allies, offices, partners, commands and
battlegroup leads, the Strategic Concept in force, the defence expenditure release published by
then, operations started by then, and Japan–NATO events up to then. The wording follows the
reference briefing (加盟国, 首脳会合, 国防費対GDP比 …).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from natoatlas import charts, maps, texts
from natoatlas.atlas import Atlas, DateLike, as_day
from natoatlas.briefing.blocks import (
    Block,
    Briefing,
    Bullets,
    Facts,
    Figure,
    Heading,
    Paragraph,
    Section,
    Table,
)
from natoatlas.dates import PartialDate, format_date, format_en, format_ja
from natoatlas.model import Text
from natoatlas.overview import headquarters_text, secretary_general_text
from natoatlas.payloads import data_as_of_line

__all__ = ["SECTIONS", "build", "chosen_sections"]

B = "mofa-briefing-2025-05"
SECTIONS = (
    "overview",
    "treaty",
    "enlargement",
    "partners",
    "organisation",
    "commands",
    "concept",
    "spending",
    "operations",
    "japan",
)
TITLES = {
    "overview": ("1. 北大西洋条約機構の概要", "1. The North Atlantic Treaty Organization: overview"),
    "treaty": ("2. 北大西洋条約の概要", "2. The North Atlantic Treaty"),
    "enlargement": ("3. NATOの拡大", "3. NATO enlargement"),
    "partners": ("4. NATOと域外国との関係", "4. NATO and its partners"),
    "organisation": ("5. NATO機構図", "5. NATO's structure"),
    "commands": ("6. 主なNATO司令部及び前方展開部隊の配置", "6. Main NATO commands and forward presence"),
    "concept": ("7. NATOの「戦略概念」", "7. NATO's Strategic Concept"),
    "spending": ("8. NATOの国防費", "8. NATO defence expenditure"),
    "operations": ("9. NATOの主要な任務・作戦", "9. NATO's main operations and missions"),
    "japan": ("10. 日NATO関係", "10. Japan–NATO relations"),
    "changes": ("前回からの変化", "What changed"),
}


class _Ctx:
    """What every section builder needs: the Atlas, the day, the language, the sources used."""

    def __init__(self, atlas: Atlas, day: dt.date, lang: str) -> None:
        self.atlas, self.day, self.lang = atlas, day, lang
        self.cited: list[str] = []

    def ja(self) -> bool:
        return self.lang == "ja"

    def l(self, ja: str, en: str) -> str:  # noqa: E743 - "label", read at every call site
        return ja if self.ja() else en

    def t(self, text: Text | None) -> str:
        """A data text in the briefing's language, its placeholders filled for the day."""
        return texts.fill_text(text, self.atlas, self.day, self.lang)

    def count(self, n: int, one: str, many: str) -> str:
        """A count in English with its noun in the right number: 1 partner, 2 partners."""
        return f"{n} {one if n == 1 else many}"

    def cite(self, *ids: Iterable[str] | str) -> None:
        for item in ids:
            self.cited.extend([item] if isinstance(item, str) else item)

    def date(self, value: PartialDate | None) -> str:
        return format_date(value, self.lang)

    def name(self, code: str, short: bool = False) -> str:
        return str(self.atlas.countries[code].name_on(self.day).get(self.lang, short=short))

    def join(self, items: Iterable[str]) -> str:
        return ("、" if self.ja() else ", ").join(items)

    def sources(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(s for s in self.cited if s in self.atlas.sources))


def chosen_sections(names: Iterable[str] | None) -> tuple[str, ...]:
    """The sections asked for (all when None); ``ValueError`` names the first unknown one."""
    chosen = tuple(names) if names is not None else SECTIONS
    unknown = [s for s in chosen if s not in SECTIONS]
    if unknown:
        raise ValueError(f"unknown section {unknown[0]!r}; sections: {', '.join(SECTIONS)}")
    return chosen


def build(
    atlas: Atlas,
    on: DateLike = None,
    lang: str = "ja",
    sections: Iterable[str] | None = None,
    since: DateLike | None = None,
) -> Briefing:
    """The briefing as of ``on`` in ``lang`` (``ja`` or ``en``); ``since`` adds a "what changed" section.

    >>> import natoatlas
    >>> from natoatlas.briefing import build
    >>> brief = build(natoatlas.load(), on="2019-12-31", lang="en", sections=["overview"])
    >>> brief.date_line
    'December 2019'
    """
    if lang not in ("ja", "en"):
        raise ValueError(f"lang must be 'ja' or 'en', not {lang!r}")
    day = as_day(on)
    chosen = chosen_sections(sections)
    builders: dict[str, Callable[[_Ctx], list[Block]]] = {
        "overview": _overview,
        "treaty": _treaty,
        "enlargement": _enlargement,
        "partners": _partners,
        "organisation": _organisation,
        "commands": _commands,
        "concept": _concept,
        "spending": _spending,
        "operations": _operations,
        "japan": _japan,
    }
    built = []
    if since is not None:
        built.append(_section(atlas, day, lang, "changes", lambda ctx: _changes(ctx, as_day(since))))
    built += [_section(atlas, day, lang, key, builders[key]) for key in SECTIONS if key in chosen]
    month = PartialDate(day.year, day.month)
    return Briefing(
        on=day,
        lang=lang,
        title="北大西洋条約機構 (NATO) について"
        if lang == "ja"
        else "The North Atlantic Treaty Organization (NATO)",
        date_line=format_ja(month, style="era") if lang == "ja" else format_en(month),
        publisher="NATO Atlas(出典は各スライドのノートに記載)"
        if lang == "ja"
        else "NATO Atlas (sources in each slide's notes)",
        sections=tuple(built),
    )


def _section(atlas: Atlas, day: dt.date, lang: str, key: str, make: Callable[[_Ctx], list[Block]]) -> Section:
    ctx = _Ctx(atlas, day, lang)
    blocks = make(ctx)
    title = TITLES[key][0 if lang == "ja" else 1]
    sections = SECTIONS if key == "changes" else (key,)
    return Section(
        key, title, tuple(blocks), atlas.cite(*ctx.sources()), data_as_of_line(atlas, sections, lang)
    )


# -- 1. overview ----------------------------------------------------------------------------


def _overview(ctx: _Ctx) -> list[Block]:
    atlas, day = ctx.atlas, ctx.day
    members = atlas.members(on=day)
    if not members:
        ctx.cite(atlas.memberships[0].sources)
        return [
            Paragraph(
                ctx.l(
                    f"{ctx.date(atlas.founded)}の北大西洋条約署名以前であり、NATOは存在しない。",
                    f"NATO did not exist before the North Atlantic Treaty was signed on {ctx.date(atlas.founded)}.",
                )
            )
        ]
    points = [
        ctx.l(
            "我が国と基本的価値を共有する欧米諸国をメンバーとする集団防衛組織",
            "A collective defence organisation of European and North American countries that share basic values with Japan",
        )
    ]
    ctx.cite(B)
    labels = {
        "armed-forces-personnel": ("NATO加盟国軍隊の合計", "Allies' armed forces, total"),
        "defence-expenditure": ("NATOの軍事費総額", "NATO defence expenditure, total"),
    }
    for measure, (ja, en) in labels.items():
        figure = atlas.figure(measure, on=day)
        if figure is not None:
            cited = ctx.t(figure.cited) if figure.cited else atlas.sources[figure.release].title
            points.append(
                f"{ctx.l(ja, en)} {ctx.t(figure.label)}" + ctx.l(f"(出典:{cited})", f" (source: {cited})")
            )
            ctx.cite(figure.sources)
    ongoing = atlas.operations_on(day, "ongoing")
    if ongoing:
        names = ctx.join(ctx.t(o.name) for o in ongoing[:6])
        points.append(
            ctx.l(f"実施中の作戦・任務:{names}等", f"Ongoing operations and missions include {names}")
        )
        ctx.cite(*(o.sources for o in ongoing[:6]))
    for summit in atlas.summits_until(day):
        for decision in summit.decisions:
            if "中国" in decision.ja and "初" in decision.ja:
                month = ctx.date(PartialDate(summit.start.year, summit.start.month))
                points.append(
                    ctx.l(f"{month}の首脳会合で{ctx.t(decision)}", f"{month} summit: {ctx.t(decision)}")
                )
                ctx.cite(summit.sources)
    attended = [
        e
        for e in atlas.timeline("japan-nato", end=day)
        if "首脳会合出席" in e.title.ja and "総理" in e.title.ja
    ]
    if attended:
        years = ctx.join(ctx.l(f"{e.date.year}年", str(e.date.year)) for e in attended)
        points.append(
            ctx.l(
                f"日本の総理大臣のNATO首脳会合出席:{years}",
                f"Japan's Prime Minister at NATO summits: {years}",
            )
        )
        ctx.cite(*(e.sources for e in attended))
    centre = next((p for p in atlas.places if p.id == "ccdcoe" and p.holds_on(day)), None)
    if centre is not None:
        points.append(
            ctx.l(
                f"{ctx.t(centre.name)}({ctx.name(centre.country)}):CyCon(年次国際会議)",
                f"{ctx.t(centre.name)} ({ctx.name(centre.country)}): CyCon, its annual conference",
            )
        )
        ctx.cite(centre.sources)
    founders = [m for m in atlas.memberships if m.founder]
    facts = [(ctx.l("加盟国", "Allies"), ctx.l(f"{len(members)}か国", str(len(members))))]
    facts.append(
        (
            ctx.l("設立年", "Founded"),
            ctx.l(
                f"{atlas.founded.year}年(原加盟国{len(founders)}か国)",
                f"{atlas.founded.year} ({len(founders)} founding members)",
            ),
        )
    )
    hq = atlas.headquarters(on=day)
    if hq is not None:
        facts.append(
            (
                ctx.l("本部", "Headquarters"),
                headquarters_text(atlas, hq, day, ctx.lang),
            )
        )
        ctx.cite(hq.sources)
    sg = atlas.secretary_general(on=day)
    if sg is not None:
        facts.append((ctx.l("事務総長", "Secretary General"), secretary_general_text(sg, ctx.lang)))
        ctx.cite(sg.sources)
    ctx.cite(*(m.membership.sources for m in members[-3:]))
    spec = charts.spec(maps.members_map(atlas, day, ctx.lang))
    title = ctx.l(f"北大西洋条約機構加盟国({len(members)}か国)", f"NATO Allies ({len(members)})")
    return [
        Bullets(tuple(points)),
        Facts(tuple(facts)),
        Figure("map", title, ctx.join(ctx.name(m.code) for m in members), spec),
    ]


# -- 2. the treaty ----------------------------------------------------------------------------


def _treaty(ctx: _Ctx) -> list[Block]:
    atlas = ctx.atlas
    if ctx.day < atlas.founded.first_day:
        return [Paragraph(ctx.l("条約署名前。", "Before the Treaty was signed."))]
    rows = []
    for number in (0, 4, 5, 10, 11):
        article = atlas.article(number, ctx.day)
        heading = ctx.t(article.title) if article.title else ctx.l(f"第{number}条", f"Article {number}")
        if not ctx.ja() and number:
            heading = f"Article {number} ({ctx.t(article.title)})" if article.title else f"Article {number}"
        text = article.briefing if (ctx.ja() and article.briefing) else ctx.t(article.text)
        rows.append((heading, text))
        ctx.cite(article.sources)
    note = ctx.l(
        "条文の要約は外務省資料による。他の条文は natoatlas treaty で参照できる。",
        "Official English text. The other articles: natoatlas treaty.",
    )
    return [Table((ctx.l("条項", "Article"), ctx.l("内容", "Text")), tuple(rows)), Paragraph(note)]


# -- 3. enlargement ---------------------------------------------------------------------------


def _enlargement(ctx: _Ctx) -> list[Block]:
    atlas = ctx.atlas
    rounds = atlas.enlargements(ctx.day)
    if not rounds:
        return [Paragraph(ctx.l("条約署名前。", "Before the Treaty was signed."))]
    items = []
    for r in rounds:
        names = ctx.join(c.name_on(ctx.day).get(ctx.lang, short=True) for c in r.countries)
        if r.founding:
            label = ctx.l(f"{r.date.year}年の原加盟国", f"{r.date.year}, founding members")
        else:
            label = ctx.l(
                f"{r.date.year}年{r.date.month}月加盟国",
                f"{format_en(PartialDate(r.date.year, r.date.month))}",
            )
        items.append(f"{label}:{names}" if ctx.ja() else f"{label}: {names}")
    for m in atlas.memberships:
        ctx.cite(m.sources)
        for event in m.events:
            if event.date.first_day <= ctx.day:
                items.append(f"{ctx.date(event.date)}: {ctx.t(event.text)}")
                ctx.cite(event.sources)
    total = len(atlas.members(on=ctx.day))
    count = ctx.l(f"加盟国数:{total}か国", f"Allies: {total}")
    return [Bullets(tuple(items)), Paragraph(count)]


# -- 4. partners ---------------------------------------------------------------------------------


def _partners(ctx: _Ctx) -> list[Block]:
    atlas = ctx.atlas
    blocks: list[Block] = []
    for framework in atlas.frameworks.values():
        if not framework.holds_on(ctx.day):
            continue
        partners = atlas.partners(framework.id, ctx.day)
        name = framework.name_on(ctx.day)
        count = ctx.l(f"{len(partners)}か国", ctx.count(len(partners), "partner", "partners"))
        heading = f"{name.get(ctx.lang)} {count} ({ctx.date(framework.start)}~)"
        items = [ctx.t(framework.description)] if framework.description else []
        if partners and framework.kind in ("partnership", "programme", "group"):
            names = []
            for p in partners:
                mark = ""
                if p.status is not None:
                    mark = ctx.l(
                        f"({ctx.date(p.status.start)}以降、{ctx.t(p.status.text)})",
                        f" ({ctx.t(p.status.text)} since {ctx.date(p.status.start)})",
                    )
                    ctx.cite(p.status.sources)
                names.append(p.country.name_on(ctx.day).get(ctx.lang) + mark)
                ctx.cite(p.partnership.sources)
            items.append(ctx.join(names))
        if framework.interested:
            who = ctx.join(ctx.name(c) for c in framework.interested)
            items.append(ctx.l(f"(注){who}も参加に関心。", f"(Note) {who} have shown interest in joining."))
        for note in framework.notes:
            if note.date.first_day <= ctx.day:
                items.append(f"{ctx.date(note.date)}: {ctx.t(note.text)}")
                ctx.cite(note.sources)
        ctx.cite(framework.sources)
        blocks.append(Bullets(tuple(items), title=heading))
    if not blocks:
        blocks.append(
            Paragraph(
                ctx.l(
                    "この日の時点で、NATOのパートナーシップ枠組みはまだない。",
                    "NATO had no partnership framework yet on this day.",
                )
            )
        )
    return blocks


# -- 5. organisation --------------------------------------------------------------------------------


def _organisation(ctx: _Ctx) -> list[Block]:
    blocks: list[Block] = []
    for body in ctx.atlas.organisation(ctx.day):
        items = [ctx.t(body.description)]
        if body.composition:
            items.append(ctx.t(body.composition))
        if body.chair:
            items.append(ctx.l("議長:", "Chair: ") + ctx.t(body.chair))
        chair = body.chair_on(ctx.day)
        if chair is not None:
            items.append(ctx.l("議長(この日):", "Chair on this day: ") + ctx.t(chair.name))
            ctx.cite(chair.sources)
        if body.levels:
            items.append(ctx.l("レベル:", "Levels: ") + ctx.join(ctx.t(level) for level in body.levels))
        ctx.cite(body.sources)
        blocks.append(
            Bullets(tuple(items), title=f"【{ctx.t(body.name)}】" if ctx.ja() else ctx.t(body.name))
        )
    return blocks or [Paragraph(ctx.l("機構はまだ存在しない。", "No bodies existed yet."))]


# -- 6. commands and forward presence -------------------------------------------------------------


def _commands(ctx: _Ctx) -> list[Block]:
    atlas, day = ctx.atlas, ctx.day
    numbered = maps.numbered_places(atlas, day)
    if not numbered:
        return [
            Paragraph(
                ctx.l(
                    "この日の時点で、現在の司令部・部隊はまだない。",
                    "None of today's commands and forces existed yet.",
                )
            )
        ]
    rows = []
    for number, place in numbered:
        if place.kind == "battlegroup":
            lead = place.lead_on(day)
            lead_name = ctx.name(lead.country) if lead else ""
            label = ctx.l(
                f"{ctx.name(place.country)}({lead_name}主導)",
                f"{ctx.name(place.country)} (led by {lead_name})",
            )
            if lead:
                ctx.cite(lead.sources)
        else:
            label = (
                f"{place.acronym or ctx.t(place.name)}: {ctx.t(place.city)}"
                if place.kind in ("mnd", "caoc", "daccc")
                else f"{ctx.t(place.name)}: {ctx.t(place.city)}"
            )
        kind = {"nfiu": "NFIU", "battlegroup": ctx.l("バトルグループ", "Battlegroup")}.get(
            place.kind, ctx.l("司令部", "Command")
        )
        rows.append((number, kind, label, ctx.name(place.country), ctx.date(place.start)))
        ctx.cite(place.sources)
    columns = (
        ctx.l("番号", "No."),
        ctx.l("種別", "Kind"),
        ctx.l("名称・所在地", "Name and place"),
        ctx.l("国", "Country"),
        ctx.l("開設", "Since"),
    )
    spec = charts.spec(maps.forces_map(atlas, day, ctx.lang))
    alt = ctx.join(f"{n} {ctx.t(p.city)}" for n, p in numbered)
    return [
        Table(columns, tuple(rows)),
        Figure("map", maps.FORCES_TITLE[ctx.lang], alt, spec),
    ]


# -- 7. Strategic Concept ------------------------------------------------------------------------------


def _concept(ctx: _Ctx) -> list[Block]:
    atlas = ctx.atlas
    current = atlas.concept(ctx.day)
    adopted = [c for c in atlas.concepts if c.adopted.first_day <= ctx.day]
    if current is None:
        return [
            Paragraph(
                ctx.l(
                    "この日の時点で、「戦略概念」はまだ策定されていない。",
                    "No Strategic Concept had been adopted yet.",
                )
            )
        ]
    intro = [
        ctx.l(
            "「戦略概念」(Strategic Concept)は、NATOの恒久的な目的と性質、安全保障上の基本的任務及び変化する安全保障環境の中で直面する課題と機会を示すNATOの行動指針。",
            "The Strategic Concept sets out NATO's enduring purpose and nature, its fundamental security tasks, and the challenges and opportunities it faces in a changing security environment.",
        ),
        ctx.l(
            f"1949年のNATO創設以来、これまでに{len(adopted)}つの「戦略概念」を策定。",
            f"Since 1949 NATO has adopted {ctx.count(len(adopted), 'Strategic Concept', 'Strategic Concepts')}.",
        ),
        ctx.l(
            f"現行の「戦略概念」は、{ctx.date(current.adopted)}"
            + (f"、{ctx.t(current.place)}" if current.place else "")
            + "で採択。",
            f"The Strategic Concept in force was adopted on {ctx.date(current.adopted)}"
            + (f" in {ctx.t(current.place)}" if current.place else "")
            + ".",
        ),
    ]
    ctx.cite(B)
    blocks: list[Block] = [Bullets(tuple(intro))]
    if current.points:
        title = ctx.l(
            f"{current.adopted.year}年「戦略概念」のポイント",
            f"Key points of the {current.adopted.year} Strategic Concept",
        )
        blocks.append(Bullets(tuple(ctx.t(p) for p in current.points), title=title))
    rows = tuple(
        (ctx.date(c.adopted), ctx.t(c.place) if c.place else "", ctx.t(c.name), c.document or "")
        for c in adopted
    )
    blocks.append(
        Table(
            (
                ctx.l("採択", "Adopted"),
                ctx.l("場所", "Place"),
                ctx.l("名称", "Title"),
                ctx.l("文書", "Document"),
            ),
            rows,
        )
    )
    for c in adopted:
        ctx.cite(c.sources)
    return blocks


# -- 8. defence expenditure -------------------------------------------------------------------------------


def _spending(ctx: _Ctx) -> list[Block]:
    atlas, day = ctx.atlas, ctx.day
    spending = atlas.spending
    targets = [t for t in spending.targets if t.agreed.first_day <= day]
    items = []
    for target in targets:
        where = ""
        if target.summit:
            summit = next(s for s in atlas.summits if s.id == target.summit)
            where = ctx.l(
                f"NATO{ctx.t(summit.city)}首脳会合({summit.start.year}年)",
                f"{ctx.t(summit.city)} summit ({summit.start.year})",
            )
        items.append(
            f"{where}: {ctx.t(target.text)}" if where else f"{ctx.date(target.agreed)}: {ctx.t(target.text)}"
        )
        ctx.cite(target.sources)
    blocks: list[Block] = []
    if items:
        blocks.append(Bullets(tuple(items), title=ctx.l("目標", "Targets")))
    try:
        release = spending.release(on=day)
    except LookupError:
        blocks.append(
            Paragraph(
                ctx.l(
                    "この日までに公表された国防費データ(本データの収録範囲)はない。",
                    "No defence expenditure release held here had been published by this day.",
                )
            )
        )
        return blocks
    years = spending.years(release.id)
    year = max(y for y in years if y <= day.year) if any(y <= day.year for y in years) else years[-1]
    answer = spending.compliance(year, 2.0, release=release.id)
    source = atlas.sources[release.id]
    names = ctx.join(ctx.name(a) for a in answer.allies)
    estimate = ctx.l("注:推定値。", " (estimates)") if answer.estimate else ""
    if answer.coverage == "partial":
        # A release that gives only some Allies: say how many it gives, never a total it does not state.
        missing = ctx.join(ctx.name(a) for a in spending.expected_allies(year) if a not in answer.values)
        lines = [
            ctx.l(
                f"「{source.title}」が{year}年の値を示す{answer.given}か国(軍隊を保有する加盟国は{answer.expected}か国)のうち、"
                f"対GDP比2%達成国は{answer.count}か国({names})。値のない国:{missing}。{estimate}",
                f"Of the {ctx.count(answer.given, 'Ally', 'Allies')} (of {answer.expected} with armed forces) for which "
                f"{source.title} gives {year} figures, {answer.count} spent at least 2% of GDP on defence{estimate}: "
                f"{names}. Not given: {missing}.",
            )
        ]
    else:
        lines = [
            ctx.l(
                f"全NATO加盟国のうち、{year}年の対GDP比2%達成国は、{answer.count}か国({names})。{estimate}",
                f"{ctx.count(answer.count, 'Ally', 'Allies')} spent at least 2% of GDP on defence in {year}{estimate}: {names}.",
            )
        ]
    for other in spending.compare(year, 2.0, on=day):
        if other.release.id != release.id:
            other_source = atlas.sources[other.release.id]
            published = ctx.date(other_source.published)
            lines.append(
                ctx.l(
                    f"{other_source.title}({published})では{other.count}か国。",
                    f"{other_source.title} ({published}): {ctx.count(other.count, 'Ally', 'Allies')}.",
                )
            )
            ctx.cite(other.release.sources)
    if year - 1 in years:
        earlier = spending.compliance(year - 1, 2.0, release=release.id)
        lines.append(
            ctx.l(
                f"{year - 1}年時点では{earlier.count}か国が達成。",
                f"In {year - 1}, {ctx.count(earlier.count, 'Ally', 'Allies')} did.",
            )
        )
    lines.append(
        ctx.l(
            f"出典:{source.title}({ctx.date(source.published)})",
            f"Source: {source.title} ({ctx.date(source.published)})",
        )
    )
    ctx.cite(release.sources)
    blocks.append(Bullets(tuple(lines), title=ctx.l("国防費対GDP比2%達成状況", "Allies at 2% of GDP")))
    # The five-Ally chart needs a series over the years.
    series = spending.newest_with("usd_million", day)
    if series is not None:
        chart = charts.top5_chart(atlas, series.id, ctx.lang)
        ctx.cite(series.sources)
        blocks.append(
            Figure(
                "chart",
                charts.TEXT["top5"][ctx.lang],
                "",
                charts.spec(chart),
            )
        )
    figures = spending.figures(year, release=release.id)
    if figures:
        chart = charts.allies_chart(atlas, year, 2.0, release.id, ctx.lang)
        values = ctx.join(f"{ctx.name(f.ally)} {f.value:.2f}" for f in figures)
        blocks.append(
            Figure(
                "chart",
                charts.TEXT["allies"][ctx.lang].format(year=year),
                values,
                charts.spec(chart),
            )
        )
    return blocks


# -- 9. operations -----------------------------------------------------------------------------------------


def _operations(ctx: _Ctx) -> list[Block]:
    atlas, day = ctx.atlas, ctx.day
    ongoing = atlas.operations_on(day, "ongoing")
    ended = atlas.operations_on(day, "ended")
    blocks: list[Block] = []
    columns = (ctx.l("名称", "Name"), ctx.l("期間", "Period"), ctx.l("任務", "Mandate"))
    for title, found in (
        (ctx.l("(1) 進行中の作戦", "(1) Ongoing"), ongoing),
        (ctx.l("(2) 終了した作戦", "(2) Ended"), ended),
    ):
        rows = []
        for op in found:
            name = ctx.t(op.name) + (
                f"({op.acronym})" if op.acronym and op.acronym not in ctx.t(op.name) else ""
            )
            span = f"{_dot(op.start)}~" + (_dot(op.end) if op.end and op.end.first_day <= day else "")
            mandate = ctx.t(op.description) if op.description else ctx.t(op.area)
            if op.article5 is not None:
                mandate += ctx.l(
                    "(5条任務)" if op.article5 else "(非5条任務)",
                    " (Article 5)" if op.article5 else " (non-Article 5)",
                )
            rows.append((name, span, mandate))
            ctx.cite(op.sources)
        if rows:
            blocks.append(Table(columns, tuple(rows), title=title))
    return blocks or [
        Paragraph(
            ctx.l(
                "この日までに開始された作戦・任務はない。", "No operation or mission had begun by this day."
            )
        )
    ]


def _dot(value: PartialDate | None) -> str:
    """The briefing's compact dates: 1999.6, 2016.11 (a day is kept as 2001.9.12)."""
    if value is None:
        return ""
    parts = (
        [str(value.year)]
        + ([str(value.month)] if value.month else [])
        + ([str(value.day)] if value.day else [])
    )
    return ".".join(parts)


# -- 10. Japan–NATO ---------------------------------------------------------------------------------------


def _japan(ctx: _Ctx) -> list[Block]:
    events = ctx.atlas.timeline("japan-nato", end=ctx.day)
    if not events:
        return [
            Paragraph(
                ctx.l("この日までの日NATO関係の記録はない。", "No Japan–NATO event recorded up to this day.")
            )
        ]
    rows = []
    for e in events:
        details = " / ".join(ctx.t(d) for d in e.details[:3])
        rows.append((ctx.date(e.date), ctx.t(e.title), details))
        ctx.cite(e.sources)
    return [Table((ctx.l("年月", "Date"), ctx.l("出来事", "Event"), ctx.l("概要", "Details")), tuple(rows))]


# -- what changed ---------------------------------------------------------------------------------------------


def _changes(ctx: _Ctx, since: dt.date) -> list[Block]:
    changes = ctx.atlas.diff(since, ctx.day)
    heading = ctx.l(
        f"{ctx.date(PartialDate.of(since))}から{ctx.date(PartialDate.of(ctx.day))}までの変化",
        f"Changes from {ctx.date(PartialDate.of(since))} to {ctx.date(PartialDate.of(ctx.day))}",
    )
    rows = tuple((ctx.date(c.date), c.kind, ctx.t(c.text)) for c in changes)
    for c in changes:
        ctx.cite(c.sources)
    if not rows:
        return [Heading(heading), Paragraph(ctx.l("記録された変化はない。", "No recorded change."))]
    return [
        Heading(heading),
        Table((ctx.l("日付", "Date"), ctx.l("種類", "Kind"), ctx.l("内容", "Change")), rows),
    ]
