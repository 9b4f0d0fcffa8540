"""The chat API contract against the real stack on PostgreSQL."""

from sqlalchemy import create_engine, text

from tests.conftest import chat, stored_messages

HOTLINES = {"psych", "legal", "tax_business", "hr", "hightech_ip"}


def test_probation_question_is_answered_by_hr_with_its_source(web, sender):
    body = chat(web, sender, "签三年的劳动合同，试用期最多能约定几个月？")
    assert body["sender"] == sender
    assert body["route"]["hotline"] == "hr"
    assert body["route"]["kind"] == "answer"
    assert 0 < body["route"]["confidence"] <= 1
    answer = body["replies"][0]["text"]
    assert answer.startswith("【人力资源】")
    assert "6个月" in answer or "六个月" in answer
    assert "来源：" in answer.splitlines()[-1] and "劳动合同法" in answer
    assert body["ticket"] is None


def test_patent_term_question_in_english(web, sender):
    body = chat(web, sender, "How long does an invention patent last?")
    assert body["route"]["hotline"] == "hightech_ip"
    answer = body["replies"][0]["text"]
    assert answer.startswith("[High-tech certification and IP]")
    assert "20 years" in answer
    assert answer.splitlines()[-1].startswith("Source:")


def test_explicit_lang_wins_over_detection(web, sender):
    body = chat(web, sender, "试用期最长多久", lang="en")
    assert body["replies"][0]["text"].startswith("[")
    assert "Source:" in body["replies"][0]["text"]


def test_every_reply_has_buttons_list_and_route_kind(web, sender):
    body = chat(web, sender, "你好")
    assert body["route"]["kind"] == "smalltalk"
    buttons = body["replies"][0]["buttons"]
    assert {b["payload"] for b in buttons} >= {f'/choose_hotline{{"hotline":"{h}"}}' for h in HOTLINES}


def test_out_of_scope_question(web, sender):
    body = chat(web, sender, "今天晚上吃什么好呢，推荐个菜谱")
    assert body["route"]["kind"] == "out_of_scope"
    assert body["route"]["hotline"] is None


def test_request_human_is_a_handoff(web, sender):
    body = chat(web, sender, "我要转人工客服")
    assert body["route"]["kind"] == "handoff"


def test_clarify_then_choose_hotline_answers_the_pending_question(web, sender):
    # Force the clarification path through the button flow itself.
    body = chat(web, sender, "嗯")
    if body["route"]["kind"] != "clarify":
        body = chat(web, sender, "那个事情怎么弄")
    assert body["route"]["kind"] in ("clarify", "out_of_scope")
    payload = '/choose_hotline{"hotline":"hr"}'
    chosen = chat(web, sender, payload)
    assert chosen["route"]["hotline"] == "hr"


def test_messages_endpoint_returns_the_conversation_in_order(web, sender):
    chat(web, sender, "发票丢了怎么办？")
    messages = web.get(f"/api/chat/{sender}/messages").json()["messages"]
    assert [m["role"] for m in messages][:2] == ["customer", "bot"]
    assert messages[0]["text"] == "发票丢了怎么办？"
    ids = [m["id"] for m in messages]
    assert ids == sorted(ids)
    later = web.get(f"/api/chat/{sender}/messages", params={"after": ids[0]}).json()["messages"]
    assert [m["id"] for m in later] == ids[1:]


def test_other_senders_see_only_their_own_conversation(web, sender):
    chat(web, sender, "高企认定需要什么条件")
    other = web.get("/api/chat/someone-elses-session/messages").json()
    assert other["messages"] == []


def test_crisis_message_is_escalated_and_marked_urgent(web, sender, database_url):
    body = chat(web, sender, "公司撑不下去了，我真的不想活了")
    assert body["route"]["kind"] == "crisis"
    text_ = body["replies"][0]["text"]
    assert "12356" in text_ and "110" in text_ and "120" in text_
    engine = create_engine(database_url)
    with engine.connect() as conn:
        urgent = conn.execute(text(
            "SELECT c.urgent_since FROM conversations c JOIN contacts p ON p.id = c.contact_id "
            "WHERE p.external_id = :s"), {"s": sender}).scalar_one()
    engine.dispose()
    assert urgent is not None


def test_every_customer_message_is_stored(web, sender, database_url):
    chat(web, sender, "社保要在入职多久内办理？")
    rows = stored_messages(database_url, sender)
    assert rows[0][:2] == ("customer", "processed")
    assert rows[1][0] == "bot"


# --- bad input: a clear 4xx in JSON, never a 500 ---

def test_empty_message_is_rejected_clearly(web, sender):
    response = web.post("/api/chat", json={"sender": sender, "message": "   "})
    assert response.status_code == 422
    assert "empty" in response.json()["error"]


def test_too_long_message_is_rejected_clearly(web, sender):
    response = web.post("/api/chat", json={"sender": sender, "message": "税" * 4001})
    assert response.status_code == 413
    assert "4000" in response.json()["error"]


def test_message_of_exactly_the_limit_is_accepted(web, sender):
    response = web.post("/api/chat", json={"sender": sender, "message": "试用期" + "。" * 3997})
    assert response.status_code == 200


def test_bad_json_is_a_400(web):
    response = web.post("/api/chat", content=b"{not json", headers={"content-type": "application/json"})
    assert response.status_code == 400
    assert "JSON" in response.json()["error"]


def test_unknown_field_is_rejected(web, sender):
    response = web.post("/api/chat", json={"sender": sender, "message": "hi", "admin": True})
    assert response.status_code == 422
    assert "admin" in response.json()["error"]


def test_missing_sender_and_bad_lang(web, sender):
    assert web.post("/api/chat", json={"message": "hi"}).status_code == 422
    response = web.post("/api/chat", json={"sender": sender, "message": "hi", "lang": "fr"})
    assert response.status_code == 422 and "lang" in response.json()["error"]


def test_sender_must_look_like_a_session_id(web):
    response = web.post("/api/chat", json={"sender": "../../etc", "message": "hi"})
    assert response.status_code == 422


def test_healthz_reports_each_part(web):
    response = web.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert all(body[k]["ok"] for k in ("rasa", "action_server", "database"))
