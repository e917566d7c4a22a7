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
from natoatlas.briefing.orgchart import organisation_chart
from natoatlas.dates import PartialDate, format_date, format_en, format_ja
from natoatlas.model import Operation, Place, Summit, Target, Text
from natoatlas.model import Section as SectionName
from natoatlas.overview import headquarters_text, secretary_general_text
from natoatlas.payloads import data_as_of_line

__all__ = ["SECTIONS", "build", "chosen_sections"]

B = "mofa-briefing-2025-05"
#: The briefing's sections, in the reference's order: the same names as the data's reviews.
SECTIONS: tuple[str, ...] = SectionName.__args__  # type: ignore[attr-defined]
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
    issuer: str | None = None,
) -> Briefing:
    """The briefing as of ``on`` in ``lang`` (``ja`` or ``en``); ``since`` adds a "what changed" section;
    ``issuer`` is the title page's issuer line (外務省欧州局政策課), none by default.

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
        publisher=issuer or "",
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

#: The reference's plain-Japanese fixes: characters carried over in simplified Chinese.
_JA_FIXES = (("发出", "発出"), ("集团", "集団"))


def _fix(text: str) -> str:
    for wrong, right in _JA_FIXES:
        text = text.replace(wrong, right)
    return text


def _span_years(op: Operation, day: dt.date) -> str:
    """An operation's years as the reference writes them: (2003-2014), the last year it ran."""
    if op.end is None or op.end.first_day > day:
        return f"{op.start.year}-"
    last = op.end.first_day - dt.timedelta(days=1)
    return f"{op.start.year}-{last.year}"


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
    ctx.cite(B)
    blocks: list[Block] = []
    # ➤ 1: collective defence, with the Allies' forces and spending.
    defence: list[str] = []
    labels = {
        "armed-forces-personnel": ("NATO加盟国軍隊の合計", "Allies' armed forces, total"),
        "defence-expenditure": ("NATOの軍事費総額", "NATO defence expenditure, total"),
    }
    for measure, (ja, en) in labels.items():
        figure = atlas.figure(measure, on=day)
        if figure is not None:
            cited = ctx.t(figure.cited) if figure.cited else atlas.sources[figure.release].title
            defence.append(
                f"{ctx.l(ja, en)} {ctx.t(figure.label)}" + ctx.l(f"(出典:{cited})", f" (source: {cited})")
            )
            ctx.cite(figure.sources)
    blocks.append(
        Bullets(
            tuple(defence),
            title=ctx.l(
                "➤ 我が国と基本的価値を共有する欧米諸国をメンバーとする集団防衛組織",
                "➤ A collective defence organisation of European and North American countries that share basic values with Japan",
            ),
        )
    )
    # ➤ 2: crisis management and partners, from the operations, summits and Japan's attendance.
    region: list[str] = []
    ongoing = atlas.operations_on(day, "ongoing")
    # The operations the data marks, in the data file's order, each by the phrase the data gives.
    in_file = {o.id: i for i, o in enumerate(atlas.records["operations.yaml"])}
    named = sorted(
        (o for o in ongoing if "crisis-management" in o.highlight and o.summary is not None),
        key=lambda o: in_file[o.id],
    )
    doing = [ctx.t(o.summary) for o in named]
    ctx.cite(*(o.sources for o in named))
    afghan = [o for o in atlas.operations_on(day, "ended") if "afghanistan" in o.highlight]
    afghan += [o for o in ongoing if "afghanistan" in o.highlight]
    line = ctx.l(f"{ctx.join(doing)}を実施。", f"NATO conducts {ctx.join(doing)}.") if doing else ""
    if afghan:
        ran = ctx.l("及び", " and ").join(
            ctx.l(
                f"「{ctx.t(o.name)}({o.acronym})」({_span_years(o, day)})",
                f"the {ctx.t(o.name)} ({o.acronym}, {_span_years(o, day).replace('-', '–')})",
            )
            for o in afghan
        )
        last = afghan[-1]
        if last.end is not None and last.end.first_day <= day:
            month = ctx.date(PartialDate(last.end.year, last.end.month))
            line += ctx.l(
                f"アフガニスタンでは{ran}を実施も、{month}に同国から撤退。",
                f" In Afghanistan NATO led {ran}, and withdrew in {month}.",
            )
        else:
            line += ctx.l(f"アフガニスタンでは{ran}を実施。", f" In Afghanistan NATO leads {ran}.")
        ctx.cite(*(o.sources for o in afghan))
    if line:
        region.append(line.strip())
    china = ""
    for summit in atlas.summits_until(day):
        for decision in summit.decisions:
            if "china" in decision.highlight:
                month = ctx.date(PartialDate(summit.start.year, summit.start.month))
                china = ctx.l(f"{month}の首脳会合で{ctx.t(decision)}", f"{month} summit: {ctx.t(decision)}")
                ctx.cite(summit.sources)
    concept = next(
        (
            c
            for c in atlas.concepts
            if c.adopted.first_day <= day and any("china" in p.highlight for p in c.points)
        ),
        None,
    )
    if concept is not None:
        month = ctx.date(PartialDate(concept.adopted.year, concept.adopted.month))
        china += ctx.l(
            f"{month}に採択されたNATOの新「戦略概念」に中国を初めて記載するなど、対中認識を強化。",
            f" The Strategic Concept adopted in {month} mentions China for the first time.",
        )
        ctx.cite(concept.sources)
    if china:
        region.append(china.strip())
    summits = [s for s in atlas.summits_until(day) if s.kind == "summit"]
    attended = [e for e in atlas.timeline("japan-nato", end=day) if "pm-at-summit" in e.highlight]
    if attended:
        first = attended[0]
        month = ctx.date(PartialDate(first.date.year, first.date.month))
        who = first.title.ja.split("総理")[0]
        years = [e.date.year for e in attended]
        run = 1
        while run < len(years) and years[-run - 1] == years[-run] - 1:
            run += 1
        text = ctx.l(
            f"対中認識の高まりも受けて、日本を含むインド太平洋パートナーとの対話・協力拡大を継続、{month}のNATO首脳会合には、"
            f"{who}総理大臣が日本の総理大臣として初めてNATO首脳会合に出席。",
            f"NATO continues to broaden dialogue and cooperation with its Indo-Pacific partners, Japan among them; at the "
            f"{month} summit a Prime Minister of Japan attended a NATO summit for the first time.",
        )
        if run >= 2:
            later = ctx.join(ctx.l(f"{y}年", str(y)) for y in years[-run + 1 :])
            latest = summits[-1].start.year if summits else years[-1]
            tense = ctx.l("出席している", "") if latest == years[-1] else ctx.l("出席した", "")
            text += ctx.l(
                f"{later}と{run}年連続{tense}。",
                f" Japan's Prime Minister attended again in {later} ({run} years running).",
            )
        region.append(text)
        ctx.cite(*(e.sources for e in attended))
    if region:
        blocks.append(
            Bullets(
                tuple(region),
                title=ctx.l(
                    "➤ 治安維持支援・能力構築支援等、周辺地域の安全保障に関与する組織",
                    "➤ An organisation engaged in the security of its neighbourhood: crisis management, capacity building",
                ),
            )
        )
    # ➤ 3: global challenges.
    global_: list[str] = []
    maritime = next((o for o in ongoing if "maritime-security" in o.highlight), None)
    if maritime is not None:
        global_.append(
            ctx.l(
                f"海洋安全保障:危機管理任務「{ctx.t(maritime.name)}」",
                f"Maritime security: the crisis-management {ctx.t(maritime.name)}",
            )
        )
    centre = next((p for p in atlas.places if "cyber" in p.highlight and p.holds_on(day)), None)
    if centre is not None:
        global_.append(
            ctx.l(
                f"{ctx.t(centre.name)}({ctx.name(centre.country)}):CyCon(年次国際会議)",
                f"{ctx.t(centre.name)} ({ctx.name(centre.country)}): CyCon, its annual conference",
            )
        )
        ctx.cite(centre.sources)
    if global_:
        blocks.append(
            Bullets(
                tuple(global_),
                title=ctx.l(
                    "➤ 海洋安全保障、サイバー防衛などグローバルな課題にも対応する組織",
                    "➤ An organisation that also meets global challenges such as maritime security and cyber defence",
                ),
            )
        )
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
        facts.append((ctx.l("本部", "Headquarters"), headquarters_text(atlas, hq, day, ctx.lang)))
        ctx.cite(hq.sources)
    sg = atlas.secretary_general(on=day)
    if sg is not None:
        # To the month, as the reference dates it (2024年10月から現職).
        facts.append(
            (
                ctx.l("事務総長", "Secretary General"),
                secretary_general_text(sg.model_copy(update={"start": _month(sg.start)}), ctx.lang),
            )
        )
        ctx.cite(sg.sources)
    ctx.cite(*(m.membership.sources for m in members[-3:]))
    spec = charts.spec(maps.members_map(atlas, day, ctx.lang))
    title = ctx.l(f"北大西洋条約機構加盟国({len(members)}か国:青色部分)", f"NATO Allies ({len(members)})")
    # The key facts first: the reference's box beside the map, read before the three pillars.
    return [
        Facts(tuple(facts)),
        *blocks,
        Figure("map", title, ctx.join(ctx.name(m.code) for m in members), spec),
    ]


# -- 2. the treaty ----------------------------------------------------------------------------


def _treaty(ctx: _Ctx) -> list[Block]:
    atlas = ctx.atlas
    if ctx.day < atlas.founded.first_day:
        return [Paragraph(ctx.l("条約署名前。", "Before the Treaty was signed."))]
    rows = []
    for number in sorted({a.number for a in atlas.treaty_articles if "treaty-summary" in a.highlight}):
        article = atlas.article(number, ctx.day)
        title = ctx.t(article.title) if article.title else ""
        if number == 0:
            heading = title or ctx.l("前文", "Preamble")
        else:
            label = ctx.l(f"第{number}条", f"Article {number}")
            heading = f"{label} ({title})" if title else label
        text = _fix(article.briefing) if (ctx.ja() and article.briefing) else ctx.t(article.text)
        rows.append((heading, text))
        ctx.cite(article.sources)
    note = ctx.l("条文の要約は外務省資料による。", "The Treaty's official English text (excerpts).")
    return [Table((ctx.l("条項", "Article"), ctx.l("内容", "Text")), tuple(rows)), Paragraph(note)]


# -- 3. enlargement ---------------------------------------------------------------------------


def _enlargement(ctx: _Ctx) -> list[Block]:
    atlas, day = ctx.atlas, ctx.day
    rounds = atlas.enlargements(day)
    if not rounds:
        return [Paragraph(ctx.l("条約署名前。", "Before the Treaty was signed."))]
    events = []
    for m in atlas.memberships:
        ctx.cite(m.sources)
        for event in m.events:
            if event.date.first_day <= day:
                events.append(event)
                ctx.cite(event.sources)
    # The reference gathers the Cold War's accessions in one line ("1952~90年の間の加盟国"), once it is over.
    cold_war = [r for r in rounds if not r.founding and r.date.year <= 1990]
    grouped = day.year > 1990 and len(cold_war) > 1
    items: list[tuple[dt.date, str]] = []
    for r in rounds:
        if grouped and r in cold_war and r is not cold_war[0]:
            continue
        members = cold_war if grouped and r is cold_war[0] else [r]
        names = ctx.join(c.name_on(day).get(ctx.lang, short=True) for m in members for c in m.countries)
        if r.founding:
            label = ctx.l(f"{r.date.year}年の原加盟国", f"{r.date.year}, founding members")
        elif grouped and r is cold_war[0]:
            label = ctx.l(f"{r.date.year}~90年の間の加盟国", f"Joined {r.date.year}–1990")
        else:
            label = ctx.l(
                f"{r.date.year}年{r.date.month}月加盟国",
                f"{format_en(PartialDate(r.date.year, r.date.month))}",
            )
        items.append((r.date.first_day, f"{label}:{names}" if ctx.ja() else f"{label}: {names}"))
    for event in events:
        text = f"{ctx.date(event.date)}: {ctx.t(event.text)}"
        if grouped and event.date.year <= 1990:
            # Inside the grouped line's years: right after it, as its note.
            when = cold_war[0].date.first_day
            items.append((when, ctx.l("(注)", "(Note) ") + text))
        else:
            items.append((event.date.first_day, text))
    items.sort(key=lambda item: item[0])
    total = len(atlas.members(on=day))
    count = ctx.l(f"加盟国数:{total}か国", f"Allies: {total}")
    return [Bullets(tuple(text for _, text in items)), Paragraph(count)]


# -- 4. partners ---------------------------------------------------------------------------------


def _ranked(rank: int | None) -> tuple[bool, int]:
    """A sort key by the data's ``rank``: the ranked first, lowest first; the others after, in order."""
    return (rank is None, rank or 0)


def _partners(ctx: _Ctx) -> list[Block]:
    atlas, day = ctx.atlas, ctx.day
    blocks: list[Block] = []
    live = [f for f in atlas.frameworks.values() if f.holds_on(day)]
    live.sort(key=lambda f: _ranked(f.rank))
    for framework in live:
        # A group or a programme the data gives as part of this framework (IP4 in PaG, MAP in PfP).
        parts = [f for f in atlas.frameworks.values() if f.part_of == framework.id]
        group = next((f for f in parts if f.kind == "group"), None)
        programme = next((f for f in parts if f.kind == "programme"), None)
        map_members = (
            {p.partnership.country: p for p in atlas.partners(programme.id, day)} if programme else {}
        )
        partners = atlas.partners(framework.id, day)
        listed = framework.kind in ("partnership", "programme", "group") and bool(partners)
        name = framework.name_on(day)
        title = name.get(ctx.lang)
        if ctx.ja() and not any("a" <= ch.lower() <= "z" for ch in title):
            title += f" ({name.get('en')})"
        start = ctx.date(PartialDate(framework.start.year, framework.start.month))
        count = ctx.l(f"{len(partners)}か国", ctx.count(len(partners), "partner", "partners"))
        if ctx.ja():
            heading = f"{title} {count} ({start}~)" if listed else f"{title} ({start}~)"
        else:
            heading = f"{title}: {count}, since {start}" if listed else f"{title}, since {start}"
        items = [ctx.t(framework.description)] if framework.description else []
        if partners and listed:
            names, notes = [], []
            ip4_ranks = (
                {q.partnership.country: q.partnership.rank for q in atlas.partners(group.id, day)}
                if group is not None
                else {}
            )
            ip4_codes = set(ip4_ranks)
            # As the reference: the IP4 first, Japan leading, marked as a group; then the others.
            partners = tuple(
                sorted(
                    partners,
                    key=lambda p: (
                        p.partnership.country not in ip4_ranks,
                        _ranked(ip4_ranks.get(p.partnership.country)),
                    ),
                )
            )
            last_ip4 = max(
                (i for i, p in enumerate(partners) if p.partnership.country in ip4_codes), default=-1
            )
            for index, p in enumerate(partners):
                mark = ""
                code = p.partnership.country
                if p.status is not None or code in map_members:
                    notes_for = []
                    if p.status is not None:
                        text = ctx.t(p.status.text)
                        year = str(p.status.start.year)
                        notes_for.append(
                            text
                            if year in text
                            else ctx.l(f"{p.status.start.year}年以降、{text}", f"{text} since {year}")
                        )
                        ctx.cite(p.status.sources)
                    if code in map_members and programme is not None:
                        joined = map_members[code].partnership
                        notes_for.append(
                            ctx.l(
                                f"{joined.start.year}年より、{ctx.t(programme.description)}に参加。",
                                f"In the {programme.name_on(day).get('en')} since {joined.start.year}.",
                            )
                        )
                        ctx.cite(joined.sources)
                    for text in notes_for:
                        notes.append(text)
                        mark += ctx.l(f"(注{len(notes)})", f" (note {len(notes)})")
                if index == last_ip4:
                    mark += ctx.l("(IP4)", " (IP4)")
                names.append(p.country.name_on(day).get(ctx.lang) + mark)
                ctx.cite(p.partnership.sources)
            items.append(ctx.join(names))
            items += [ctx.l(f"(注{i}) {text}", f"(Note {i}) {text}") for i, text in enumerate(notes, 1)]
        if framework.interested:
            who = ctx.l("及び", " and ").join(ctx.name(c) for c in framework.interested)
            items.append(ctx.l(f"(注){who}も参加に関心。", f"(Note) {who} have shown interest in joining."))
        if group is not None:
            ip4 = list(atlas.partners(group.id, day))
            if ip4:
                ip4.sort(key=lambda p: _ranked(p.partnership.rank))
                who = ctx.join(p.country.name_on(day).get(ctx.lang) for p in ip4)
                items.append(
                    ctx.l(
                        f"(注)IP4: {who}の{len(ip4)}か国からなるNATOのインド太平洋パートナー。",
                        f"(Note) IP4: NATO's Indo-Pacific partners, the {len(ip4)} countries {who}.",
                    )
                )
                ctx.cite(group.sources, *(p.partnership.sources for p in ip4))
        if framework.kind == "council":
            met = [n for n in framework.notes if n.date.first_day <= day and "last-met" in n.highlight]
            if met:
                when = ctx.date(PartialDate(met[-1].date.year, met[-1].date.month))
                items.append(ctx.l(f"直近開催実績: {when}", f"Last met: {when}"))
                ctx.cite(met[-1].sources)
        ctx.cite(framework.sources)
        blocks.append(Bullets(tuple(items), title=ctx.l("●", "") + heading))
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
    spec = charts.spec(maps.partners_map(atlas, day, ctx.lang))
    title = ctx.l("NATOのパートナー国(枠組み別)", "NATO's partners, by framework")
    blocks.append(Figure("map", title, title, spec))
    return blocks


# -- 5. organisation --------------------------------------------------------------------------------


def _organisation(ctx: _Ctx) -> list[Block]:
    blocks: list[Block] = []
    chart = organisation_chart(ctx.atlas, ctx.day, ctx.lang)
    if chart is not None:
        blocks.append(chart)
        for office in ctx.atlas.offices.values():
            holder = office.holder_on(ctx.day)
            if holder is not None:
                ctx.cite(holder.sources)
    for body in ctx.atlas.organisation(ctx.day):
        description = ctx.t(body.description)
        sep = "。" if ctx.ja() else ". "
        items = [s.strip() for s in description.split(sep) if s.strip()]
        if not ctx.ja():
            items = [s if s.endswith(".") else s + "." for s in items]
        if body.chair and items:
            chair = ctx.t(body.chair).split("(")[0].strip().removeprefix("The ")
            items[-1] = items[-1].rstrip(".") + ctx.l(f"(議長:{chair})", f" (chaired by the {chair}).")
        if body.composition:
            composition = ctx.t(body.composition)
            if composition.casefold() not in description.casefold():
                items.append(composition)
        chair_on = body.chair_on(ctx.day)
        if chair_on is not None:
            items.append(ctx.l("議長(この日):", "Chair on this day: ") + ctx.t(chair_on.name))
            ctx.cite(chair_on.sources)
        if body.levels:
            levels = ctx.join(ctx.t(level) for level in body.levels)
            items.append(ctx.l(f"レベルに応じて、{levels}レベルで開催", f"Meets at the level of {levels}"))
        ctx.cite(body.sources)
        blocks.append(
            Bullets(tuple(items), title=f"【{ctx.t(body.name)}】" if ctx.ja() else ctx.t(body.name))
        )
    return blocks or [Paragraph(ctx.l("機構はまだ存在しない。", "No bodies existed yet."))]


# -- 6. commands and forward presence -------------------------------------------------------------

#: The reference's groups of page 6, by kind of place (its ①–㉙ table).
_COMMAND_GROUPS = {
    "strategic-command": ("統合軍司令部、多国籍司令部", "Commands and multinational division headquarters"),
    "joint-force-command": ("統合軍司令部、多国籍司令部", "Commands and multinational division headquarters"),
    "support-command": ("統合軍司令部、多国籍司令部", "Commands and multinational division headquarters"),
    "mnd": ("統合軍司令部、多国籍司令部", "Commands and multinational division headquarters"),
    "landcom": ("地上連合軍", "Allied Land Command"),
    "marcom": ("海上連合軍", "Allied Maritime Command"),
    "aircom": ("航空連合軍", "Allied Air Command"),
    "caoc": ("航空連合軍", "Allied Air Command"),
    "daccc": ("航空連合軍", "Allied Air Command"),
    "nfiu": (
        "△ NATO軍統合部隊司令部 (NFIU: NATO Force Integration Units)",
        "△ NATO Force Integration Units (NFIU)",
    ),
    "battlegroup": ("◇ Battle Group (ローテーション配置)", "◇ Battlegroups (rotational)"),
}


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
    rows: list[tuple[str, str]] = []
    group = ""
    glossary: dict[str, str] = {}
    caocs: list[tuple[str, Place]] = []
    for index, (number, place) in enumerate(numbered):
        key = place.id if place.kind == "single-service-command" else place.kind
        name = _COMMAND_GROUPS.get(key, _COMMAND_GROUPS["strategic-command"])
        if ctx.l(*name) != group:
            group = ctx.l(*name)
            rows.append(("", group))
        ctx.cite(place.sources)
        if place.kind == "caoc":
            caocs.append((number, place))
            following = numbered[index + 1][1].kind if index + 1 < len(numbered) else ""
            if following == "caoc":
                continue
            numbers = "".join(dict.fromkeys(n for n, _ in caocs))
            cities = ctx.l("・", ", ").join(ctx.t(p.city) for _, p in caocs)
            rows.append((numbers, f"CAOC{'s' if len(caocs) > 1 else ''}: {cities}"))
            glossary["CAOC"] = "Combined Air Operations Centre"
            caocs = []
            continue
        if place.kind == "battlegroup":
            lead = place.lead_on(day)
            lead_name = ctx.name(lead.country) if lead else ""
            label = ctx.l(
                f"{ctx.name(place.country)}({lead_name}主導)",
                f"{ctx.name(place.country)} (led by {lead_name})",
            )
            if lead:
                ctx.cite(lead.sources)
        elif place.kind == "nfiu":
            label = ctx.t(place.city)
        elif place.kind == "mnd":
            label = f"{place.acronym}: {ctx.name(place.country)}"
            glossary[str(place.acronym)] = place.name.en.removeprefix("Headquarters ")
        elif place.kind == "daccc":
            label = f"{place.acronym}: {ctx.t(place.city)}"
            glossary[str(place.acronym)] = place.name.en
        elif place.kind == "single-service-command":
            label = ctx.l(f"司令部: {ctx.t(place.city)}", f"Headquarters: {ctx.t(place.city)}")
        else:
            label = f"{ctx.t(place.name)}: {ctx.t(place.city)}"
        rows.append((number, label))
    columns = (ctx.l("番号", "No."), ctx.l("名称・所在地", "Command or unit, and place"))
    spec = charts.spec(maps.forces_map(atlas, day, ctx.lang))
    alt = ctx.join(f"{n} {ctx.t(p.city)}" for n, p in numbered)
    blocks: list[Block] = [Table(columns, tuple(rows))]
    if glossary:
        blocks.append(Bullets(tuple(f"{k}: {v}" for k, v in glossary.items())))
    blocks.append(Figure("map", maps.FORCES_TITLE[ctx.lang], alt, spec))
    return blocks


# -- 7. Strategic Concept ------------------------------------------------------------------------------


def _concept(ctx: _Ctx) -> list[Block]:
    atlas, day = ctx.atlas, ctx.day
    current = atlas.concept(day)
    adopted = [c for c in atlas.concepts if c.adopted.first_day <= day]
    if current is None:
        return [
            Paragraph(
                ctx.l(
                    "この日の時点で、「戦略概念」はまだ策定されていない。",
                    "No Strategic Concept had been adopted yet.",
                )
            )
        ]
    summit = next(
        (
            s
            for s in atlas.summits
            if s.start.first_day <= current.adopted.first_day <= (s.end or s.start).first_day
        ),
        None,
    )
    month = ctx.date(PartialDate(current.adopted.year, current.adopted.month))
    if summit is not None:
        where = ctx.l(
            f"{month}の{ctx.t(summit.city)}首脳会合で採択。",
            f"adopted at the {ctx.t(summit.city)} Summit in {month}.",
        )
        ctx.cite(summit.sources)
    else:
        place = ctx.t(current.place) if current.place else ""
        where = ctx.l(
            f"{ctx.date(current.adopted)}" + (f"、{place}で採択。" if place else "に採択。"),
            f"adopted on {ctx.date(current.adopted)}" + (f" in {place}" if place else "") + ".",
        )
    decade = (
        ctx.l("概ね10年ごとに更新され、", "updated roughly every ten years, ") if len(adopted) >= 5 else ""
    )
    intro = [
        ctx.l(
            "「戦略概念」(Strategic Concept)は、NATOの恒久的な目的と性質、安全保障上の基本的任務及び変化する安全保障環境の中で直面する課題と機会を示すNATOの行動指針。",
            "The Strategic Concept sets out NATO's enduring purpose and nature, its fundamental security tasks, and the challenges and opportunities it faces in a changing security environment.",
        ),
        ctx.l(
            f"{atlas.founded.year}年のNATO創設以来、{decade}これまでに{len(adopted)}つの「戦略概念」を策定。",
            f"{decade[0].upper() + decade[1:-2] + ' since' if decade else 'Since'} NATO's founding in {atlas.founded.year}: "
            f"{ctx.count(len(adopted), 'Strategic Concept', 'Strategic Concepts')} so far.",
        ),
        ctx.l("現行の「戦略概念」は、", "The Strategic Concept in force was ") + where,
    ]
    ctx.cite(B)
    blocks: list[Block] = [Bullets(tuple(intro))]
    # The reference's history of the Concepts, each step once its Concept was adopted (``history``).
    history = [ctx.t(c.history) for c in adopted if c.history is not None]
    if history:
        blocks.append(Bullets(tuple(history), title=ctx.l("策定の経緯・背景", "How the Concepts developed")))
    if current.points:
        title = ctx.l(
            f"{current.adopted.year}年「戦略概念」のポイント",
            f"Key points of the {current.adopted.year} Strategic Concept",
        )
        blocks.append(Heading(title))
        if current.extent is not None:
            blocks.append(Paragraph(ctx.l("注:", "Note: ") + ctx.t(current.extent)))
        groups: dict[str, list[str]] = {}
        core = ctx.l("3つの中核的任務", "Three core tasks")
        if not any("core-task" in p.highlight for p in current.points):
            groups[""] = [ctx.t(p) for p in current.points]
        for point in current.points if "" not in groups else ():
            text = ctx.t(point)
            if "core-task" in point.highlight:
                task = text.removeprefix(core)
                groups.setdefault(core, []).append(
                    task.lstrip(" :").replace(": ", " ", 1) if task != text else text
                )
            elif "indo-pacific" in point.highlight:
                groups.setdefault(ctx.l("インド太平洋", "The Indo-Pacific"), []).append(text)
            else:
                groups.setdefault(ctx.l("戦略的環境", "The strategic environment"), []).append(text)
        blocks += [Bullets(tuple(items), title=heading or None) for heading, items in groups.items()]
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
    dated: list[tuple[dt.date, str]] = []
    by_summit: dict[str, list[Target]] = {}
    for target in targets:
        if target.summit:
            by_summit.setdefault(target.summit, []).append(target)
    first = True
    for target in targets:
        ctx.cite(target.sources)
        if not target.summit:
            dated.append((target.agreed.first_day, f"{ctx.date(target.agreed)}: {ctx.t(target.text)}"))
            continue
        if target.summit not in by_summit:
            continue
        summit = next(s for s in atlas.summits if s.id == target.summit)
        texts_ = [ctx.t(t.text).rstrip("。.") for t in by_summit.pop(target.summit)]
        dated.append((summit.start.first_day, _summit_line(ctx, summit, texts_, first)))
        first = False
    # Summits that reaffirmed a target without setting one (Madrid 2022: "…という誓約を再確認").
    set_at = {t.summit for t in targets}
    for summit in atlas.summits_until(day):
        if summit.id in set_at:
            continue
        for decision in summit.decisions:
            if "spending-pledge" in decision.highlight:
                dated.append(
                    (
                        summit.start.first_day,
                        _summit_line(ctx, summit, [ctx.t(decision).rstrip("。.")], False),
                    )
                )
                ctx.cite(summit.sources)
    dated.sort(key=lambda d: d[0])
    items = [text for _, text in dated]
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
    estimate = ctx.l("注:現時点では推定計。", " (estimates)") if answer.estimate else ""
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
            f"出典:{source.title}({ctx.date(_month(source.published))})",
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
        if answer.estimate:
            blocks.append(
                Paragraph(ctx.l(f"注:{year}年は推計値。", f"Note: the {year} figures are estimates."))
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


def _summit_line(ctx: _Ctx, summit: Summit, texts_: list[str], first: bool) -> str:
    """「NATOウェールズ首脳会合(2014年)で、…ことを目標に決定。」, later ones 「…では、…。」"""
    if not ctx.ja():
        return f"{ctx.t(summit.city)} Summit ({summit.start.year}): " + "; ".join(texts_) + "."
    where = f"NATO{ctx.t(summit.city)}首脳会合({summit.start.year}年)"
    if first:
        # A noun-ended aim ("…を20%に増額") takes する before こと.
        aims = [t if t.endswith("る") else t + "する" for t in texts_]
        return f"{where}で、" + "こと、".join(aims) + "ことを目標に決定。"
    return f"{where}では、" + "、".join(texts_) + "。"


# -- 9. operations -----------------------------------------------------------------------------------------

_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def _operations(ctx: _Ctx) -> list[Block]:
    atlas, day = ctx.atlas, ctx.day
    ongoing = atlas.operations_on(day, "ongoing")
    ended = atlas.operations_on(day, "ended")
    if not ongoing and not ended:
        return [
            Paragraph(
                ctx.l(
                    "この日までに開始された作戦・任務はない。",
                    "No operation or mission had begun by this day.",
                )
            )
        ]
    blocks: list[Block] = []
    if ongoing:
        blocks.append(Heading(ctx.l("(1) 進行中の作戦", "(1) Ongoing")))
        # The reference's grouping and order of the ongoing operations, as the data ranks them.
        entries: list[tuple[str, list[Operation]]] = []
        maritime = sorted((o for o in ongoing if o.group == "maritime"), key=lambda o: _ranked(o.rank))
        air = sorted((o for o in ongoing if o.group == "air-policing"), key=lambda o: _ranked(o.rank))
        for o in ongoing:
            if o.group is None:
                entries.append((o.id, [o]))
        if maritime:
            entries.append(("maritime", maritime))
        if air:
            entries.append(("air", air))
        entries.sort(key=lambda e: _ranked(min((o.rank for o in e[1] if o.rank is not None), default=None)))
        for i, (key, ops) in enumerate(entries):
            mark = _CIRCLED[i] if i < len(_CIRCLED) else f"({i + 1})"
            if key == "maritime" and len(ops) > 1:
                items = []
                for j, op in enumerate(ops, 1):
                    items += [f"{j}) {_op_title(ctx, op)}", _op_mandate(ctx, op)]
                blocks.append(
                    Bullets(tuple(items), title=f"{mark} {ctx.l('海上安全保障', 'Maritime security')}")
                )
            elif key == "air":
                why = ""
                # The group's heading says why it was reinforced, from the day the data dates it.
                reinforced = next(
                    (o.reinforced for o in ops if o.reinforced and o.reinforced.date.first_day <= day), None
                )
                if reinforced is not None:
                    why = ctx.l(" ", ": ") + ctx.t(reinforced.text)
                    ctx.cite(reinforced.sources)
                names = [_op_title(ctx, op) for op in ops]
                mandates = list(dict.fromkeys(_op_mandate(ctx, op) for op in ops))
                blocks.append(
                    Bullets(
                        tuple([*mandates, *names]), title=f"{mark} {ctx.l('領空監視', 'Air policing')}{why}"
                    )
                )
            else:
                items = [_op_mandate(ctx, op) for op in ops]
                blocks.append(Bullets(tuple(items), title=f"{mark} {_op_title(ctx, ops[0])}"))
            for op in ops:
                ctx.cite(op.sources)
    if ended:
        blocks.append(Heading(ctx.l("(2) 終了した作戦", "(2) Ended")))
        by_id = {o.id: o for o in atlas.operations}
        # A predecessor with an acronym is told in its successor's entry (ISAF under RSM), as the reference does.
        absorbed = {
            o.predecessor
            for o in ended
            if o.predecessor in by_id and by_id[o.predecessor].acronym and by_id[o.predecessor].description
        }
        for op in sorted(ended, key=lambda o: o.start.first_day, reverse=True):
            if op.id in absorbed:
                continue
            items = [_op_mandate(ctx, op)]
            before = by_id.get(op.predecessor or "")
            if before is not None and before.id in absorbed and before.description:
                name = ctx.t(before.name) + _acronym(ctx, before)
                items.append(
                    ctx.l(
                        f"本任務の前身である{name}は、{ctx.t(before.description)}",
                        f"Its predecessor, {name}: {ctx.t(before.description)}",
                    )
                )
                ctx.cite(before.sources)
            blocks.append(Bullets(tuple(items), title=_op_title(ctx, op)))
            ctx.cite(op.sources)
    return blocks


def _acronym(ctx: _Ctx, op: Operation) -> str:
    if not op.acronym or op.acronym in ctx.t(op.name):
        return ""
    return ctx.l(f"({op.acronym})", f" ({op.acronym})")


def _op_title(ctx: _Ctx, op: Operation) -> str:
    """Name and period: 「コソボ治安維持部隊(KFOR) 1999.6~」, "Kosovo Force (KFOR) 12 June 1999 –"."""
    name = ctx.t(op.name) + _acronym(ctx, op)
    finished = op.end is not None and op.end.first_day <= ctx.day
    if ctx.ja():
        span = f"{_dot(op.start)}~"
        if finished and op.end is not None:
            end = _dot(op.end)
            span += (
                end.split(".", 1)[1] if end.startswith(f"{op.start.year}.") and "." in end else end
            ) + "(終了)"
        return f"{name} {span}"
    span = f"{format_en(op.start)} –" + (f" {format_en(op.end)}" if finished and op.end is not None else "")
    return f"{name}, {span}"


def _op_mandate(ctx: _Ctx, op: Operation) -> str:
    mandate = ctx.t(op.description) if op.description else ctx.t(op.area)
    if op.article5 is not None and "5条" not in mandate and "Article 5" not in mandate:
        mandate += ctx.l(
            "(5条任務)" if op.article5 else "(非5条任務)",
            " (Article 5)" if op.article5 else " (non-Article 5)",
        )
    return ctx.l("任務: ", "Mandate: ") + mandate


def _month(value: PartialDate | None) -> PartialDate | None:
    """A date to the month, as the reference dates its sources: 2025年4月."""
    if value is None or not value.month:
        return value
    return PartialDate(value.year, value.month)


def _dot(value: PartialDate | None) -> str:
    """The briefing's compact dates, to the month: 1999.6, 2016.11."""
    if value is None:
        return ""
    return f"{value.year}.{value.month}" if value.month else str(value.year)


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
        # The reference gives up to four points an event; later ones in the data are background.
        details = " / ".join(_fix(ctx.t(d)) for d in e.details[:4])
        rows.append((ctx.date(e.date), _fix(ctx.t(e.title)), details))
        ctx.cite(e.sources)
    columns = (ctx.l("年月", "Date"), ctx.l("出来事", "Event"), ctx.l("概要", "Details"))
    if len(rows) <= 12:
        return [Table(columns, tuple(rows))]
    # Two pages, as the reference's 日NATO関係(1)/(2): split at the first new year past the middle.
    years = [e.date.year for e in events]
    cut = next((i for i in range(len(rows) // 2, len(rows)) if years[i] != years[i - 1]), len(rows) // 2)
    title = TITLES["japan"][0 if ctx.ja() else 1]
    return [
        Table(columns, tuple(rows[:cut]), title=f"{title}(1)" if ctx.ja() else f"{title} (1)"),
        Table(columns, tuple(rows[cut:]), title=f"{title}(2)" if ctx.ja() else f"{title} (2)"),
    ]


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
