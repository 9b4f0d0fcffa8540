"""Answer quality without servers: retrieval hit rates and crisis detection."""

from collections import defaultdict

import yaml

from bench.datasets import ROOT, shared_eval
from bot.safety.crisis import is_crisis
from knowledge.search import KnowledgeSearch


def retrieval_hit_rates() -> dict[tuple[str, str], tuple[float, float, int]]:
    """(hotline, lang) -> (top-1, top-3, questions), searching within the hotline."""
    kb = KnowledgeSearch()
    cells = defaultdict(lambda: [0, 0, 0])
    for path in sorted((ROOT / "tests/data/retrieval").glob("*.yml")):
        data = yaml.safe_load(path.read_text("utf-8"))
        for q in data["questions"]:
            found = [h.article.id for h in kb.search(q["text"], q["lang"], hotline=data["hotline"])]
            for key in [(data["hotline"], q["lang"]), ("all", q["lang"]), ("all", "all")]:
                cells[key][0] += found[:1] == [q["article"]]
                cells[key][1] += q["article"] in found[:3]
                cells[key][2] += 1
    return {k: (t1 / n, t3 / n, n) for k, (t1, t3, n) in cells.items()}


def crisis_figures() -> dict:
    cases = yaml.safe_load((ROOT / "tests/data/crisis_phrasings.yml").read_text("utf-8"))
    caught = sum(is_crisis(c["text"]) for c in cases["crisis"])
    alarms = sum(is_crisis(c["text"]) for c in cases["not_crisis"])
    rows = shared_eval()
    flagged = defaultdict(int)
    for row in rows:
        flagged[row["hotline"]] += is_crisis(row["text"])
    return {"recall": caught / len(cases["crisis"]), "n": len(cases["crisis"]),
            "false_alarms": alarms, "n_negative": len(cases["not_crisis"]),
            "eval_flagged": dict(flagged), "eval_n": len(rows)}
