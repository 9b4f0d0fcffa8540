"""The sections of docs/benchmarks.md, one function each."""

import yaml

from bench.datasets import ROOT
from bench.throughput import ROUNDS

HOTLINES = ["psych", "legal", "tax_business", "hr", "hightech_ip", "out_of_scope"]
HISTORY = ROOT / "bench" / "history.md"


def _pct(cell) -> str:
    if not cell:
        return "–"
    value, n = cell
    return f"{value * 100:.0f}% ({n})"


def training_note(trained: list[str]) -> str:
    return f", including training {', '.join(trained)} (not cached)" if trained else \
        " (trained models cached from an earlier run on the same data)"


def throughput(running: dict) -> list[str]:
    rows = running["throughput"]
    out = ["## Throughput and latency: ours beside a stock Rasa assistant", "",
           "`bench/throughput.py`: closed loop, each simulated user sends a knowledge-base question "
           "from `tests/data/retrieval/` (new sender each time), waits for the answer, sends the "
           "next. **Ours** is the whole path: `POST /api/chat` → web app (crisis check, message "
           "stored in PostgreSQL) → Rasa → action server (BM25 search) → reply stored. **Stock** "
           "is the assistant `rasa init --no-prompt` creates (DIET + TED, responses only), served "
           "by the same Rasa 3.6.21 on its REST channel. The two take turns, "
           f"{ROUNDS} rounds per level, order flipped each round.", "",
           "*Errors* are failed requests (not HTTP 200); *empty* are answers with no reply in "
           "them (the stock assistant sometimes predicts no response for a message it cannot place).", "",
           "| system | users | requests | errors | empty | msg/s | p50 ms | p95 ms | p99 ms |",
           "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for r in rows:
        out.append(f"| {r['system']} | {r['users']} | {r['requests']} | {r['errors']} | {r['empty']} | "
                   f"{r['per_s']:.1f} | {r['p50_ms']:.0f} | {r['p95_ms']:.0f} | {r['p99_ms']:.0f} |")
    out += ["", "| users | msg/s ours ÷ stock | p95 ours ÷ stock |", "| --- | --- | --- |"]
    for users in dict.fromkeys(r["users"] for r in rows):
        ours, stock = [r for r in rows if r["users"] == users]
        out.append(f"| {users} | {ours['per_s'] / stock['per_s']:.2f} | "
                   f"{ours['p95_ms'] / stock['p95_ms']:.2f} |")
    return out + ["", "![throughput and p95 by concurrent users](bench/throughput.png)", ""]


def layers_and_profiles(running: dict) -> list[str]:
    out = ["## Where the time goes", "",
           "`bench/profile.py`. Each layer alone, one request at a time (same questions):", "",
           "| layer | requests | median ms | p95 ms |", "| --- | --- | --- | --- |"]
    for r in running["layers"]:
        out.append(f"| {r['layer']} | {r['n']} | {r['median_ms']:.1f} | {r['p95_ms']:.1f} |")
    cpu = running["cpu_ms"]
    out += ["", "CPU time per message under 10 users (300 messages each; from /proc, user + "
            "system; PostgreSQL's server processes together):", "",
            "| system | " + " | ".join(cpu["ours"]) + " | total |",
            "| --- |" + " --- |" * (len(cpu["ours"]) + 1)]
    for system, per in cpu.items():
        per = {("rasa" if k == "stock rasa" else k): v for k, v in per.items()}
        cells = [f"{per[k]:.1f}" if k in per else "–" for k in cpu["ours"]]
        out.append(f"| {system} | " + " | ".join(cells) + f" | {sum(per.values()):.1f} |")
    out += ["", "Samples of each process (py-spy, 200 Hz) while 10 users load the whole path for "
            "20 s; the samples include threads waiting on a socket, so read them as where each "
            "process spends its time, not only its CPU. *Library* is where the innermost frame "
            "ran; *our step* is the innermost frame of our own code above it.", ""]
    for name, p in running["profiles"].items():
        libs = ", ".join(f"{k} {v * 100:.0f}%" for k, v in p["packages"])
        ours = ", ".join(f"`{k}` {v * 100:.0f}%" for k, v in p["functions"]) or "–"
        out += [f"- **{name}** ({p['samples']} samples). Library: {libs}. Our step: {ours}."]
    return out + [""]


def telegram(t: dict) -> list[str]:
    out = ["## Telegram: users writing at once", "",
           "`bench/telegram_load.py`: the real gateway (`hotline telegram`, long polling) against "
           "the fake Bot API server of the tests, on the same stack; at each level that many "
           "users send one knowledge-base question at the same moment. Answers leave under the "
           "gateway's send limits (30 msg/s overall, 1/s per chat).", "",
           "| users | first answer s | last answer s | answers/s |", "| --- | --- | --- | --- |"]
    for level in t["levels"]:
        out.append(f"| {level['users']} | {level['first_s']:.2f} | {level['last_s']:.2f} | "
                   f"{level['per_s']:.1f} |")
    return out + [""]


def _routing_table(result: dict) -> list[str]:
    acc = result["accuracy"]
    lines = ["| hotline | zh | en | all | F1 |", "| --- | --- | --- | --- | --- |"]
    for h in HOTLINES:
        f1 = result["f1"].get(h)
        lines.append(f"| {h} | {_pct(acc.get((h, 'zh')))} | {_pct(acc.get((h, 'en')))} | "
                     f"{_pct(acc.get((h, 'all')))} | {'–' if f1 is None else f'{f1:.2f}'} |")
    lines.append(f"| **all** | {_pct(acc.get(('all', 'zh')))} | {_pct(acc.get(('all', 'en')))} | "
                 f"**{_pct(acc.get(('all', 'all')))}** | {result['macro_f1']:.3f} |")
    lines.append("")
    lines.append(f"Macro-F1 {result['macro_f1']:.3f}; clarify rate {result['clarify_rate'] * 100:.1f}%; "
                 f"median parse {result['parse_ms_median']} ms.")
    return lines


def understanding(pipelines: dict, chosen: str) -> list[str]:
    out = ["## Understanding: routing per hotline and language", "",
           "`bench/pipelines_compare.py`: each pipeline in `bench/pipelines/` trained on `nlu/` "
           "and served by Rasa; the app's crisis check runs first, as in production.", "",
           "| pipeline | train s | load s | holdout acc | holdout macro-F1 | eval acc | eval macro-F1 | eval clarify | parse ms |",
           "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for name, r in pipelines.items():
        mark = " (chosen)" if name == chosen else ""
        out.append(
            f"| {name}{mark} | {r['train_seconds']:.0f} | {r['load_seconds']:.0f} | "
            f"{r['holdout']['accuracy'][('all', 'all')][0] * 100:.1f}% | {r['holdout']['macro_f1']:.3f} | "
            f"{r['eval']['accuracy'][('all', 'all')][0] * 100:.1f}% | {r['eval']['macro_f1']:.3f} | "
            f"{r['eval']['clarify_rate'] * 100:.1f}% | {r['eval']['parse_ms_median']} |")
    out += ["", "Classifier settings (`bench/pipelines/<name>.yml`): " + "; ".join(
        f"{name}: {_classifier_settings(name)}" for name in pipelines) + "."]
    for name, r in pipelines.items():
        for set_name in ("holdout", "eval"):
            out += ["", f"### {name} on {set_name}", ""]
            out += _routing_table(r[set_name])
            out += ["", f"![confusion matrix, {name} on {set_name}]"
                        f"(bench/confusion-{name}-{set_name}.png)"]
    return out + [""]


def answers(retrieval: dict, crisis: dict) -> list[str]:
    out = ["## Answers: retrieval hit rate", "",
           "`bench/answers.py`: labelled questions in `tests/data/retrieval/` (worded apart from "
           "the articles), BM25 search restricted to the question's hotline: is the right article "
           "first, or in the first three?", "", "| hotline | lang | top-1 | top-3 | questions |",
           "| --- | --- | --- | --- | --- |"]
    for (hotline, lang), (top1, top3, n) in sorted(retrieval.items()):
        out.append(f"| {hotline} | {lang} | {top1 * 100:.0f}% | {top3 * 100:.0f}% | {n} |")
    flagged = ", ".join(f"{h} {n}" for h, n in sorted(crisis["eval_flagged"].items()))
    return out + [
        "", "## Crisis detection", "",
        f"Recall on `tests/data/crisis_phrasings.yml`: {crisis['recall'] * 100:.0f}% of "
        f"{crisis['n']} phrasings; false alarms on its look-alikes: {crisis['false_alarms']} "
        f"of {crisis['n_negative']}. The patterns were extended after a first run on that "
        "list, so it is no longer unseen.", "",
        f"Flagged as crisis among the {crisis['eval_n']} public eval questions, by label: "
        f"{flagged}.", ""]


def _classifier_settings(pipeline: str) -> str:
    steps = yaml.safe_load((ROOT / "bench" / "pipelines" / f"{pipeline}.yml").read_text())["pipeline"]
    return ", ".join(
        f"{step['name']} " + " ".join(f"{k}={v}" for k, v in step.items() if k != "name")
        for step in steps if step["name"].endswith("Classifier"))


def _beside(alongside: str | None) -> str:
    return f" (trained beside {alongside}, so slower than alone)" if alongside else ""


def cost(pipelines: dict, running: dict) -> list[str]:
    growth = running["db_growth"]
    per_10k = growth["bytes"] / growth["messages"] * 10_000 / 2**20 if growth["messages"] else 0
    out = ["## Cost", "",
           "- Training: " + "; ".join(
               f"{n} {r['train_seconds']:.0f} s" + _beside(r.get("alongside"))
               for n, r in pipelines.items())
           + f"; the stock assistant's `rasa init` (creation and training) "
             f"{running['stock_init_s']:.0f} s" + _beside(running.get("stock_alongside")) + ".",
           "- Model load (Rasa started until it parses): "
           + "; ".join(f"{n} {r['load_seconds']:.0f} s" for n, r in pipelines.items())
           + f"; stock {running['stock_load_s']:.0f} s. Our whole stack (Rasa, action server, web "
             f"app) ready in {running['stack_ready_s']:.0f} s.",
           f"- Database growth: {growth['messages']} messages stored during the throughput run "
           f"took {growth['bytes'] / 2**20:.1f} MiB in PostgreSQL (tables, indexes, TOAST), "
           f"**{per_10k:.1f} MiB per 10,000 messages** (with their contacts and conversations: "
           "each benchmark message comes from a new sender, so this is the upper end).",
           "", "Resident memory (RSS, with child processes) after the throughput run:", "",
           "| process | MiB |", "| --- | --- |"]
    for name, mib in running["rss"].items():
        out.append(f"| {name} | {mib:.0f} |")
    return out + [""]


def fanout(spread: dict, trained: list[str]) -> list[str]:
    return ["## Reminder fan-out", "",
            "`bench/fanout.py`: `hotline reminders dispatch` for every subscriber of a PostgreSQL "
            "database (one reminder each, written with its delivery row), then the real gateway "
            "sending the outbox to the fake Bot API server, which runs as its own process and "
            "records when each message arrived.", "",
            "| subscribers | dispatch s | sent | sending s | rate msg/s | limit msg/s | fraction of limit | busiest second | gateway MiB |",
            "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
            f"| {spread['subscribers']} | {spread['dispatch_s']:.1f} | {spread['sent']} | "
            f"{spread['send_s']:.0f} | {spread['rate']:.1f} | {spread['limit']:.0f} | "
            f"{spread['fraction']:.2f} | {spread['peak_per_s']} | {spread['gateway_rss_mb']:.0f} |",
            ""] + ([f"In this run {', '.join(trained)} trained beside the fan-out, sharing the two "
                    "cores, so dispatch and sending were slower than alone (a run with the models "
                    "cached leaves the fan-out alone; figures of both in bench/history.md).", ""]
                   if trained else [])


def history() -> list[str]:
    """Hand-written: what profiling found and what changed, with before/after figures."""
    return [HISTORY.read_text(encoding="utf-8")] if HISTORY.exists() else []
