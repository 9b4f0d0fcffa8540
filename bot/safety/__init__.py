"""Safety: crisis detection and the crisis reply, shared by the web app and the actions."""
