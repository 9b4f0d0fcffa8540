"""The FastAPI application: API routes, the chat page, and the pending-message retrier."""

import asyncio
import logging
from contextlib import asynccontextmanager, suppress
from pathlib import Path

from fastapi import FastAPI
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

from bot.conversation.pipeline import retry_pending
from bot.web import errors
from bot.web.routes import chat, console, health, tickets

STATIC = Path(__file__).resolve().parent / "static"
RETRY_SECONDS = 10
log = logging.getLogger(__name__)


async def _retry_pending_forever() -> None:
    while True:
        await asyncio.sleep(RETRY_SECONDS)
        try:
            done = await run_in_threadpool(retry_pending)
            if done:
                log.info("answered %d pending messages", done)
        except Exception:  # keep retrying: the database may be restarting
            log.exception("retrying pending messages failed")


@asynccontextmanager
async def lifespan(_: FastAPI):
    task = asyncio.create_task(_retry_pending_forever())
    yield
    task.cancel()
    with suppress(asyncio.CancelledError):
        await task


def create_app() -> FastAPI:
    app = FastAPI(title="Enterprise service hotline", lifespan=lifespan)
    errors.install(app)
    app.include_router(health.router)
    app.include_router(chat.router)
    app.include_router(tickets.router)
    app.include_router(console.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/", include_in_schema=False)
    def chat_page():
        return FileResponse(STATIC / "index.html")

    return app
