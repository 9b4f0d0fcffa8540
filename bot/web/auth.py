"""Who is calling: an agent's API token (Authorization: Bearer) or console session cookie.
Cookie-authenticated requests that change something must carry the session's CSRF token."""

from fastapi import Request
from sqlalchemy.orm import Session

from bot.agents.auth import agent_for_token, session_for
from bot.db.models import Agent
from bot.web.errors import ApiError

SESSION_COOKIE = "hotline_session"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


def authenticate(request: Request, session: Session) -> Agent:
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        agent = agent_for_token(session, header[7:].strip())
        if agent is None:
            raise ApiError(401, "Invalid or revoked API token.")
        return agent
    sid = request.cookies.get(SESSION_COOKIE)
    row = session_for(session, sid) if sid else None
    if row is None:
        raise ApiError(401, "Sign in first: send an API token or log in to the console.")
    if request.method not in SAFE_METHODS and request.headers.get("x-csrf-token") != row.csrf_token:
        raise ApiError(403, "Missing or wrong CSRF token.")
    return row.agent
