"""The agents' console: the page, login and logout, who am I, canned replies."""

from pathlib import Path

import yaml
from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, JSONResponse
from pydantic import BaseModel, ConfigDict
from sqlalchemy import select

from bot.agents.auth import SESSION_TTL, check_password, end_session, session_for, start_session
from bot.db.models import Agent
from bot.db.session import session_scope
from bot.web.auth import SESSION_COOKIE, authenticate
from bot.web.errors import ApiError
from knowledge import KNOWLEDGE_DIR

router = APIRouter(tags=["console"])
STATIC = Path(__file__).resolve().parent.parent / "static"


class LoginIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    username: str
    password: str


@router.get("/console", include_in_schema=False)
def console_page():
    return FileResponse(STATIC / "console.html")


@router.post("/api/auth/login")
def login(request: Request, body: LoginIn):
    if request.headers.get("content-type", "").split(";")[0] != "application/json":
        raise ApiError(415, "Send the login as JSON.")  # plain HTML forms can't: CSRF guard
    with session_scope() as session:
        agent = session.scalar(select(Agent).where(Agent.username == body.username))
        if agent is None or not agent.active or not check_password(agent, body.password):
            raise ApiError(401, "Wrong username or password.")
        sid, csrf = start_session(session, agent)
        payload = {"username": agent.username, "display_name": agent.display_name,
                   "hotlines": agent.hotlines, "role": agent.role, "csrf_token": csrf}
    response = JSONResponse(payload)
    response.set_cookie(SESSION_COOKIE, sid, max_age=int(SESSION_TTL.total_seconds()),
                        httponly=True, samesite="strict", secure=request.url.scheme == "https")
    return response


@router.post("/api/auth/logout")
def logout(request: Request):
    with session_scope() as session:
        authenticate(request, session)
        end_session(session, request.cookies.get(SESSION_COOKIE, ""))
    response = JSONResponse({"ok": True})
    response.delete_cookie(SESSION_COOKIE)
    return response


@router.get("/api/me")
def me(request: Request):
    with session_scope() as session:
        agent = authenticate(request, session)
        row = session_for(session, request.cookies.get(SESSION_COOKIE, ""))
        return {"username": agent.username, "display_name": agent.display_name,
                "hotlines": agent.hotlines, "role": agent.role,
                "csrf_token": row.csrf_token if row else None}


@router.get("/api/canned")
def canned(request: Request, hotline: str):
    with session_scope() as session:
        authenticate(request, session)
    replies = yaml.safe_load((KNOWLEDGE_DIR / "canned_replies.yml").read_text("utf-8"))
    return {"hotline": hotline, "replies": replies.get(hotline, [])}
