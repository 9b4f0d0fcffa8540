"""The agent REST API: the queue, a ticket, and what an agent does with it."""

import re

from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import case, select
from sqlalchemy.orm import Session

from bot.conversation.pipeline import pause, resume
from bot.db.models import Agent, Ticket
from bot.db.session import session_scope
from bot.tickets import workflow
from bot.tickets.errors import TicketError
from bot.tickets.queries import tickets_of_contact
from bot.tickets.views import ticket_brief, ticket_full
from bot.web.auth import authenticate
from bot.web.errors import ApiError
from bot.web.schemas import Hotline

router = APIRouter(prefix="/api/tickets", tags=["tickets"])
NUMBER = re.compile(r"^HL-(\d{4})-(\d{6,})$")
PRIORITY_ORDER = case({"urgent": 0, "high": 1, "normal": 2, "low": 3}, value=Ticket.priority)


class TextIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str = Field(min_length=1, max_length=4000)


class TransferIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    hotline: Hotline


class CloseIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    resolution: str = Field(min_length=1, max_length=2000)


def _load(session: Session, number: str, agent: Agent) -> Ticket:
    match = NUMBER.match(number)
    ticket = session.get(Ticket, int(match.group(2))) if match else None
    if ticket is None or ticket.number != number:
        raise ApiError(404, f"No ticket {number}.")
    try:
        workflow.require_access(agent, ticket)
    except TicketError as exc:
        raise ApiError(exc.status, exc.message) from exc
    return ticket


def _act(request: Request, number: str, action, *args) -> dict:
    with session_scope() as session:
        agent = authenticate(request, session)
        ticket = _load(session, number, agent)
        try:
            action(session, agent, ticket, *args)
        except TicketError as exc:
            raise ApiError(exc.status, exc.message) from exc
        session.flush()
        return ticket_brief(ticket) | {"_conversation_id": ticket.conversation_id}


def _out(result: dict) -> dict:
    return {k: v for k, v in result.items() if not k.startswith("_")}


@router.get("")
def queue(request: Request, status: str | None = None, hotline: str | None = None,
          assignee: str | None = None):
    with session_scope() as session:
        agent = authenticate(request, session)
        query = select(Ticket).order_by(PRIORITY_ORDER, Ticket.sla_due_at, Ticket.id)
        if status:
            query = query.where(Ticket.status.in_(status.split(",")))
        if hotline:
            query = query.where(Ticket.hotline == hotline)
        if assignee == "me":
            query = query.where(Ticket.assignee_id == agent.id)
        elif assignee == "none":
            query = query.where(Ticket.assignee_id.is_(None))
        elif assignee:
            query = query.join(Ticket.assignee).where(Agent.username == assignee)
        tickets = [t for t in session.scalars(query.limit(500)) if agent.serves(t.hotline)]
        return {"tickets": [ticket_brief(t) for t in tickets]}


@router.get("/{number}")
def show(request: Request, number: str):
    with session_scope() as session:
        agent = authenticate(request, session)
        ticket = _load(session, number, agent)
        earlier = tickets_of_contact(session, ticket.conversation.contact_id)
        return ticket_full(ticket, earlier)


@router.post("/{number}/claim")
def claim(request: Request, number: str):
    return _out(_act(request, number, workflow.claim))


@router.post("/{number}/messages")
def send_message(request: Request, number: str, body: TextIn):
    return _out(_act(request, number, workflow.reply, body.text.strip()))


@router.post("/{number}/notes")
def add_note(request: Request, number: str, body: TextIn):
    return _out(_act(request, number, workflow.note, body.text.strip()))


@router.post("/{number}/transfer")
def transfer(request: Request, number: str, body: TransferIn):
    return _out(_act(request, number, workflow.transfer, body.hotline))


@router.post("/{number}/close")
def close(request: Request, number: str, body: CloseIn):
    result = _act(request, number, workflow.close, body.resolution.strip())
    resume(result["_conversation_id"])  # the bot answers this customer again
    return _out(result)


@router.post("/{number}/reopen")
def reopen(request: Request, number: str):
    result = _act(request, number, workflow.reopen)
    pause(result["_conversation_id"])
    return _out(result)
