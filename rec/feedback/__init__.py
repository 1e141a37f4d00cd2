"""Feedback: every response and every event, in SQLite or PostgreSQL."""
