"""Fuzz the API from its own OpenAPI schema (schemathesis): valid and invalid bodies, headers and
methods. The schema must be valid, and no input may produce a 5xx."""

from __future__ import annotations


def test_openapi_schema_is_valid_and_no_input_gets_a_5xx(make_api):
    import schemathesis
    from schemathesis.generation.modes import GenerationMode

    url, _ = make_api(keys=["k"])
    schema = schemathesis.openapi.from_url(f"{url}/openapi.json")   # refuses an invalid schema
    operations = [result.ok() for result in schema.get_all_operations()]
    assert {f"{op.method.upper()} {op.path}" for op in operations} >= {
        "GET /v1/models", "POST /v1/chat/completions", "POST /v1/feedback", "GET /health", "GET /metrics"}
    seen: dict[int, int] = {}
    for op in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            for auth in ({"Authorization": "Bearer k"}, {}):
                fuzz(op, mode, auth, url, seen)
    assert any(400 <= s < 500 for s in seen) and 200 in seen, seen


def fuzz(op, mode, auth, url, seen):
    from hypothesis import HealthCheck, given, settings
    from hypothesis.errors import Unsatisfiable

    @settings(max_examples=50, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(case=op.as_strategy(generation_mode=mode))
    def check(case):
        response = case.call(base_url=url, headers=auth, timeout=60)
        seen[response.status_code] = seen.get(response.status_code, 0) + 1
        assert response.status_code < 500, (case.method, case.path, case.body, response.text)
        if response.status_code >= 400 and "application/json" in str(response.headers.get("content-type")):
            assert set(response.json()["error"]) >= {"message", "type", "code"}

    try:
        check()
    except Unsatisfiable:   # nothing to make invalid (an operation without parameters or body)
        assert mode == "negative"
