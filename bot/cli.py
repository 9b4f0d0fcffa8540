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
        stack.start()
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
