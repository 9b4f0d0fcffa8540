"""Starting a bare Rasa server on a given model, for measuring NLU alone."""

import os
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path

import httpx

from bench.datasets import ROOT

RASA = ROOT / ".venv-rasa" / "bin" / "rasa"
# Trained benchmark models (NLU pipelines, the stock assistant) and how their training went.
MODELS_CACHE = Path.home() / ".cache" / "hotline" / "bench-models"


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
def rasa_process(args: list[str], cwd: Path, log_path: Path, probe_url: str, probe: dict,
                 env: dict[str, str] | None = None):
    """`rasa <args>` running until the block ends; yields (process, seconds until POSTing
    `probe` to `probe_url` first answered 200)."""
    log = open(log_path, "wb")
    start = time.perf_counter()
    proc = subprocess.Popen([str(RASA), *args], cwd=cwd, stdout=log, stderr=subprocess.STDOUT,
                            env={**os.environ, "RASA_TELEMETRY_ENABLED": "false", **(env or {})})
    try:
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"rasa exited {proc.returncode}; see {log_path}")
            try:
                if httpx.post(probe_url, json=probe, timeout=5).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        yield proc, time.perf_counter() - start
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        log.close()


@contextmanager
def rasa_server(model: Path, port: int):
    """A Rasa server with the model loaded; yields (url, seconds until the model answered)."""
    url = f"http://127.0.0.1:{port}"
    with rasa_process(["run", "--enable-api", "--model", str(model), "--port", str(port),
                       "--interface", "127.0.0.1"], ROOT, ROOT / "var" / "bench" / f"rasa-{port}.log",
                      url + "/model/parse", {"text": "你好"},
                      env={"ACTION_ENDPOINT_URL": "http://127.0.0.1:9/webhook"}) as (_, load_s):
        yield url, load_s


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
