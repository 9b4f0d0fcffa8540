"""The real gateway over HTTP against the fake Bot API server: commands, buttons, crisis,
escalation into a forum topic, an agent's reply, duplicates, outages and rate limits."""

import time

import httpx
from sqlalchemy import create_engine, text

from tests.agents import client, create_agent
from tests.conftest import ROOT
from tests.telegram.conftest import AGENTS_CHAT


def texts(fake, chat_id):
    return [c.params["text"] for c in fake.sent(chat_id)]


def wait_text(fake, chat_id, needle, timeout=30):
    return fake.wait_for(lambda: [c for c in fake.sent(chat_id) if needle in c.params["text"]],
                         timeout)[-1]


def press(fake, chat_id, call, title):
    """Press the inline button with this title on a message the gateway sent."""
    keyboard = call.params["reply_markup"]["inline_keyboard"]
    data = next(b["callback_data"] for row in keyboard for b in row if b["text"] == title)
    fake.callback(chat_id, data)


def test_start_shows_hotlines_and_languages(gateway, fake_tg, chat_id):
    fake_tg.text(chat_id, "/start")
    call = wait_text(fake_tg, chat_id, "企业服务热线")
    titles = [b["text"] for row in call.params["reply_markup"]["inline_keyboard"] for b in row]
    assert titles[:5] == ["心理咨询", "法律咨询", "财税工商", "人力资源", "高企认定及知识产权"]
    assert {"中文", "English"} <= set(titles)
    assert call.params["parse_mode"] == "HTML"
    assert fake_tg.sent(method="setMyCommands")


def test_question_gets_the_same_answer_as_the_web(gateway, fake_tg, chat_id):
    fake_tg.text(chat_id, "签三年的劳动合同，试用期最多能约定几个月？")
    call = wait_text(fake_tg, chat_id, "【人力资源】")
    assert "来源：" in call.params["text"]
    titles = [b["text"] for row in call.params["reply_markup"]["inline_keyboard"] for b in row]
    assert "转人工" in titles


def test_user_text_is_escaped_as_html(gateway, fake_tg, chat_id, stack, database_url):
    fake_tg.text(chat_id, "/human")
    call = wait_text(fake_tg, chat_id, "哪条热线")
    press(fake_tg, chat_id, call, "法律咨询")
    number = wait_text(fake_tg, chat_id, "工单号").params["text"].split("工单号 ")[1].split("（")[0]
    with client(stack.urls["web"], create_agent(database_url, "legal")) as agent:
        agent.post(f"/api/tickets/{number}/messages", json={"text": "合同第<3>条 & “违约金”<b>"})
    call = wait_text(fake_tg, chat_id, "违约金")
    assert call.params["text"] == "合同第&lt;3&gt;条 &amp; “违约金”&lt;b&gt;"


def test_language_button_switches_to_english(gateway, fake_tg, chat_id):
    fake_tg.text(chat_id, "/lang")
    press(fake_tg, chat_id, wait_text(fake_tg, chat_id, "语言"), "English")
    wait_text(fake_tg, chat_id, "Switched to English")
    fake_tg.text(chat_id, "试用期最长可以约定多久？")
    call = wait_text(fake_tg, chat_id, "Source:")
    assert call.params["text"].startswith("[Human resources]")


def test_hotline_button_and_callback_answered(gateway, fake_tg, chat_id):
    fake_tg.text(chat_id, "/hotlines")
    press(fake_tg, chat_id, wait_text(fake_tg, chat_id, "请选择热线"), "财税工商")
    wait_text(fake_tg, chat_id, "【财税工商】")
    assert fake_tg.sent(method="answerCallbackQuery")


def test_forged_button_data_is_refused_politely(gateway, fake_tg, chat_id):
    fake_tg.callback(chat_id, "b:1:0")  # a message of someone else's
    wait_text(fake_tg, chat_id, "按钮已失效")


def test_crisis_is_answered_and_gets_an_urgent_topic(gateway, fake_tg, chat_id):
    fake_tg.text(chat_id, "公司倒闭了，欠了一屁股债，真想从楼上跳下去")
    call = wait_text(fake_tg, chat_id, "12356")
    assert "110" in call.params["text"] and "120" in call.params["text"]
    topic = fake_tg.wait_for(lambda: [c for c in fake_tg.sent(method="createForumTopic")
                                      if "🔴 [psych]" in c.params["name"]])
    assert int(topic[-1].params["chat_id"]) == AGENTS_CHAT


def test_escalation_topic_agent_reply_close_and_csat(gateway, fake_tg, chat_id, stack,
                                                     database_url):
    agent = create_agent(database_url, "hr")
    engine = create_engine(database_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE agents SET telegram_user_id = :t WHERE username = :u"),
                     {"t": 777000 + chat_id % 1000, "u": agent["username"]})
    agent_user = 777000 + chat_id % 1000

    fake_tg.text(chat_id, "公司三个月没发工资了")
    wait_text(fake_tg, chat_id, "【人力资源】")
    fake_tg.text(chat_id, "/human")
    number = wait_text(fake_tg, chat_id, "工单号").params["text"].split("工单号 ")[1].split("（")[0]
    topic = fake_tg.wait_for(lambda: [c for c in fake_tg.sent(method="createForumTopic")
                                      if number in c.params["name"]])[-1]
    assert topic.params["name"].startswith("[hr] " + number)
    # The transcript so far is posted into the topic.
    transcript = fake_tg.wait_for(lambda: [c for c in fake_tg.sent(AGENTS_CHAT)
                                           if number in c.params["text"]
                                           and "公司三个月" in c.params["text"]])[-1]
    thread = int(transcript.params["message_thread_id"])

    # Someone who is not a registered agent cannot act.
    fake_tg.group_text(AGENTS_CHAT, 424242, "/claim", thread)
    fake_tg.wait_for(lambda: [c for c in fake_tg.sent(AGENTS_CHAT) if "已登记" in c.params["text"]])

    fake_tg.group_text(AGENTS_CHAT, agent_user, "/claim", thread)
    fake_tg.wait_for(lambda: [c for c in fake_tg.sent(method="editForumTopic")
                              if "处理中" in c.params["name"]])
    fake_tg.group_text(AGENTS_CHAT, agent_user, "您好，我是人力资源专员，请问欠薪从几月开始？", thread)
    wait_text(fake_tg, chat_id, "人力资源专员")

    fake_tg.text(chat_id, "从八月开始")  # reaches the topic, not the bot
    fake_tg.wait_for(lambda: [c for c in fake_tg.sent(AGENTS_CHAT) if "从八月开始" in c.params["text"]])
    fake_tg.group_text(AGENTS_CHAT, agent_user, "/note 建议劳动仲裁", thread)
    fake_tg.group_text(AGENTS_CHAT, agent_user, "/close 已告知劳动仲裁途径", thread)
    csat = wait_text(fake_tg, chat_id, "打分")
    press(fake_tg, chat_id, csat, "5")
    wait_text(fake_tg, chat_id, "谢谢您的评价")
    fake_tg.wait_for(lambda: [c for c in fake_tg.sent(method="editForumTopic")
                              if "已结" in c.params["name"]])
    with client(stack.urls["web"], agent) as api:
        detail = api.get(f"/api/tickets/{number}").json()
    assert detail["status"] == "closed" and detail["csat_score"] == 5
    assert {"note", "replied", "closed"} <= {e["kind"] for e in detail["events"]}
    engine.dispose()


def test_duplicate_update_is_processed_once(gateway, fake_tg, chat_id):
    update = fake_tg.text(chat_id, "高企认定需要满足哪些条件？")
    wait_text(fake_tg, chat_id, "高企")
    fake_tg.push(dict(update))  # Telegram delivers the same update again
    time.sleep(3)
    assert len([t for t in texts(fake_tg, chat_id) if "高企" in t]) == 1


def test_sticker_file_edit_and_other_chats(gateway, fake_tg, chat_id):
    fake_tg.media(chat_id, "sticker")
    wait_text(fake_tg, chat_id, "只能阅读文字")
    fake_tg.edited(chat_id, "改一下")
    wait_text(fake_tg, chat_id, "修改了消息")
    fake_tg.channel_post(-100999, "channel news")
    fake_tg.group_text(-100888, chat_id, "hello group")
    fake_tg.text(chat_id, "你好")  # the gateway is still alive and answers
    wait_text(fake_tg, chat_id, "您好！")
    assert not fake_tg.sent(-100999) and not fake_tg.sent(-100888)


def test_429_waits_and_5xx_retries_then_delivers_once(gateway, fake_tg, chat_id):
    fake_tg.fail_next("sendMessage", 429, retry_after=2)
    fake_tg.fail_next("sendMessage", 502, times=2)
    fake_tg.text(chat_id, "/help")
    call = wait_text(fake_tg, chat_id, "/hotlines", timeout=40)
    failed = [c for c in fake_tg.calls if c.method == "sendMessage" and c.params.get("status")]
    assert [c.params["status"] for c in failed[-3:]] == [429, 502, 502]
    assert call.at - failed[-3].at >= 2  # waited retry_after
    assert len([t for t in texts(fake_tg, chat_id) if "/hotlines" in t]) == 1


def test_blocked_user_is_marked_unreachable_not_retried(gateway, fake_tg, chat_id, database_url):
    fake_tg.fail_next("sendMessage", 403)
    fake_tg.text(chat_id, "/help")
    fake_tg.wait_for(lambda: [c for c in fake_tg.calls if c.params.get("status") == 403])
    engine = create_engine(database_url)

    def marked():
        with engine.connect() as conn:
            return conn.execute(text("SELECT unreachable_at FROM contacts WHERE channel='telegram' "
                                     "AND external_id=:c"), {"c": str(chat_id)}).scalar()
    fake_tg.wait_for(marked, 10)
    time.sleep(2)
    attempts = [c for c in fake_tg.calls if c.method == "sendMessage"
                and int(c.params.get("chat_id", 0)) == chat_id]
    assert len(attempts) == 1
    engine.dispose()


def test_one_message_per_second_per_chat(gateway, fake_tg, chat_id):
    for question in ["你好", "谢谢", "再见"]:
        fake_tg.text(chat_id, question)
    fake_tg.wait_for(lambda: len(fake_tg.sent(chat_id)) >= 3)
    times = [c.at for c in fake_tg.sent(chat_id)][:3]
    assert all(b - a >= 0.95 for a, b in zip(times, times[1:])), times


def test_long_answers_are_split_on_paragraphs(gateway, fake_tg, chat_id, stack, database_url):
    fake_tg.text(chat_id, "/human")
    press(fake_tg, chat_id, wait_text(fake_tg, chat_id, "哪条热线"), "人力资源")
    number = wait_text(fake_tg, chat_id, "工单号").params["text"].split("工单号 ")[1].split("（")[0]
    long_text = "\n\n".join(f"第{i}段：" + "劳动合同" * 150 for i in range(1, 8))
    with client(stack.urls["web"], create_agent(database_url, "hr")) as agent:
        assert agent.post(f"/api/tickets/{number}/messages", json={"text": long_text[:4000]}).status_code == 200
    parts = fake_tg.wait_for(lambda: [c for c in fake_tg.sent(chat_id) if "第1段" in c.params["text"]])
    assert len(parts[-1].params["text"]) <= 4096


def test_forget_deletes_the_customer_after_confirmation(gateway, fake_tg, chat_id, database_url):
    fake_tg.text(chat_id, "你好")
    wait_text(fake_tg, chat_id, "您好")
    fake_tg.text(chat_id, "/forget")
    press(fake_tg, chat_id, wait_text(fake_tg, chat_id, "删除"), "确认删除")
    wait_text(fake_tg, chat_id, "已删除")
    engine = create_engine(database_url)
    with engine.connect() as conn:
        left = conn.execute(text("SELECT count(*) FROM contacts WHERE channel='telegram' AND "
                                 "external_id=:c"), {"c": str(chat_id)}).scalar()
    engine.dispose()
    assert left == 0


def test_ticket_command_lists_my_tickets(gateway, fake_tg, chat_id):
    fake_tg.text(chat_id, "/ticket")
    wait_text(fake_tg, chat_id, "还没有工单")


def test_dead_action_server_says_received_then_answers(gateway, fake_tg, chat_id, stack):
    stack.stop("actions")
    try:
        fake_tg.text(chat_id, "增值税什么时候申报？")
        wait_text(fake_tg, chat_id, "已收到")
    finally:
        stack.start_actions()
        stack.wait_ready()
    wait_text(fake_tg, chat_id, "【财税工商】", timeout=60)


def test_gateway_is_not_fooled_by_a_wrong_token(fake_tg):
    response = httpx.post(f"{fake_tg.base_url}wrong/getMe")
    assert response.status_code == 401


def test_the_token_never_reaches_the_log(gateway, fake_tg, chat_id):
    fake_tg.text(chat_id, "你好")
    wait_text(fake_tg, chat_id, "您好")
    log = (ROOT / "var" / "log" / "test" / "telegram.log").read_text(errors="replace")
    assert "getUpdates" in log  # the requests are logged...
    assert fake_tg.token.split(":")[1] not in log  # ...without the token


def test_a_photo_joins_the_open_ticket_and_its_topic(gateway, fake_tg, chat_id):
    fake_tg.text(chat_id, "/human")
    press(fake_tg, chat_id, wait_text(fake_tg, chat_id, "哪条热线"), "财税工商")
    number = wait_text(fake_tg, chat_id, "工单号").params["text"].split("工单号 ")[1].split("（")[0]
    fake_tg.wait_for(lambda: [c for c in fake_tg.sent(AGENTS_CHAT) if number in c.params["text"]])
    fake_tg.media(chat_id, "photo")
    fake_tg.wait_for(lambda: [c for c in fake_tg.sent(AGENTS_CHAT) if "营业执照" in c.params["text"]])
    assert not [t for t in texts(fake_tg, chat_id) if "只能阅读文字" in t]
