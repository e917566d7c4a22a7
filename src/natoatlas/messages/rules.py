"""Messages of the rules layer (see natoatlas.messages): id -> Message(en, ja).

The words the rules answer in: lists (``list.*``), the reasons of an Article 5/6 coverage answer
(``covers.*``; built in both languages with :func:`natoatlas.kb.bilingual.both`), the changes
between two dates (``change.*``) and the texts filled for a day (``text.*``). A ``.but`` id is
its base id's half-sentence as it runs on into "but": 「…にあるが」「…加盟国だが」.
"""

from __future__ import annotations

from natoatlas.messages.message import Message

MESSAGES: dict[str, Message] = {
    # -- lists ----------------------------------------------------------------------------------
    "list.sep": Message(", ", "、"),
    "list.sep.short": Message(", ", "・"),
    "list.and": Message(" and ", "及び"),
    # -- texts filled for a day ------------------------------------------------------------------
    "text.sg.none": Message("none", "なし"),
    # -- Article 6's clauses (our Japanese of the Treaty's words) ----------------------------------
    "covers.clause.europe-north-america": Message(
        "Article 6 (i): the territory of any of the Parties in Europe or North America",
        "第6条(i):欧州又は北米におけるいずれかの締約国の領域",
        ja_ours=True,
    ),
    "covers.clause.algerian-departments": Message(
        "Article 6 (i): the Algerian Departments of France", "第6条(i):フランス領アルジェリアの諸県", ja_ours=True
    ),
    "covers.clause.turkey": Message("Article 6 (i): the territory of Turkey", "第6条(i):トルコの領域", ja_ours=True),
    "covers.clause.north-atlantic-islands": Message(
        "Article 6 (i): the islands under the jurisdiction of any of the Parties in the North Atlantic area "
        "north of the Tropic of Cancer",
        "第6条(i):北回帰線以北の北大西洋地域におけるいずれかの締約国の管轄下にある島",
        ja_ours=True,
    ),
    "covers.clause.forces-mediterranean": Message(
        "Article 6 (ii): the forces, vessels or aircraft of any of the Parties in or over the Mediterranean Sea",
        "第6条(ii):地中海におけるいずれかの締約国の軍隊、船舶又は航空機",
        ja_ours=True,
    ),
    "covers.clause.forces-north-atlantic": Message(
        "Article 6 (ii): the forces, vessels or aircraft of any of the Parties in or over the North Atlantic "
        "area north of the Tropic of Cancer",
        "第6条(ii):北回帰線以北の北大西洋地域におけるいずれかの締約国の軍隊、船舶又は航空機",
        ja_ours=True,
    ),
    "covers.clause.forces-territory": Message(
        "Article 6 (ii): the forces, vessels or aircraft of any of the Parties on or over these territories",
        "第6条(ii):これらの領域におけるいずれかの締約国の軍隊、船舶又は航空機",
        ja_ours=True,
    ),
    # -- where a place lies, outside Article 6's area ----------------------------------------------
    "covers.area.on": Message("{area} (on {territory})", "{area}({territory})", ja_ours=True),
    "covers.sea.mediterranean": Message("the Mediterranean Sea", "地中海", ja_ours=True),
    "covers.sea.north-atlantic": Message(
        "the North Atlantic north of the Tropic of Cancer", "北回帰線以北の北大西洋", ja_ours=True
    ),
    # -- where a place is: the first half of a reason ---------------------------------------------
    "covers.belongs.country": Message("{Name} is a NATO Ally", "{Name}はNATO加盟国", ja_ours=True),
    "covers.belongs.country.but": Message("{Name} is a NATO Ally", "{Name}はNATO加盟国だが", ja_ours=True),
    "covers.belongs.was-territory": Message(
        "On {on} {label} was the {territory}, and {name} was a NATO Ally",
        "{on}の時点で{label}は{territory}であり、{name}はNATO加盟国",
        ja_ours=True,
    ),
    "covers.belongs.was-territory.but": Message(
        "On {on} {label} was the {territory}, and {name} was a NATO Ally",
        "{on}の時点で{label}は{territory}であり、{name}はNATO加盟国だが",
        ja_ours=True,
    ),
    "covers.belongs.territory": Message(
        "{label} belongs to {name}, a NATO Ally", "{label}はNATO加盟国{name}の領域", ja_ours=True
    ),
    "covers.belongs.territory.but": Message(
        "{label} belongs to {name}, a NATO Ally", "{label}はNATO加盟国{name}の領域だが", ja_ours=True
    ),
    "covers.belongs.in-territory": Message(
        "{label} is in {territory}, which belongs to {name}, a NATO Ally",
        "{label}はNATO加盟国{name}の{territory}にある",
        ja_ours=True,
    ),
    "covers.belongs.in-territory.but": Message(
        "{label} is in {territory}, which belongs to {name}, a NATO Ally",
        "{label}はNATO加盟国{name}の{territory}にあるが",
        ja_ours=True,
    ),
    "covers.belongs.in": Message("{label} is in {name}, a NATO Ally", "{label}はNATO加盟国{name}にある", ja_ours=True),
    "covers.belongs.in.but": Message(
        "{label} is in {name}, a NATO Ally", "{label}はNATO加盟国{name}にあるが", ja_ours=True
    ),
    "covers.them.forces": Message("Allied forces, vessels or aircraft there", "そこにある締約国の軍隊・船舶・航空機", ja_ours=True),
    "covers.them.place": Message("it", "この場所", ja_ours=True),
    # -- the reasons ----------------------------------------------------------------------------------
    "covers.reason.before-treaty": Message(
        "On {on} the North Atlantic Treaty was not yet in force (it entered into force on {start}), "
        "so Article 5 covered no place at all.",
        "{on}の時点では北大西洋条約はまだ発効していない({start}発効)ため、第5条はどこにも適用されない。",
        ja_ours=True,
    ),
    "covers.reason.joined-later": Message(" (it joined on {date})", "({date}に加盟)", ja_ours=True),
    "covers.reason.not-ally.itself.past": Message(
        "{Name} was not a NATO Ally on {on}{later}, so Article 5 did not cover it.",
        "{on}の時点で{Name}はNATO加盟国ではない{later}ため、第5条の対象外。",
        ja_ours=True,
    ),
    "covers.reason.not-ally.itself.present": Message(
        "{Name} is not a NATO Ally on {on}{later}, so Article 5 did not cover it.",
        "{on}の時点で{Name}はNATO加盟国ではない{later}ため、第5条の対象外。",
        ja_ours=True,
    ),
    "covers.reason.not-ally.in.past": Message(
        "{label} is in {name}, which was not a NATO Ally on {on}{later}, so Article 5 did not cover it.",
        "{label}がある{name}は{on}の時点でNATO加盟国ではない{later}ため、第5条の対象外。",
        ja_ours=True,
    ),
    "covers.reason.not-ally.in.present": Message(
        "{label} is in {name}, which is not a NATO Ally on {on}{later}, so Article 5 did not cover it.",
        "{label}がある{name}は{on}の時点でNATO加盟国ではない{later}ため、第5条の対象外。",
        ja_ours=True,
    ),
    "covers.reason.not-bound": Message(
        "On {on} the Treaty did not yet bind {name} (it did from {start}), so Article 5 did not cover {label}.",
        "{on}の時点では条約は{name}についてまだ発効していない({start}発効)ため、{label}は第5条の対象外。",
        ja_ours=True,
    ),
    "covers.reason.not-territory": Message(
        "{territory} did not belong to {name} on {on}, so Article 5 did not cover it.",
        "{on}の時点で{territory}は{name}の領域ではないため、第5条の対象外。",
        ja_ours=True,
    ),
    "covers.reason.outside-area": Message(
        "{belongs}, but it lies in {area}. Article 6 limits Article 5 to the Allies' territory in Europe and "
        "North America, Turkey, and islands in the North Atlantic north of the Tropic of Cancer, so an attack "
        "there would not by itself oblige the other Allies to assist.",
        "{belongs}、{area}にある。第6条は第5条の対象を欧州・北米の締約国の領域、トルコ、北回帰線以北の"
        "北大西洋の島に限るため、ここへの攻撃だけでは他の締約国に援助の義務は生じない。",
        ja_ours=True,
    ),
    "covers.reason.covered": Message(
        "{belongs}. Article 5 covers {them} ({clause}). An armed attack on {them} would be an attack on all "
        "{count} Allies, and each of them would assist by taking the action it deems necessary.",
        "{belongs}。{them}は第5条の対象である({clause})。{them}への武力攻撃は全{count}締約国に対する"
        "攻撃とみなされ、各締約国は必要と認める行動をとって援助する。",
        ja_ours=True,
    ),
    "covers.reason.sea": Message(
        "{label} is in {sea}. Article 5 covers Allied forces, vessels or aircraft there ({clause}): an armed "
        "attack on them would be an attack on all the Allies.",
        "{label}は{sea}にある。そこにある締約国の軍隊・船舶・航空機は第5条の対象であり"
        "({clause})、これらへの武力攻撃は全締約国に対する攻撃とみなされる。",
        ja_ours=True,
    ),
    "covers.reason.no-territory": Message(
        "{label} is not on the territory of any NATO Ally, so Article 5 does not cover it.",
        "{label}はいずれのNATO加盟国の領域でもないため、第5条の対象外。",
        ja_ours=True,
    ),
    "covers.reason.no-territory.forces": Message(
        "{label} is not on the territory of any NATO Ally, so Article 5 does not cover it (Allied forces "
        "there are covered only in the Mediterranean or the North Atlantic north of the Tropic of Cancer).",
        "{label}はいずれのNATO加盟国の領域でもないため、第5条の対象外"
        "(そこにある締約国の部隊が対象となるのは地中海と北回帰線以北の北大西洋のみ)。",
        ja_ours=True,
    ),
    # -- changes between two dates ----------------------------------------------------------------------
    "change.ally-joined": Message("{name} joined NATO", "{name}がNATOに加盟", ja_ours=True),
    "change.secretary-general": Message("{name} became Secretary General", "{name}が事務総長に就任", ja_ours=True),
    "change.secretary-general.acting": Message(
        "{name} became Secretary General (acting)", "{name}が事務総長(代行)に就任", ja_ours=True
    ),
    "change.partner-joined": Message("{name} joined {framework}", "{name}が{framework}に参加", ja_ours=True),
    "change.partner-left": Message("{name} left {framework}", "{name}が{framework}から離脱", ja_ours=True),
    "change.partner-suspended": Message("{name} ({framework}): {status}", "{name}({framework}):{status}", ja_ours=True),
    "change.framework": Message("{name} began", "{name}が発足", ja_ours=True),
    "change.place-opened": Message("{name} opened ({city})", "{name}開設({city})", ja_ours=True),
    "change.place-closed": Message("{name} closed", "{name}閉鎖", ja_ours=True),
    "change.lead-changed": Message(
        "Battlegroup in {where}: lead passed from {old} to {new}",
        "{where}のバトルグループ:主導国が{old}から{new}に交代",
        ja_ours=True,
    ),
    "change.operation-started": Message("{name} began", "{name}開始", ja_ours=True),
    "change.operation-ended": Message("{name} ended", "{name}終了", ja_ours=True),
    "change.concept-adopted": Message("Strategic Concept adopted: {name}", "「戦略概念」採択:{name}", ja_ours=True),
    "change.summit": Message("Summit in {city}", "{city}首脳会合", ja_ours=True),
    "change.summit.decisions": Message("Summit in {city}: {decisions}", "{city}首脳会合:{decisions}", ja_ours=True),
    "change.summit.sep": Message("; ", "。"),
    "change.spending": Message(
        "{release}: {n} Allies at or above 2% of GDP in {year}",
        "{release}:{year}年の対GDP比2%達成国は{n}か国",
        ja_ours=True,
    ),
    "change.spending.newly": Message(
        "{release}: {n} Allies at or above 2% of GDP in {year} (newly: {names})",
        "{release}:{year}年の対GDP比2%達成国は{n}か国(新たに{names})",
        ja_ours=True,
    ),
}  # fmt: skip
