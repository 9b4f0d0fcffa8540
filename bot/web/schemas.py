"""Request and response bodies of the public API."""

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Hotline = Literal["psych", "legal", "tax_business", "hr", "hightech_ip"]
Kind = Literal["answer", "clarify", "out_of_scope", "handoff", "crisis", "smalltalk"]


class ChatIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    sender: str = Field(min_length=8, max_length=128, pattern=r"^[A-Za-z0-9_\-]+$",
                        description="The web session's random id")
    message: str
    lang: Literal["zh", "en"] | None = None


class Button(BaseModel):
    title: str
    payload: str


class Reply(BaseModel):
    text: str
    buttons: list[Button] = []


class Route(BaseModel):
    hotline: Hotline | None
    intent: str | None
    confidence: float
    kind: Kind


class ChatOut(BaseModel):
    sender: str
    replies: list[Reply]
    route: Route | None
    ticket: dict | None = None
