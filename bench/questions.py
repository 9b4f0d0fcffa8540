"""Latency of POST /api/chat through the whole path (web app, crisis check, Rasa, actions, DB)."""

import random
import statistics
import time
import uuid
from pathlib import Path

import httpx
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


def sequential(web_url: str, questions: list[str]) -> dict:
    """One user at a time: the latency a person waits for an answer."""
    latencies, errors = [], 0
    with httpx.Client(base_url=web_url, timeout=60) as client:
        client.post("/api/chat", json={"sender": uuid.uuid4().hex, "message": "你好"})  # warm up
        for question in questions:
            start = time.perf_counter()
            response = client.post("/api/chat", json={"sender": uuid.uuid4().hex, "message": question})
            latencies.append(time.perf_counter() - start)
            errors += response.status_code != 200
    return {"n": len(latencies), "errors": errors,
            "median_ms": statistics.median(latencies) * 1000,
            "p95_ms": percentile(latencies, 95) * 1000}


def bench_stack(log_dir: Path):
    from bot.stack import Ports, Stack
    db = ROOT / "var" / "bench" / "bench.db"
    db.unlink(missing_ok=True)
    url = f"sqlite:///{db}"
    from bot.db import migrate
    migrate.upgrade(url)
    return Stack(ports=Ports(rasa=16005, actions=16055, web=18090),
                 env={"DATABASE_URL": url}, log_dir=log_dir)
