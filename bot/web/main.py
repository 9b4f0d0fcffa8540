"""The ASGI entry point: `uvicorn bot.web.main:app`."""

from bot.logs import setup_logging
from bot.web.app import create_app

setup_logging()
app = create_app()
