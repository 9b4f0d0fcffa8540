"""A fake Telegram Bot API server that speaks the real protocol over HTTP.

It serves /bot<token>/<method> the way api.telegram.org does (form or JSON parameters,
`{"ok": ..., "result": ...}` answers, long-polled getUpdates with offsets), records every
call, and can answer 429 (with retry_after), 5xx or 403 on demand. Tests feed it updates
as Telegram would deliver them.
"""

import asyncio
import itertools
import json
import threading
import time
from dataclasses import dataclass, field
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

BOT_USER = {"id": 9999, "is_bot": True, "first_name": "Hotline", "username": "hotline_bot",
            "can_join_groups": True, "can_read_all_group_messages": True,
            "supports_inline_queries": False}


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    at: float


@dataclass
class FakeBotApi:
    port: int
    token: str = "123456:TEST-TOKEN"
    calls: list[Call] = field(default_factory=list)
    failures: dict[str, list[tuple[int, dict]]] = field(default_factory=dict)
    _updates: list[dict] = field(default_factory=list)
    _ids: Any = field(default_factory=lambda: itertools.count(1000))
    _update_ids: Any = field(default_factory=lambda: itertools.count(1))
    _lock: threading.Lock = field(default_factory=threading.Lock)
    journal: Any = None  # a file: one line per accepted sendMessage, written as it happens

    # --- what tests use ---

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    def push(self, update: dict) -> dict:
        with self._lock:
            update.setdefault("update_id", next(self._update_ids))
            self._updates.append(update)
        return update

    def fail_next(self, method: str, status: int, times: int = 1, retry_after: int = 1) -> None:
        descriptions = {429: f"Too Many Requests: retry after {retry_after}",
                        403: "Forbidden: bot was blocked by the user",
                        500: "Internal Server Error", 502: "Bad Gateway"}
        body = {"ok": False, "error_code": status, "description": descriptions.get(status, "Error")}
        if status == 429:
            body["parameters"] = {"retry_after": retry_after}
        self.failures.setdefault(method, []).extend([(status, body)] * times)

    def sent(self, chat_id: int | None = None, method: str = "sendMessage") -> list[Call]:
        with self._lock:
            return [c for c in self.calls if c.method == method and c.params.get("ok", True)
                    and (chat_id is None or int(c.params.get("chat_id", 0)) == chat_id)]

    def wait_for(self, predicate, timeout: float = 30.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = predicate()
            if value:
                return value
            time.sleep(0.1)
        raise AssertionError(f"timed out; last calls: {[(c.method, c.params) for c in self.calls[-5:]]}")

    # --- updates as Telegram shapes them ---

    def _user(self, user_id: int, name: str = "Test") -> dict:
        return {"id": user_id, "is_bot": False, "first_name": name, "language_code": "zh-hans"}

    def text(self, chat_id: int, text: str, **extra) -> dict:
        message = {"message_id": next(self._ids), "date": int(time.time()),
                   "chat": {"id": chat_id, "type": "private", "first_name": "Test"},
                   "from": self._user(chat_id), "text": text, **extra}
        if text.startswith("/"):
            message["entities"] = [{"type": "bot_command", "offset": 0,
                                    "length": len(text.split()[0])}]
        return self.push({"message": message})

    def callback(self, chat_id: int, data: str, message_id: int = 1) -> dict:
        return self.push({"callback_query": {
            "id": str(next(self._ids)), "from": self._user(chat_id), "chat_instance": "ci",
            "data": data, "message": {"message_id": message_id, "date": int(time.time()),
                                      "chat": {"id": chat_id, "type": "private"}, "text": "…"}}})

    def media(self, chat_id: int, kind: str) -> dict:
        content = {
            "sticker": {"sticker": {"file_id": "stk1", "file_unique_id": "u1", "type": "regular",
                                    "width": 512, "height": 512, "is_animated": False,
                                    "is_video": False, "emoji": "👍"}},
            "photo": {"photo": [{"file_id": "ph1", "file_unique_id": "u2", "width": 90,
                                 "height": 90}], "caption": "营业执照"},
            "document": {"document": {"file_id": "doc1", "file_unique_id": "u3",
                                      "file_name": "合同.pdf"}},
            "voice": {"voice": {"file_id": "v1", "file_unique_id": "u4", "duration": 3}},
            "location": {"location": {"latitude": 31.2, "longitude": 121.5}},
        }[kind]
        return self.push({"message": {"message_id": next(self._ids), "date": int(time.time()),
                                      "chat": {"id": chat_id, "type": "private"},
                                      "from": self._user(chat_id), **content}})

    def edited(self, chat_id: int, text: str) -> dict:
        return self.push({"edited_message": {
            "message_id": next(self._ids), "date": int(time.time()), "edit_date": int(time.time()),
            "chat": {"id": chat_id, "type": "private"}, "from": self._user(chat_id), "text": text}})

    def group_text(self, chat_id: int, user_id: int, text: str, thread_id: int | None = None) -> dict:
        message = {"message_id": next(self._ids), "date": int(time.time()),
                   "chat": {"id": chat_id, "type": "supergroup", "title": "group",
                            "is_forum": thread_id is not None},
                   "from": self._user(user_id, "Agent"), "text": text}
        if thread_id is not None:
            message |= {"message_thread_id": thread_id, "is_topic_message": True}
        if text.startswith("/"):
            message["entities"] = [{"type": "bot_command", "offset": 0,
                                    "length": len(text.split()[0])}]
        return self.push({"message": message})

    def channel_post(self, chat_id: int, text: str) -> dict:
        return self.push({"channel_post": {"message_id": next(self._ids), "date": int(time.time()),
                                           "chat": {"id": chat_id, "type": "channel",
                                                    "title": "news"}, "text": text}})

    # --- the server ---

    async def _params(self, request: Request) -> dict[str, Any]:
        if request.headers.get("content-type", "").startswith("application/json"):
            return await request.json()
        form = await request.form()
        params = {}
        for key, value in form.items():
            try:
                params[key] = json.loads(value) if isinstance(value, str) and value[:1] in "[{" \
                    else value
            except ValueError:
                params[key] = value
        return params

    def _message(self, params: dict) -> dict:
        chat_id = int(params["chat_id"])
        chat = {"id": chat_id, "type": "private" if chat_id > 0 else "supergroup"}
        result = {"message_id": next(self._ids), "date": int(time.time()), "chat": chat,
                  "from": BOT_USER, "text": params.get("text", "")}
        if params.get("message_thread_id"):
            result |= {"message_thread_id": int(params["message_thread_id"]),
                       "is_topic_message": True}
        if params.get("reply_markup"):
            result["reply_markup"] = params["reply_markup"]
        return result

    async def _get_updates(self, params: dict) -> list[dict]:
        offset = int(params.get("offset") or 0)
        deadline = time.monotonic() + float(params.get("timeout") or 0)
        while True:
            with self._lock:
                if offset:  # confirms everything before it, as Telegram does
                    self._updates = [u for u in self._updates if u["update_id"] >= offset]
                ready = list(self._updates)
            if ready or time.monotonic() >= deadline:
                return ready[: int(params.get("limit") or 100)]
            await asyncio.sleep(0.05)

    async def handle(self, request: Request) -> JSONResponse:
        if request.path_params["token"] != self.token:
            return JSONResponse({"ok": False, "error_code": 401, "description": "Unauthorized"},
                                status_code=401)
        method = request.path_params["method"]
        params = await self._params(request)
        pending = self.failures.get(method)
        if pending:
            status, body = pending.pop(0)
            with self._lock:
                self.calls.append(Call(method, params | {"ok": False, "status": status}, time.time()))
            return JSONResponse(body, status_code=status)
        if method != "getUpdates":
            at = time.time()
            with self._lock:
                self.calls.append(Call(method, params, at))
            if self.journal is not None and method == "sendMessage":
                self.journal.write(f"{at:.6f} {params.get('chat_id')}\n")
                self.journal.flush()
        results = {
            "getMe": lambda: BOT_USER,
            "sendMessage": lambda: self._message(params),
            "editMessageText": lambda: self._message(params),
            "createForumTopic": lambda: {"message_thread_id": next(self._ids),
                                         "name": params["name"], "icon_color": 7322096},
        }
        if method == "getUpdates":
            result = await self._get_updates(params)
        elif method in results:
            result = results[method]()
        elif method in ("editForumTopic", "answerCallbackQuery", "setMyCommands", "deleteWebhook",
                        "setWebhook", "sendChatAction", "deleteMessage"):
            result = True
        elif method == "getWebhookInfo":
            result = {"url": "", "has_custom_certificate": False, "pending_update_count": 0}
        else:
            return JSONResponse({"ok": False, "error_code": 404, "description": "Not Found"},
                                status_code=404)
        return JSONResponse({"ok": True, "result": result})

    def app(self) -> Starlette:
        return Starlette(routes=[Route("/bot{token}/{method}", self.handle,
                                       methods=["GET", "POST"])])

    def start(self) -> None:
        config = uvicorn.Config(self.app(), host="127.0.0.1", port=self.port, log_level="warning")
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, daemon=True)
        self._thread.start()
        while not self._server.started:
            time.sleep(0.05)

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=10)


def main() -> None:
    """Serve on its own, as a separate process (the fan-out benchmark measures from here)."""
    import argparse
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--journal", required=True)
    args = parser.parse_args()
    fake = FakeBotApi(port=args.port, journal=open(args.journal, "w", encoding="utf-8"))
    uvicorn.run(fake.app(), host="127.0.0.1", port=args.port, log_level="warning")


if __name__ == "__main__":
    main()
