"""Tickets as JSON for the API and the console."""

from datetime import datetime, timezone
from typing import Any

from bot.conversation.store import message_view
from bot.db.models import Ticket

TRANSCRIPT_BEFORE = 20  # turns before the escalation shown to the agent


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def ticket_brief(ticket: Ticket) -> dict[str, Any]:
    now = datetime.now(timezone.utc)
    due = ticket.sla_due_at
    return {
        "id": ticket.number, "hotline": ticket.hotline, "priority": ticket.priority,
        "status": ticket.status, "reason": ticket.reason, "subject": ticket.subject,
        "assignee": ticket.assignee.username if ticket.assignee else None,
        "created_at": _iso(ticket.created_at), "first_response_at": _iso(ticket.first_response_at),
        "resolved_at": _iso(ticket.resolved_at), "closed_at": _iso(ticket.closed_at),
        "sla_due_at": _iso(due),
        "sla_seconds_left": int((due - now).total_seconds()) if due else None,
        "csat_score": ticket.csat_score,
    }


def ticket_full(ticket: Ticket, earlier: list[Ticket]) -> dict[str, Any]:
    messages = list(ticket.conversation.messages)
    start = next((i for i, m in enumerate(messages) if m.created_at >= ticket.created_at),
                 len(messages))
    transcript = messages[max(0, start - TRANSCRIPT_BEFORE):]
    contact = ticket.conversation.contact
    return ticket_brief(ticket) | {
        "summary": ticket.summary, "resolution": ticket.resolution,
        "csat_comment": ticket.csat_comment,
        "customer": {"channel": contact.channel, "lang": contact.lang,
                     "enterprise_name": contact.enterprise_name},
        "transcript": [message_view(m) for m in transcript],
        "events": [{"kind": e.kind, "agent": e.agent.username if e.agent else None,
                    "data": e.data, "at": _iso(e.created_at)} for e in ticket.events],
        "earlier_tickets": [ticket_brief(t) for t in earlier if t.id != ticket.id],
    }


def ticket_for_customer(ticket: Ticket) -> dict[str, Any]:
    return {"id": ticket.number, "hotline": ticket.hotline, "priority": ticket.priority,
            "status": ticket.status}
