"""Rasa checks every action server response against a JSON schema with `jsonschema.validate`,
which first re-checks the whole (large) events schema against the JSON Schema metaschema on
each call: about 49 ms per message here, half of Rasa's CPU under load (docs/benchmarks.md).
This keeps the same check and the same error, with the schema checked and compiled once."""

from functools import lru_cache

from jsonschema import ValidationError
from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL


@lru_cache(maxsize=1)
def _validator():
    schema = RemoteAction.action_response_format_spec()
    cls = validator_for(schema)  # the draft `jsonschema.validate` would pick
    cls.check_schema(schema)
    return cls(schema)


def _validate_action_result(self, result) -> bool:
    try:
        _validator().validate(result)
        return True
    except ValidationError as e:  # worded as Rasa words it
        e.message += (
            f". Failed to validate Action server response from API, "
            f"make sure your response from the Action endpoint is valid. "
            f"For more information about the format visit "
            f"{DOCS_BASE_URL}/custom-actions"
        )
        raise e


def validate_with_a_compiled_schema() -> None:
    RemoteAction._validate_action_result = _validate_action_result
