"""The running stack measured: layers, throughput beside the stock assistant, profiles,
memory of each process, database growth, and Telegram users writing at once."""

import os
import subprocess
import sys
import time
from pathlib import Path

from bench import databases, profile, stock_rasa, telegram_load, throughput
from bench.datasets import ROOT
from bench.questions import knowledge_questions
from bench.servers import rss_mb
from tests.conftest import drop_database, isolated_database

DB = "hotline_bench"
OUT = ROOT / "var" / "bench"


def bench_stack(model_dir: Path):
    from bot.stack import Ports, Stack
    return Stack(ports=Ports(rasa=16005, actions=16055, web=18090), model=model_dir,
                 env={"DATABASE_URL": isolated_database(DB)}, log_dir=OUT / "log")


def _scheduler_rss(stack) -> float:
    """The scheduler process settled, with its job store loaded."""
    proc = subprocess.Popen([sys.executable, "-m", "bot.cli", "scheduler"], cwd=ROOT,
                            env={**os.environ, **stack.env}, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    try:
        time.sleep(8)
        return rss_mb(proc.pid)
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def measure(model_dir: Path) -> dict:
    questions = knowledge_questions()
    project, stock_init = stock_rasa.stock_project()
    stack = bench_stack(model_dir)
    load_start = time.perf_counter()
    stack.start()
    stack_ready_s = time.perf_counter() - load_start
    out: dict = {"stock_init_s": stock_init["init_seconds"],
                 "stock_alongside": stock_init.get("alongside"), "stack_ready_s": stack_ready_s}
    try:
        with stock_rasa.stock_server(project, 16105, OUT) as (stock_url, stock_load_s, stock):
            out["stock_load_s"] = stock_load_s
            print("  layers of the path ...", flush=True)
            out["layers"] = profile.layers(stack.urls, questions[:80])
            size0, messages0 = databases.footprint(stack.env["DATABASE_URL"])
            print("  throughput, ours and stock in turns ...", flush=True)
            out["throughput"] = throughput.run(
                [throughput.ours(stack.urls["web"]), throughput.stock(stock_url)], questions)
            size1, messages1 = databases.footprint(stack.env["DATABASE_URL"])
            out["db_growth"] = {"messages": messages1 - messages0, "bytes": size1 - size0}
            out["rss"] = {name: rss_mb(proc.pid) for name, proc in stack.procs.items()}
            out["rss"]["stock rasa"] = rss_mb(stock.pid)
            print("  CPU per request under 10 users ...", flush=True)
            out["cpu_ms"] = _cpu(stack, stock, stock_url, questions)
            print("  profiling under 10 users ...", flush=True)
            out["profiles"] = _profile(stack, questions)
        out["rss"]["scheduler"] = _scheduler_rss(stack)
        print("  Telegram users writing at once ...", flush=True)
        out["telegram"] = telegram_load.users_at_once(stack)
        out["rss"]["telegram"] = out["telegram"]["gateway_rss_mb"]
    finally:
        stack.stop()
        drop_database(DB)
    return out


def _app_pids(stack) -> dict[str, int]:
    return {name: stack.procs[name].pid for name in ("web", "rasa", "actions")}


def _cpu(stack, stock, stock_url: str, questions: list[str]) -> dict:
    batch = questions[:300]
    ours = throughput.ours(stack.urls["web"])
    theirs = throughput.stock(stock_url)
    return {
        "ours": profile.cpu_per_request(
            _app_pids(stack), lambda: throughput.run_once(ours, batch, 10)),
        "stock": profile.cpu_per_request(
            {"stock rasa": stock.pid}, lambda: throughput.run_once(theirs, batch, 10)),
    }


def _profile(stack, questions: list[str]) -> dict:
    pids = _app_pids(stack)
    samplers = profile.record(pids, 20, OUT / "profiles")
    time.sleep(1)  # py-spy attaches
    target = throughput.ours(stack.urls["web"])
    deadline = time.monotonic() + 18
    while time.monotonic() < deadline:
        throughput.run_once(target, questions[:100], 10)
    for proc in samplers.values():
        proc.wait(timeout=60)
    return {name: profile.summarize(OUT / "profiles" / f"{name}.txt") for name in pids}


if __name__ == "__main__":  # the stack part alone: python -m bench.speed [model dir]
    import json
    result = measure(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "models")
    (OUT / "speed.json").write_text(json.dumps(result, indent=1, default=str))
    print(json.dumps(result["throughput"], indent=1))
