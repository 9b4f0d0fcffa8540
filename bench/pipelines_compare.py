"""Compare NLU pipelines (bench/pipelines/*.yml) on the held-out split and the public eval set.

Training is slow (DIET takes many minutes on two cores), so each trained model is cached by
the hash of its config and the training data, with the training time measured when it ran.
"""

import hashlib
import json
import threading
from collections.abc import Callable
from pathlib import Path

from bench.datasets import ROOT, holdout, shared_eval
from bench.routing_eval import evaluate
from bench.servers import MODELS_CACHE as CACHE
from bench.servers import rasa_server, train

PIPELINES = ROOT / "bench" / "pipelines"
TRAINED_THIS_RUN: set[str] = set()
TRAINING = ["domain.yml", *sorted(str(p.relative_to(ROOT)) for p in (ROOT / "nlu").glob("*.yml")),
            *sorted(str(p.relative_to(ROOT)) for p in (ROOT / "rules").glob("*.yml")),
            *sorted(str(p.relative_to(ROOT)) for p in (ROOT / "knowledge/jieba_dict").glob("*.txt"))]


def data_hash(config: Path) -> str:
    digest = hashlib.sha256(config.read_bytes())
    for name in TRAINING:
        digest.update((ROOT / name).read_bytes())
    return digest.hexdigest()[:16]


def _paths(config: Path) -> tuple[str, Path, Path]:
    key = f"{config.stem}-{data_hash(config)}"
    return key, CACHE / f"{key}.tar.gz", CACHE / f"{key}.json"


def _cached(config: Path) -> bool:
    return all(p.exists() for p in _paths(config)[1:])


def _train(config: Path, alongside: str | None = None) -> None:
    key, _, meta = _paths(config)
    seconds = train(config, key, CACHE)
    meta.write_text(json.dumps({"train_seconds": seconds, "alongside": alongside}))
    TRAINED_THIS_RUN.add(config.stem)


def trained_model(config: Path) -> tuple[Path, dict]:
    """(model path, how its training went), training it now if it is not cached."""
    if not _cached(config):
        _train(config)
    _, model, meta = _paths(config)
    return model, json.loads(meta.read_text())


def train_alongside(alongside: str) -> Callable[[], None]:
    """Train every pipeline not cached yet in the background, each in its own thread (while
    something that does not need the CPU runs, such as the rate-limited fan-out); returns a
    function that waits for them."""
    workers = [threading.Thread(target=_train, args=(c, alongside))
               for c in sorted(PIPELINES.glob("*.yml")) if not _cached(c)]
    for worker in workers:
        worker.start()

    def wait() -> None:
        for worker in workers:
            worker.join()
    return wait


def compare(port: int = 15105) -> dict:
    results = {}
    sets = {"holdout": holdout(), "eval": shared_eval()}
    for config in sorted(PIPELINES.glob("*.yml")):
        model, training = trained_model(config)
        with rasa_server(model, port) as (url, load_s):
            results[config.stem] = {
                "train_seconds": training["train_seconds"], "alongside": training.get("alongside"),
                "load_seconds": load_s,
                **{name: evaluate(url, rows) for name, rows in sets.items()},
            }
    return results
