"""The search index, built once per action-server process."""

from functools import lru_cache

from knowledge.search import KnowledgeSearch


@lru_cache(maxsize=1)
def knowledge() -> KnowledgeSearch:
    return KnowledgeSearch()
