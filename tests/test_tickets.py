"""Tickets end to end against the real stack on PostgreSQL: escalation, the agent API,
pause and resume in Rasa, CSAT, the state machine, concurrency and authorization."""

import threading
from datetime import datetime, timedelta, timezone

import httpx
import pytest
from sqlalchemy import create_engine, text

from tests.agents import client, create_agent
from tests.conftest import chat


@pytest.fixture(scope="module")
def hr_agent(stack, database_url):
    agent = create_agent(database_url, "hr,legal")
    with client(stack.urls["web"], agent) as c:
        yield c


@pytest.fixture(scope="module")
def psych_agent(stack, database_url):
    agent = create_agent(database_url, "psych")
    with client(stack.urls["web"], agent) as c:
        yield c


def escalate_to_hr(web, sender) -> str:
    chat(web, sender, "签三年的劳动合同，试用期最多能约定几个月？")
    body = chat(web, sender, "我要转人工")
    assert body["route"]["kind"] == "handoff"
    if body["ticket"] is None:  # asked which hotline: pick HR
        body = chat(web, sender, '/request_human{"hotline":"hr"}')
    ticket = body["ticket"]
    assert ticket and ticket["hotline"] == "hr" and ticket["status"] == "new"
    assert ticket["id"] in body["replies"][0]["text"]
    return ticket["id"]


def rasa_paused(stack, sender) -> bool:
    tracker = httpx.get(f"{stack.urls['rasa']}/conversations/web:{sender}/tracker", timeout=10).json()
    return tracker["paused"]


def test_the_whole_loop(stack, web, sender, hr_agent):
    number = escalate_to_hr(web, sender)
    assert rasa_paused(stack, sender)

    queue = hr_agent.get("/api/tickets", params={"status": "new", "hotline": "hr"}).json()
    assert number in [t["id"] for t in queue["tickets"]]
    detail = hr_agent.get(f"/api/tickets/{number}").json()
    assert "试用期" in detail["subject"] + detail["summary"]
    assert [m["role"] for m in detail["transcript"]][:2] == ["customer", "bot"]

    assert hr_agent.post(f"/api/tickets/{number}/claim").json()["status"] == "assigned"
    sent = hr_agent.post(f"/api/tickets/{number}/messages", json={"text": "您好，我是人力资源专员，请问合同何时签的？"})
    assert sent.status_code == 200 and sent.json()["status"] == "waiting_customer"
    messages = web.get(f"/api/chat/{sender}/messages").json()["messages"]
    assert messages[-1]["role"] == "agent" and "人力资源专员" in messages[-1]["text"]

    # The customer's next message reaches the agent, not the bot.
    body = chat(web, sender, "上个月签的，试用期写了六个月")
    assert body["replies"] == [] and body["route"]["kind"] == "handoff"
    detail = hr_agent.get(f"/api/tickets/{number}").json()
    assert detail["status"] == "assigned"
    assert detail["transcript"][-1]["text"] == "上个月签的，试用期写了六个月"

    hr_agent.post(f"/api/tickets/{number}/notes", json={"text": "合同三年，试用期约定合法"})
    closed = hr_agent.post(f"/api/tickets/{number}/close", json={"resolution": "已解答试用期上限"})
    assert closed.json()["status"] == "closed"
    assert not rasa_paused(stack, sender)
    last = web.get(f"/api/chat/{sender}/messages").json()["messages"][-1]
    assert [b["payload"] for b in last["buttons"]] == [f'/csat{{"score":{n}}}' for n in range(1, 6)]

    thanks = chat(web, sender, '/csat{"score":5}')
    assert "谢谢" in thanks["replies"][0]["text"]
    detail = hr_agent.get(f"/api/tickets/{number}").json()
    assert detail["csat_score"] == 5
    kinds = [e["kind"] for e in detail["events"]]
    assert kinds[:3] == ["created", "assigned", "replied"]
    assert {"customer", "note", "resolved", "closed", "csat"} <= set(kinds)

    again = chat(web, sender, "How long does an invention patent last?")
    assert again["route"]["kind"] == "answer" and again["ticket"] is None


def test_illegal_transitions(web, sender, hr_agent, database_url):
    number = escalate_to_hr(web, sender)
    assert hr_agent.post(f"/api/tickets/{number}/close", json={"resolution": "x"}).status_code == 409
    assert hr_agent.post(f"/api/tickets/{number}/reopen").status_code == 409
    assert hr_agent.post(f"/api/tickets/{number}/claim").status_code == 200
    assert hr_agent.post(f"/api/tickets/{number}/claim").status_code == 409
    assert hr_agent.post(f"/api/tickets/{number}/transfer", json={"hotline": "hr"}).status_code == 409
    assert hr_agent.post(f"/api/tickets/{number}/close", json={"resolution": "done"}).status_code == 200
    assert hr_agent.post(f"/api/tickets/{number}/messages", json={"text": "hi"}).status_code == 409
    assert hr_agent.post(f"/api/tickets/{number}/close", json={"resolution": "again"}).status_code == 409
    assert hr_agent.post(f"/api/tickets/{number}/reopen").json()["status"] == "assigned"
    assert hr_agent.post(f"/api/tickets/{number}/close", json={"resolution": "done"}).status_code == 200
    engine = create_engine(database_url)
    with engine.begin() as conn:  # closed 8 days ago: too late to reopen
        conn.execute(text("UPDATE tickets SET closed_at = :t WHERE id = :id"),
                     {"t": datetime.now(timezone.utc) - timedelta(days=8), "id": int(number[-6:])})
    engine.dispose()
    assert hr_agent.post(f"/api/tickets/{number}/reopen").status_code == 409


def test_bad_bodies_are_4xx(web, sender, hr_agent):
    number = escalate_to_hr(web, sender)
    assert hr_agent.post(f"/api/tickets/{number}/messages", json={"text": ""}).status_code == 422
    assert hr_agent.post(f"/api/tickets/{number}/transfer", json={"hotline": "sales"}).status_code == 422
    assert hr_agent.get("/api/tickets/HL-2026-999999").status_code == 404
    assert hr_agent.get("/api/tickets/nonsense").status_code == 404


def test_concurrent_claims_exactly_one_wins(stack, web, database_url):
    agents = [client(stack.urls["web"], create_agent(database_url, "hr")) for _ in range(2)]
    for _ in range(5):
        import uuid
        number = escalate_to_hr(web, uuid.uuid4().hex)
        barrier, codes = threading.Barrier(2), []

        def claim(agent):
            barrier.wait()
            codes.append(agent.post(f"/api/tickets/{number}/claim").status_code)

        threads = [threading.Thread(target=claim, args=(a,)) for a in agents]
        [t.start() for t in threads]
        [t.join() for t in threads]
        assert sorted(codes) == [200, 409]
        events = agents[0].get(f"/api/tickets/{number}").json()["events"]
        assert [e["kind"] for e in events].count("assigned") == 1
    for a in agents:
        a.close()


def test_authorization(stack, web, sender, database_url, psych_agent):
    number = escalate_to_hr(web, sender)
    base = stack.urls["web"]
    assert httpx.get(f"{base}/api/tickets").status_code == 401
    assert httpx.get(f"{base}/api/tickets", headers={"Authorization": "Bearer hl_wrong"}).status_code == 401
    assert httpx.post(f"{base}/api/tickets/{number}/claim").status_code == 401
    # An agent of another hotline neither sees nor touches it.
    assert number not in [t["id"] for t in psych_agent.get("/api/tickets").json()["tickets"]]
    assert psych_agent.get(f"/api/tickets/{number}").status_code == 403
    assert psych_agent.post(f"/api/tickets/{number}/claim").status_code == 403
    # A supervisor may.
    with client(base, create_agent(database_url, "", role="supervisor")) as supervisor:
        assert supervisor.get(f"/api/tickets/{number}").status_code == 200


def test_transfer_moves_the_ticket_to_the_other_hotline(web, sender, hr_agent, psych_agent):
    number = escalate_to_hr(web, sender)
    hr_agent.post(f"/api/tickets/{number}/claim")
    moved = hr_agent.post(f"/api/tickets/{number}/transfer", json={"hotline": "psych"}).json()
    assert moved["hotline"] == "psych" and moved["status"] == "new" and moved["assignee"] is None
    assert psych_agent.post(f"/api/tickets/{number}/claim").status_code == 200


def test_crisis_is_an_urgent_psych_ticket_at_the_head_of_the_queue(web, sender, psych_agent):
    body = chat(web, sender, "生意全完了，我想结束自己的生命")
    assert body["route"]["kind"] == "crisis"
    ticket = body["ticket"]
    assert ticket["priority"] == "urgent" and ticket["hotline"] == "psych"
    assert "12356" in body["replies"][0]["text"] and ticket["id"] in body["replies"][0]["text"]
    queue = psych_agent.get("/api/tickets", params={"status": "new"}).json()["tickets"]
    assert queue[0]["priority"] == "urgent"
    detail = psych_agent.get(f"/api/tickets/{ticket['id']}").json()
    assert "notified" in [e["kind"] for e in detail["events"]]
    assert detail["sla_seconds_left"] <= 15 * 60


def test_crisis_during_an_open_ticket_raises_it_to_urgent(web, sender, hr_agent):
    number = escalate_to_hr(web, sender)
    body = chat(web, sender, "I want to kill myself")
    # A person already has the conversation: the message goes to them, and the ticket is urgent.
    detail = hr_agent.get(f"/api/tickets/{number}").json()
    assert body["ticket"]["id"] == number
    assert detail["priority"] == "urgent"


def test_two_low_confidence_turns_open_a_ticket(web, sender):
    # The fallback intent, as Rasa's FallbackClassifier emits it for a low-confidence guess.
    first = chat(web, sender, "/nlu_fallback")
    assert first["route"]["kind"] == "clarify" and first["ticket"] is None
    second = chat(web, sender, "/nlu_fallback")
    assert second["route"]["kind"] == "handoff"
    assert second["ticket"]["status"] == "new"
