"""Tax-deadline reminders: the calendar, subscribing in conversation, exactly-once dispatch
(two dispatchers racing, a crash mid-broadcast), misfire, unsubscribe and postponement."""

import os
import subprocess
import sys
import time
from datetime import date, datetime

import pytest
import yaml
from sqlalchemy import create_engine, func, select, text

from bot.db.models import ReminderDelivery
from bot.tickets.hours import TZ
from knowledge import calendar
from tests.conftest import ROOT, chat, drop_database, isolated_database, stored_messages

HOTLINE = [sys.executable, "-m", "bot.cli"]


def cli(database_url, *args, check=True):
    return subprocess.run([*HOTLINE, *args], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, "DATABASE_URL": database_url}, check=check)


def test_projection_matches_every_month_of_the_published_2026_calendar():
    published = yaml.safe_load((calendar.CALENDAR_DIR / "2026.yml").read_text())["monthly"]
    assert {m: calendar.project(2026, m) for m in range(1, 13)} == published


def test_a_year_without_a_calendar_is_projected_and_says_so():
    d = calendar.deadline(2027, 3)
    assert d.status == "projected" and "第一百零九条" in d.source
    assert d.due.weekday() < 5 and d.due >= date(2027, 3, 15)


def test_2020_is_history_with_the_february_postponement():
    assert calendar.deadline(2020, 2).due == date(2020, 2, 28)
    assert calendar.deadline(2020, 2).status == "postponed"


def _messages(database_url, sender):
    return [(role, text_) for role, _, text_ in stored_messages(database_url, sender)]


def test_subscribe_in_the_web_chat_then_dispatch_once(web, sender, database_url):
    body = chat(web, sender, "订阅报税提醒")
    assert "已为您订阅" in body["replies"][0]["text"]
    assert any("企业所得税" in b["title"] for b in body["replies"][0]["buttons"])
    out = cli(database_url, "reminders", "dispatch", "--at", "2026-12-12T09:05:00+08:00").stdout
    assert "sent" in out
    reminders = [t for role, t in _messages(database_url, sender) if "报税提醒】" in t]
    assert len(reminders) == 1 and "12月15日" in reminders[0] and "税总办征科函" in reminders[0]
    cli(database_url, "reminders", "dispatch", "--at", "2026-12-12T09:05:00+08:00")
    cli(database_url, "reminders", "dispatch", "--at", "2026-12-12T10:00:00+08:00")
    assert len([t for _, t in _messages(database_url, sender) if "报税提醒】" in t]) == 1
    # The reminder is in the conversation the web page shows.
    shown = web.get(f"/api/chat/{sender}/messages").json()["messages"]
    assert any("12月15日" in m["text"] for m in shown)


def test_unsubscribe_stops_reminders(web, sender, database_url):
    chat(web, sender, "订阅报税提醒")
    body = chat(web, sender, "取消报税提醒")
    assert "已取消" in body["replies"][0]["text"]
    cli(database_url, "reminders", "dispatch", "--at", "2026-12-14T09:05:00+08:00")
    assert not [t for _, t in _messages(database_url, sender) if "报税提醒】" in t]


def test_next_deadline_question_gets_the_date_and_its_source(web, sender):
    body = chat(web, sender, "下次报税截止是哪天？")
    assert body["route"]["hotline"] == "tax_business"
    coming = calendar.upcoming(datetime.now(TZ).date(), months=1)[0]
    first = body["replies"][0]["text"]
    assert f"{coming.due.month}月{coming.due.day}日" in first and "来源" in first
    assert ("推算" in first) == (coming.status == "projected")


# --- dispatching at scale, on a database of its own ---

@pytest.fixture
def reminder_db():
    name = f"hotline_test_reminders_{os.getpid()}"
    url = isolated_database(name)
    yield url
    drop_database(name)


def _subscribers(url, n, channel="web", **sub_fields):
    engine = create_engine(url)
    with engine.begin() as conn:
        for i in range(n):
            cid = conn.execute(text("INSERT INTO contacts (channel, external_id, created_at) "
                                    "VALUES (:c, :e, now()) RETURNING id"),
                               {"c": channel, "e": f"{channel}-sub-{i:06d}"}).scalar()
            conn.execute(text(
                "INSERT INTO subscriptions (contact_id, kinds, leads, active, created_at, updated_at) "
                "VALUES (:c, '[\"monthly\"]', '[3, 1]', true, now(), now())"), {"c": cid})
    return engine


def _count(engine, model):
    from sqlalchemy.orm import Session
    with Session(engine) as session:
        return session.scalar(select(func.count()).select_from(model))


def test_two_dispatchers_racing_send_each_reminder_once(reminder_db):
    engine = _subscribers(reminder_db, 300)
    at = "2026-12-12T09:05:00+08:00"
    procs = [subprocess.Popen([*HOTLINE, "reminders", "dispatch", "--at", at], cwd=ROOT,
                              env={**os.environ, "DATABASE_URL": reminder_db},
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT) for _ in range(2)]
    outputs = [p.communicate(timeout=300)[0].decode() for p in procs]
    assert all(p.returncode == 0 for p in procs), outputs
    assert _count(engine, ReminderDelivery) == 300
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM messages WHERE role='bot'")).scalar() == 300
    engine.dispose()


def test_crash_in_the_middle_resumes_without_duplicates(reminder_db):
    engine = _subscribers(reminder_db, 2000)
    at = "2026-12-12T09:05:00+08:00"
    proc = subprocess.Popen([*HOTLINE, "reminders", "dispatch", "--at", at], cwd=ROOT,
                            env={**os.environ, "DATABASE_URL": reminder_db},
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    for line in proc.stdout:  # the first batch is committed: now crash
        if line.startswith("..."):
            proc.kill()
            break
    proc.wait()
    partial = _count(engine, ReminderDelivery)
    assert 0 < partial < 2000
    cli(reminder_db, "reminders", "dispatch", "--at", at)
    assert _count(engine, ReminderDelivery) == 2000
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM messages WHERE role='bot'")).scalar() == 2000
    engine.dispose()


def test_after_downtime_late_reminders_go_out_until_the_deadline_but_never_after(reminder_db):
    engine = _subscribers(reminder_db, 3)
    # Down from before the 3-day reminder until after the 1-day one: one reminder, not two.
    out = cli(reminder_db, "reminders", "dispatch", "--at", "2026-12-14T11:00:00+08:00").stdout
    assert "sent 3," in out
    with engine.connect() as conn:
        leads = conn.execute(text("SELECT DISTINCT lead_days FROM reminder_deliveries")).scalars().all()
    assert leads == [1]
    # After the deadline nothing is sent for it.
    cli(reminder_db, "reminders", "dispatch", "--at", "2026-12-16T09:05:00+08:00")
    assert _count(engine, ReminderDelivery) == 3
    engine.dispose()


def test_postponement_moves_reminders_and_tells_subscribers_once(reminder_db):
    engine = _subscribers(reminder_db, 5)
    out = cli(reminder_db, "calendar", "set", "2027-02", "2027-02-24", "--source",
              "税务总局关于延长2027年2月申报期限的通知（测试）").stdout
    assert "5 subscriber(s) notified" in out
    again = cli(reminder_db, "calendar", "set", "2027-02", "2027-02-24", "--source", "同一通知").stdout
    assert "0 subscriber(s) notified" in again
    cli(reminder_db, "reminders", "dispatch", "--at", "2027-02-12T09:05:00+08:00")
    with engine.connect() as conn:  # 3 days before the old 15 Feb: nothing now
        assert conn.execute(text("SELECT count(*) FROM reminder_deliveries WHERE "
                                 "deadline_key LIKE 'monthly:%'")).scalar() == 0
    cli(reminder_db, "reminders", "dispatch", "--at", "2027-02-21T09:05:00+08:00")
    with engine.connect() as conn:
        texts = conn.execute(text("SELECT text FROM messages WHERE role='bot' ORDER BY id")).scalars().all()
    assert len(texts) == 10
    assert all("2月24日" in t for t in texts)
    preview = cli(reminder_db, "reminders", "preview", "--at", "2027-02-21T10:00:00+08:00").stdout
    assert "monthly:2027-02" in preview and "5 subscriber(s)" in preview
    engine.dispose()


def test_blocked_telegram_user_is_paused_not_retried(reminder_db):
    engine = _subscribers(reminder_db, 2, channel="telegram")
    with engine.begin() as conn:
        conn.execute(text("UPDATE contacts SET external_id = '7000001' WHERE id = (SELECT min(id) FROM contacts)"))
        conn.execute(text("UPDATE contacts SET external_id = '7000002' WHERE id = (SELECT max(id) FROM contacts)"))
        conn.execute(text("UPDATE contacts SET unreachable_at = now() WHERE external_id = '7000001'"))
    out = cli(reminder_db, "reminders", "dispatch", "--at", "2026-12-12T09:05:00+08:00").stdout
    assert "sent 1," in out and "blocked 1" in out
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM outbox")).scalar() == 1
        assert conn.execute(text("SELECT count(*) FROM subscriptions WHERE paused_at IS NOT NULL")).scalar() == 1
    cli(reminder_db, "reminders", "dispatch", "--at", "2026-12-14T09:05:00+08:00")
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM outbox")).scalar() == 2
    engine.dispose()


def test_delivery_report_counts_sent_queued_and_blocked(reminder_db):
    engine = _subscribers(reminder_db, 3, channel="telegram")
    with engine.begin() as conn:
        conn.execute(text("UPDATE contacts SET external_id = (7100000 + id)::text"))
        conn.execute(text("UPDATE contacts SET unreachable_at = now() WHERE id = (SELECT min(id) FROM contacts)"))
    cli(reminder_db, "reminders", "dispatch", "--at", "2026-12-12T09:05:00+08:00")
    with engine.begin() as conn:  # the gateway sent one of the two queued messages
        conn.execute(text("UPDATE outbox SET status = 'sent' WHERE id = (SELECT min(id) FROM outbox)"))
    out = cli(reminder_db, "reminders", "report").stdout
    assert "monthly:2026-12: sent 1, queued 1, failed 0, blocked 1" in out
    engine.dispose()


def test_the_scheduler_process_dispatches_what_is_due_once(reminder_db):
    engine = _subscribers(reminder_db, 4)
    with engine.begin() as conn:  # a 30-day lead: due now, before the coming deadline
        conn.execute(text("UPDATE subscriptions SET leads = '[30]'"))
    env = {**os.environ, "DATABASE_URL": reminder_db}
    schedulers = [subprocess.Popen([*HOTLINE, "scheduler"], cwd=ROOT, env=env,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                  for _ in range(2)]  # a second one started by mistake
    try:
        deadline = time.monotonic() + 60
        while _count(engine, ReminderDelivery) < 4 and time.monotonic() < deadline:
            time.sleep(0.5)
        time.sleep(3)
        assert _count(engine, ReminderDelivery) == 4
        with engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM messages")).scalar() == 4
            jobs = conn.execute(text("SELECT id FROM apscheduler_jobs")).scalars().all()
        assert jobs == ["reminders-dispatch"]
    finally:
        for proc in schedulers:
            proc.terminate()
            proc.wait(timeout=20)
    engine.dispose()
