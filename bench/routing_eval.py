"""Routing accuracy and macro-F1 of a Rasa model, per hotline and language.

A question counts as routed correctly when the final decision names the right hotline
(or out_of_scope). The app's crisis check runs first, as in production; a crisis on a
psych question is correct (../shared/eval/README.md). A clarifying question is not a
correct routing; the clarify rate is reported beside it.
"""

import statistics
import time
from collections import Counter, defaultdict

import httpx

from bot.safety.crisis import is_crisis
from knowledge.hotlines import load_routing

LABELS = ["psych", "legal", "tax_business", "hr", "hightech_ip", "out_of_scope"]


def decide(parsed: dict) -> str:
    routing = load_routing()
    intent = parsed["intent"]["name"]
    if intent == "nlu_fallback":
        return "clarify"
    if intent == "crisis":
        return "crisis"
    return routing.hotline_of(intent) or ("out_of_scope" if intent == "out_of_scope" else "other")


def evaluate(rasa_url: str, rows: list[dict]) -> dict:
    predictions, latencies = [], []
    with httpx.Client(base_url=rasa_url, timeout=30) as client:
        for row in rows:
            if is_crisis(row["text"]):
                predictions.append("crisis")
                continue
            start = time.perf_counter()
            parsed = client.post("/model/parse", json={"text": row["text"]}).json()
            latencies.append(time.perf_counter() - start)
            predictions.append(decide(parsed))
    return score(rows, predictions) | {
        "parse_ms_median": round(statistics.median(latencies) * 1000, 1) if latencies else None,
        "predictions": predictions}


def _correct(label: str, predicted: str) -> bool:
    return predicted == label or (label == "psych" and predicted == "crisis")


def score(rows: list[dict], predictions: list[str]) -> dict:
    cells = defaultdict(lambda: [0, 0])
    confusion = Counter()
    for row, pred in zip(rows, predictions):
        if row["hotline"] is None:
            continue
        effective = "psych" if _correct(row["hotline"], pred) and pred == "crisis" else pred
        confusion[(row["hotline"], effective)] += 1
        for key in [(row["hotline"], row["lang"]), (row["hotline"], "all"), ("all", row["lang"]),
                    ("all", "all")]:
            cells[key][0] += _correct(row["hotline"], pred)
            cells[key][1] += 1
    f1 = {}
    for label in LABELS:
        tp = confusion[(label, label)]
        fp = sum(v for (gold, pred), v in confusion.items() if pred == label and gold != label)
        fn = sum(v for (gold, pred), v in confusion.items() if gold == label and pred != label)
        if tp + fp + fn:
            f1[label] = 2 * tp / (2 * tp + fp + fn)
    scored = [p for r, p in zip(rows, predictions) if r["hotline"] is not None]
    return {
        "accuracy": {k: (c / n, n) for k, (c, n) in cells.items()},
        "macro_f1": sum(f1.values()) / len(f1) if f1 else 0.0,
        "f1": f1,
        "clarify_rate": scored.count("clarify") / len(scored) if scored else 0.0,
        "confusion": confusion,
    }
