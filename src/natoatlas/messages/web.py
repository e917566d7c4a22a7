"""Messages of the web layer (see natoatlas.messages): id -> Message(en, ja)."""

from __future__ import annotations

from natoatlas.messages import Message

MESSAGES: dict[str, Message] = {
    # step labels (pages.label)
    'web.step.map-joined': Message('joined the Membership Action Plan', '加盟行動計画(MAP)参加'),
    'web.step.application': Message('application', '加盟申請'),
    'web.step.invitation': Message('invitation', '加盟招請'),
    'web.step.talks': Message('accession talks', '加盟協議'),
    'web.step.protocol-signed': Message('accession protocol signed', '加盟議定書署名'),
    'web.step.ratification': Message('ratification', '批准'),
    'web.step.protocol-in-force': Message('accession protocol in force', '加盟議定書発効'),
    'web.step.invitation-to-accede': Message('invitation to accede to the Treaty', '条約加入の招請'),
    'web.step.deposit': Message('instrument of accession deposited (membership)', '加入書寄託(加盟)'),
    # change labels (pages.label)
    'web.change.ally-joined': Message('new Ally', '加盟'),
    'web.change.partner-joined': Message('partner joined', 'パートナー参加'),
    'web.change.partner-left': Message('partner left', 'パートナー離脱'),
    'web.change.partner-suspended': Message('partnership suspended', '協力停止'),
    'web.change.framework': Message('partnership framework', '枠組み'),
    'web.change.secretary-general': Message('Secretary General', '事務総長'),
    'web.change.place-opened': Message('command or unit opened', '司令部・部隊の設置'),
    'web.change.place-closed': Message('command or unit closed', '司令部・部隊の閉鎖'),
    'web.change.lead-changed': Message('battlegroup lead changed', '枠組み国の交代'),
    'web.change.operation-started': Message('operation started', '作戦開始'),
    'web.change.operation-ended': Message('operation ended', '作戦終了'),
    'web.change.concept-adopted': Message('Strategic Concept', '戦略概念'),
    'web.change.summit': Message('summit', '首脳会合'),
    'web.change.spending': Message('spending release', '国防費の公表'),
    'web.change.japan-nato': Message('Japan–NATO', '日NATO関係'),
    'web.change.article-4': Message('Article 4 consultation', '第4条協議'),
    'web.change.article-5': Message('Article 5', '第5条'),
    # release_kind labels (pages.label)
    'web.release_kind.tables': Message('NATO defence expenditure tables', 'NATO国防費統計'),
    'web.release_kind.annual-report': Message("Secretary General's Annual Report", '事務総長年次報告'),
    'web.release_kind.transcription': Message("transcription of NATO's figures", 'NATO統計の転記'),
    'web.release_kind.press-report': Message('figures as the press reported them', '報道による数値'),
    # basis labels (pages.label)
    'web.basis.figures': Message('counted from the figures', '数値から算出'),
    'web.basis.stated': Message('as the release states', '公表された数'),
    'web.basis.partial': Message("from some Allies' figures only", '一部の国の数値のみ'),
    # status labels (pages.label)
    'web.status.400': Message('Bad request', 'リクエストが正しくありません'),
    'web.status.404': Message('Not found', '見つかりません'),
    'web.status.405': Message('Method not allowed', 'この操作はできません'),
    'web.status.422': Message('Invalid value', '入力値が正しくありません'),
    'web.status.500': Message('Internal error', '内部エラー'),
    # the navigation
    'web.page.overview': Message('Overview', '概要'),
    'web.page.spending': Message('Defence expenditure', '国防費'),
    'web.page.partners': Message('Partners', 'パートナー'),
    'web.page.organisation': Message('Structure and commands', '機構・司令部'),
    'web.page.operations': Message('Operations', '作戦・任務'),
    'web.page.japan': Message('Japan–NATO', '日NATO関係'),
    'web.page.treaty': Message('Treaty and Article 5', '条約・第5条'),
    'web.page.changes': Message('What changed', '変化'),
    'web.page.briefing': Message('Briefing', 'ブリーフィング'),
    "web.status.other": Message("Error {status}", "エラー {status}"),
    # page titles beside the navigation's names
    "web.title.japan": Message("Japan–NATO relations", "日NATO関係"),
    "web.title.operations": Message("Operations and missions", "作戦・任務"),
    "web.title.treaty": Message("The Treaty and Article 5", "条約・第5条"),
    "web.title.countries": Message("Countries", "国・地域"),
    "web.release_label": Message("{kind}, published {when}", "{kind}({when}公表)"),
    # the spending page without figures
    "web.spending.first_release": Message("{when} (first release)", "{when}(最初の公表)"),
    "web.spending.newest_release": Message("{when} (newest release)", "{when}(最新の公表)"),
    "web.spending.none_by": Message(
        "No defence expenditure figures held were published by {day} (the first release held came out on {when}).",
        "{day}までに公表された国防費の数値はまだありません(保有する最初の公表は{when})。",
    ),
    "web.spending.newest": Message("defence expenditure (newest)", "国防費(最新)"),
    "web.spending.none_for": Message("No figures are held for this year and release.", "この年・公表の組み合わせの数値はありません。"),
    # the Article 5 checker
    "web.treaty.ambiguous": Message("{n} places are called {name!r}: choose one.", "「{name}」という場所は{n}か所あります。どれかを選んでください。"),
    "web.treaty.unknown": Message("No place called {name!r} was found.", "「{name}」という場所は見つかりません。"),
    "web.treaty.did_you_mean": Message(" Did you mean:", " 次の場所ではありませんか:"),
}  # fmt: skip
