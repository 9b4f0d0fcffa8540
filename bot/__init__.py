"""The hotline application: web API and pages, channels, tickets, reminders."""
