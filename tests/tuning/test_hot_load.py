"""Promotion into a real vLLM CPU server (tiny model): the production adapter is loaded at start-up,
a newly promoted one is hot-loaded without a restart, the ranker scores through it, the API lists
the promoted versions, and rollback brings the previous one back."""

from __future__ import annotations

import json

import httpx
import pytest
from llm.test_vllm_server import VLLM_PYTHON, lora_adapter, rec, server_args

from rec.llm.fake import FakeChatModel
from rec.llm.openai_http import OpenAIHTTPChatModel
from rec.tuning.registry import Registry

pytestmark = [
    pytest.mark.slow, pytest.mark.vllm, pytest.mark.timeout(900),
    pytest.mark.skipif(not VLLM_PYTHON.is_file(), reason=f"no vLLM virtualenv at {VLLM_PYTHON} (make vllm)"),
]


def test_promote_hot_loads_and_the_api_serves_it(tuning_cfg, tiny_model_dir, free_port):
    from api.conftest import running

    from rec.api.app import create_app
    from rec.recommender import Recommender
    from rec.retrieval.embeddings import HashingEmbedder
    from rec.retrieval.search import Retriever

    home = tuning_cfg.home
    reg = Registry(home)
    for _ in range(2):
        version, path = reg.new_version_dir()
        lora_adapter(tiny_model_dir, path)
        reg.add(version, path, base_model=str(tiny_model_dir))
    reg.promote("v0001")                       # production before the server starts
    glob, flags = server_args(tiny_model_dir, free_port)
    glob += ["--set", "server.max_model_len=2048"]
    rec(*glob, "llm", "serve", "--detach", *flags, home=home)
    try:
        status = json.loads(rec(*glob, "llm", "status", "--json", home=home).stdout)
        assert [a["name"] for a in status["adapters"]] == ["rec-v0001"]     # loaded at start-up
        reg.promote("v0002", server=status["base_url"])                     # hot-load, no restart
        status = json.loads(rec(*glob, "llm", "status", "--json", home=home).stdout)
        assert sorted(a["name"] for a in status["adapters"]) == ["rec-v0001", "rec-v0002"]

        base = OpenAIHTTPChatModel(status["base_url"], status["model"], timeout_s=120, max_retries=1)
        cfg = tuning_cfg.model_copy(update={
            "llm": tuning_cfg.llm.model_copy(update={"backend": "openai_http", "base_url": status["base_url"]})})

        class Planner(FakeChatModel):   # plans without vLLM (the tiny tokenizer makes that prompt huge);
            def for_model(self, name):  # the ranker scores through vLLM with the adapter
                return base.for_model(name)

        recommender = Recommender(cfg, Planner(), Retriever(cfg, HashingEmbedder()))
        try:
            with running(create_app(recommender)) as url:
                models = [m["id"] for m in httpx.get(f"{url}/v1/models").json()["data"]]
                assert models == ["rec", "rec:v0001", "rec:v0002"]
                body = {"messages": [{"role": "user", "content": "a comedy"}], "k": 3}
                pinned = httpx.post(f"{url}/v1/chat/completions", json={**body, "model": "rec:v0001"}, timeout=300)
                assert pinned.status_code == 200, pinned.text
                served = httpx.post(f"{url}/v1/chat/completions", json={**body, "model": "rec"}, timeout=300)
                assert served.status_code == 200, served.text
            logged = {t.id: t.adapter for t in recommender.feedback_store.logged()}
            assert logged[pinned.json()["id"]] == "v0001" and logged[served.json()["id"]] == "v0002"
        finally:
            recommender.close()
            base.close()

        retired, now = reg.rollback(server=status["base_url"])
        assert retired["version"] == "v0002" and now["version"] == "v0001"
    finally:
        rec(*glob, "llm", "stop", home=home)
    from rec.llm.vllm_server import build_command
    from rec.tuning.registry import production_adapters

    adapters = production_adapters(tuning_cfg.home)
    restart = build_command(tuning_cfg, VLLM_PYTHON, tiny_model_dir, "tiny", adapters)   # the next start loads v0001
    assert restart[restart.index("--lora-modules") + 1] == f"rec-v0001={reg.get('v0001')['path']}"
