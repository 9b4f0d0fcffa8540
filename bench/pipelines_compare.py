"""Compare NLU pipelines (bench/pipelines/*.yml) on the held-out split and the public eval set.

Training is slow (DIET takes many minutes on two cores), so each trained model is cached by
the hash of its config and the training data, with the training time measured when it ran.
"""

import hashlib
import json
from pathlib import Path

from bench.datasets import ROOT, holdout, shared_eval
from bench.routing_eval import evaluate
from bench.servers import rasa_server, train

CACHE = Path.home() / ".cache" / "hotline" / "bench-models"
TRAINING = ["domain.yml", *sorted(str(p.relative_to(ROOT)) for p in (ROOT / "nlu").glob("*.yml")),
            *sorted(str(p.relative_to(ROOT)) for p in (ROOT / "rules").glob("*.yml")),
            *sorted(str(p.relative_to(ROOT)) for p in (ROOT / "knowledge/jieba_dict").glob("*.txt"))]


def data_hash(config: Path) -> str:
    digest = hashlib.sha256(config.read_bytes())
    for name in TRAINING:
        digest.update((ROOT / name).read_bytes())
    return digest.hexdigest()[:16]


def trained_model(config: Path) -> tuple[Path, float, bool]:
    """(model path, training seconds, whether it was trained in this run)."""
    key = f"{config.stem}-{data_hash(config)}"
    model, meta = CACHE / f"{key}.tar.gz", CACHE / f"{key}.json"
    if model.exists() and meta.exists():
        return model, json.loads(meta.read_text())["train_seconds"], False
    seconds = train(config, key, CACHE)
    meta.write_text(json.dumps({"train_seconds": seconds}))
    return model, seconds, True


def compare(port: int = 15105) -> dict:
    results = {}
    sets = {"holdout": holdout(), "eval": shared_eval()}
    for config in sorted((ROOT / "bench" / "pipelines").glob("*.yml")):
        model, train_s, fresh = trained_model(config)
        with rasa_server(model, port) as (url, load_s):
            results[config.stem] = {
                "train_seconds": train_s, "trained_now": fresh, "load_seconds": load_s,
                **{name: evaluate(url, rows) for name, rows in sets.items()},
            }
    return results
