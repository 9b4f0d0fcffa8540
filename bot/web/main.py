"""The ASGI entry point: `uvicorn bot.web.main:app`."""

import logging

from bot.web.app import create_app

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
app = create_app()
