"""The agents: planner -> retriever -> ranker (LangGraph)."""
