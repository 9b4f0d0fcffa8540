"""The `hotline` command."""

import argparse
import signal
import time

from bot.db import migrate
from bot.stack import Ports, Stack


def cmd_migrate(_: argparse.Namespace) -> None:
    migrate.upgrade()
    print("database is at the latest migration")


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
    run = sub.add_parser("run", help="start Rasa, the action server and the web app")
    run.add_argument("--port", type=int, default=8080)
    run.add_argument("--rasa-port", type=int, default=5005)
    run.add_argument("--actions-port", type=int, default=5055)
    run.set_defaults(func=cmd_run)
    args = parser.parse_args(argv)
    args.func(args)


if __name__ == "__main__":
    main()
