"""A conversation over HTTP: a list, a question about it (an answer, no new list), a refinement, thanks."""

import httpx

from rec.llm.fake import FakeChatModel


def test_the_same_conversation_over_http(make_api):
    url, _ = make_api(FakeChatModel())

    def say(text):
        body = {"model": "rec", "messages": [{"role": "user", "content": text}], "thread_id": "h", "k": 3}
        return httpx.post(f"{url}/v1/chat/completions", json=body, timeout=60).json()

    first = say("a sci-fi film")
    assert len(first["recommendations"]) == 3
    about = say("tell me more about the second one")
    assert about["recommendations"] == [] and first["recommendations"][1]["title"] in \
        about["choices"][0]["message"]["content"]
    assert say("something newer, after 1980")["recommendations"]
    assert "welcome" in say("thanks")["choices"][0]["message"]["content"]


def test_a_question_about_the_list_with_client_sent_history(make_api):
    """No thread: the client sends the conversation; the assistant's numbered lines are what was shown."""
    url, _ = make_api(FakeChatModel())
    first = httpx.post(f"{url}/v1/chat/completions", timeout=60, json={
        "model": "rec", "k": 3, "messages": [{"role": "user", "content": "a sci-fi film"}]}).json()
    shown = first["choices"][0]["message"]["content"]
    about = httpx.post(f"{url}/v1/chat/completions", timeout=60, json={"model": "rec", "k": 3, "messages": [
        {"role": "user", "content": "a sci-fi film"}, {"role": "assistant", "content": shown},
        {"role": "user", "content": "tell me more about the second one"}]}).json()
    assert about["recommendations"] == []
    assert first["recommendations"][1]["title"] in about["choices"][0]["message"]["content"]
