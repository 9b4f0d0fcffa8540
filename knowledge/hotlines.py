"""The five hotlines and which intent routes to which (from hotlines.yml)."""

from dataclasses import dataclass
from functools import lru_cache

import yaml

from knowledge import KNOWLEDGE_DIR

HOTLINE_IDS = ("psych", "legal", "tax_business", "hr", "hightech_ip")


@dataclass(frozen=True)
class Hotline:
    id: str
    name_zh: str
    name_en: str
    public_line: str
    intents: tuple[str, ...]

    def name(self, lang: str) -> str:
        return self.name_zh if lang == "zh" else self.name_en


@dataclass(frozen=True)
class Routing:
    hotlines: dict[str, Hotline]
    intent_hotline: dict[str, str]
    meta_kind: dict[str, str]  # meta intent -> kind of turn

    def hotline_of(self, intent: str | None) -> str | None:
        return self.intent_hotline.get(intent or "")


@lru_cache
def load_routing() -> Routing:
    data = yaml.safe_load((KNOWLEDGE_DIR / "hotlines.yml").read_text(encoding="utf-8"))
    hotlines = {
        hid: Hotline(hid, h["name"]["zh"], h["name"]["en"], str(h["public_line"]),
                     tuple(h["intents"]))
        for hid, h in data["hotlines"].items()
    }
    assert tuple(hotlines) == HOTLINE_IDS, "hotlines.yml must list the five hotlines in order"
    intent_hotline = {i: hid for hid, h in hotlines.items() for i in h.intents}
    return Routing(hotlines, intent_hotline, dict(data["meta_intents"]))
