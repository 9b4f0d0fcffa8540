"""`make bench`: measure, then rewrite docs/benchmarks.md."""

import os
import platform
import shutil

from bench import answers, fanout, latency, pipelines_compare, report, telegram_load
from bench.datasets import ROOT

CHOSEN = "logreg"  # keep in step with config.yml


def main() -> None:
    (ROOT / "var" / "bench").mkdir(parents=True, exist_ok=True)
    print("comparing NLU pipelines ...", flush=True)
    pipelines = pipelines_compare.compare()
    print("measuring /api/chat latency ...", flush=True)
    stack = latency.bench_stack(ROOT / "var" / "bench" / "log")
    models = ROOT / "var" / "bench" / "chosen-model"
    models.mkdir(parents=True, exist_ok=True)
    stack.model = models
    chosen_model, _, _ = pipelines_compare.trained_model(ROOT / "bench/pipelines" / f"{CHOSEN}.yml")
    shutil.copy(chosen_model, models / "hotline.tar.gz")
    try:
        stack.start()
        timing = latency.sequential(stack.urls["web"], latency.knowledge_questions()[:200])
        print("twenty Telegram users at once ...", flush=True)
        telegram = telegram_load.twenty_users(stack)
    finally:
        stack.stop()
    print("reminder fan-out to 10,000 Telegram subscribers ...", flush=True)
    spread = fanout.fanout(int(os.environ.get("BENCH_FANOUT", "10000")))
    machine = f"{os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}"
    (ROOT / "docs" / "benchmarks.md").write_text(
        report.render(pipelines, CHOSEN, timing, telegram, spread, machine,
                      answers.retrieval_hit_rates(), answers.crisis_figures()), encoding="utf-8")
    print("wrote docs/benchmarks.md")


if __name__ == "__main__":
    main()
