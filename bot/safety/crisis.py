"""Crisis detection: suicide, self-harm or harm to others, in Chinese and English.

This runs before Rasa on every customer message. Recall matters more than precision: a
false alarm costs an agent a minute, a miss can cost a life. Patterns are grouped by what
they catch; the test list in tests/data/crisis_phrasings.yml was written separately.
"""

import re

CRISIS_REPLY = {
    "zh": (
        "听到你这样说，我们很担心你，谢谢你愿意说出来。你并不孤单。\n"
        "如果你或身边的人正处在危险中，请立刻拨打 110（报警）或 120（急救）。\n"
        "想找人聊一聊，可以随时拨打全国心理援助热线 12356。\n"
        "我们已经把这段对话标记为紧急，中心的心理咨询师会尽快与你联系。"
        "在等待时，请尽量待在有人陪伴的地方。"
    ),
    "en": (
        "We are worried about what you said, and thank you for telling us. You are not alone.\n"
        "If you or anyone near you is in danger, call 110 (police) or 120 (ambulance) now.\n"
        "To talk to someone at any time, call 12356, the national psychological assistance "
        "line.\nWe have marked this conversation as urgent and a counsellor from the centre "
        "will contact you as soon as possible. While you wait, please stay near someone you trust."
    ),
}

_ZH = [
    # wanting to die, not to live, not to wake up
    r"不想活", r"活不下去", r"不如死", r"想(?:去)?死", r"寻死", r"轻生", r"自[杀殺]", r"苟活",
    r"活[着著].{0,4}(?:没|沒|无|無|有什么|有啥|还有什么)?.{0,2}(?:意思|意义|意義|盼头|用处)",
    r"活[着著](?:好|太|真)?累.{0,6}(?:不想|撐|撑|熬)", r"(?:生|人生).{0,2}[无無]可[恋戀]",
    r"不如归去", r"心已死", r"活够了", r"一了百了", r"一死了之", r"以死(?:谢罪|明志|解脱)",
    r"死了(?:算了|比较好|更好|就好|就解脱|一了百了|也好)", r"我.{0,4}死了(?:比较|更|就|算)",
    r"(?:结束|了结|了断)(?:自己|我)?的?(?:生命|性命|这一生|一生|自己)",
    r"(?:不想|不要|不愿|再也不|别再|永远不|不用)(?:再)?(?:醒来|醒过来|醒了)",
    r"睡着.{0,8}(?:不|别)(?:要|想|再)?.{0,2}醒", r"离开这个世界", r"不想(?:再)?存在",
    r"(?:没有|没了|少了)我.{0,8}(?:一样|更好|轻松|解脱|不会怎样)",
    r"我(?:不在了|走了(?:以后|之后))", r"(?:被|受)?我(?:拖累|连累)", r"(?:拖累|连累)(?:大家|家人|你们|家里)",
    r"(?:想|彻底|求|只想|只能).{0,3}解脱", r"(?:我|真的|实在|人).{0,2}(?:撑|撐|熬|扛)不(?:下去|住了)",
    r"最后一(?:晚|夜|天|次见|条消息|条信息)", r"永别|永別|诀别|訣別|后事", r"遗书|遺書|遗言",
    r"以后(?:就)?(?:拜托|交给)(?:你|他|她)", r"(?:照顾好|拜托).{0,12}(?:我要走了|不在了)",
    r"不会再(?:麻烦|拖累)(?:你们|大家)",
    # plans and means
    r"跳楼|跳河|跳桥|跳江|跳海|上吊|割腕|吞药|安眠药|烧炭|农药|卧轨",
    r"从.{0,6}(?:楼|桥|天台).{0,4}跳", r"(?:攒|存|囤)了?.{0,4}药",
    r"站在.{0,4}(?:天台|楼顶|顶楼|楼边|桥上|窗台|阳台边)",
    r"(?:绳子|绳|刀|药|炭).{0,4}(?:准备好|买好|备好|买了|找好)",
    # self-harm
    r"(?:伤害|弄伤|弄疼|划伤|惩罚)(?:我)?自己", r"(?:割|划|烫|烧|打|咬)自己", r"自残|自殘|自伤|自傷",
    r"把自己.{0,3}(?:弄疼|弄伤|打|割|划|烫)",
    # harm to others
    r"杀人|殺人", r"(?:杀|殺|砍|捅|宰)(?:死|伤)", r"弄死(?:我|你|他|她)", r"(?:杀|殺|砍|捅|弄死|宰|干掉)了?(?:他|她|他们|你|老板|经理|同事|全家|那个人|这个人|那家伙)",
    r"同归于尽|报复社会|垫背", r"付出.{0,2}(?:血的)?代价|血债", r"拿刀",
    r"(?:伤害|打死|弄死)(?:他|她|他们|别人|孩子|老板|同事)",
    # abuse and violence at home
    r"家暴", r"(?:被|遭到?).{0,4}(?:殴打|虐待|打得)", r"(?:打|揍)(?:我|我妈|我爸|孩子)(?!电话|手机|的电话)",
    r"威胁要杀", r"掐我",
]
_EN = [
    r"\bkill (?:my ?self|me)\b", r"\bkms\b", r"\bsuicid", r"\bunaliv",
    r"\bend(?:ing)? (?:my (?:own )?life|it all|things|it\b)", r"\btake my (?:own )?life\b",
    r"\b(?:want|wanna|going|planning) to die\b", r"\bdon'?t want to (?:live|be alive|exist|be here)",
    r"\bnot (?:want|wanting) to (?:live|be alive|wake up)", r"\bnever wake up\b",
    r"\bdon'?t want to wake up\b",
    r"\b(?:what'?s|no) (?:the )?(?:reason|point) (?:to|in|of) (?:live|living|go(?:ing)? on)",
    r"\bbetter off (?:without me|dead|with the life insurance)\b", r"\blife insurance\b",
    r"\b(?:can'?t|cannot) (?:go on|do this anymore)\b", r"\bdone with (?:life|living)\b",
    r"\bstop\.? permanently\b", r"\b(?:disappear|disappeared|gone) (?:for good|forever)\b",
    r"\b(?:only )?way out\b", r"\b(?:be|being) a burden\b", r"\bburden to (?:anyone|everyone|my)",
    r"\b(?:hurt|harm|cut|cutting|hurting|harming|burn|burning|punish(?:ing)?) my ?self\b",
    r"\bself[- ]?harm", r"\b(?:overdose|hang myself|slit my)\b", r"\bjump(?:ing)? off\b",
    r"\bpills?\b.{0,30}\b(?:all at once|to die|sleep forever)\b", r"\bsaving up pills\b",
    r"\b(?:on|standing on) the (?:roof|ledge|edge)\b", r"\b(?:bought|got|have) a rope\b",
    r"\bgiv(?:e|en|ing) (?:away )?(?:all )?my (?:stuff|things|belongings)(?: away)?\b",
    r"\bletters? to (?:everyone|my family)\b", r"\bsuicide note\b", r"\bwon'?t be around\b",
    r"\b(?:this is )?my last message\b", r"\bsay(?:ing)? goodbye (?:to everyone|for good|forever)\b",
    r"\b(?:kill|hurt|stab|shoot|murder|strangle) (?:him|her|them|my (?:boss|wife|husband|kids?|colleague|manager|coworker|partner)|someone|somebody|people|everyone|the people)\b",
    r"\bthreatens? to kill\b", r"\b(?:make|going to make) (?:him|her|them) pay\b",
    r"\b(?:beats?|hits?|chokes?) me\b", r"\b(?:abus(?:e|es|ed|ing) me|domestic violence)\b",
    r"\bwish i (?:was|were) (?:dead|never born)\b", r"\b(?:tired|sick) of (?:living|being alive|life)\b",
]
# Figures of speech that use the same words and are not a crisis.
_NOT_CRISIS = [
    r"(?:累|忙|热|冷|笑|吓|气|饿|困|烦|痛|疼|难|贵|麻烦|要命)死(?:了|我了|人了)?",
    r"(?:税率|价格|物价|房价|罚款|加班|截止).{0,6}(?:要命|要死)",
    r"\bkill(?:ing)? (?:a |the )?(?:process|task|job|session|program|app|time|it)\b",
    r"\b(?:deadline|this|work|traffic|heat)s? (?:is|are) killing me\b",
    r"\bkilling it\b", r"\bend (?:my|the|this) (?:contract|lease|subscription|partnership|employment|agreement|tenancy)\b",
    r"\bend the (?:contract|lease)\b",
]
ZH_PATTERNS = [re.compile(p) for p in _ZH]
EN_PATTERNS = [re.compile(p, re.I) for p in _EN]
NOT_CRISIS = [re.compile(p, re.I) for p in _NOT_CRISIS]


def is_crisis(text: str) -> bool:
    cleaned = re.sub(r"\s+", " ", text)
    for pattern in NOT_CRISIS:
        cleaned = pattern.sub(" ", cleaned)
    compact = cleaned.replace(" ", "")
    return any(p.search(compact) for p in ZH_PATTERNS) or any(
        p.search(cleaned) for p in EN_PATTERNS
    )
