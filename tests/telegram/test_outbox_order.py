"""How the sender fills each second: evenly spaced under the global limit, one per chat, and
conversation replies before a broadcast's items."""

from dataclasses import dataclass

from bot.db.models import Contact, OutboxItem
from bot.db.session import session_scope
from bot.telegram.limiter import RateLimiter
from bot.telegram.sender import _due_items, plan_round


@dataclass
class Item:
    chat_id: int


def test_a_round_is_spread_evenly_over_one_second():
    limiter = RateLimiter(per_second=30, chat_interval=1.0, group_per_minute=20)
    batch, _ = plan_round(limiter, [Item(chat) for chat in range(100)], now=50.0)
    delays = [delay for _, delay in batch]
    assert len(batch) == 30 and delays[0] == 0.0 and max(delays) < 1.0
    assert all(abs((b - a) - 1 / 30) < 1e-9 for a, b in zip(delays, delays[1:]))
    # the next round, a second later, fills the next second the same way
    later, _ = plan_round(limiter, [Item(chat) for chat in range(100, 200)], now=51.0)
    assert len(later) == 30
    early, soonest = plan_round(limiter, [Item(999)], now=50.5)
    assert early == [] and 0 < soonest <= 1.0  # that second is full


def test_one_message_per_chat_per_round_keeps_each_chat_in_order():
    limiter = RateLimiter(per_second=30, chat_interval=1.0, group_per_minute=20)
    batch, soonest = plan_round(limiter, [Item(7), Item(7), Item(8)], now=0.0)
    assert [item.chat_id for item, _ in batch] == [7, 8]


def test_conversation_replies_go_before_a_broadcast(database_url):
    with session_scope() as session:
        contact = Contact(channel="telegram", external_id="7300001")
        session.add(contact)
        session.flush()
        session.add_all([OutboxItem(chat_id=7300001 + i, text=f"提醒 {i}", bulk=True)
                         for i in range(5)])
        session.add(OutboxItem(chat_id=7300001, contact_id=contact.id, text="您的问题的回答"))
    try:
        due = [item for item in _due_items() if 7300001 <= item.chat_id <= 7300006]
        assert [item.bulk for item in due] == [False, True, True, True, True, True]
        assert due[0].text == "您的问题的回答"
    finally:
        with session_scope() as session:
            for item in session.query(OutboxItem).filter(OutboxItem.chat_id.between(7300001, 7300006)):
                session.delete(item)
            session.delete(session.get(Contact, contact.id))
