"""The web app: HTTP API and pages (FastAPI). Routes stay thin; services do the work."""
