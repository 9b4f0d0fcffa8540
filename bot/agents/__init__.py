"""Agents: accounts, passwords, API tokens and console sessions."""
