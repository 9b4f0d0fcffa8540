"""Helpers to create agents for tests, through the real `hotline agent` command."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import httpx

HOTLINE = str(Path(sys.executable).parent / "hotline")


def create_agent(database_url: str, hotlines: str, role: str = "agent",
                 password: str | None = None) -> dict:
    username = f"agent_{uuid.uuid4().hex[:8]}"
    env = {**os.environ, "DATABASE_URL": database_url}
    out = subprocess.run([HOTLINE, "agent", "add", "--username", username, "--hotlines", hotlines,
                          "--role", role], env=env, capture_output=True, text=True, check=True)
    token = out.stdout.split()[-1]
    if password:
        subprocess.run([HOTLINE, "agent", "passwd", username], input=password + "\n", env=env,
                       capture_output=True, text=True, check=True)
    return {"username": username, "token": token, "password": password}


def client(base_url: str, agent: dict) -> httpx.Client:
    return httpx.Client(base_url=base_url, timeout=30,
                        headers={"Authorization": f"Bearer {agent['token']}"})
