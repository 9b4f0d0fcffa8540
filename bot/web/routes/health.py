"""GET /healthz: the state of Rasa, the action server and the database."""

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from bot.conversation.pipeline import rasa
from bot.conversation.rasa_client import action_server_status
from bot.db.session import database_ok
from bot.settings import get_settings

router = APIRouter()


def _check() -> dict:
    checks = {
        "rasa": rasa().status(),
        "action_server": action_server_status(get_settings().action_server_url),
        "database": database_ok(),
    }
    return {name: {"ok": ok, "detail": detail} for name, (ok, detail) in checks.items()}


@router.get("/healthz")
async def healthz():
    checks = await run_in_threadpool(_check)
    healthy = all(c["ok"] for c in checks.values())
    return JSONResponse({"status": "ok" if healthy else "unavailable", **checks},
                        status_code=200 if healthy else 503)
