"""The tuning loop: feedback -> ranker examples -> LoRA -> offline gate -> registry -> vLLM hot-load."""
