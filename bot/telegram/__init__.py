"""The Telegram channel: a python-telegram-bot gateway for customers and the agents' group."""
