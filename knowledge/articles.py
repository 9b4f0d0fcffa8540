"""Articles as Markdown files with YAML front matter (format: knowledge/README.md)."""

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

from knowledge import KNOWLEDGE_DIR
from knowledge.hotlines import load_routing

ARTICLES_DIR = KNOWLEDGE_DIR / "articles"
FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n(.*)\Z", re.S)
SECTION = re.compile(r"^## (zh|en)\s*$", re.M)
REQUIRED = ("id", "hotline", "topic", "title", "questions", "sources", "reviewed",
            "review_by", "confidence", "status")


class ArticleError(ValueError):
    pass


@dataclass(frozen=True)
class Article:
    id: str
    hotline: str
    topic: str
    title: dict[str, str]
    questions: dict[str, list[str]]
    answer: dict[str, str]
    sources: list[str]
    reviewed: date
    review_by: date
    confidence: str
    status: str

    @property
    def historical(self) -> bool:
        return self.status == "historical"


def parse_article(path: Path) -> Article:
    match = FRONT_MATTER.match(path.read_text(encoding="utf-8"))
    if not match:
        raise ArticleError(f"{path}: no front matter")
    meta = yaml.safe_load(match.group(1))
    missing = [k for k in REQUIRED if k not in meta]
    if missing:
        raise ArticleError(f"{path}: missing {missing}")
    parts = SECTION.split(match.group(2))
    answer = {parts[i]: parts[i + 1].strip() for i in range(1, len(parts) - 1, 2)}
    if set(answer) != {"zh", "en"} or not all(answer.values()):
        raise ArticleError(f"{path}: needs non-empty '## zh' and '## en' sections")
    if meta["id"] != path.stem:
        raise ArticleError(f"{path}: id {meta['id']!r} differs from the file name")
    routing = load_routing()
    if meta["hotline"] not in routing.hotlines:
        raise ArticleError(f"{path}: unknown hotline {meta['hotline']!r}")
    if meta["topic"] not in routing.hotlines[meta["hotline"]].intents:
        raise ArticleError(f"{path}: topic {meta['topic']!r} is not an intent of its hotline")
    if meta["status"] not in ("current", "historical"):
        raise ArticleError(f"{path}: status must be current or historical")
    return Article(
        id=meta["id"], hotline=meta["hotline"], topic=meta["topic"],
        title={"zh": meta["title"]["zh"], "en": meta["title"]["en"]},
        questions={lang: list(meta["questions"].get(lang) or []) for lang in ("zh", "en")},
        answer=answer, sources=[str(s) for s in meta["sources"]],
        reviewed=meta["reviewed"], review_by=meta["review_by"],
        confidence=meta["confidence"], status=meta["status"],
    )


def load_articles(root: Path = ARTICLES_DIR) -> list[Article]:
    articles = [parse_article(p) for p in sorted(root.glob("*/*.md"))]
    ids = [a.id for a in articles]
    dupes = {i for i in ids if ids.count(i) > 1}
    if dupes:
        raise ArticleError(f"duplicate article ids: {sorted(dupes)}")
    return articles
