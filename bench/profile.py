"""Where the time goes: py-spy samples of each process while it serves load, and the
latency of each layer of the path measured on its own."""

import os
import re
import statistics
import subprocess
import sys
import time
import uuid
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import httpx

from bench.datasets import ROOT
from bench.servers import family

PY_SPY = ROOT / ".venv" / "bin" / "py-spy"
OURS = ("bot", "actions", "knowledge")
FRAME = re.compile(r"^(?P<func>.*) \((?P<file>[^:]*)(?::\d+)?\)$")


def record(pids: dict[str, int], seconds: int, out_dir: Path) -> dict[str, subprocess.Popen]:
    """Start sampling each process (CPU samples only, not idle waits) for `seconds`."""
    out_dir.mkdir(parents=True, exist_ok=True)
    return {name: subprocess.Popen(
        [str(PY_SPY), "record", "--pid", str(pid), "--duration", str(seconds), "--rate", "200",
         "--subprocesses", "--nonblocking", "--format", "raw", "--output",
         str(out_dir / f"{name}.txt")], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for name, pid in pids.items()}


def _package(path: str) -> str:
    """The library (or our package) a frame's file belongs to. py-spy names files relative to
    their sys.path entry: `sqlalchemy/orm/session.py`, `bot/cli.py`, `threading.py`."""
    if "site-packages/" in path:
        path = path.split("site-packages/", 1)[1]
    top = path.split("/", 1)[0].removesuffix(".py")
    if not top or top.startswith("<") or top in sys.stdlib_module_names:
        return "python (stdlib)"
    return top


def summarize(raw: Path, top: int = 6) -> dict:
    """Share of CPU samples per library (by the innermost frame) and hottest functions."""
    by_package, by_function, total = Counter(), Counter(), 0
    if not raw.exists():
        return {"samples": 0, "packages": [], "functions": []}
    for line in raw.read_text(encoding="utf-8", errors="replace").splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        frames = stack.split(";")
        match = FRAME.match(frames[-1])
        leaf_file = match["file"] if match else ""
        by_package[_package(leaf_file)] += int(count)
        # the innermost frame that is ours says which of our steps paid for it
        for frame in reversed(frames):
            m = FRAME.match(frame)
            if m and _package(m["file"]) in OURS:
                by_function[f"{m['func']} ({Path(m['file']).name})"] += int(count)
                break
        total += int(count)
    share = lambda c: [(k, v / total) for k, v in c.most_common(top)] if total else []  # noqa: E731
    return {"samples": total, "packages": share(by_package), "functions": share(by_function)}


def layers(urls: dict[str, str], questions: list[str]) -> list[dict]:
    """Median and p95 of each layer, one request at a time: NLU alone (/model/parse), Rasa
    with the action server (REST channel), the whole path (/api/chat)."""
    paths = [
        ("Rasa NLU only: POST /model/parse", urls["rasa"] + "/model/parse",
         lambda q: {"text": q}),
        ("Rasa + action server: REST webhook", urls["rasa"] + "/webhooks/rest/webhook",
         lambda q: {"sender": uuid.uuid4().hex, "message": q, "metadata": {"lang": "zh"}}),
        ("whole path: POST /api/chat", urls["web"] + "/api/chat",
         lambda q: {"sender": uuid.uuid4().hex, "message": q}),
    ]
    out = []
    with httpx.Client(timeout=60) as client:
        for name, url, body in paths:
            timings = []
            for q in questions:
                start = time.perf_counter()
                client.post(url, json=body(q)).raise_for_status()
                timings.append(time.perf_counter() - start)
            timings.sort()
            out.append({"layer": name, "n": len(timings),
                        "median_ms": statistics.median(timings) * 1000,
                        "p95_ms": timings[int(0.95 * (len(timings) - 1))] * 1000})
    return out


def _cpu_seconds(pid: int) -> float:
    """User + system CPU of a process and its children so far."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for p in family(pid):
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        total += (int(fields[11]) + int(fields[12])) / ticks
    return total


def _postgres_pids() -> list[int]:
    pids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if stat.read_text().split(" (", 1)[1].startswith("postgres)"):
                pids.append(int(stat.parent.name))
        except (FileNotFoundError, IndexError, ProcessLookupError):
            continue
    return pids


def cpu_per_request(pids: dict[str, int], load: Callable[[], int]) -> dict[str, float]:
    """CPU milliseconds each process spent per request while `load()` ran (it returns how
    many requests it made); PostgreSQL's server processes counted together."""
    def snapshot():
        now = {name: _cpu_seconds(pid) for name, pid in pids.items()}
        now["postgres"] = sum(_cpu_seconds(p) for p in _postgres_pids())
        now["load generator"] = time.process_time()
        return now
    before = snapshot()
    requests = load()
    after = snapshot()
    return {name: (after[name] - before[name]) / requests * 1000 for name in before}
