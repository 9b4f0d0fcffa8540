"""One forum topic per ticket in the agents' group; its title follows the ticket's status."""

import asyncio
import logging

from sqlalchemy import select
from telegram import Bot
from telegram.error import RetryAfter, TelegramError

from bot.db.models import Ticket
from bot.db.session import session_scope
from bot.telegram.limiter import retry_seconds
from bot.telegram.outbox import queue_for_topic
from bot.tickets.queries import OPEN_STATUSES

log = logging.getLogger(__name__)
STATUS = {"new": "待领取 new", "assigned": "处理中 assigned", "waiting_customer": "待客户 waiting",
          "resolved": "已解决 resolved", "closed": "已结 closed"}
ROLE = {"customer": "客户", "bot": "机器人", "agent": "坐席", "system": "系统"}


def topic_title(ticket: Ticket) -> str:
    urgent = "🔴 " if ticket.priority == "urgent" else ""
    return f"{urgent}[{ticket.hotline}] {ticket.number} {STATUS[ticket.status]} · {ticket.subject}"[:128]


def transcript_post(ticket: Ticket) -> str:
    lines = [f"{ticket.number} · {ticket.hotline} · {ticket.priority}", ticket.summary, "—"]
    for message in list(ticket.conversation.messages)[-15:]:
        lines.append(f"{ROLE.get(message.role, message.role)}: {message.text}")
    lines.append("—\n回复本话题即发给客户。/claim · /close <结果> · /transfer <热线> · /note <备注>")
    return "\n".join(lines)


def _work() -> tuple[list[tuple[int, str]], list[tuple[int, int, str]]]:
    """(tickets that need a topic, tickets whose topic title is stale)."""
    with session_scope() as session:
        need = [(t.id, topic_title(t)) for t in session.scalars(select(Ticket).where(
            Ticket.telegram_topic_id.is_(None), Ticket.status.in_(OPEN_STATUSES)).order_by(Ticket.id))]
        stale = [(t.id, t.telegram_topic_id, topic_title(t)) for t in session.scalars(
            select(Ticket).where(Ticket.telegram_topic_id.is_not(None)))
            if topic_title(t) != t.telegram_topic_title]
    return need, stale


def _topic_created(ticket_id: int, topic_id: int, title: str) -> None:
    with session_scope() as session:
        ticket = session.get(Ticket, ticket_id)
        ticket.telegram_topic_id, ticket.telegram_topic_title = topic_id, title
        queue_for_topic(session, ticket, transcript_post(ticket))


def _title_set(ticket_id: int, title: str) -> None:
    with session_scope() as session:
        session.get(Ticket, ticket_id).telegram_topic_title = title


async def sync_topics(bot: Bot, chat_id: int, wake_sender, every: float = 1.0) -> None:
    while True:
        try:
            need, stale = await asyncio.to_thread(_work)
            for ticket_id, title in need:
                topic = await bot.create_forum_topic(chat_id, name=title)
                await asyncio.to_thread(_topic_created, ticket_id, topic.message_thread_id, title)
                wake_sender()
            for ticket_id, topic_id, title in stale:
                await bot.edit_forum_topic(chat_id, topic_id, name=title)
                await asyncio.to_thread(_title_set, ticket_id, title)
        except RetryAfter as exc:
            await asyncio.sleep(retry_seconds(exc.retry_after))
        except TelegramError as exc:
            log.warning("forum topics: %s", exc)
        except Exception:
            log.exception("forum topic sync failed")
        await asyncio.sleep(every)
