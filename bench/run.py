"""`make bench`: measure, then rewrite docs/benchmarks.md and its figures.

Order matters on two cores: the reminder fan-out, which waits on the send limit more than on
the CPU, runs first, beside any training still to do (NLU pipelines, the stock assistant);
everything timed runs after it, alone.
"""

import os
import platform
import shutil
import time

from bench import answers, fanout, pipelines_compare, plots, report, speed, stock_rasa
from bench.datasets import ROOT

CHOSEN = "logreg"  # keep in step with config.yml
FIGURES = ROOT / "docs" / "bench"


def main() -> None:
    started = time.monotonic()
    out = ROOT / "var" / "bench"
    out.mkdir(parents=True, exist_ok=True)
    FIGURES.mkdir(parents=True, exist_ok=True)
    print("reminder fan-out to 10,000 Telegram subscribers, training what is not cached ...",
          flush=True)
    pipelines_done = pipelines_compare.train_alongside("the fan-out")
    stock_done = stock_rasa.prepare_alongside("the fan-out")
    spread = fanout.fanout(int(os.environ.get("BENCH_FANOUT", "10000")))
    pipelines_done()
    stock_done()
    trained = sorted(pipelines_compare.TRAINED_THIS_RUN | stock_rasa.TRAINED_THIS_RUN)
    chosen, _ = pipelines_compare.trained_model(pipelines_compare.PIPELINES / f"{CHOSEN}.yml")
    model_dir = out / "chosen-model"
    model_dir.mkdir(exist_ok=True)
    shutil.copy(chosen, model_dir / "hotline.tar.gz")
    print("the running stack, beside the stock assistant ...", flush=True)
    running = speed.measure(model_dir)
    print("comparing NLU pipelines ...", flush=True)
    pipelines = pipelines_compare.compare()
    for name, result in pipelines.items():
        for set_name in ("holdout", "eval"):
            plots.confusion_matrix(result[set_name]["confusion"], f"{name} on {set_name}",
                                   FIGURES / f"confusion-{name}-{set_name}.png")
    plots.throughput(running["throughput"], FIGURES / "throughput.png")
    machine = f"{os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}"
    minutes = (time.monotonic() - started) / 60
    (ROOT / "docs" / "benchmarks.md").write_text(report.render(
        pipelines=pipelines, chosen=CHOSEN, running=running, spread=spread, trained=trained,
        machine=machine,
        retrieval=answers.retrieval_hit_rates(), crisis=answers.crisis_figures(),
        minutes=minutes), encoding="utf-8")
    print(f"wrote docs/benchmarks.md ({minutes:.1f} min)")


if __name__ == "__main__":
    main()
