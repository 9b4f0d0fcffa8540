"""The newest rasa-sdk (in the app's environment) serves the Rasa 3.6 server."""

from importlib.metadata import version

import httpx


def test_versions_are_the_pinned_ones(stack):
    assert version("rasa-sdk") == "3.21.1"
    rasa = httpx.get(stack.urls["rasa"] + "/version", timeout=10).json()
    assert rasa["version"] == "3.6.21"
    assert httpx.get(stack.urls["actions"] + "/health", timeout=10).json()["status"] == "ok"


def test_rasa_runs_a_custom_action_on_the_sdk_server_and_applies_its_events(stack, sender):
    url = stack.urls["rasa"]
    messages = httpx.post(url + "/webhooks/rest/webhook", timeout=30, json={
        "sender": f"compat-{sender}", "message": "试用期工资最低是多少",
        "metadata": {"lang": "zh"}}).json()
    routes = [m["custom"]["route"] for m in messages if "custom" in m]
    assert routes and routes[0]["hotline"] == "hr" and routes[0]["kind"] == "answer"
    tracker = httpx.get(f"{url}/conversations/compat-{sender}/tracker", timeout=10).json()
    assert tracker["slots"]["hotline"] == "hr"  # SlotSet from the SDK reached Rasa
    actions = [e["name"] for e in tracker["events"] if e["event"] == "action"]
    assert "action_answer" in actions


def test_action_server_lists_our_actions(stack):
    actions = {a["name"] for a in httpx.get(stack.urls["actions"] + "/actions", timeout=10).json()}
    assert {"action_answer", "action_clarify", "action_crisis", "action_handoff"} <= actions
