"""Every error is JSON with a message a person can read; bad input is never a 500."""

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import OperationalError
from starlette.exceptions import HTTPException

log = logging.getLogger(__name__)


class ApiError(Exception):
    def __init__(self, status: int, message: str, **extra):
        self.status, self.message, self.extra = status, message, extra


def _describe(errors: list[dict]) -> str:
    first = errors[0] if errors else {}
    if first.get("type") == "json_invalid":
        return "The request body is not valid JSON."
    where = ".".join(str(p) for p in first.get("loc", ())[1:]) or "body"
    if first.get("type") == "extra_forbidden":
        return f"Unknown field: {where}."
    if first.get("type") == "missing":
        return f"Missing field: {where}."
    return f"Invalid {where}: {first.get('msg', 'bad value')}."


def install(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def api_error(_: Request, exc: ApiError):
        return JSONResponse({"error": exc.message, **exc.extra}, status_code=exc.status)

    @app.exception_handler(RequestValidationError)
    async def validation_error(_: Request, exc: RequestValidationError):
        errors = exc.errors()
        status = 400 if errors and errors[0].get("type") == "json_invalid" else 422
        detail = [{"loc": list(e.get("loc", ())), "msg": e.get("msg")} for e in errors]
        return JSONResponse({"error": _describe(errors), "detail": detail}, status_code=status)

    @app.exception_handler(HTTPException)
    async def http_error(_: Request, exc: HTTPException):
        return JSONResponse({"error": str(exc.detail)}, status_code=exc.status_code)

    @app.exception_handler(OperationalError)
    async def database_down(_: Request, exc: OperationalError):
        log.error("database unavailable: %s", type(exc.orig).__name__)
        return JSONResponse({"error": "The service is temporarily unavailable. "
                                      "Please try again in a minute."}, status_code=503)
