from rec.config import load_config, parse_overrides
from rec.llm.factory import build_chat_model


def cfg(*pairs):
    return load_config(overrides=parse_overrides(list(pairs)))


def test_fake_backend():
    choice = build_chat_model(cfg("llm.backend=fake"))
    assert choice.model.name == "fake:qwen2.5-coder-0.5b"


def test_auto_without_server_falls_back_in_process(tiny_model_dir, free_port):
    choice = build_chat_model(cfg(f"llm.model={tiny_model_dir}", f"llm.base_url=http://127.0.0.1:{free_port}/v1"))
    assert choice.model.name == "transformers:tiny-llama"
    assert "no server answers" in choice.reason and "in-process transformers" in choice.reason


def models_body(*ids):
    return (200, {"data": [{"id": i} for i in ids]}, {})


def test_auto_uses_a_server_that_serves_the_model(scripted, tiny_model_dir):
    url = scripted(models_body("tiny-llama", "tiny-llama-lora")).url
    choice = build_chat_model(cfg(f"llm.model={tiny_model_dir}", f"llm.base_url={url}"))
    assert choice.model.name == "openai_http:tiny-llama"
    assert "serves tiny-llama" in choice.reason


def test_auto_skips_a_server_serving_another_model(scripted, tiny_model_dir):
    url = scripted(models_body("someone-else")).url
    choice = build_chat_model(cfg(f"llm.model={tiny_model_dir}", f"llm.base_url={url}"))
    assert choice.model.name.startswith("transformers:")
    assert "not tiny-llama" in choice.reason


def test_auto_with_nothing_usable_is_one_clear_error(free_port):
    import pytest

    from rec.errors import LLMUnavailableError

    with pytest.raises(LLMUnavailableError, match=r"no server answers.*not prepared"):
        build_chat_model(cfg("llm.model=smollm2-135m", f"llm.base_url=http://127.0.0.1:{free_port}/v1"))


def test_server_urls_are_the_servers_a_model_talks_to(free_port):
    """Where an adapter that is not yet served must be loaded: one server, each of a router's, none in-process."""
    from rec.llm.factory import server_urls
    from rec.llm.fake import FakeChatModel

    a, b = f"http://127.0.0.1:{free_port}/v1", f"http://127.0.0.1:{free_port + 1}/v1"
    one = load_config(overrides=parse_overrides(["llm.backend=openai_http", f"llm.base_url={a}"]))
    two = load_config(overrides=parse_overrides(["llm.backend=openai_http", f"llm.base_url={a},{b}"]))
    assert server_urls(build_chat_model(one).model) == [a]
    assert server_urls(build_chat_model(two).model) == [a, b]
    assert server_urls(FakeChatModel()) == []
