"""The labelled question sets the benchmarks read (the public eval set stays in ../shared)."""

import csv
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SHARED_EVAL = ROOT.parent / "shared" / "eval" / "real-questions.tsv"


def holdout() -> list[dict]:
    """Our held-out split: intent-labelled, never trained on."""
    from knowledge.hotlines import load_routing
    routing = load_routing()
    rows = []
    for block in yaml.safe_load((ROOT / "tests/nlu/holdout.yml").read_text("utf-8"))["nlu"]:
        for line in block["examples"].splitlines():
            text = line.strip()[2:].strip() if line.strip().startswith("- ") else ""
            if not text:
                continue
            intent = block["intent"]
            label = routing.hotline_of(intent) or ("out_of_scope" if intent == "out_of_scope"
                                                   else None)
            lang = "zh" if any("\u4e00" <= ch <= "\u9fff" for ch in text) else "en"
            rows.append({"text": text, "lang": lang, "intent": intent, "hotline": label})
    return rows


def shared_eval() -> list[dict]:
    """Real questions from the public (measure only; see ../shared/eval/README.md)."""
    if not SHARED_EVAL.exists():
        return []
    with SHARED_EVAL.open(encoding="utf-8") as f:
        return [{"text": r["question"], "lang": r["lang"], "hotline": r["hotline"], "intent": None}
                for r in csv.DictReader(f, delimiter="\t")]
