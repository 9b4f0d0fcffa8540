"""Conversations: storing every turn and asking Rasa for the reply."""
