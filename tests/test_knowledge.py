"""The knowledge base: article files are complete, and search finds the right article."""

from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

import pytest
import yaml

from knowledge.articles import load_articles
from knowledge.hotlines import HOTLINE_IDS
from knowledge.search import KnowledgeSearch

ARTICLES = load_articles()
RETRIEVAL = Path(__file__).parent / "data" / "retrieval"


def test_at_least_15_articles_per_hotline():
    counts = Counter(a.hotline for a in ARTICLES)
    assert all(counts[h] >= 15 for h in HOTLINE_IDS), counts


@pytest.mark.parametrize("article", ARTICLES, ids=lambda a: a.id)
def test_article_is_sourced_reviewed_and_dated(article):
    assert article.sources and all(s.strip() for s in article.sources)
    assert date(2026, 1, 1) <= article.reviewed <= date.today()
    assert article.review_by > article.reviewed
    assert article.confidence in ("primary", "secondary")
    assert article.title["zh"] and article.title["en"]
    if article.historical:
        assert "2020" in article.answer["zh"] + article.answer["en"]


@pytest.mark.parametrize("article", [a for a in ARTICLES if a.hotline == "psych"], ids=lambda a: a.id)
def test_psych_articles_never_diagnose_or_suggest_medication(article):
    text = (article.answer["zh"] + article.answer["en"]).lower()
    for word in ("抑郁症", "焦虑症", "失眠症", "精神分裂", "双相", "depression", "anxiety disorder",
                 "bipolar", "ptsd", "antidepressant", "medication", "服药", "吃药", "药物"):
        assert word not in text, word
    assert "12356" in text


def _questions():
    for path in sorted(RETRIEVAL.glob("*.yml")):
        data = yaml.safe_load(path.read_text("utf-8"))
        for q in data["questions"]:
            yield data["hotline"], q


QUESTIONS = list(_questions())


@pytest.fixture(scope="module")
def kb():
    return KnowledgeSearch(ARTICLES)


def test_every_labelled_question_names_a_real_article(kb):
    assert len(QUESTIONS) >= 200
    assert all(q["article"] in kb.by_id for _, q in QUESTIONS)


def test_retrieval_within_the_routed_hotline(kb):
    """Top-1 and top-3 hit rate per hotline and language, search restricted to the hotline."""
    hits = defaultdict(lambda: [0, 0, 0])  # top1, top3, total
    for hotline, q in QUESTIONS:
        found = [h.article.id for h in kb.search(q["text"], q["lang"], hotline=hotline)]
        key = (hotline, q["lang"])
        hits[key][0] += found[:1] == [q["article"]]
        hits[key][1] += q["article"] in found[:3]
        hits[key][2] += 1
    report = {k: (round(t1 / n, 2), round(t3 / n, 2)) for k, (t1, t3, n) in hits.items()}
    for key, (top1, top3) in report.items():
        assert top1 >= 0.6 and top3 >= 0.8, (key, report)


def test_threshold_separates_answers_from_guesses(kb):
    """Unrelated questions score below the answer threshold."""
    for text, lang in [("今天天气怎么样", "zh"), ("推荐一部好看的电影", "zh"),
                       ("what is the capital of France", "en")]:
        hits = kb.search(text, lang)
        assert not hits or not hits[0].confident(lang), (text, hits[0].score)
