"""Tax-deadline reminders: subscriptions, the calendar staff maintain, and exactly-once dispatch."""
