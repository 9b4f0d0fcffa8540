"""Starting and stopping the three processes: Rasa, the action server and the web app.

`hotline run` and the test suite both use this, so what is tested is what runs.
"""

import os
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from bot.settings import ROOT


@dataclass
class Ports:
    rasa: int = 5005
    actions: int = 5055
    web: int = 8080


@dataclass
class Stack:
    ports: Ports = field(default_factory=Ports)
    env: dict[str, str] = field(default_factory=dict)
    rasa_bin: Path = ROOT / ".venv-rasa" / "bin" / "rasa"
    model: Path = ROOT / "models"
    log_dir: Path = ROOT / "var" / "log"
    procs: dict[str, subprocess.Popen] = field(default_factory=dict)

    @property
    def urls(self) -> dict[str, str]:
        return {name: f"http://127.0.0.1:{port}" for name, port in vars(self.ports).items()}

    def _env(self) -> dict[str, str]:
        return {**os.environ, **self.env,
                "RASA_URL": self.urls["rasa"], "ACTION_SERVER_URL": self.urls["actions"],
                "ACTION_ENDPOINT_URL": f"{self.urls['actions']}/webhook",
                "WEB_PORT": str(self.ports.web)}

    def _spawn(self, name: str, cmd: list[str]) -> None:
        self.log_dir.mkdir(parents=True, exist_ok=True)
        log = open(self.log_dir / f"{name}.log", "ab")
        self.procs[name] = subprocess.Popen(cmd, cwd=ROOT, env=self._env(), stdout=log,
                                            stderr=subprocess.STDOUT, start_new_session=True)

    def start_actions(self) -> None:
        self._spawn("actions", [sys.executable, "-m", "rasa_sdk", "--actions", "actions",
                                "--port", str(self.ports.actions)])

    def rasa_command(self) -> list[str]:
        """`rasa`, through the engine's launcher (engine/: Rasa with its fixes applied)."""
        python = self.rasa_bin.parent / "python"
        if not python.exists():
            raise SystemExit(f"Rasa is not installed at {self.rasa_bin}: run `make envs`.")
        return [str(python), "-m", "engine"]

    def start_rasa(self) -> None:
        self._spawn("rasa", [*self.rasa_command(), "run", "--enable-api", "--model",
                             str(self.model), "--port", str(self.ports.rasa), "--endpoints",
                             "endpoints.yml", "--credentials", "credentials.yml",
                             "--interface", "127.0.0.1"])

    def start_web(self) -> None:
        self._spawn("web", [sys.executable, "-m", "uvicorn", "bot.web.main:app", "--host",
                            "127.0.0.1", "--port", str(self.ports.web), "--workers", "1"])

    def start_telegram(self) -> None:
        self._spawn("telegram", [sys.executable, "-m", "bot.cli", "telegram"])

    def start_scheduler(self) -> None:
        self._spawn("scheduler", [sys.executable, "-m", "bot.cli", "scheduler"])

    def start(self, timeout: float = 240, scheduler: bool = False) -> None:
        self.start_actions()
        self.start_rasa()
        self.start_web()
        self.wait_ready(timeout)
        if scheduler:
            self.start_scheduler()
        if self._env().get("TELEGRAM_BOT_TOKEN"):
            self.start_telegram()

    def wait_ready(self, timeout: float = 240) -> None:
        deadline = time.monotonic() + timeout
        checks = {"actions": "/health", "rasa": "/status", "web": "/healthz"}
        pending = dict(checks)
        while pending:
            for name, path in list(pending.items()):
                proc = self.procs.get(name)
                if proc is not None and proc.poll() is not None:
                    raise RuntimeError(f"{name} exited with {proc.returncode}; see "
                                       f"{self.log_dir / (name + '.log')}")
                try:
                    if httpx.get(self.urls[name] + path, timeout=2).status_code == 200:
                        del pending[name]
                except httpx.HTTPError:
                    pass
            if pending and time.monotonic() > deadline:
                raise TimeoutError(f"not ready after {timeout}s: {sorted(pending)}")
            if pending:
                time.sleep(0.5)

    def stop(self, name: str | None = None) -> None:
        for key in [name] if name else list(self.procs):
            proc = self.procs.pop(key, None)
            if proc is None or proc.poll() is not None:
                continue
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
