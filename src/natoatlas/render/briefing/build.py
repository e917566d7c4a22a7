"""Building the briefing for a date and language: the reference's ten sections, from the Atlas.

Every section shows what was true on ``on``: the Allies, offices, partners, commands and
battlegroup leads, the Strategic Concept in force, the defence expenditure release published by
then, operations started by then, and Japan–NATO events up to then. The wording follows the
reference briefing (加盟国, 首脳会合, 国防費対GDP比 …).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable

from natoatlas.atlas import Atlas
from natoatlas.dates import DateLike, PartialDate, as_day, format_date, span
from natoatlas.kb.model import Operation, Place, Summit, Target, Text
from natoatlas.kb.model import Section as SectionName
from natoatlas.messages import msg
from natoatlas.render import charts, maps
from natoatlas.render.briefing.blocks import (
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
from natoatlas.render.briefing.orgchart import chart_of
from natoatlas.rules import texts
from natoatlas.views.base import data_as_of_line
from natoatlas.views.members import EventEntry
from natoatlas.views.members import country as country_view
from natoatlas.views.members import members as members_view
from natoatlas.views.members import secretary_general as secretary_general_view
from natoatlas.views.numbering import numbering as numbering_view
from natoatlas.views.overview import facts as overview_facts
from natoatlas.views.rules import changes as changes_view
from natoatlas.views.sections import PartnerEntry
from natoatlas.views.sections import commands as commands_view
from natoatlas.views.sections import concepts as concepts_view
from natoatlas.views.sections import enlargements as enlargements_view
from natoatlas.views.sections import forces as forces_view
from natoatlas.views.sections import offices as offices_view
from natoatlas.views.sections import operations as operations_view
from natoatlas.views.sections import organisation as organisation_view
from natoatlas.views.sections import partners as partners_view
from natoatlas.views.sections import summits as summits_view
from natoatlas.views.sections import timeline as timeline_view
from natoatlas.views.sections import treaty as treaty_view
from natoatlas.views.spending import spending_rows

__all__ = ["SECTIONS", "build", "chosen_sections"]

B = "mofa-briefing-2025-05"
#: The briefing's sections, in the reference's order: the same names as the data's reviews.
SECTIONS: tuple[str, ...] = SectionName.__args__  # type: ignore[attr-defined]
#: The sections' titles as (ja, en), for the pages that still read them so; the text is the
#: catalogue's ``brief.section.*``.
TITLES = {
    key: (msg(f"brief.section.{key}", "ja"), msg(f"brief.section.{key}", "en"))
    for key in (*SECTIONS, "changes")
}


class _Ctx:
    """What every section builder needs: the Atlas, the day, the language, the sources used."""

    def __init__(self, atlas: Atlas, day: dt.date, lang: str) -> None:
        self.atlas, self.day, self.lang = atlas, day, lang
        self.cited: list[str] = []

    def msg(self, key: str, **values: object) -> str:
        """The catalogue's message ``key`` in the briefing's language."""
        return msg(key, self.lang, **values)

    def t(self, text: Text | None) -> str:
        """A data text in the briefing's language, its placeholders filled for the day."""
        return texts.fill_text(text, self.atlas, self.day, self.lang)

    def count(self, key: str, n: int) -> str:
        """A count with its noun in the right number: the message ``key.one`` for 1 (1 partner),
        ``key.other`` for any other number (2 partners; 2か国)."""
        return msg(f"{key}.{'one' if n == 1 else 'other'}", self.lang, n=n)

    def cite(self, *ids: Iterable[str] | str) -> None:
        for item in ids:
            self.cited.extend([item] if isinstance(item, str) else item)

    def date(self, value: PartialDate | None) -> str:
        return format_date(value, self.lang)

    def name(self, code: str, short: bool = False) -> str:
        return str(self.atlas.countries[code].name_on(self.day).get(self.lang, short=short))

    def join(self, items: Iterable[str]) -> str:
        return self.msg("list.sep").join(items)

    def reference(self, ja: str, otherwise: str) -> str:
        """The reference briefing's own Japanese wording (a summary, a description) in a Japanese
        briefing; ``otherwise`` in any other language, where the reference has no wording."""
        return {"ja": ja}.get(self.lang, otherwise)

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
    >>> from natoatlas.render.briefing import build
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
        title=msg("brief.title", lang),
        date_line=format_date(month, lang, style="era"),
        publisher=issuer or "",
        sections=tuple(built),
    )


def _section(atlas: Atlas, day: dt.date, lang: str, key: str, make: Callable[[_Ctx], list[Block]]) -> Section:
    ctx = _Ctx(atlas, day, lang)
    blocks = make(ctx)
    title = msg(f"brief.section.{key}", lang)
    sections = SECTIONS if key == "changes" else (key,)
    return Section(
        key, title, tuple(blocks), atlas.cite(*ctx.sources()), data_as_of_line(atlas, sections, lang)
    )


# -- 1. overview ----------------------------------------------------------------------------


def _span_years(ctx: _Ctx, op: Operation, *, ongoing: bool) -> str:
    """An operation's years as the reference writes them: (2003-2014), the last year it ran;
    ``ongoing`` as the Operations view says of the day."""
    if ongoing or op.end is None:
        return ctx.msg("brief.years.from", start=op.start.year)
    last = op.end.first_day - dt.timedelta(days=1)
    return ctx.msg("brief.years.span", start=op.start.year, end=last.year)


#: Small numbers as English writes them in a sentence ("three years running").
_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def _overview(ctx: _Ctx) -> list[Block]:
    atlas, day = ctx.atlas, ctx.day
    # The Allies, operations, summits, Concepts and Japan–NATO events of the day as their views give them.
    members = members_view(atlas, day).members
    if not members:
        ctx.cite(atlas.memberships[0].sources)
        return [Paragraph(ctx.msg("brief.overview.none", signed=ctx.date(atlas.founded)))]
    ctx.cite(B)
    blocks: list[Block] = []
    # ➤ 1: collective defence, with the Allies' forces and spending.
    defence: list[str] = []
    labels = {
        "armed-forces-personnel": ctx.msg("brief.overview.forces"),
        "defence-expenditure": ctx.msg("brief.overview.expenditure"),
    }
    for measure, label in labels.items():
        figure = atlas.figure(measure, on=day)
        if figure is not None:
            cited = ctx.t(figure.cited) if figure.cited else atlas.sources[figure.release].title
            defence.append(
                ctx.msg("brief.overview.figure", label=label, value=ctx.t(figure.label), source=cited)
            )
            ctx.cite(figure.sources)
        else:  # a day before the data's first figure: the pillar says so rather than stand empty
            defence.append(ctx.msg("brief.overview.no-figure", label=label))
    blocks.append(
        Bullets(
            tuple(defence),
            title=ctx.msg("brief.overview.pillar.defence"),
        )
    )
    # ➤ 2: crisis management and partners, from the operations, summits and Japan's attendance.
    region: list[str] = []
    started = operations_view(atlas, day).operations
    ongoing = [e.operation for e in started if e.ongoing]
    # The operations the data marks, in the data file's order, each by the phrase the data gives.
    in_file = {o.id: i for i, o in enumerate(atlas.records["operations.yaml"])}
    named = sorted(
        (o for o in ongoing if "crisis-management" in o.highlight and o.summary is not None),
        key=lambda o: in_file[o.id],
    )
    doing = [ctx.t(o.summary) for o in named]
    ctx.cite(*(o.sources for o in named))
    # The ended ones first, then the ongoing, each with whether the view says it is ongoing.
    afghan = [e for e in started if not e.ongoing and "afghanistan" in e.operation.highlight]
    afghan += [e for e in started if e.ongoing and "afghanistan" in e.operation.highlight]
    line = ctx.msg("brief.overview.doing", doing=ctx.join(doing)) if doing else ""
    if afghan:
        ran = ctx.msg("list.and").join(
            ctx.msg(
                "brief.overview.afghan.operation",
                name=ctx.t(e.operation.name),
                acronym=e.operation.acronym,
                years=_span_years(ctx, e.operation, ongoing=e.ongoing),
            )
            for e in afghan
        )
        last = afghan[-1].operation
        if not afghan[-1].ongoing and last.end is not None:
            month = ctx.date(PartialDate(last.end.year, last.end.month))
            line += ctx.msg("brief.overview.afghan.ended", ran=ran, month=month)
        else:
            line += ctx.msg("brief.overview.afghan.ongoing", ran=ran)
        ctx.cite(*(e.operation.sources for e in afghan))
    if line:
        region.append(line.strip())
    china = ""
    summits_of_day = summits_view(atlas, day).summits
    for summit in summits_of_day:
        for decision in summit.decisions:
            if "china" in decision.highlight:
                month = ctx.date(PartialDate(summit.start.year, summit.start.month))
                china = ctx.msg("brief.overview.china.summit", month=month, decision=ctx.t(decision))
                ctx.cite(summit.sources)
    concept = next(
        (
            c
            for c in concepts_view(atlas, day).concepts
            if c.adopted.first_day <= day and any("china" in p.highlight for p in c.points)
        ),
        None,
    )
    if concept is not None:
        month = ctx.date(PartialDate(concept.adopted.year, concept.adopted.month))
        china += ctx.msg("brief.overview.china.concept", month=month)
        ctx.cite(concept.sources)
    if china:
        region.append(china.strip())
    summits = [s for s in summits_of_day if s.kind == "summit"]
    japan = timeline_view(atlas, "japan-nato", None, day).events
    attended = [e for e in japan if "pm-at-summit" in e.highlight]
    if attended:
        first = attended[0]
        month = ctx.date(PartialDate(first.date.year, first.date.month))
        # The reference names the Prime Minister; the name is known from the Japanese title only.
        who = ctx.reference(ja=first.title.ja.split("総理")[0], otherwise="")
        years = [e.date.year for e in attended]
        run = 1
        while run < len(years) and years[-run - 1] == years[-run] - 1:
            run += 1
        first_time = "brief.overview.japan.first.named" if who else "brief.overview.japan.first"
        text = ctx.msg(first_time, month=month, who=who)
        if run >= 2:
            again = [ctx.msg("brief.year", year=y) for y in years[-run + 1 :]]
            # 「2023年、2024年と」; "in 2023 and 2024"
            later = ctx.reference(
                ja=ctx.join(again),
                otherwise=ctx.msg("list.and").join([", ".join(again[:-1]), again[-1]][-len(again) :]),
            )
            latest = summits[-1].start.year if summits else years[-1]
            running = "brief.overview.japan.running" if latest == years[-1] else "brief.overview.japan.ran"
            words = _WORDS[run] if run < len(_WORDS) else str(run)
            text += ctx.msg(running, later=later, run=ctx.reference(ja=str(run), otherwise=words))  # 3年連続
        region.append(text)
        ctx.cite(*(e.sources for e in attended))
    if region:
        blocks.append(
            Bullets(
                tuple(region),
                title=ctx.msg("brief.overview.pillar.region"),
            )
        )
    # ➤ 3: global challenges.
    global_: list[str] = []
    maritime = next((o for o in ongoing if "maritime-security" in o.highlight), None)
    if maritime is not None:
        global_.append(ctx.msg("brief.overview.maritime", name=ctx.t(maritime.name)))
    # The place the data tags cyber among those the Commands and Forces views give on the day.
    places = [e.place for e in (*commands_view(atlas, day).commands, *forces_view(atlas, day).forces)]
    centre = next((p for p in places if "cyber" in p.highlight), None)
    if centre is not None:
        global_.append(
            ctx.msg("brief.overview.cyber", name=ctx.t(centre.name), country=ctx.name(centre.country))
        )
        ctx.cite(centre.sources)
    if global_:
        blocks.append(
            Bullets(
                tuple(global_),
                title=ctx.msg("brief.overview.pillar.global"),
            )
        )
    # The overview's facts as its view gives them (natoatlas.views.overview), in the box's form.
    facts = [(row.label, row.value) for row in overview_facts(atlas, day, ctx.lang, briefing=True)]
    hq = atlas.headquarters(on=day)
    if hq is not None:
        ctx.cite(hq.sources)
    ctx.cite(s.id for s in secretary_general_view(atlas, day).sources)
    ctx.cite(*(m.sources for m in members[-3:]))
    spec = charts.spec(maps.members_map(atlas, day, ctx.lang))
    title = ctx.msg("brief.overview.map", n=len(members))
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
        return [Paragraph(ctx.msg("brief.before-treaty"))]
    rows = []
    # The articles in force as the Treaty view gives them, those the data tags for the summary.
    articles = treaty_view(atlas, ctx.day).articles
    for article in sorted((a for a in articles if "treaty-summary" in a.highlight), key=lambda a: a.number):
        number = article.number
        title = ctx.t(article.title) if article.title else ""
        if number == 0:
            heading = title or ctx.msg("brief.treaty.preamble")
        else:
            label = ctx.msg("brief.treaty.article", number=number)
            heading = f"{label} ({title})" if title else label
        summary = ctx.reference(ja=article.briefing or "", otherwise="")
        text = summary or ctx.t(article.text)
        rows.append((heading, text))
        ctx.cite(article.sources)
    note = ctx.msg("brief.treaty.note")
    return [
        Table((ctx.msg("brief.treaty.column.article"), ctx.msg("brief.treaty.column.text")), tuple(rows)),
        Paragraph(note),
    ]


# -- 3. enlargement ---------------------------------------------------------------------------


def _enlargement(ctx: _Ctx) -> list[Block]:
    atlas, day = ctx.atlas, ctx.day
    rounds = enlargements_view(atlas, day).rounds
    if not rounds:
        return [Paragraph(ctx.msg("brief.before-treaty"))]
    # The events of each membership up to the day, as the country view gives them; the
    # membership's own sources cited from its record (the view gives the country's all together).
    events: list[EventEntry] = []
    for code in dict.fromkeys(m.country for m in atlas.memberships):
        country = country_view(atlas, atlas.countries[code], day)
        for record, entry in zip(atlas.membership(code), country.memberships, strict=True):
            ctx.cite(record.sources)
            for event in entry.events:
                if event.date.first_day <= day:
                    events.append(event)
                    ctx.cite(event.sources)
    # The reference gathers the Cold War's accessions in one line ("1952~90年の間の加盟国"), once it is over.
    # The Allies of a day in the briefing's order (the data's ``rank``), the view's for the unranked.
    rank = {m.country: m.rank for m in atlas.memberships}
    rounds = tuple(
        dataclasses.replace(r, countries=tuple(sorted(r.countries, key=lambda c: _ranked(rank.get(c.code)))))
        for r in rounds
    )
    cold_war = [r for r in rounds if not r.founding and r.date.year <= 1990]
    grouped = day.year > 1990 and len(cold_war) > 1
    items: list[tuple[dt.date, str]] = []
    for r in rounds:
        first_of_cold_war = bool(cold_war) and r is cold_war[0]
        if grouped and any(r is c for c in cold_war) and not first_of_cold_war:
            continue
        members = cold_war if grouped and first_of_cold_war else [r]
        names = ctx.join(ctx.name(c.code, short=True) for m in members for c in m.countries)
        if r.founding:
            label = ctx.msg("brief.enlargement.founders", year=r.date.year)
        elif grouped and first_of_cold_war:
            label = ctx.msg("brief.enlargement.cold-war", year=r.date.year)
        else:
            label = ctx.msg("brief.enlargement.round", month=ctx.date(PartialDate(r.date.year, r.date.month)))
        items.append((r.date.first_day, ctx.msg("brief.enlargement.line", label=label, names=names)))
    for event in events:
        text = f"{ctx.date(event.date)}: {event.text.get(ctx.lang)}"
        if grouped and event.date.year <= 1990:
            # Inside the grouped line's years: right after it, as its note.
            when = cold_war[0].date.first_day
            items.append((when, ctx.msg("brief.note", text=text)))
        else:
            items.append((event.date.first_day, text))
    items.sort(key=lambda item: item[0])
    count = ctx.msg("brief.enlargement.count", n=members_view(atlas, day).count)
    return [Bullets(tuple(text for _, text in items)), Paragraph(count)]


# -- 4. partners ---------------------------------------------------------------------------------


def _ranked(rank: int | None) -> tuple[bool, int]:
    """A sort key by the data's ``rank``: the ranked first, lowest first; the others after, in order."""
    return (rank is None, rank or 0)


def _partner_rank(atlas: Atlas, framework: str, partner: PartnerEntry) -> int | None:
    """The partner's place where the briefing names the framework's partners: the data's choice
    (``rank``) on the partnership record the view's entry stands for (by framework, country, start)."""
    return next(
        (
            p.rank
            for p in atlas.partnerships
            if p.framework == framework and p.country == partner.code and p.start == partner.from_
        ),
        None,
    )


def _partners(ctx: _Ctx) -> list[Block]:
    atlas, day = ctx.atlas, ctx.day
    blocks: list[Block] = []
    # The frameworks and their partners on the day as the Partners view gives them.
    entries = partners_view(atlas, day).frameworks
    live = sorted((e for e in entries if e.active), key=lambda e: _ranked(e.framework.rank))
    for entry in live:
        framework = entry.framework
        # A group or a programme the data gives as part of this framework (IP4 in PaG, MAP in PfP).
        # Only one in force on the day: MAP's members are dated to the year (1999), MAP began on 24 April.
        parts = [e for e in entries if e.framework.part_of == framework.id and e.active]
        group = next((e for e in parts if e.framework.kind == "group"), None)
        programme = next((e for e in parts if e.framework.kind == "programme"), None)
        map_members = {p.code: p for p in programme.partners} if programme else {}
        partners = entry.partners
        listed = framework.kind in ("partnership", "programme", "group") and bool(partners)
        title = entry.name.titled(ctx.lang)
        # A name in Japanese script is followed by its English one (an English name always has Latin letters).
        if not any("a" <= ch.lower() <= "z" for ch in title):
            title += f" ({entry.name.titled('en')})"
        start = ctx.date(PartialDate(framework.start.year, framework.start.month))
        count = ctx.count("count.partners", len(partners))
        if listed:
            heading = ctx.msg("brief.partners.heading.count", title=title, count=count, start=start)
        else:
            heading = ctx.msg("brief.partners.heading", title=title, start=start)
        items = [ctx.t(framework.description)] if framework.description else []
        if partners and listed:
            names, notes = [], []
            ip4_ranks = (
                {q.code: _partner_rank(atlas, group.framework.id, q) for q in group.partners}
                if group is not None
                else {}
            )
            # As the reference: the IP4 first, Japan leading, marked as a group; then the others.
            partners = tuple(
                sorted(partners, key=lambda p: (p.code not in ip4_ranks, _ranked(ip4_ranks.get(p.code))))
            )
            last_ip4 = max((i for i, p in enumerate(partners) if p.code in ip4_ranks), default=-1)
            for index, p in enumerate(partners):
                mark = ""
                code = p.code
                if p.status is not None or code in map_members:
                    notes_for = []
                    if p.status is not None:
                        text = ctx.t(p.status.text)
                        year = str(p.status.start.year)
                        notes_for.append(
                            text if year in text else ctx.msg("brief.partners.status", year=year, text=text)
                        )
                        ctx.cite(p.status.sources)
                    if code in map_members and programme is not None:
                        joined = map_members[code]
                        notes_for.append(
                            ctx.msg(
                                "brief.partners.map",
                                year=joined.from_.year,
                                plan=ctx.reference(
                                    ja=ctx.t(programme.framework.description),
                                    otherwise=programme.name.titled(ctx.lang),
                                ),
                            )
                        )
                        ctx.cite(joined.sources)
                    for text in notes_for:
                        notes.append(text)
                        mark += ctx.msg("brief.note.mark", n=len(notes))
                if index == last_ip4 and group is not None:
                    # The group by its name of the day: AP4 until it became IP4.
                    mark += ctx.msg("brief.partners.ip4.mark", acronym=group.framework.name_on(day).acronym)
                names.append(p.name.get(ctx.lang) + mark)
                ctx.cite(p.sources)
            items.append(ctx.join(names))
            items += [ctx.msg("brief.note.numbered", n=i, text=text) for i, text in enumerate(notes, 1)]
        if framework.interested:
            who = ctx.msg("list.and").join(ctx.name(c) for c in framework.interested)
            items.append(ctx.msg("brief.partners.interested", who=who))
        if group is not None and group.partners:
            ip4 = sorted(group.partners, key=lambda p: _ranked(_partner_rank(atlas, group.framework.id, p)))
            who = ctx.join(p.name.get(ctx.lang) for p in ip4)
            named = group.framework.name_on(day)
            items.append(
                ctx.msg(
                    "brief.partners.ip4",
                    who=who,
                    n=len(ip4),
                    acronym=named.acronym,
                    name=named.get(ctx.lang).removesuffix(f" ({named.acronym})"),
                )
            )
            ctx.cite(group.framework.sources, *(p.sources for p in ip4))
        if framework.kind == "council":
            met = [n for n in framework.notes if n.date.first_day <= day and "last-met" in n.highlight]
            if met:
                when = ctx.date(PartialDate(met[-1].date.year, met[-1].date.month))
                items.append(ctx.msg("brief.partners.last-met", when=when))
                ctx.cite(met[-1].sources)
        ctx.cite(framework.sources)
        blocks.append(Bullets(tuple(items), title=heading))
    if not blocks:
        blocks.append(Paragraph(ctx.msg("brief.partners.none")))
        return blocks
    spec = charts.spec(maps.partners_map(atlas, day, ctx.lang))
    title = msg("map.partners.title", ctx.lang)
    blocks.append(Figure("map", title, title, spec))
    return blocks


# -- 5. organisation --------------------------------------------------------------------------------


def _organisation(ctx: _Ctx) -> list[Block]:
    atlas, day = ctx.atlas, ctx.day
    blocks: list[Block] = []
    # The bodies and their chairs, the offices and their holders on the day, as the views give them.
    organisation = organisation_view(atlas, day)
    offices = offices_view(atlas, day)
    commands = commands_view(atlas, day)
    chart = chart_of(organisation, secretary_general_view(atlas, day), commands, offices, ctx.lang)
    if chart is not None:
        blocks.append(chart)
        # The holders' sources in the data file's order of the offices (the view orders them by id).
        held = {e.office.id: e.holder_on for e in offices.offices}
        for office_id in atlas.offices:
            holder = held[office_id]
            if holder is not None:
                ctx.cite(holder.sources)
    for entry in organisation.bodies:
        body = entry.body
        description = ctx.t(body.description)
        # One item a sentence, each ended as the language ends a sentence in a list.
        items = [s.strip() for s in description.split(ctx.msg("brief.sentence.sep")) if s.strip()]
        items = [ctx.msg("brief.sentence.item", text=s.removesuffix(".")) for s in items]
        if body.chair and items:
            chair = ctx.t(body.chair).split("(")[0].strip().removeprefix("The ")
            items[-1] = items[-1].rstrip(".") + ctx.msg("brief.organisation.chair", chair=chair)
        if body.composition:
            composition = ctx.t(body.composition)
            if composition.casefold() not in description.casefold():
                items.append(composition)
        if entry.chair_on is not None:
            items.append(ctx.msg("brief.organisation.chair-on", name=ctx.t(entry.chair_on.name)))
            ctx.cite(entry.chair_on.sources)
        if body.levels:
            levels = ctx.join(ctx.t(level) for level in body.levels)
            items.append(ctx.msg("brief.organisation.levels", levels=levels))
        ctx.cite(body.sources)
        blocks.append(Bullets(tuple(items), title=ctx.msg("brief.organisation.body", name=ctx.t(body.name))))
    return blocks or [Paragraph(ctx.msg("brief.organisation.none"))]


# -- 6. commands and forward presence -------------------------------------------------------------

#: The reference's groups of page 6, by kind of place (its ①–㉙ table).
_COMMAND_GROUPS = {
    "strategic-command": "brief.commands.group.commands",
    "joint-force-command": "brief.commands.group.commands",
    "support-command": "brief.commands.group.commands",
    "mnd": "brief.commands.group.commands",
    "landcom": "brief.commands.group.landcom",
    "marcom": "brief.commands.group.marcom",
    "aircom": "brief.commands.group.aircom",
    "caoc": "brief.commands.group.aircom",
    "daccc": "brief.commands.group.aircom",
    "nfiu": "brief.commands.group.nfiu",
    "battlegroup": "brief.commands.group.battlegroup",
}


def _commands(ctx: _Ctx) -> list[Block]:
    atlas, day = ctx.atlas, ctx.day
    # Page 6's numbering of the places the Commands and Forces views give on the day (the map's).
    numbered = [(maps.circled(n.number), n.entry) for n in numbering_view(atlas, day)]
    if not numbered:
        return [Paragraph(ctx.msg("brief.commands.none"))]
    rows: list[tuple[str, str]] = []
    group = ""
    glossary: dict[str, str] = {}
    caocs: list[tuple[str, Place]] = []
    for index, (number, entry) in enumerate(numbered):
        place = entry.place
        key = place.id if place.kind == "single-service-command" else place.kind
        name = _COMMAND_GROUPS.get(key, _COMMAND_GROUPS["strategic-command"])
        if ctx.msg(name) != group:
            group = ctx.msg(name)
            rows.append(("", group))
        ctx.cite(place.sources)
        if place.kind == "caoc":
            caocs.append((number, place))
            # Places sharing a number (the data's ``shares_number``) are one row.
            following = numbered[index + 1] if index + 1 < len(numbered) else None
            if following and following[1].place.kind == "caoc" and following[0] == number and number:
                continue
            numbers = "".join(dict.fromkeys(n for n, _ in caocs))
            cities = ctx.msg("list.sep.short").join(ctx.t(p.city) for _, p in caocs)
            rows.append((numbers, f"CAOC{'s' if len(caocs) > 1 else ''}: {cities}"))
            glossary["CAOC"] = "Combined Air Operations Centre"
            caocs = []
            continue
        if place.kind == "battlegroup":
            lead = entry.lead_on
            lead_name = lead.name.get(ctx.lang) if lead else ""
            label = ctx.msg("brief.commands.battlegroup", country=ctx.name(place.country), lead=lead_name)
            if lead:
                # The view names the lead nation; its sources are those of the place's leads by it.
                ctx.cite(*(item.sources for item in place.leads if item.country == lead.code))
        elif place.kind == "nfiu":
            label = ctx.t(place.city)
        elif place.kind == "mnd":
            hosts = ctx.msg("list.sep.short").join(ctx.name(c) for c in (place.country, *place.elements_in))
            label = f"{place.acronym}: {hosts}"
            glossary[str(place.acronym)] = place.name.en.removeprefix("Headquarters ")
        elif place.kind == "daccc":
            label = f"{place.acronym}: {ctx.t(place.city)}"
            glossary[str(place.acronym)] = place.name.en
        elif place.kind == "single-service-command":
            label = ctx.msg("brief.commands.headquarters", city=ctx.t(place.city))
        else:
            name, city = ctx.t(place.name), ctx.t(place.city)
            # NATO's English names carry their city ("Allied Joint Force Command Brunssum"): once.
            label = name if city in name else f"{name}: {city}"
        rows.append((number, label))
    columns = (ctx.msg("brief.commands.column.number"), ctx.msg("brief.commands.column.name"))
    spec = charts.spec(maps.forces_map(atlas, day, ctx.lang))
    alt = ctx.join(f"{n} {ctx.t(e.place.city)}" for n, e in numbered if n)
    blocks: list[Block] = [Table(columns, tuple(rows), halves=True)]
    if glossary:
        # The abbreviations in one paragraph under the table, as the reference's small print.
        blocks.append(
            Paragraph(ctx.msg("brief.commands.glossary.sep").join(f"{k}: {v}" for k, v in glossary.items()))
        )
    blocks.append(Figure("map", msg("map.forces.title", ctx.lang), alt, spec))
    return blocks


# -- 7. Strategic Concept ------------------------------------------------------------------------------


def _concept(ctx: _Ctx) -> list[Block]:
    atlas, day = ctx.atlas, ctx.day
    # The Concept in force and those adopted by the day, as the Concepts view gives them.
    concepts = concepts_view(atlas, day)
    current = next((c for c in concepts.concepts if c.id == concepts.current), None)
    adopted = [c for c in concepts.concepts if c.adopted.first_day <= day]
    if current is None:
        return [Paragraph(ctx.msg("brief.concept.none"))]
    # The summit that adopted it, among those the Summits view gives up to the day.
    summit = next(
        (s for s in summits_view(atlas, day).summits if s.holds_on(current.adopted.first_day)), None
    )
    month = ctx.date(PartialDate(current.adopted.year, current.adopted.month))
    if summit is not None:
        where = ctx.msg("brief.concept.where.summit", month=month, city=ctx.t(summit.city))
        ctx.cite(summit.sources)
    else:
        place = ctx.t(current.place) if current.place else ""
        adopted_on = ctx.date(current.adopted)
        if place:
            where = ctx.msg("brief.concept.where.place", date=adopted_on, place=place)
        else:
            where = ctx.msg("brief.concept.where.date", date=adopted_on)
    counted = "brief.concept.count.decades" if len(adopted) >= 5 else "brief.concept.count"
    intro = [
        ctx.msg("brief.concept.intro"),
        ctx.msg(counted, year=atlas.founded.year, concepts=ctx.count("count.concepts", len(adopted))),
        ctx.msg("brief.concept.current", where=where),
    ]
    ctx.cite(B)
    blocks: list[Block] = [Bullets(tuple(intro))]
    # The reference's history of the Concepts, each step once its Concept was adopted (``history``).
    history = [ctx.t(c.history) for c in adopted if c.history is not None]
    if history:
        blocks.append(Bullets(tuple(history), title=ctx.msg("brief.concept.history")))
    if current.points:
        title = ctx.msg("brief.concept.points", year=current.adopted.year)
        blocks.append(Heading(title))
        if current.extent is not None:
            blocks.append(Paragraph(ctx.msg("brief.note.short", text=ctx.t(current.extent))))
        groups: dict[str, list[str]] = {}
        core = ctx.msg("brief.concept.core-tasks")
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
                groups.setdefault(ctx.msg("brief.concept.indo-pacific"), []).append(text)
            else:
                groups.setdefault(ctx.msg("brief.concept.environment"), []).append(text)
        blocks += [Bullets(tuple(items), title=heading or None) for heading, items in groups.items()]
    rows = tuple(
        (ctx.date(c.adopted), ctx.t(c.place) if c.place else "", ctx.t(c.name), c.document or "")
        for c in adopted
    )
    blocks.append(
        Table(
            (
                ctx.msg("brief.concept.column.adopted"),
                ctx.msg("brief.concept.column.place"),
                ctx.msg("brief.concept.column.title"),
                ctx.msg("brief.concept.column.document"),
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
    # Every target agreed by the day, superseded ones too: the briefing tells their history,
    # where the targets view gives those in force.
    targets = [t for t in spending.targets if t.agreed.first_day <= day]
    # The summits up to the day, as the Summits view gives them.
    summits = summits_view(atlas, day).summits
    summit_of = {s.id: s for s in summits}
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
        summit = summit_of[target.summit]
        texts_ = [ctx.t(t.text).rstrip("。.") for t in by_summit.pop(target.summit)]
        dated.append((summit.start.first_day, _summit_line(ctx, summit, texts_, first)))
        first = False
    # Summits that reaffirmed a target without setting one (Madrid 2022: "…という誓約を再確認").
    set_at = {t.summit for t in targets}
    for summit in summits:
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
        blocks.append(Bullets(tuple(items), title=ctx.msg("brief.spending.targets")))
    try:
        release = spending.release(on=day)
    except LookupError:
        blocks.append(Paragraph(ctx.msg("brief.spending.none")))
        return blocks
    years = spending.years(release.id)
    year = max(y for y in years if y <= day.year) if any(y <= day.year for y in years) else years[-1]
    answer = spending.compliance(year, 2.0, release=release.id)
    source = atlas.sources[release.id]
    names = ctx.join(ctx.name(a) for a in answer.allies)
    estimate = ctx.msg("brief.spending.estimate") if answer.estimate else ""
    if answer.coverage == "partial":
        # A release that gives only some Allies: say how many it gives, never a total it does not state.
        missing = ctx.join(ctx.name(a) for a in spending.expected_allies(year) if a not in answer.values)
        lines = [
            ctx.msg(
                "brief.spending.compliance.partial",
                title=source.title,
                year=year,
                given=ctx.count("count.allies", answer.given),
                expected=answer.expected,
                n=answer.count,
                names=names,
                missing=missing,
                estimate=estimate,
            )
        ]
    else:
        lines = [
            ctx.msg(
                "brief.spending.compliance",
                year=year,
                allies=ctx.count("count.allies", answer.count),
                names=names,
                estimate=estimate,
            )
        ]
    for other in spending.compare(year, 2.0, on=day):
        if other.release.id != release.id:
            other_source = atlas.sources[other.release.id]
            published = ctx.date(other_source.published)
            lines.append(
                ctx.msg(
                    "brief.spending.other-release",
                    title=other_source.title,
                    published=published,
                    allies=ctx.count("count.allies", other.count),
                )
            )
            ctx.cite(other.release.sources)
    if year - 1 in years:
        earlier = spending.compliance(year - 1, 2.0, release=release.id)
        lines.append(
            ctx.msg(
                "brief.spending.year-before", year=year - 1, allies=ctx.count("count.allies", earlier.count)
            )
        )
    published = format_date(source.published, ctx.lang, style="cited")
    # The release as the briefing names it (the data's ``cited``), else by its source's title.
    cited = ctx.t(release.cited) if release.cited is not None else source.title
    lines.append(ctx.msg("brief.spending.source", title=cited, published=published))
    ctx.cite(release.sources)
    blocks.append(Bullets(tuple(lines), title=ctx.msg("brief.spending.compliance.title")))
    # The five-Ally chart needs a series over the years.
    series = spending.newest_with("usd_million", day)
    if series is not None:
        chart = charts.top5_chart(atlas, series.id, ctx.lang)
        ctx.cite(series.sources)
        blocks.append(
            Figure(
                "chart",
                msg("chart.top5.title", ctx.lang),
                "",
                charts.spec(chart),
            )
        )
        if answer.estimate:
            blocks.append(Paragraph(ctx.msg("brief.spending.estimate-note", year=year)))
    # Every Ally's figure of the year from the release, as the spending rows view gives them.
    figures = [r for r in spending_rows(atlas, year, None, release.id, "pct_gdp", day) if r.value is not None]
    if figures:
        chart = charts.allies_chart(atlas, year, 2.0, release.id, ctx.lang)
        values = ctx.join(f"{ctx.name(f.code)} {f.value:.2f}" for f in figures if f.value is not None)
        blocks.append(
            Figure(
                "chart",
                msg("chart.allies.title", ctx.lang, year=year),
                values,
                charts.spec(chart),
            )
        )
    return blocks


def _summit_line(ctx: _Ctx, summit: Summit, texts_: list[str], first: bool) -> str:
    """「NATOウェールズ首脳会合(2014年)で、…ことを目標に決定。」, later ones 「…では、…。」"""
    city, year = ctx.t(summit.city), summit.start.year
    if first:
        # A noun-ended aim ("…を20%に増額") takes する before こと (brief.spending.aim; as it is in English).
        aims = [t if t.endswith("る") else ctx.msg("brief.spending.aim", aim=t) for t in texts_]
        joined = ctx.msg("brief.spending.aims.sep.first").join(aims)
        return ctx.msg("brief.spending.summit.first", city=city, year=year, aims=joined)
    joined = ctx.msg("brief.spending.aims.sep").join(texts_)
    return ctx.msg("brief.spending.summit.later", city=city, year=year, aims=joined)


# -- 9. operations -----------------------------------------------------------------------------------------

_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def _operations(ctx: _Ctx) -> list[Block]:
    atlas, day = ctx.atlas, ctx.day
    # The operations started by the day, ongoing or ended then, as the Operations view gives them.
    started = operations_view(atlas, day).operations
    ongoing = [e.operation for e in started if e.ongoing]
    ended = [e.operation for e in started if not e.ongoing]
    if not ongoing and not ended:
        return [Paragraph(ctx.msg("brief.operations.none"))]
    # The ended ones the data marks ``principal`` (the reference's); on a day before any of them
    # had ended, every ended one (the Operations view and the pages list them all, always).
    if any("principal" in o.highlight for o in ended):
        ended = [o for o in ended if "principal" in o.highlight]
    blocks: list[Block] = []
    if ongoing:
        blocks.append(Heading(ctx.msg("brief.operations.ongoing")))
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
                    items += [f"{j}) {_op_title(ctx, op, ended=False)}", _op_mandate(ctx, op)]
                blocks.append(Bullets(tuple(items), title=f"{mark} {ctx.msg('brief.operations.maritime')}"))
            elif key == "air":
                why = ""
                # The group's heading says why it was reinforced, from the day the data dates it.
                reinforced = next(
                    (o.reinforced for o in ops if o.reinforced and o.reinforced.date.first_day <= day), None
                )
                if reinforced is not None:
                    why = ctx.msg("brief.operations.why", why=ctx.t(reinforced.text))
                    ctx.cite(reinforced.sources)
                names = [_op_title(ctx, op, ended=False) for op in ops]
                mandates = list(dict.fromkeys(_op_mandate(ctx, op) for op in ops))
                blocks.append(
                    Bullets(
                        tuple([*mandates, *names]), title=f"{mark} {ctx.msg('brief.operations.air')}{why}"
                    )
                )
            else:
                items = [_op_mandate(ctx, op) for op in ops]
                blocks.append(Bullets(tuple(items), title=f"{mark} {_op_title(ctx, ops[0], ended=False)}"))
            for op in ops:
                ctx.cite(op.sources)
    if ended:
        blocks.append(Heading(ctx.msg("brief.operations.ended")))
        by_id = {e.operation.id: e.operation for e in started}
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
                name = _named(ctx, before)
                items.append(
                    ctx.msg("brief.operations.predecessor", name=name, description=ctx.t(before.description))
                )
                ctx.cite(before.sources)
            blocks.append(Bullets(tuple(items), title=_op_title(ctx, op, ended=True)))
            ctx.cite(op.sources)
    return blocks


def _acronym(ctx: _Ctx, op: Operation) -> str:
    if not op.acronym or op.acronym in ctx.t(op.name):
        return ""
    return ctx.msg("brief.operations.acronym", acronym=op.acronym)


def _named(ctx: _Ctx, op: Operation) -> str:
    """The name with its acronym, one pair of brackets: "Stabilisation Force (SFOR; Operations
    Joint Guard and Joint Forge)", not "… (Operations Joint Guard and Joint Forge) (SFOR)"."""
    name, acronym = ctx.t(op.name), _acronym(ctx, op)
    inner = name.rsplit("(", 1)[1].removesuffix(")") if acronym and name.endswith(")") and "(" in name else ""
    if not inner:
        return name + acronym
    outer = name[: name.rindex("(")].rstrip()
    return ctx.msg("brief.operations.acronym.with", name=outer, acronym=op.acronym, inner=inner)


def _op_title(ctx: _Ctx, op: Operation, *, ended: bool) -> str:
    """Name and period: 「コソボ治安維持部隊(KFOR) 1999.6~」, "Kosovo Force (KFOR) 12 June 1999 –";
    ``ended`` as the Operations view says of the day (not ``ongoing``)."""
    name = _named(ctx, op)
    if ended and op.end is not None:
        period = span(op.start, op.last_day or op.end, ctx.lang, style="compact")
        return ctx.msg("brief.operations.title.ended", name=name, span=period)
    return ctx.msg("brief.operations.title", name=name, span=span(op.start, None, ctx.lang, style="compact"))


def _op_mandate(ctx: _Ctx, op: Operation) -> str:
    mandate = ctx.t(op.description) if op.description else ctx.t(op.area)
    if op.article5 is not None and "5条" not in mandate and "Article 5" not in mandate:
        mandate += ctx.msg("brief.operations.article5" if op.article5 else "brief.operations.non-article5")
    return ctx.msg("brief.operations.mandate", mandate=mandate)


def _month(value: PartialDate | None) -> PartialDate | None:
    """A date to the month, as the reference dates its sources: 2025年4月."""
    if value is None or not value.month:
        return value
    return PartialDate(value.year, value.month)


# -- 10. Japan–NATO ---------------------------------------------------------------------------------------


def _japan(ctx: _Ctx) -> list[Block]:
    # The Japan–NATO events up to the day, as the Timeline view gives them (filled for the day).
    events = timeline_view(ctx.atlas, "japan-nato", None, ctx.day).events
    # Those the data keeps as background (told by the timeline and the pages) are left out.
    events = tuple(e for e in events if "background" not in e.highlight)
    if not events:
        return [Paragraph(ctx.msg("brief.japan.none"))]
    rows = []
    for e in events:
        # The points the data chooses for the briefing (the reference's), else up to four.
        details = " / ".join(ctx.t(d) for d in e.details[: 4 if e.points is None else e.points])
        rows.append((ctx.date(e.date), ctx.t(e.title), details))
        ctx.cite(e.sources)
    columns = (
        ctx.msg("brief.japan.column.date"),
        ctx.msg("brief.japan.column.event"),
        ctx.msg("brief.japan.column.details"),
    )
    # An event the data tells as a caption: a line under the table of its part, not a row.
    captions = [
        (
            e.date.first_day,
            ctx.msg("brief.japan.caption", title=ctx.t(e.title), detail=_lower(ctx.t(e.details[0]))),
        )
        for e in events
        if "caption" in e.highlight and e.details
    ]
    kept = [(e.date, row) for e, row in zip(events, rows, strict=True) if "caption" not in e.highlight]
    if len(kept) <= 12:
        return [Table(columns, tuple(r for _, r in kept)), *(Paragraph(c) for _, c in captions)]
    # Two pages, as the reference's 日NATO関係(1)/(2): split at the first new year past the middle.
    years = [d.year for d, _ in kept]
    cut = next((i for i in range(len(kept) // 2, len(kept)) if years[i] != years[i - 1]), len(kept) // 2)
    title = ctx.msg("brief.section.japan")
    ends = kept[cut - 1][0].first_day
    return [
        Table(columns, tuple(r for _, r in kept[:cut]), title=ctx.msg("brief.japan.part", title=title, n=1)),
        *(Paragraph(c) for d, c in captions if d <= ends),
        Table(columns, tuple(r for _, r in kept[cut:]), title=ctx.msg("brief.japan.part", title=title, n=2)),
        *(Paragraph(c) for d, c in captions if d > ends),
    ]


# -- what changed ---------------------------------------------------------------------------------------------


def _changes(ctx: _Ctx, since: dt.date) -> list[Block]:
    # What changed, as the Changes view gives it (texts filled for the day).
    changes = changes_view(ctx.atlas, since, ctx.day).changes
    heading = ctx.msg(
        "brief.changes.heading",
        since=ctx.date(PartialDate.of(since)),
        until=ctx.date(PartialDate.of(ctx.day)),
    )
    rows = tuple((ctx.date(c.date), c.kind, c.text.get(ctx.lang)) for c in changes)
    for c in changes:
        ctx.cite(c.sources)
    if not rows:
        return [Heading(heading), Paragraph(ctx.msg("brief.changes.none"))]
    return [
        Heading(heading),
        Table(
            (
                ctx.msg("brief.changes.column.date"),
                ctx.msg("brief.changes.column.kind"),
                ctx.msg("brief.changes.column.change"),
            ),
            rows,
        ),
    ]


def _lower(sentence: str) -> str:
    """A sentence continuing a line: its closing full stop dropped, an English first word in
    lower case ("The communiqué refers …" after "June 2021 NATO Summit: ")."""
    text = sentence.rstrip("。.")
    return (
        text[:1].lower() + text[1:]
        if text[:2].isalpha() and text[:2].isascii() and not text[:2].isupper()
        else text
    )
