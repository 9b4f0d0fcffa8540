"""The obvious alternative: the stock assistant `rasa init` creates, on the REST channel.

It is created and trained once per Rasa version (cached beside the bench models), with the
seconds that took, and served by the same Rasa install as ours.
"""

import hashlib
import json
import os
import shutil
import subprocess
import threading
import time
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

from bench.datasets import ROOT
from bench.servers import MODELS_CACHE as CACHE
from bench.servers import RASA, rasa_process

TRAINED_THIS_RUN: set[str] = set()


def stock_project(alongside: str | None = None) -> tuple[Path, dict]:
    """(project directory with a trained model, how long `rasa init` took to create and train
    it, and beside what), creating it if it is not cached."""
    key = hashlib.sha256((ROOT / "requirements/rasa.lock.txt").read_bytes()).hexdigest()[:16]
    project, meta = CACHE / f"stock-{key}", CACHE / f"stock-{key}.json"
    if meta.exists() and list((project / "models").glob("*.tar.gz")):
        return project, json.loads(meta.read_text())
    shutil.rmtree(project, ignore_errors=True)
    project.mkdir(parents=True)
    start = time.perf_counter()
    subprocess.run([str(RASA), "init", "--no-prompt", "--init-dir", str(project)], cwd=project,
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   env={**os.environ, "RASA_TELEMETRY_ENABLED": "false"})
    meta.write_text(json.dumps({"init_seconds": time.perf_counter() - start,
                                "alongside": alongside}))
    TRAINED_THIS_RUN.add("the stock assistant")
    return project, json.loads(meta.read_text())


def prepare_alongside(alongside: str) -> Callable[[], None]:
    """Create and train the stock assistant in the background if it is not cached."""
    worker = threading.Thread(target=stock_project, args=(alongside,))
    worker.start()
    return worker.join


@contextmanager
def stock_server(project: Path, port: int, log_dir: Path):
    """Yields (REST webhook URL, seconds until it answered, process)."""
    model = sorted((project / "models").glob("*.tar.gz"))[-1]
    url = f"http://127.0.0.1:{port}/webhooks/rest/webhook"
    with rasa_process(["run", "--model", str(model), "--port", str(port), "--interface",
                       "127.0.0.1", "--credentials", "credentials.yml", "--endpoints",
                       "endpoints.yml"], project, log_dir / "stock-rasa.log",
                      url, {"sender": "warm", "message": "hello"}) as (proc, load_s):
        yield url, load_s, proc
