"""Tickets: escalation to a person, the agent's actions, SLA and office hours."""
