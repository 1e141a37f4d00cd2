"""rec: a multi-agent LLM recommendation orchestrator.

Importing this package must stay cheap: heavy libraries (torch, transformers,
chromadb, vllm) are imported inside the functions that need them.
"""

__version__ = "0.1.0"
