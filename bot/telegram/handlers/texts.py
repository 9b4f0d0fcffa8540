"""What the gateway itself says (everything else comes from the shared pipeline)."""

from knowledge.hotlines import HOTLINE_IDS, load_routing

WELCOME = {
    "zh": "您好！这里是园区企业服务热线。直接输入您的问题即可，我们会转到对应热线解答；"
          "需要真人时发送 /human。\n请选择热线，或先选择语言：",
    "en": "Hello! This is the zone's enterprise service hotline. Type your question and we "
          "route it to the right hotline; send /human for a person.\nPick a hotline, or a language:",
}
HELP = {
    "zh": "可用命令：\n/hotlines 五条热线\n/human 转人工\n/ticket 我的工单\n/lang 切换语言\n"
          "/subscribe 报税提醒\n/unsubscribe 取消报税提醒\n"
          "/forget 删除我的数据\n其他内容直接输入即可。紧急情况请拨打 110/120，心理援助热线 12356。",
    "en": "Commands:\n/hotlines the five hotlines\n/human talk to a person\n/ticket my tickets\n"
          "/lang change language\n/subscribe tax reminders\n/unsubscribe stop them\n"
          "/forget delete my data\nOr just type your question. "
          "Emergency: 110/120; psychological assistance: 12356.",
}
HOTLINES = {"zh": "请选择热线：", "en": "Pick a hotline:"}
LANG = {"zh": "请选择语言 / Choose a language:", "en": "Choose a language / 请选择语言:"}
LANG_SET = {"zh": "已切换为中文。", "en": "Switched to English."}
NO_TICKETS = {"zh": "您还没有工单。", "en": "You have no tickets."}
TICKETS = {"zh": "您的工单：", "en": "Your tickets:"}
FORGET_ASK = {
    "zh": "确定删除您在本热线的所有数据（对话、工单）吗？此操作无法撤销。",
    "en": "Delete all your data on this hotline (conversations, tickets)? This cannot be undone.",
}
FORGET_DONE = {"zh": "您的数据已删除。", "en": "Your data has been deleted."}
FORGET_KEPT = {"zh": "好的，数据已保留。", "en": "OK, nothing was deleted."}
MEDIA = {
    "zh": "目前我只能阅读文字消息。请用文字描述您的问题；如需提交图片或文件，请先发送 /human 转人工，"
          "工作人员会接收。",
    "en": "I can only read text. Please describe your question in words; to send a photo or "
          "file, first send /human and the staff will receive it.",
}
EDITED = {
    "zh": "看到您修改了消息。我按新消息处理不了修改，请直接发送新的问题。",
    "en": "I saw you edited a message. I can't act on edits; please send your question again.",
}
BUTTON_GONE = {"zh": "这个按钮已失效，请直接输入问题。", "en": "That button has expired; please type your question."}
STATUS = {
    "zh": {"new": "排队中", "assigned": "处理中", "waiting_customer": "待您回复", "resolved": "已解决",
           "closed": "已关闭"},
    "en": {"new": "queued", "assigned": "in progress", "waiting_customer": "waiting for you",
           "resolved": "resolved", "closed": "closed"},
}


def hotline_buttons(lang: str) -> list[dict[str, str]]:
    routing = load_routing()
    return [{"title": routing.hotlines[h].name(lang),
             "payload": f'/choose_hotline{{"hotline":"{h}"}}'} for h in HOTLINE_IDS]


def lang_buttons() -> list[dict[str, str]]:
    return [{"title": "中文", "payload": "/lang zh"}, {"title": "English", "payload": "/lang en"}]


def forget_buttons(lang: str) -> list[dict[str, str]]:
    yes, no = ("确认删除", "取消") if lang == "zh" else ("Delete", "Cancel")
    return [{"title": yes, "payload": "/forget yes"}, {"title": no, "payload": "/forget no"}]
