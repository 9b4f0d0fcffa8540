"""HTTP client for the Rasa server's REST channel and its status."""

from dataclasses import dataclass, field
from typing import Any

import httpx


class RasaUnavailable(Exception):
    """Rasa or the action server behind it could not produce a reply."""


@dataclass
class RasaReply:
    replies: list[dict[str, Any]] = field(default_factory=list)
    route: dict[str, Any] | None = None


class RasaClient:
    def __init__(self, base_url: str, timeout: float):
        self._http = httpx.Client(base_url=base_url, timeout=timeout,
                                  limits=httpx.Limits(max_connections=64))

    def send(self, sender_id: str, text: str, metadata: dict[str, Any]) -> RasaReply:
        try:
            response = self._http.post("/webhooks/rest/webhook", json={
                "sender": sender_id, "message": text, "metadata": metadata})
            response.raise_for_status()
            messages = response.json()
        except (httpx.HTTPError, ValueError) as exc:
            raise RasaUnavailable(f"rasa: {type(exc).__name__}") from exc
        reply = RasaReply()
        for message in messages:
            custom = message.get("custom")
            if isinstance(custom, dict) and "route" in custom:
                reply.route = custom["route"]
            elif message.get("text"):
                reply.replies.append({
                    "text": message["text"],
                    "buttons": [{"title": b.get("title", ""), "payload": b.get("payload", "")}
                                for b in message.get("buttons") or []],
                })
        # Every custom action reports its route; without one the action server failed.
        if reply.route is None:
            raise RasaUnavailable("action server gave no reply")
        return reply

    def _event(self, sender_id: str, event: str) -> None:
        try:
            self._http.post(f"/conversations/{sender_id}/tracker/events",
                            json={"event": event}).raise_for_status()
        except httpx.HTTPError as exc:
            raise RasaUnavailable(f"rasa: {type(exc).__name__}") from exc

    def pause(self, sender_id: str) -> None:
        """ConversationPaused: a person has the conversation; Rasa must not answer it."""
        self._event(sender_id, "pause")

    def resume(self, sender_id: str) -> None:
        self._event(sender_id, "resume")

    def status(self) -> tuple[bool, str]:
        try:
            response = self._http.get("/status", timeout=3)
            response.raise_for_status()
            model = response.json().get("model_file")
            return (bool(model), "ok" if model else "no model loaded")
        except (httpx.HTTPError, ValueError) as exc:
            return False, type(exc).__name__


def action_server_status(base_url: str) -> tuple[bool, str]:
    try:
        response = httpx.get(f"{base_url}/health", timeout=3)
        response.raise_for_status()
        return True, "ok"
    except httpx.HTTPError as exc:
        return False, type(exc).__name__
