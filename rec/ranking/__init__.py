"""Ranking signals -> the learned blend per store (no model inside; the LLM ranker adds to it)."""
