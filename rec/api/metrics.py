"""Prometheus metrics of one API app (its own registry, so several apps in a process never mix):
HTTP requests by route and status, latency histograms per route and per agent node, model calls and
tokens, errors by type, the admission queue, and feedback events."""

from __future__ import annotations

from typing import Any

BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60, 120, 300)


class Metrics:
    def __init__(self, gate: Any):
        from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

        self.registry = CollectorRegistry()
        r = self.registry
        self.requests = Counter("rec_http_requests", "HTTP requests", ["method", "route", "status"], registry=r)
        self.latency = Histogram("rec_http_request_seconds", "HTTP request latency (to the last byte)", ["route"],
                                 buckets=BUCKETS, registry=r)
        self.node = Histogram("rec_node_seconds", "time spent in each agent node", ["node"], buckets=BUCKETS,
                              registry=r)
        self.model_calls = Counter("rec_model_calls", "model calls by node", ["node"], registry=r)
        self.tokens = Counter("rec_model_tokens", "model tokens by node and kind", ["node", "kind"], registry=r)
        self.errors = Counter("rec_errors", "error answers by OpenAI error type", ["type"], registry=r)
        self.feedback = Counter("rec_feedback_events", "feedback events stored", ["event"], registry=r)
        Gauge("rec_turns_running", "recommendation turns running", registry=r).set_function(lambda: gate.running)
        Gauge("rec_turns_waiting", "recommendation turns waiting for a worker",
              registry=r).set_function(lambda: gate.waiting)

    def observe_turn(self, trace: list[dict[str, Any]]) -> None:
        for entry in trace:
            node = str(entry.get("node", "?"))
            self.node.labels(node).observe(float(entry.get("seconds") or 0.0))
            self.model_calls.labels(node).inc(int(entry.get("model_calls") or 0))
            for kind in ("prompt_tokens", "completion_tokens"):
                self.tokens.labels(node, kind.removesuffix("_tokens")).inc(int(entry.get(kind) or 0))

    def render(self) -> tuple[bytes, str]:
        from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

        return generate_latest(self.registry), CONTENT_TYPE_LATEST
