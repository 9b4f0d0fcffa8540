"""Creating agents and setting passwords (used by `hotline agent ...`)."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.agents.auth import hash_password, issue_token
from bot.db.models import Agent
from knowledge.hotlines import HOTLINE_IDS

ROLES = ("agent", "supervisor", "admin")


def add_agent(session: Session, username: str, hotlines: list[str], role: str = "agent",
              display_name: str | None = None, telegram_user_id: int | None = None) -> str:
    """Creates the agent and returns a new API token (shown once, stored hashed)."""
    unknown = [h for h in hotlines if h not in HOTLINE_IDS]
    if unknown:
        raise ValueError(f"unknown hotlines: {', '.join(unknown)} (use {', '.join(HOTLINE_IDS)})")
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}")
    if session.scalar(select(Agent).where(Agent.username == username)):
        raise ValueError(f"agent {username!r} already exists")
    agent = Agent(username=username, display_name=display_name or username, hotlines=hotlines,
                  role=role, telegram_user_id=telegram_user_id)
    session.add(agent)
    session.flush()
    return issue_token(session, agent)


def set_password(session: Session, username: str, password: str) -> None:
    agent = session.scalar(select(Agent).where(Agent.username == username))
    if agent is None:
        raise ValueError(f"no agent {username!r}")
    if len(password) < 10:
        raise ValueError("the password must have at least 10 characters")
    agent.password_hash = hash_password(password)
