"""Messages of the cli layer (see natoatlas.messages): id -> Message(en, ja)."""

from __future__ import annotations

from natoatlas.messages.message import Message

MESSAGES: dict[str, Message] = {
    # Shared by the views and every printer.
    "cli.list_sep": Message(", ", "、"),
    "cli.data_as_of": Message("data as of {day}", "データは {day} 現在"),
    "cli.data_as_of.none": Message("data as of: not reviewed", "データ確認日: 未確認"),
    "cli.sources": Message("sources", "出典"),
    "cli.acting": Message(" (acting)", " (代行)"),
    "cli.ours_note": Message("(Japanese of this project's own)", "※ 本プロジェクトによる訳"),
    # The overview (views.overview), in the briefing's words.
    "cli.overview.title": Message("The North Atlantic Treaty Organization (NATO): overview", "北大西洋条約機構 (NATO) の概要"),
    "cli.overview.members.label": Message("Allies", "加盟国"),
    "cli.overview.founded.label": Message("Founded", "設立年"),
    "cli.overview.sg.label": Message("Secretary General", "事務総長"),
    "cli.overview.hq.label": Message("Headquarters", "本部"),
    "cli.overview.newest.label": Message("Newest Ally", "最新の加盟国"),
    "cli.overview.none": Message("none", "なし"),
    "cli.overview.count": Message("{n}", "{n}か国"),
    "cli.overview.founded": Message("{year} ({n} founding members)", "{year}年(原加盟国{n}か国)"),
    "cli.overview.acting": Message(" (acting)", "(代行)"),
    "cli.overview.sg": Message("{name}{acting}, since {since}", "{name}{acting} {since}から現職"),
    "cli.overview.sg_former": Message("; former {office}", "、元{office}"),
    "cli.overview.hq": Message("{city}, {country}", "{city}({country})"),
    "cli.overview.newest": Message("{names} ({date})", "{names}({date})"),
    "cli.overview.sources": Message("Sources / 出典:", "Sources / 出典:"),
    "cli.overview.more": Message(
        "… and {n} more (natoatlas members --json lists them)", "… and {n} more (natoatlas members --json lists them)"
    ),
    # members, country, sg
    "cli.members.title": Message("{n} Allies on {day}", "{n}か国 ({day})"),
    "cli.members.none": Message("No members on {day}.", "No members on {day}."),
    "cli.col.number": Message("#", "#"),
    "cli.col.code": Message("code", "コード"),
    "cli.col.ally": Message("Ally", "加盟国"),
    "cli.col.joined": Message("joined", "加盟日"),
    "cli.country.name_span": Message("name {span}", "name {span}"),
    "cli.country.not_ally": Message("not an Ally", "NATO加盟国ではない"),
    "cli.country.since": Message("Ally since", "加盟"),
    "cli.sg.none": Message(
        "No Secretary General on {day}: the first took office on {first}.",
        "No Secretary General on {day}: the first took office on {first}.",
    ),
    # The sections' printers (cli_sections).
    "cli.treaty.preamble": Message("Preamble", "前文"),
    "cli.treaty.article": Message("Article {n}", "第{n}条"),
    "cli.treaty.briefing": Message("Summary of the MOFA briefing", "外務省資料の要約"),
    "cli.treaty.in_force": Message("this version in force", "この版の有効期間"),
    "cli.partners.not_existing": Message(" (not in existence on this day)", " (この日は存在せず)"),
    "cli.partners.interested": Message("interested", "参加に関心"),
    "cli.organisation.chair": Message("chair", "議長"),
    "cli.organisation.chair_on": Message("chair on this day", "現議長"),
    "cli.organisation.levels": Message("levels", "レベル"),
    "cli.offices.title": Message("offices ({day})", "主要ポスト ({day})"),
    "cli.offices.vacant": Message("(vacant or unknown)", "(不明又は空席)"),
    "cli.offices.titled": Message("{title} {name}", "{name} {title}"),
    "cli.commands.title": Message("commands ({day})", "司令部 ({day})"),
    "cli.forces.title": Message("forces ({day})", "前方展開部隊 ({day})"),
    "cli.operations.title": Message("operations ({day})", "作戦・任務 ({day})"),
    "cli.operations.ongoing": Message("ongoing", "継続中"),
    "cli.operations.article5.true": Message("Article 5", "5条任務"),
    "cli.operations.article5.false": Message("non-Article 5", "非5条任務"),
    "cli.col.office": Message("office", "職名"),
    "cli.col.holder": Message("holder", "在任者"),
    "cli.col.country": Message("country", "国"),
    "cli.col.since": Message("since", "就任"),
    "cli.col.kind": Message("kind", "種別"),
    "cli.col.name": Message("name", "名称"),
    "cli.col.place": Message("place", "所在地"),
    "cli.col.lead": Message("lead", "主導国"),
    "cli.col.opened": Message("since", "開設"),
    "cli.col.start": Message("start", "開始"),
    "cli.col.end": Message("end", "終了"),
    "cli.col.article5": Message("Article 5", "5条"),
    # The rules' printers (cli_rules).
    "cli.covers.ambiguous": Message(
        "{name!r} names {n} places; give one of these:",
        "「{name}」に当たる場所が{n}か所あります。次のいずれかを指定してください:",
    ),
    "cli.covers.covered": Message("covered by Article 5", "第5条の対象"),
    "cli.covers.not_covered": Message("not covered by Article 5", "第5条の対象外"),
    "cli.covers.allies": Message("Allies bound to assist", "援助する締約国"),
    "cli.accession.no_step": Message("no step yet", "まだ手続きなし"),
    "cli.accession.ratified": Message("ratified", "批准済み"),
    "cli.accession.awaiting": Message("still to ratify", "未批准"),
    "cli.diff.none": Message("no recorded change", "変化なし"),
    # spending
    "cli.col.rank": Message("#", "順位"),
    "cli.col.value": Message("value", "値"),
    "cli.col.estimate": Message("estimate", "推計"),
    "cli.col.meets": Message("meets", "達成"),
    "cli.spending.partial": Message(
        "partial: {release} gives {given} of the {expected} Allies with armed forces for {year}",
        "一部のみ: {release} は{year}年について軍隊を持つ{expected}か国中{given}か国の数値のみ",
    ),
    "cli.spending.according_to": Message("according to", "公表"),
    "cli.spending.counted_partial": Message("{count} of the {given} Allies it gives", "{given}か国中{count}か国"),
    "cli.spending.counted": Message("{count} Allies", "{count} か国"),
    # sources
    "cli.sources.count": Message(" sources", "件"),
    "cli.sources.kinds": Message("sources: {kinds}", "出典: {kinds}"),
    "cli.sources.records": Message(
        "records: {records}, with an official source: {official} ({share})", "記録: {records}件、公式出典あり {official}件 ({share})"
    ),
    "cli.sources.only_mirrors": Message("citing only mirrors: {n}", "転載のみ: {n}件"),
    "cli.sources.quoted": Message(
        "records that must quote: {quoted} of {to_quote} quote the source", "引用が必要な記録: {to_quote}件中 {quoted}件が引用あり"
    ),
    "cli.sources.citations": Message(
        "citations: {quoted} of {citations} quote the sentence", "引用箇所: {citations}件中 {quoted}件が原文を引用"
    ),
    "cli.sources.gaps": Message("gaps: {n}", "要修正: {n}件"),
    # search (views.search, cli.search)
    "cli.search.summit": Message("{city} Summit {year}", "{city}首脳会合({year}年)"),
    "cli.search.summit-in": Message("{city} Summit ({when})", "{city}首脳会合({when})"),
    "cli.search.none": Message("Nothing found for {query!r}.", "「{query}」に一致するものはない。"),
    "cli.search.count": Message("{n} found for {query!r} ({shown} shown)", "「{query}」: {n}件({shown}件を表示)"),
    "cli.search.kind.country": Message("country", "国"),
    "cli.search.kind.place": Message("command or unit", "司令部・部隊"),
    "cli.search.kind.operation": Message("operation", "作戦・任務"),
    "cli.search.kind.summit": Message("summit", "首脳会合"),
    "cli.search.kind.person": Message("person", "人物"),
    "cli.search.kind.framework": Message("partnership framework", "パートナーシップの枠組み"),
    "cli.search.kind.body": Message("body", "機関"),
    "cli.search.kind.territory": Message("territory", "領域"),
    "cli.search.held": Message("on {day}", "{day}時点で該当"),
    "cli.search.not_held": Message("not on {day} (see {shown})", "{day}時点では該当せず({shown}を参照)"),
}  # fmt: skip
