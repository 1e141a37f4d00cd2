"""The LangChain backend (issue 15, item 5): any `BaseChatModel` as rec's ChatModel, tested with
LangChain's own fake chat models (no network)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from langchain_core.language_models.fake_chat_models import FakeListChatModel, GenericFakeChatModel
from langchain_core.messages import AIMessage
from pydantic import BaseModel

from rec.config import load_config, parse_overrides
from rec.errors import ConfigError, LLMError
from rec.llm.base import ChatModel
from rec.llm.factory import build_chat_model
from rec.llm.langchain_backend import LangChainChatModel
from rec.llm.structured import ask_structured

SCHEMA = {"title": "pair", "type": "object", "properties": {"a": {"type": "integer"}, "b": {"type": "string"}},
          "required": ["a", "b"]}
USER = [{"role": "system", "content": "be brief"}, {"role": "user", "content": "hello"}]


class Pair(BaseModel):
    a: int
    b: str


class ToolCalling(GenericFakeChatModel):
    """A fake model that offers tool calling, so `with_structured_output` takes LangChain's default path."""

    def bind_tools(self, tools: Any, **kwargs: Any) -> Any:
        return self.bind(tools=tools, **kwargs)


def generic(*replies: str | AIMessage) -> GenericFakeChatModel:
    return GenericFakeChatModel(messages=iter(replies))


def test_chat_is_a_chat_model_and_passes_the_conversation():
    fake = FakeListChatModel(responses=["hi there"])
    model = LangChainChatModel(fake)
    assert isinstance(model, ChatModel) and model.name == "langchain:FakeListChatModel"
    result = model.chat(USER)
    assert result.text == "hi there" and result.finish_reason == "stop"


def test_structured_output_through_with_structured_output():
    call = AIMessage(content="", tool_calls=[{"name": "pair", "args": {"a": 3, "b": "x"}, "id": "1"}])
    model = LangChainChatModel(ToolCalling(messages=iter([call])))
    assert json.loads(model.chat(USER, json_schema=SCHEMA).text) == {"a": 3, "b": "x"}


def test_a_model_without_structured_output_gets_the_schema_in_the_prompt_and_is_validated():
    fake = FakeListChatModel(responses=["not json", '{"a": 1, "b": "y"}'])
    model = LangChainChatModel(fake)
    got = ask_structured(model, USER, Pair, retries=1)   # the first reply is refused, the second accepted
    assert got.value == Pair(a=1, b="y") and len(got.attempts) == 2


def test_stream_yields_the_reply_in_pieces():
    model = LangChainChatModel(generic("A: a film.\nB: another one."))
    pieces = list(model.stream(USER))
    assert len(pieces) > 2 and "".join(pieces) == "A: a film.\nB: another one."


def test_choice_scores_from_logprobs_where_the_model_gives_them():
    top = [{"token": "B", "logprob": -0.2}, {"token": " A", "logprob": -1.5}, {"token": "A", "logprob": -2.0},
           {"token": "zzz", "logprob": -3.0}]
    reply = AIMessage(content="B", response_metadata={"logprobs": {"content": [
        {"token": "B", "logprob": -0.2, "top_logprobs": top}]}})
    scores = LangChainChatModel(generic(reply)).score_choices(USER, ["A", "B", "C"])
    assert scores.best() == "B" and scores.raw["C"] is None and scores.raw["A"] is not None
    assert scores.logprobs["A"] > scores.logprobs["C"]   # an unseen label falls below everything seen


def test_choice_scores_without_logprobs_is_a_clear_error():
    with pytest.raises(LLMError, match=r"no token log-probabilities.*ranker\.llm_weight"):
        LangChainChatModel(FakeListChatModel(responses=["A"])).score_choices(USER, ["A", "B"])


def test_provider_errors_become_llm_errors():
    class Broken(FakeListChatModel):
        def _call(self, *args: Any, **kwargs: Any) -> str:
            raise ConnectionError("provider down")

    with pytest.raises(LLMError, match="ConnectionError: provider down"):
        LangChainChatModel(Broken(responses=["x"])).chat(USER)


def test_chosen_by_config():
    cfg = load_config(overrides=parse_overrides([
        "llm.backend=langchain",
        "llm.langchain_class=langchain_core.language_models.fake_chat_models:FakeListChatModel",
        "llm.langchain_kwargs={responses: [configured]}"]))
    choice = build_chat_model(cfg)
    assert isinstance(choice.model, LangChainChatModel) and "FakeListChatModel" in choice.reason
    assert choice.model.chat(USER).text == "configured"


@pytest.mark.parametrize("spec, needle", [
    (None, "needs llm.langchain_class"),
    ("no_such_module:Chat", "cannot be imported"),
    ("json:JSONDecoder", "not a LangChain BaseChatModel"),
    ("langchain_core.language_models.fake_chat_models:FakeListChatModel", "refused llm.langchain_kwargs"),
])
def test_bad_config_is_a_config_error(spec, needle):
    pairs = ["llm.backend=langchain", *([f"llm.langchain_class={spec}"] if spec else [])]
    cfg = load_config(overrides=parse_overrides(pairs))
    with pytest.raises(ConfigError, match=needle):
        build_chat_model(cfg)


def test_a_turn_plans_and_streams_its_explanations_through_a_langchain_model(film_cfg, tmp_path):
    from rec.recommender import Recommender
    from rec.retrieval.embeddings import HashingEmbedder
    from rec.retrieval.search import Retriever
    from rec.schema import RecRequest

    plan = {"intent": "recommend", "query": "space",
            "hard_constraints": [{"field": "genres", "op": "contains", "value": "Sci-Fi"}]}
    lines = "A: An Action and Sci-Fi film.\nB: A Sci-Fi film.\nC: A Sci-Fi classic.\n"
    cfg = film_cfg.model_copy(update={"ranker": film_cfg.ranker.model_copy(update={"explain": True,
                                                                                   "llm_weight": 0.0})})
    model = LangChainChatModel(generic(json.dumps(plan), lines))
    rec = Recommender(cfg, model, Retriever(cfg, HashingEmbedder()), checkpoint_path=tmp_path / "t.sqlite")
    try:
        events = list(rec.stream(RecRequest(query="sci-fi please", k=3), remember=False))
    finally:
        rec.close()
    kinds = [e["event"] for e in events]
    assert kinds.index("list") < kinds.index("explanation") and kinds.count("explanation") == 3
    response = events[-1]["response"]
    assert [c.value for c in response.plan.hard_constraints] == ["Sci-Fi"]
    assert all(i.explanation and "Sci-Fi" in i.explanation for i in response.items)
