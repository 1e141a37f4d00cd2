"""Model access: the ChatModel protocol, its backends, provisioning and the vLLM server."""
