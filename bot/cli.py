"""The `hotline` command."""

import argparse
import signal
import time

from bot.db import migrate
from bot.logs import setup_logging
from bot.stack import Ports, Stack


def cmd_migrate(_: argparse.Namespace) -> None:
    migrate.upgrade()
    print("database is at the latest migration")


def cmd_agent_add(args: argparse.Namespace) -> None:
    from bot.agents.accounts import add_agent
    from bot.db.session import session_scope
    hotlines = [h.strip() for h in args.hotlines.split(",") if h.strip()]
    try:
        with session_scope() as session:
            token = add_agent(session, args.username, hotlines, args.role, args.display_name,
                              args.telegram_id)
    except ValueError as exc:
        raise SystemExit(f"error: {exc}") from exc
    print(f"agent {args.username} ({args.role}; {', '.join(hotlines) or 'no hotlines'}) created.")
    print("API token (shown once, keep it secret):")
    print(token)


def cmd_agent_passwd(args: argparse.Namespace) -> None:
    import getpass
    import sys

    from bot.agents.accounts import set_password
    from bot.db.session import session_scope
    # Never from argv (other users can see it in ps): the terminal, or a pipe.
    password = getpass.getpass("new password: ") if sys.stdin.isatty() else sys.stdin.readline()
    password = password.rstrip("\n")
    try:
        with session_scope() as session:
            set_password(session, args.username, password)
    except ValueError as exc:
        raise SystemExit(f"error: {exc}") from exc
    print(f"password of {args.username} set")


def cmd_telegram(_: argparse.Namespace) -> None:
    from bot.telegram.gateway import run
    run()


def cmd_scheduler(_: argparse.Namespace) -> None:
    from bot.reminders.scheduler import run
    run()


def cmd_reminders_dispatch(args: argparse.Namespace) -> None:
    from datetime import datetime

    from bot.reminders.dispatch import dispatch
    at = datetime.fromisoformat(args.at) if args.at else datetime.now().astimezone()
    if at.tzinfo is None:
        raise SystemExit("error: give --at with a UTC offset, e.g. 2026-12-12T09:05:00+08:00")
    report = dispatch(at, progress=lambda r: print(f"... {r.sent} sent", flush=True))
    print(f"sent {report.sent}, already sent {report.already}, blocked {report.blocked}")
    for key, count in sorted(report.by_deadline.items()):
        print(f"  {key}: {count}")


def cmd_reminders_preview(args: argparse.Namespace) -> None:
    from datetime import datetime

    from bot.reminders.dispatch import preview
    at = datetime.fromisoformat(args.at) if args.at else datetime.now().astimezone()
    rows = preview(at)
    if not rows:
        print("nothing scheduled")
    for when, key, count in rows:
        print(f"{when.isoformat()}  {key}  {count} subscriber(s)")


def cmd_reminders_report(args: argparse.Namespace) -> None:
    from bot.reminders.report import delivery_report
    report = delivery_report(args.deadline)
    if not report:
        print("no reminders sent yet")
    for key, counts in sorted(report.items()):
        parts = ", ".join(f"{name} {counts.get(name, 0)}"
                          for name in ("sent", "queued", "failed", "blocked"))
        print(f"{key}: {parts}")


def cmd_calendar_set(args: argparse.Namespace) -> None:
    from datetime import date

    from bot.reminders.calendar_admin import set_deadline
    year, month = (int(x) for x in args.month.split("-"))
    try:
        due, told = set_deadline(year, month, date.fromisoformat(args.date), args.source)
    except ValueError as exc:
        raise SystemExit(f"error: {exc}") from exc
    print(f"{args.month}: filing deadline {due.due.isoformat()} ({due.status}); "
          f"{told} subscriber(s) notified")


def cmd_run(args: argparse.Namespace) -> None:
    migrate.upgrade()
    stack = Stack(ports=Ports(args.rasa_port, args.actions_port, args.port))
    stopping = False

    def stop(*_):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    try:
        print("starting Rasa, the action server and the web app (logs in var/log/) ...",
              flush=True)
        stack.start(scheduler=True)
        print(f"\n  The hotline is ready: http://127.0.0.1:{args.port}\n  Ctrl-C stops it.\n",
              flush=True)
        while not stopping:
            for name, proc in stack.procs.items():
                if proc.poll() is not None:
                    raise SystemExit(f"{name} stopped (exit {proc.returncode}); "
                                     f"see var/log/{name}.log")
            time.sleep(1)
    except KeyboardInterrupt:
        pass
    finally:
        print("stopping ...", flush=True)
        stack.stop()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="hotline", description="Enterprise service hotline")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("migrate", help="bring the database to the latest schema").set_defaults(
        func=cmd_migrate)
    agent = sub.add_parser("agent", help="manage agents").add_subparsers(dest="agent_cmd",
                                                                         required=True)
    add = agent.add_parser("add", help="create an agent and print its API token")
    add.add_argument("--username", required=True)
    add.add_argument("--hotlines", default="", help="comma-separated hotline ids")
    add.add_argument("--role", default="agent", choices=["agent", "supervisor", "admin"])
    add.add_argument("--display-name")
    add.add_argument("--telegram-id", type=int)
    add.set_defaults(func=cmd_agent_add)
    passwd = agent.add_parser("passwd", help="set an agent's console password")
    passwd.add_argument("username")
    passwd.set_defaults(func=cmd_agent_passwd)
    sub.add_parser("telegram", help="run the Telegram gateway").set_defaults(func=cmd_telegram)
    sub.add_parser("scheduler", help="run the reminder scheduler").set_defaults(
        func=cmd_scheduler)
    reminders = sub.add_parser("reminders", help="tax-deadline reminders").add_subparsers(
        dest="reminders_cmd", required=True)
    dispatch = reminders.add_parser("dispatch", help="send everything due at a time, then exit")
    dispatch.add_argument("--at", help="ISO-8601 time with offset (default: now)")
    dispatch.set_defaults(func=cmd_reminders_dispatch)
    preview = reminders.add_parser("preview", help="list what would be sent next")
    preview.add_argument("--at", help="ISO-8601 time with offset (default: now)")
    preview.set_defaults(func=cmd_reminders_preview)
    rep = reminders.add_parser("report", help="sent, queued, failed and blocked per deadline")
    rep.add_argument("--deadline", help="e.g. monthly:2026-12")
    rep.set_defaults(func=cmd_reminders_report)
    cal = sub.add_parser("calendar", help="the filing calendar").add_subparsers(
        dest="calendar_cmd", required=True)
    cal_set = cal.add_parser("set", help="record an official deadline or a postponement")
    cal_set.add_argument("month", help="YYYY-MM")
    cal_set.add_argument("date", help="YYYY-MM-DD")
    cal_set.add_argument("--source", required=True, help="the notice it comes from")
    cal_set.set_defaults(func=cmd_calendar_set)
    run = sub.add_parser("run", help="start Rasa, the action server and the web app")
    run.add_argument("--port", type=int, default=8080)
    run.add_argument("--rasa-port", type=int, default=5005)
    run.add_argument("--actions-port", type=int, default=5055)
    run.set_defaults(func=cmd_run)
    args = parser.parse_args(argv)
    setup_logging()
    args.func(args)


if __name__ == "__main__":
    main()
