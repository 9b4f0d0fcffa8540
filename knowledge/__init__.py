"""The knowledge base: hotlines, articles as files, and their search."""

from pathlib import Path

KNOWLEDGE_DIR = Path(__file__).resolve().parent
