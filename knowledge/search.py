"""BM25 search over the articles (bm25s), one index per language.

Each article is indexed in each language from its title, alternative questions and answer.
A search may be restricted to one hotline (the routed one) and returns scored hits; the
caller applies the threshold.
"""

from dataclasses import dataclass

import bm25s
import numpy as np

from knowledge.articles import Article, load_articles
from knowledge.text import tokenize

# Below this BM25 score a hit is not trusted as an answer (tuned on tests/data/retrieval).
ANSWER_THRESHOLD = {"zh": 4.0, "en": 3.0}


@dataclass(frozen=True)
class Hit:
    article: Article
    score: float

    def confident(self, lang: str) -> bool:
        return self.score >= ANSWER_THRESHOLD[lang]


def _document(article: Article, lang: str) -> list[str]:
    # The title and questions say what the article answers: weight them above the body.
    head = " ".join([article.title[lang], *article.questions[lang]])
    return tokenize(head) * 2 + tokenize(article.answer[lang])


class KnowledgeSearch:
    def __init__(self, articles: list[Article] | None = None):
        self.articles = articles if articles is not None else load_articles()
        self.by_id = {a.id: a for a in self.articles}
        self._hotline = np.array([a.hotline for a in self.articles])
        self._index: dict[str, bm25s.BM25] = {}
        for lang in ("zh", "en"):
            index = bm25s.BM25()
            index.index([_document(a, lang) for a in self.articles], show_progress=False)
            self._index[lang] = index

    def search(self, query: str, lang: str, hotline: str | None = None,
               limit: int = 3) -> list[Hit]:
        tokens = tokenize(query)
        if not tokens:
            return []
        scores = self._index[lang].get_scores(tokens)
        if hotline is not None:
            scores = np.where(self._hotline == hotline, scores, 0.0)
        order = np.argsort(-scores)[:limit]
        return [Hit(self.articles[i], float(scores[i])) for i in order if scores[i] > 0]
