"""The agents' forum group: a message in a ticket's topic goes to the customer; /claim,
/close, /transfer and /note act on the ticket. Only registered agents may act."""

import asyncio

from sqlalchemy import select
from telegram import Update
from telegram.ext import ContextTypes

from bot.conversation.pipeline import resume
from bot.db.models import Agent, Ticket
from bot.db.session import session_scope
from bot.telegram.outbox import queue_for_topic
from bot.tickets import workflow
from bot.tickets.errors import TicketError

USAGE = "用法 usage: /claim · /close <处理结果> · /transfer <hotline> · /note <备注>"


def act_in_topic(topic_id: int, telegram_user_id: int, text: str) -> int | None:
    """Returns the conversation id when the ticket was closed (Rasa must resume it)."""
    with session_scope() as session:
        ticket = session.scalar(select(Ticket).where(Ticket.telegram_topic_id == topic_id))
        if ticket is None:
            return None
        agent = session.scalar(select(Agent).where(Agent.telegram_user_id == telegram_user_id,
                                                   Agent.active.is_(True)))
        if agent is None:
            queue_for_topic(session, ticket, "⚠ 只有已登记的坐席可以处理工单。Only registered "
                                             "agents can act on tickets.")
            return None
        command, _, argument = text.partition(" ")
        command, argument = command.split("@", 1)[0], argument.strip()
        try:
            if command == "/claim":
                workflow.claim(session, agent, ticket)
            elif command == "/close":
                if not argument:
                    raise TicketError(422, USAGE)
                workflow.close(session, agent, ticket, argument)
                return ticket.conversation_id
            elif command == "/transfer":
                workflow.transfer(session, agent, ticket, argument)
            elif command == "/note":
                if not argument:
                    raise TicketError(422, USAGE)
                workflow.note(session, agent, ticket, argument)
            elif command.startswith("/"):
                raise TicketError(422, USAGE)
            else:
                workflow.reply(session, agent, ticket, text, echo_to_topic=False)
        except TicketError as exc:
            session.rollback()
            ticket = session.get(Ticket, ticket.id)
            queue_for_topic(session, ticket, f"⚠ {exc.message}")
        return None


async def topic_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    if not message.is_topic_message or not message.message_thread_id or not message.text:
        return
    if message.from_user is None or message.from_user.is_bot:
        return
    closed = await asyncio.to_thread(act_in_topic, message.message_thread_id,
                                     message.from_user.id, message.text)
    if closed is not None:
        await asyncio.to_thread(resume, closed)
    context.bot_data["sender"].wake.set()
