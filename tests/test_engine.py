"""engine/: Rasa with its fixes. The compiled action-response check must accept and reject
exactly what Rasa's own check does; it runs in the Rasa environment, as in production."""

import json
import subprocess

from tests.conftest import ROOT

CHECK = r"""
import json, sys
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction
from engine.action_validation import validate_with_a_compiled_schema

cases = json.loads(sys.argv[1])
stock = RemoteAction._validate_action_result
validate_with_a_compiled_schema()
assert RemoteAction._validate_action_result is not stock
action = RemoteAction("action_answer", None)

def outcome(check, response):
    try:
        return check(action, response)
    except ValidationError as e:
        return e.message

print(json.dumps([[outcome(stock, c), outcome(RemoteAction._validate_action_result, c)]
                  for c in cases]))
"""

CASES = [
    {"events": [{"event": "slot", "name": "hotline", "value": "hr"}],
     "responses": [{"text": "试用期", "buttons": [{"title": "转人工", "payload": "/request_human"}]},
                   {"custom": {"route": {"hotline": "hr", "kind": "answer"}}}]},
    {"events": [], "responses": []},
    {"events": [{"event": "no_such_event"}], "responses": []},
    {"events": "not a list", "responses": []},
    {"events": [], "responses": "not a list"},
]


def test_compiled_check_gives_rasas_own_verdicts():
    python = ROOT / ".venv-rasa" / "bin" / "python"
    out = subprocess.run([str(python), "-c", CHECK, json.dumps(CASES)], cwd=ROOT, check=True,
                         capture_output=True, text=True).stdout
    verdicts = json.loads(out.strip().splitlines()[-1])
    assert [v[0] for v in verdicts][:2] == [True, True]
    assert all(isinstance(v[0], str) and "Failed to validate" in v[0] for v in verdicts[2:])
    assert all(stock == compiled for stock, compiled in verdicts)
