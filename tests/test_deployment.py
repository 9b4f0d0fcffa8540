"""docker-compose.yml: the services, images, health checks and secrets are as documented.
No Docker engine runs here, so the file is validated, not run."""

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_services_and_images():
    services = COMPOSE["services"]
    assert set(services) == {"rasa", "actions", "app", "postgres", "redis"}
    assert services["rasa"]["image"] == "rasa/rasa:3.6.21-full"
    assert services["actions"]["build"] == "."
    assert services["app"]["image"] == services["actions"]["image"]


def test_every_service_has_a_health_check_and_dependencies_wait_for_it():
    services = COMPOSE["services"]
    for name, service in services.items():
        assert service["healthcheck"]["test"], name
        for dep, cond in (service.get("depends_on") or {}).items():
            assert dep in services and cond == {"condition": "service_healthy"}, (name, dep)


def test_rasa_runs_through_the_engine_launcher_as_it_does_here():
    rasa = COMPOSE["services"]["rasa"]
    assert rasa["entrypoint"] == ["python", "-m", "engine"]
    assert "./engine:/app/engine:ro" in rasa["volumes"]
    assert rasa["command"][0] == "run"


def test_rasa_uses_postgres_tracker_and_redis_lock_store():
    rasa = COMPOSE["services"]["rasa"]
    mounted = {v.split(":")[1] for v in rasa["volumes"]}
    assert "/app/deploy/rasa/endpoints.yml" in mounted and "/app/models" in mounted
    endpoints = yaml.safe_load((ROOT / "deploy/rasa/endpoints.yml").read_text())
    assert endpoints["tracker_store"]["type"] == "SQL"
    assert endpoints["tracker_store"]["dialect"] == "postgresql"
    assert endpoints["lock_store"]["type"] == "redis"
    env = COMPOSE["services"]["rasa"]["environment"]
    assert endpoints["action_endpoint"]["url"] == "${ACTION_ENDPOINT_URL}"
    assert env["ACTION_ENDPOINT_URL"] == "http://actions:5055/webhook"
    assert env["POSTGRES_HOST"] == "postgres" and env["REDIS_HOST"] == "redis"


def test_no_secret_is_written_in_the_file():
    text = (ROOT / "docker-compose.yml").read_text()
    for match in re.finditer(r"PASSWORD[^\n]*", text):
        assert "${" in match.group(0), match.group(0)


def test_dockerfile_installs_the_locked_requirements():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "requirements/app.lock.txt" in dockerfile
    assert re.search(r"^FROM python:3\.1[12]", dockerfile, re.M)
