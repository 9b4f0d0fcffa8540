"""Passwords (argon2), API tokens and console sessions. Only hashes are stored."""

import hashlib
import secrets
from datetime import datetime, timedelta, timezone

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from bot.db.models import Agent, AgentSession, ApiToken

SESSION_TTL = timedelta(hours=8)
_hasher = PasswordHasher()


def _sha256(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def check_password(agent: Agent, password: str) -> bool:
    if not agent.password_hash:
        return False
    try:
        return _hasher.verify(agent.password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def issue_token(session: Session, agent: Agent) -> str:
    token = "hl_" + secrets.token_urlsafe(32)
    session.add(ApiToken(agent=agent, token_hash=_sha256(token)))
    return token


def agent_for_token(session: Session, token: str) -> Agent | None:
    row = session.scalar(select(ApiToken).where(ApiToken.token_hash == _sha256(token)))
    if row is None or not row.agent.active:
        return None
    row.last_used_at = datetime.now(timezone.utc)
    return row.agent


def start_session(session: Session, agent: Agent) -> tuple[str, str]:
    """Returns (session id for the cookie, CSRF token for the page)."""
    sid, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(24)
    now = datetime.now(timezone.utc)
    session.execute(delete(AgentSession).where(AgentSession.expires_at < now))
    session.add(AgentSession(agent=agent, session_hash=_sha256(sid), csrf_token=csrf,
                             expires_at=now + SESSION_TTL))
    return sid, csrf


def session_for(session: Session, sid: str) -> AgentSession | None:
    row = session.scalar(select(AgentSession).where(AgentSession.session_hash == _sha256(sid)))
    if row is None or row.expires_at <= datetime.now(timezone.utc) or not row.agent.active:
        return None
    return row


def end_session(session: Session, sid: str) -> None:
    session.execute(delete(AgentSession).where(AgentSession.session_hash == _sha256(sid)))
