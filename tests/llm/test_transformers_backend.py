"""The in-process backend against a tiny random Llama built by the test."""

import json
import math
from typing import Literal

import pytest
from pydantic import BaseModel, Field

from rec.llm.base import ChatModel
from rec.llm.structured import ask_structured, parse_json


class Small(BaseModel):
    """Bounded on purpose: a random model would otherwise write strings until max_tokens."""

    intent: Literal["recommend", "refine", "explain"]
    k: int = Field(ge=1, le=20)
    ok: bool
    tag: str = Field(max_length=6)


@pytest.fixture(scope="module")
def model(tiny_model_dir):
    from rec.llm.transformers_backend import TransformersChatModel

    return TransformersChatModel(tiny_model_dir, model_name="tiny")


def test_is_a_chat_model(model):
    assert isinstance(model, ChatModel)
    assert model.name == "transformers:tiny"


def test_structured_output_is_valid_under_the_schema(model):
    for prompt in ("plan a comedy night", "something else entirely", "x"):
        res = model.chat([{"role": "user", "content": prompt}], json_schema=Small.model_json_schema(),
                         max_tokens=64)
        # A random model, yet the grammar forces JSON valid under the schema (parse_json
        # tolerates the raw control characters xgrammar lets into strings).
        Small.model_validate(parse_json(res.text))
        assert res.finish_reason == "stop"
        assert " \n" not in res.text and "  " not in res.text  # no whitespace runs
        assert res.prompt_tokens > 0 and res.completion_tokens > 0
    out = ask_structured(model, [{"role": "user", "content": "go"}], Small, max_tokens=64)
    assert isinstance(out.value, Small) and len(out.attempts) == 1


def test_plain_chat_respects_max_tokens(model):
    res = model.chat([{"role": "user", "content": "hello"}], max_tokens=5)
    assert res.completion_tokens <= 5
    assert res.finish_reason in {"stop", "length"}


def test_choice_scores_match_a_manual_forward_pass(model):
    import torch

    messages = [{"role": "system", "content": "Pick one."}, {"role": "user", "content": "A, B, C or D?"}]
    labels = ["A", "B", "C", "D"]
    scores = model.score_choices(messages, labels)
    assert set(scores.logprobs) == set(labels)
    assert math.isclose(sum(math.exp(v) for v in scores.logprobs.values()), 1.0, rel_tol=1e-6)
    assert scores.coverage == 1.0  # in-process sees the full vocabulary

    enc = model._encode(messages)
    with torch.inference_mode():
        logp = torch.log_softmax(model.model(**enc).logits[0, -1], -1)
    for label in labels:
        ids = model.choice_token_ids(label)
        assert math.isclose(scores.raw[label], float(torch.logsumexp(logp[ids], 0)), rel_tol=1e-5)
    ordered = sorted(labels, key=lambda c: scores.raw[c], reverse=True)
    assert scores.best() == ordered[0]


def test_label_spellings_are_the_single_tokens_of_the_vocabulary(model):
    vocab = model.tokenizer.get_vocab()
    assert model.choice_token_ids("B") == [vocab["B"], vocab["ĠB"]]  # "B" and " B" are both tokens
    assert model.choice_token_ids("A") == [vocab["A"]]  # " A" is two tokens: not a spelling of the label
    assert "ĠA" not in vocab


def test_grammar_is_compiled_once_per_schema(model):
    schema = Small.model_json_schema()
    model.chat([{"role": "user", "content": "a"}], json_schema=schema, max_tokens=48)
    n = len(model._grammars)
    model.chat([{"role": "user", "content": "b"}], json_schema=json.loads(json.dumps(schema)), max_tokens=48)
    assert len(model._grammars) == n
