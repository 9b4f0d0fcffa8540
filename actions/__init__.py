"""The rasa_sdk action server: answers, clarification, handoff, small talk, crisis."""
