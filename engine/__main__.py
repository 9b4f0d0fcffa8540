"""`python -m engine run --enable-api ...`: the `rasa` command, with the engine's fixes."""

from engine.action_validation import validate_with_a_compiled_schema

validate_with_a_compiled_schema()

from rasa.__main__ import main  # noqa: E402  (after the fix, as `rasa` would import it)

main()
