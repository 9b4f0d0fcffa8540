"""Runs inside the Rasa engine's own environment (Python 3.10, rasa 3.6.21): `python -m engine`
is `rasa` with the fixes below applied first. Nothing here imports the app."""
