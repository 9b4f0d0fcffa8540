"""The questions the speed benchmarks send, and percentiles."""

import random

import yaml

from bench.datasets import ROOT


def knowledge_questions(seed: int = 7) -> list[str]:
    questions = []
    for path in sorted((ROOT / "tests/data/retrieval").glob("*.yml")):
        questions += [q["text"] for q in yaml.safe_load(path.read_text("utf-8"))["questions"]]
    random.Random(seed).shuffle(questions)
    return questions


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))
    return ordered[index]
