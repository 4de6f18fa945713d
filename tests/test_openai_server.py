"""The fake OpenAI server speaks the real protocol: the real openai and langchain clients agree."""

from __future__ import annotations

import json
import math
import time
from collections.abc import Iterator

import httpx
import openai
import pytest
from langchain_core.messages import AIMessageChunk
from langchain_openai import ChatOpenAI, OpenAIEmbeddings
from openai_server import FakeOpenAIServer, fake_embedding
from pydantic import BaseModel, Field

KEY = "sk-test"


@pytest.fixture
def server() -> Iterator[FakeOpenAIServer]:
    with FakeOpenAIServer(model="fake-chat", require_key=KEY) as running:
        yield running


def client_for(server: FakeOpenAIServer, **options: object) -> openai.OpenAI:
    settings: dict = {"api_key": KEY, "max_retries": 0, "timeout": 5.0, **options}
    return openai.OpenAI(base_url=server.base_url, **settings)


def chat_for(server: FakeOpenAIServer, **options: object) -> ChatOpenAI:
    settings: dict = {"api_key": KEY, "timeout": 5, "max_retries": 0, **options}
    return ChatOpenAI(model="fake-chat", base_url=server.base_url, **settings)


class GetWeather(BaseModel):
    """Look up the current weather of a city."""

    city: str = Field(description="City name")
    unit: str = Field(default="celsius", description="celsius or fahrenheit")


# -- openai client ---------------------------------------------------------------------------


def test_text_completion_echoes_model_and_records_the_request(server: FakeOpenAIServer) -> None:
    server.enqueue_text("Hello from the fake")
    completion = client_for(server).chat.completions.create(
        model="any-model", messages=[{"role": "user", "content": "Hi there"}]
    )
    assert completion.object == "chat.completion"
    assert completion.model == "any-model"
    assert completion.choices[0].message.content == "Hello from the fake"
    assert completion.choices[0].finish_reason == "stop"
    assert completion.usage is not None and completion.usage.total_tokens > 0
    assert server.last_messages() == [{"role": "user", "content": "Hi there"}]
    (request,) = server.requests
    assert request["path"] == "/v1/chat/completions"
    assert request["headers"]["authorization"] == f"Bearer {KEY}"
    assert server.pending() == 0


def test_empty_queue_answers_the_configurable_default(server: FakeOpenAIServer) -> None:
    client = client_for(server)
    messages = [{"role": "user", "content": "anything"}]
    first = client.chat.completions.create(model="m", messages=messages)
    server.default_text = "configured default"
    second = client.chat.completions.create(model="m", messages=messages)
    assert first.choices[0].message.content == "ok"
    assert second.choices[0].message.content == "configured default"


def test_streamed_text_arrives_in_several_deltas(server: FakeOpenAIServer) -> None:
    server.enqueue_text("The buying center has many roles")
    stream = client_for(server).chat.completions.create(
        model="fake-chat",
        messages=[{"role": "user", "content": "Explain"}],
        stream=True,
        stream_options={"include_usage": True},
    )
    chunks = list(stream)
    deltas = [
        c.choices[0].delta.content for c in chunks if c.choices and c.choices[0].delta.content
    ]
    assert len(deltas) >= 6
    assert "".join(deltas) == "The buying center has many roles"
    assert all(c.object == "chat.completion.chunk" for c in chunks)
    assert [c.choices[0].finish_reason for c in chunks if c.choices][-1] == "stop"
    assert chunks[-1].choices == [] and chunks[-1].usage is not None
    assert chunks[-1].usage.completion_tokens == 6


def test_tool_call_without_streaming(server: FakeOpenAIServer) -> None:
    server.enqueue_tool_call("get_weather", {"city": "Madrid"}, call_id="call_abc")
    completion = client_for(server).chat.completions.create(
        model="fake-chat", messages=[{"role": "user", "content": "Weather?"}]
    )
    choice = completion.choices[0]
    assert choice.finish_reason == "tool_calls"
    (call,) = choice.message.tool_calls or []
    assert call.id == "call_abc" and call.type == "function"
    assert call.function.name == "get_weather"
    assert json.loads(call.function.arguments) == {"city": "Madrid"}


def test_several_tool_calls_stream_as_fragments_and_accumulate(server: FakeOpenAIServer) -> None:
    server.enqueue_tool_calls(
        [
            ("get_weather", {"city": "Madrid"}),
            ("get_weather", {"city": "Tel Aviv", "unit": "celsius"}),
        ]
    )
    stream = client_for(server).chat.completions.create(
        model="fake-chat", messages=[{"role": "user", "content": "Weather?"}], stream=True
    )
    calls: dict[int, dict[str, str]] = {}
    fragments = 0
    finish_reasons = []
    for chunk in stream:
        choice = chunk.choices[0]
        finish_reasons.append(choice.finish_reason)
        for delta in choice.delta.tool_calls or []:
            call = calls.setdefault(delta.index, {"id": "", "name": "", "arguments": ""})
            call["id"] += delta.id or ""
            if delta.function is not None:
                call["name"] += delta.function.name or ""
                call["arguments"] += delta.function.arguments or ""
                fragments += bool(delta.function.arguments)
    assert finish_reasons[-1] == "tool_calls"
    assert fragments > 2
    assert [c["name"] for c in calls.values()] == ["get_weather", "get_weather"]
    assert len({c["id"] for c in calls.values()}) == 2
    assert [json.loads(c["arguments"]) for c in calls.values()] == [
        {"city": "Madrid"},
        {"city": "Tel Aviv", "unit": "celsius"},
    ]


def test_embeddings_are_deterministic_normalised_and_word_sensitive(
    server: FakeOpenAIServer,
) -> None:
    client = client_for(server)
    texts = ["buyers compare supplier quotes", "buyers compare quotes", "route planning SaaS"]
    as_base64 = client.embeddings.create(model="fake-embedding", input=texts)  # the client default
    as_floats = client.embeddings.create(
        model="fake-embedding", input=texts, encoding_format="float"
    )
    single = client.embeddings.create(model="fake-embedding", input="route planning SaaS")
    vectors = [item.embedding for item in as_floats.data]
    assert [item.index for item in as_floats.data] == [0, 1, 2]
    assert as_floats.model == "fake-embedding" and as_floats.usage.prompt_tokens > 0
    assert all(len(v) == 384 and math.isclose(sum(x * x for x in v), 1.0) for v in vectors)
    assert vectors[0] == fake_embedding(texts[0])
    assert single.data[0].embedding == pytest.approx(vectors[2], abs=1e-6)  # base64: float32
    for decoded, exact in zip(as_base64.data, vectors, strict=True):
        assert decoded.embedding == pytest.approx(exact, abs=1e-6)

    def cosine(a: list[float], b: list[float]) -> float:
        return sum(x * y for x, y in zip(a, b, strict=True))

    assert cosine(vectors[0], vectors[1]) > cosine(vectors[0], vectors[2])


def test_models_lists_the_configured_model(server: FakeOpenAIServer) -> None:
    client = client_for(server)
    assert "fake-chat" in [model.id for model in client.models.list()]
    assert client.models.retrieve("fake-chat").id == "fake-chat"


def test_unknown_path_is_a_404(server: FakeOpenAIServer) -> None:
    response = httpx.post(
        f"{server.base_url}/completions-typo",
        json={},
        headers={"Authorization": f"Bearer {KEY}"},
    )
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "unknown_url"


# -- errors, retries, timeouts ---------------------------------------------------------------


def test_wrong_key_raises_authentication_error_without_consuming_the_queue(
    server: FakeOpenAIServer,
) -> None:
    server.enqueue_text("kept for later")
    with pytest.raises(openai.AuthenticationError) as raised:
        client_for(server, api_key="sk-wrong").chat.completions.create(
            model="fake-chat", messages=[{"role": "user", "content": "Hi"}]
        )
    assert raised.value.status_code == 401
    assert raised.value.code == "invalid_api_key"
    assert server.pending() == 1


def test_scripted_401_raises_authentication_error(server: FakeOpenAIServer) -> None:
    server.enqueue_error(401, "Incorrect API key provided.")
    with pytest.raises(openai.AuthenticationError, match="Incorrect API key"):
        client_for(server).chat.completions.create(
            model="fake-chat", messages=[{"role": "user", "content": "Hi"}]
        )


def test_429_raises_rate_limit_error_without_retries(server: FakeOpenAIServer) -> None:
    server.enqueue_error(429, "Rate limit reached")
    with pytest.raises(openai.RateLimitError) as raised:
        client_for(server).chat.completions.create(
            model="fake-chat", messages=[{"role": "user", "content": "Hi"}]
        )
    assert raised.value.body == {
        "message": "Rate limit reached",
        "type": "requests",
        "param": None,
        "code": "rate_limit_exceeded",
    }
    assert len(server.requests) == 1


def test_429_is_retried_after_the_retry_after_header(server: FakeOpenAIServer) -> None:
    server.enqueue_error(429, "Rate limit reached", retry_after=0.05)
    server.enqueue_text("second time lucky")
    completion = client_for(server, max_retries=2).chat.completions.create(
        model="fake-chat", messages=[{"role": "user", "content": "Hi"}]
    )
    assert completion.choices[0].message.content == "second time lucky"
    assert len(server.requests) == 2
    assert server.requests[1]["headers"]["x-stainless-retry-count"] == "1"


def test_500_raises_internal_server_error(server: FakeOpenAIServer) -> None:
    server.enqueue_error(500, "The server had an error")
    with pytest.raises(openai.InternalServerError, match="The server had an error"):
        client_for(server).chat.completions.create(
            model="fake-chat", messages=[{"role": "user", "content": "Hi"}]
        )


def test_embeddings_can_fail_too(server: FakeOpenAIServer) -> None:
    server.enqueue_error(500, "embedding backend down", endpoint="embeddings")
    server.enqueue_text("chat is unaffected")
    client = client_for(server)
    with pytest.raises(openai.InternalServerError):
        client.embeddings.create(model="fake-embedding", input="hello")
    chat = client.chat.completions.create(model="m", messages=[{"role": "user", "content": "x"}])
    assert chat.choices[0].message.content == "chat is unaffected"


def test_empty_embedding_input_is_a_bad_request_like_openai(server: FakeOpenAIServer) -> None:
    with pytest.raises(openai.BadRequestError, match="input"):
        client_for(server).embeddings.create(model="fake-embedding", input=["fine", ""])


def test_delay_past_the_timeout_raises_and_stop_does_not_hang() -> None:
    started = time.monotonic()
    with FakeOpenAIServer() as server:
        server.enqueue_delay(2.0, then="too late")
        with pytest.raises(openai.APITimeoutError):
            client_for(server, timeout=0.5).chat.completions.create(
                model="fake-chat", messages=[{"role": "user", "content": "Hi"}]
            )
    assert time.monotonic() - started < 1.5


def test_stop_frees_the_port() -> None:
    server = FakeOpenAIServer().start()
    client = client_for(server)
    assert client.chat.completions.create(model="m", messages=[{"role": "user", "content": "x"}])
    server.stop()
    with pytest.raises(openai.APIConnectionError):
        client.chat.completions.create(model="m", messages=[{"role": "user", "content": "x"}])


# -- langchain-openai ------------------------------------------------------------------------


def test_chat_openai_invoke_sends_system_and_user_messages(server: FakeOpenAIServer) -> None:
    server.enqueue_text("A short answer")
    reply = chat_for(server).invoke([("system", "Be brief."), ("human", "Who signs?")])
    assert reply.content == "A short answer"
    assert server.last_messages() == [
        {"role": "system", "content": "Be brief."},
        {"role": "user", "content": "Who signs?"},
    ]
    assert server.chat_requests()[-1]["model"] == "fake-chat"


def test_chat_openai_stream_yields_several_chunks_with_usage(server: FakeOpenAIServer) -> None:
    server.enqueue_text("Deciders sign the offer")
    chunks = list(chat_for(server, stream_usage=True).stream("Who signs?"))
    assert len([c for c in chunks if c.content]) >= 4
    merged = chunks[0]
    for chunk in chunks[1:]:
        merged += chunk
    assert merged.content == "Deciders sign the offer"
    assert merged.usage_metadata is not None and merged.usage_metadata["output_tokens"] == 4
    assert server.chat_requests()[-1]["stream"] is True


def test_chat_openai_bind_tools_produces_tool_calls(server: FakeOpenAIServer) -> None:
    server.enqueue_tool_call("GetWeather", {"city": "Madrid"}, call_id="call_1")
    reply = chat_for(server).bind_tools([GetWeather]).invoke("Weather in Madrid?")
    assert reply.tool_calls == [
        {"name": "GetWeather", "args": {"city": "Madrid"}, "id": "call_1", "type": "tool_call"}
    ]
    (tool,) = server.chat_requests()[-1]["tools"]
    assert tool["function"]["name"] == "GetWeather"
    assert "city" in tool["function"]["parameters"]["properties"]


def test_chat_openai_streamed_tool_calls_merge(server: FakeOpenAIServer) -> None:
    server.enqueue_tool_calls(
        [("GetWeather", {"city": "Madrid"}), ("GetWeather", {"city": "Lima"})]
    )
    merged: AIMessageChunk | None = None
    for chunk in chat_for(server).bind_tools([GetWeather]).stream("Weather?"):
        merged = chunk if merged is None else merged + chunk
    assert merged is not None
    assert [call["args"] for call in merged.tool_calls] == [{"city": "Madrid"}, {"city": "Lima"}]


def test_chat_openai_rate_limit_surfaces_as_openai_error(server: FakeOpenAIServer) -> None:
    server.enqueue_error(429, "Rate limit reached")
    with pytest.raises(openai.RateLimitError):
        chat_for(server).invoke("Hi")


def test_openai_embeddings_match_the_fake_vectors(server: FakeOpenAIServer) -> None:
    embeddings = OpenAIEmbeddings(
        model="fake-embedding",
        base_url=server.base_url,
        api_key=KEY,
        check_embedding_ctx_length=False,
        max_retries=0,
        timeout=5,
    )
    documents = embeddings.embed_documents(["buyers compare quotes", "deciders sign"])
    query = embeddings.embed_query("buyers compare quotes")
    assert len(documents) == 2 and all(len(v) == 384 for v in documents)
    assert query == pytest.approx(documents[0])
    assert documents[1] == pytest.approx(fake_embedding("deciders sign"), abs=1e-6)
    assert server.requests[0]["json"]["input"] == ["buyers compare quotes", "deciders sign"]
