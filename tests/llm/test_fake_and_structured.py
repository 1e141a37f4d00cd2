import pytest
from pydantic import BaseModel

from rec.agents.planner import plan, planner_messages
from rec.errors import LLMError, LLMOutputError
from rec.llm.base import ChatModel, normalise_choices
from rec.llm.fake import FakeChatModel, example_for_schema
from rec.llm.structured import ask_structured
from rec.schema import Plan


class Pair(BaseModel):
    a: int
    b: str


def test_fake_is_a_chat_model_and_records_calls():
    fake = FakeChatModel(["hi"])
    assert isinstance(fake, ChatModel)
    assert fake.chat([{"role": "user", "content": "x"}]).text == "hi"
    assert fake.calls[0]["messages"] == [{"role": "user", "content": "x"}]


def test_fake_defaults_to_schema_valid_json():
    fake = FakeChatModel()
    Plan.model_validate_json(fake.chat([], json_schema=Plan.model_json_schema()).text)
    assert Plan.model_validate(example_for_schema(Plan.model_json_schema())).k == 10


def test_fake_raises_scripted_exceptions():
    fake = FakeChatModel([LLMError("boom")])
    with pytest.raises(LLMError, match="boom"):
        fake.chat([])


def test_structured_retries_with_the_validation_error():
    fake = FakeChatModel(['{"a": "not a number", "b": "x"}', {"a": 3, "b": "ok"}])
    out = ask_structured(fake, [{"role": "user", "content": "q"}], Pair, retries=1)
    assert out.value == Pair(a=3, b="ok")
    assert len(out.attempts) == 2
    retry = fake.calls[1]["messages"]
    assert retry[-2] == {"role": "assistant", "content": '{"a": "not a number", "b": "x"}'}
    assert "a: Input should be a valid integer" in retry[-1]["content"]
    assert fake.calls[1]["json_schema"] == Pair.model_json_schema()


def test_structured_gives_up_after_the_cap():
    fake = FakeChatModel(["{", "{", "{"])
    with pytest.raises(LLMOutputError, match="no valid Pair after 2 attempts"):
        ask_structured(fake, [], Pair, retries=1)
    assert len(fake.calls) == 2


def test_planner_falls_back_to_the_raw_message():
    fake = FakeChatModel(["not json", "still not"])
    outcome = plan(fake, [{"role": "user", "content": "old films"}, {"role": "assistant", "content": "ok"},
                          {"role": "user", "content": "something funny with dogs"}])
    assert outcome.fallback and len(outcome.attempts) == 2
    assert outcome.plan.query == "something funny with dogs"
    assert outcome.plan.intent == "recommend"


def test_planner_prompt_lists_the_catalog_fields():
    msgs = planner_messages([{"role": "user", "content": "x"}], fields="color (string), price (number)")
    assert "color (string), price (number)" in msgs[0]["content"]
    assert msgs[-1] == {"role": "user", "content": "x"}
    for example in msgs[2:-1:2]:  # few-shot answers are valid plans
        Plan.model_validate_json(example["content"])


def test_normalise_choices_floors_unseen():
    norm = normalise_choices({"A": -1.0, "B": None}, floor=-5.0)
    assert norm["A"] > norm["B"]
    assert abs(sum(2.718281828 ** v for v in norm.values()) - 1) < 1e-6
    assert normalise_choices({"A": None, "B": None}) == pytest.approx({"A": -0.6931, "B": -0.6931}, abs=1e-3)
