"""Starting a bare Rasa server on a given model, for measuring NLU alone."""

import os
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path

import httpx

from bench.datasets import ROOT

RASA = ROOT / ".venv-rasa" / "bin" / "rasa"


def train(config: Path, name: str, out: Path) -> float:
    """Train a model; returns the wall-clock seconds."""
    out.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    subprocess.run([str(RASA), "train", "--config", str(config), "--domain", "domain.yml",
                    "--data", "nlu", "rules", "--out", str(out), "--fixed-model-name", name,
                    "--force"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL,
                   # a cache of its own, so trainings can run side by side
                   env={**os.environ, "RASA_TELEMETRY_ENABLED": "false",
                        "RASA_CACHE_DIRECTORY": str(ROOT / "var" / "bench" / "rasa-cache" / name)})
    return time.perf_counter() - start


@contextmanager
def rasa_server(model: Path, port: int):
    """A Rasa server with the model loaded; yields (url, seconds until the model answered)."""
    log = open(ROOT / "var" / "bench" / f"rasa-{port}.log", "wb")
    start = time.perf_counter()
    proc = subprocess.Popen([str(RASA), "run", "--enable-api", "--model", str(model), "--port",
                             str(port), "--interface", "127.0.0.1"], cwd=ROOT, stdout=log,
                            stderr=subprocess.STDOUT,
                            env={**os.environ, "RASA_TELEMETRY_ENABLED": "false",
                                 "ACTION_ENDPOINT_URL": "http://127.0.0.1:9/webhook"})
    url = f"http://127.0.0.1:{port}"
    try:
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"rasa exited {proc.returncode}")
            try:
                if httpx.post(url + "/model/parse", json={"text": "你好"}, timeout=5).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        yield url, time.perf_counter() - start
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def family(pid: int) -> list[int]:
    """A process and its children."""
    children = Path(f"/proc/{pid}/task/{pid}/children")
    return [pid, *(int(p) for p in children.read_text().split())] if children.exists() else [pid]


def rss_mb(pid: int) -> float:
    """Resident memory of a process and its children, in MiB."""
    total = 0
    for p in family(pid):
        status = Path(f"/proc/{p}/status")
        if status.exists():
            for line in status.read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
    return total / 1024
