"""A real OpenAI-compatible HTTP server on 127.0.0.1, so tests drive the real `openai` clients.

Stdlib only. Replies are scripted with a queue (simonw/llm's MockModel idea): enqueue what
the "model" should say, run the code under test, then assert on the recorded requests.

    with FakeOpenAIServer() as server:
        server.enqueue_text("Hello there")
        client = openai.OpenAI(base_url=server.base_url, api_key="sk-test", max_retries=0)
        ...
        assert server.last_messages()[-1]["content"] == "Hi"
"""

from __future__ import annotations

import base64
import contextlib
import dataclasses
import hashlib
import json
import math
import re
import socket
import struct
import threading
import time
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, Literal
from urllib.parse import urlsplit

Endpoint = Literal["chat", "embeddings"]
ENDPOINTS: tuple[Endpoint, ...] = ("chat", "embeddings")
ARGUMENT_FRAGMENT_CHARS = 8  # streamed tool-call arguments arrive in pieces this long


@dataclass(frozen=True)
class ToolCall:
    """One function call the assistant message asks for; a str `arguments` is sent verbatim."""

    name: str
    arguments: dict[str, Any] | str
    call_id: str | None = None


@dataclass(frozen=True)
class TextReply:
    """The assistant answers with plain text."""

    text: str
    delay: float = 0.0


@dataclass(frozen=True)
class ToolCallsReply:
    """The assistant answers with one or more tool calls (and optional text)."""

    calls: tuple[ToolCall, ...]
    content: str | None = None
    delay: float = 0.0


@dataclass(frozen=True)
class ErrorReply:
    """The API fails with an OpenAI-shaped error body."""

    status: int
    message: str
    error_type: str
    code: str | None = None
    retry_after: float | None = None
    delay: float = 0.0


@dataclass(frozen=True)
class DefaultReply:
    """What an empty queue gives (default text, or real vectors), possibly after a delay."""

    delay: float = 0.0


@dataclass(frozen=True)
class TrickleReply:
    """A stream that sends `token` every `interval` seconds, `count` times (None: until the
    client hangs up or the server stops): each read is quick, the answer never ends."""

    token: str = "word "
    interval: float = 0.2
    count: int | None = None
    delay: float = 0.0


@dataclass(frozen=True)
class HugeReply:
    """`size` bytes of text, generated as it is sent: in one SSE event per word, or in one
    single giant event (`one_event`), or as a plain JSON completion when not streaming."""

    size: int
    one_event: bool = False
    delay: float = 0.0


@dataclass(frozen=True)
class RawReply:
    """Exactly these bytes with this status and content type (HTML or non-JSON with a 200)."""

    body: bytes
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    delay: float = 0.0


@dataclass(frozen=True)
class BrokenStreamReply:
    """A stream that sends `tokens` words of `text`, then cuts the connection mid-event."""

    text: str = "This answer stops in the middle of"
    tokens: int = 3
    delay: float = 0.0


Reply = (
    TextReply
    | ToolCallsReply
    | ErrorReply
    | DefaultReply
    | TrickleReply
    | HugeReply
    | RawReply
    | BrokenStreamReply
)

_DEFAULT_ERRORS: dict[int, tuple[str, str | None]] = {
    400: ("invalid_request_error", None),
    401: ("invalid_request_error", "invalid_api_key"),
    403: ("invalid_request_error", "unsupported_country_region_territory"),
    404: ("invalid_request_error", "model_not_found"),
    429: ("requests", "rate_limit_exceeded"),
}


def fake_embedding(text: str | Sequence[int], dimensions: int = 384) -> list[float]:
    """Hashed bag of words, L2-normalised: deterministic, and texts sharing words score closer."""
    if isinstance(text, str):
        tokens = re.findall(r"\w+", text.lower()) or [text]
    else:
        tokens = [str(token) for token in text]
    vector = [0.0] * dimensions
    for token in tokens:
        digest = hashlib.sha256(token.encode("utf-8")).digest()
        index = int.from_bytes(digest[:4], "big") % dimensions
        vector[index] += 1.0 if digest[4] & 1 else -1.0
    norm = math.sqrt(sum(value * value for value in vector))
    if norm == 0.0:  # every token cancelled out: fall back to one hashed axis
        vector[
            int.from_bytes(hashlib.sha256(repr(tokens).encode()).digest()[:4], "big") % dimensions
        ] = 1.0
        norm = 1.0
    return [value / norm for value in vector]


def count_tokens(text: str) -> int:
    """A rough token count (words and punctuation) for the `usage` blocks."""
    return len(re.findall(r"\w+|[^\w\s]", text))


def _message_text(message: dict[str, Any]) -> str:
    content = message.get("content")
    if isinstance(content, list):
        return " ".join(str(part.get("text", "")) for part in content if isinstance(part, dict))
    return "" if content is None else str(content)


def _huge_text(size: int) -> str:
    return "".join(_huge_pieces(size, one_event=True))


def _huge_pieces(size: int, *, one_event: bool) -> Iterator[str]:
    """`size` characters of plain words, as word-sized pieces or one single piece."""
    words = ("supplier ", "buyer ", "decider ", "budget ", "stage ", "proof ")
    if one_event:
        unit = "".join(words)
        yield (unit * (size // len(unit) + 1))[:size]
        return
    sent = 0
    index = 0
    while sent < size:
        word = words[index % len(words)]
        index += 1
        sent += len(word)
        yield word


def _split_words(text: str) -> list[str]:
    """Split text into stream deltas, one word (with its trailing space) each."""
    return re.findall(r"\s*\S+\s*", text) or [text]


class FakeOpenAIServer:
    """OpenAI-compatible: /v1/chat/completions (JSON and SSE), /v1/embeddings, /v1/models."""

    def __init__(
        self,
        *,
        model: str = "fake-chat",
        embedding_model: str = "fake-embedding",
        default_text: str = "ok",
        require_key: str | None = None,
        embedding_dimensions: int = 384,
        echo_key_in_errors: bool = False,
        default_reply: Reply | None = None,
    ) -> None:
        self.model = model
        self.embedding_model = embedding_model
        self.default_text = default_text
        self.require_key = require_key
        self.embedding_dimensions = embedding_dimensions
        # Some servers repeat the key they were given in the 401 body: a leak test needs one.
        self.echo_key_in_errors = echo_key_in_errors
        # What an empty chat queue answers (None: `default_text`); e.g. an endless tool call.
        self.default_reply = default_reply
        self.hangups: list[dict[str, Any]] = []  # streams the client left before their end
        self._lock = threading.Lock()
        self._queues: dict[Endpoint, deque[Reply]] = {name: deque() for name in ENDPOINTS}
        self._requests: list[dict[str, Any]] = []
        self._counter = 0
        self._stopping = threading.Event()
        self._httpd: _HTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle -------------------------------------------------------------------------

    def start(self) -> FakeOpenAIServer:
        """Listen on a free port of 127.0.0.1 and serve from a daemon thread."""
        if self._httpd is not None:
            raise RuntimeError("FakeOpenAIServer is already running")
        self._stopping.clear()
        self._httpd = _HTTPServer(("127.0.0.1", 0), _Handler, self)
        self._thread = threading.Thread(
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"fake-openai-{self.port}",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop at once: wake delayed handlers, close open connections, free the port."""
        if self._httpd is None:
            return
        self._stopping.set()
        self._httpd.shutdown()
        self._httpd.close_connections()
        self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._httpd = None
        self._thread = None

    def __enter__(self) -> FakeOpenAIServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def port(self) -> int:
        if self._httpd is None:
            raise RuntimeError("FakeOpenAIServer is not running: call start() or use `with`")
        return self._httpd.server_address[1]

    @property
    def base_url(self) -> str:
        """The value for `base_url=` / OPENAI_BASE_URL, ending in /v1."""
        return f"http://127.0.0.1:{self.port}/v1"

    # -- scripting -------------------------------------------------------------------------

    def enqueue(self, reply: Reply, endpoint: Endpoint = "chat") -> None:
        """Queue any reply object for the next request to `endpoint`."""
        if endpoint not in self._queues:
            raise ValueError(f"unknown endpoint {endpoint!r}: use one of {ENDPOINTS}")
        if endpoint == "embeddings" and isinstance(reply, TextReply | ToolCallsReply):
            raise ValueError("embeddings can only be scripted with errors and delays")
        with self._lock:
            self._queues[endpoint].append(reply)

    def enqueue_text(self, text: str, *, delay: float = 0.0) -> None:
        """The next chat completion answers `text`."""
        self.enqueue(TextReply(text, delay=delay))

    def enqueue_tool_call(
        self,
        name: str,
        arguments: dict[str, Any] | str,
        call_id: str | None = None,
        *,
        delay: float = 0.0,
    ) -> None:
        """The next chat completion calls one tool."""
        self.enqueue(ToolCallsReply((ToolCall(name, arguments, call_id),), delay=delay))

    def enqueue_tool_calls(
        self,
        calls: Sequence[ToolCall | tuple[Any, ...]],
        *,
        content: str | None = None,
        delay: float = 0.0,
    ) -> None:
        """The next chat completion calls several tools: (name, arguments[, call_id]) each."""
        parsed = tuple(call if isinstance(call, ToolCall) else ToolCall(*call) for call in calls)
        if not parsed:
            raise ValueError("enqueue_tool_calls needs at least one call")
        self.enqueue(ToolCallsReply(parsed, content=content, delay=delay))

    def enqueue_error(
        self,
        status: int,
        message: str,
        retry_after: float | None = None,
        *,
        error_type: str | None = None,
        code: str | None = None,
        delay: float = 0.0,
        endpoint: Endpoint = "chat",
    ) -> None:
        """The next request fails with `status` and {"error": {"message", "type", "code"}}."""
        default_type, default_code = _DEFAULT_ERRORS.get(
            status, ("server_error" if status >= 500 else "invalid_request_error", None)
        )
        self.enqueue(
            ErrorReply(
                status,
                message,
                error_type or default_type,
                code if code is not None else default_code,
                retry_after=retry_after,
                delay=delay,
            ),
            endpoint,
        )

    def enqueue_delay(
        self, seconds: float, then: str | Reply | None = None, *, endpoint: Endpoint = "chat"
    ) -> None:
        """The next request waits `seconds`, then answers `then` (text, a reply, or the default)."""
        if then is None:
            reply: Reply = DefaultReply(delay=seconds)
        elif isinstance(then, str):
            reply = TextReply(then, delay=seconds)
        else:
            reply = dataclasses.replace(then, delay=seconds)
        self.enqueue(reply, endpoint)

    def pending(self, endpoint: Endpoint = "chat") -> int:
        """How many scripted replies have not been consumed yet."""
        with self._lock:
            return len(self._queues[endpoint])

    # -- inspection ------------------------------------------------------------------------

    @property
    def requests(self) -> list[dict[str, Any]]:
        """Every request so far: {method, path, headers (lower-case keys), json}; a copy."""
        with self._lock:
            return list(self._requests)

    def chat_requests(self) -> list[dict[str, Any]]:
        """The parsed bodies of every chat completion request."""
        return [r["json"] for r in self.requests if r["path"] == "/v1/chat/completions"]

    def last_messages(self) -> list[dict[str, Any]]:
        """The `messages` of the last chat completion request."""
        bodies = self.chat_requests()
        if not bodies:
            raise AssertionError("the fake OpenAI server has received no chat completion request")
        return bodies[-1]["messages"]

    # -- protocol (called from handler threads) --------------------------------------------

    def _record(self, method: str, path: str, headers: dict[str, str], body: Any) -> None:
        with self._lock:
            self._requests.append(
                {"method": method, "path": path, "headers": headers, "json": body}
            )

    def _next_reply(self, endpoint: Endpoint) -> Reply:
        with self._lock:
            queue = self._queues[endpoint]
            if queue:
                return queue.popleft()
            if endpoint == "chat" and self.default_reply is not None:
                return self.default_reply
            return DefaultReply()

    def _hung_up(self, path: str, sent_events: int) -> None:
        with self._lock:
            self.hangups.append({"path": path, "events": sent_events, "at": time.monotonic()})

    def _next_id(self, prefix: str) -> str:
        with self._lock:
            self._counter += 1
            return f"{prefix}{self._counter}"

    def _authorization_error(self, headers: dict[str, str]) -> ErrorReply | None:
        if self.require_key is None:
            return None
        supplied = headers.get("authorization", "")
        if not supplied:
            message = "You didn't provide an API key. Use an Authorization: Bearer header."
        elif supplied != f"Bearer {self.require_key}":
            message = "Incorrect API key provided."
            if self.echo_key_in_errors:
                message = f"Incorrect API key provided: {supplied.removeprefix('Bearer ')}."
        else:
            return None
        return ErrorReply(401, message, "invalid_request_error", "invalid_api_key")

    def _completion_parts(self, reply: Reply) -> tuple[str | None, list[dict[str, Any]]]:
        """The assistant text and the tool_calls list for a chat reply."""
        if isinstance(reply, TextReply):
            return reply.text, []
        if isinstance(reply, ToolCallsReply):
            tool_calls = [
                {
                    "id": call.call_id or self._next_id("call_fake_"),
                    "type": "function",
                    "function": {
                        "name": call.name,
                        "arguments": call.arguments
                        if isinstance(call.arguments, str)
                        else json.dumps(call.arguments),
                    },
                }
                for call in reply.calls
            ]
            return reply.content, tool_calls
        return self.default_text, []

    @staticmethod
    def _usage(request: dict[str, Any], text: str | None, tool_calls: list[dict[str, Any]]) -> dict:
        prompt = sum(
            count_tokens(_message_text(m)) for m in request["messages"] if isinstance(m, dict)
        )
        completion = count_tokens(text or "") + sum(
            count_tokens(c["function"]["name"] + " " + c["function"]["arguments"])
            for c in tool_calls
        )
        return {
            "prompt_tokens": prompt,
            "completion_tokens": completion,
            "total_tokens": prompt + completion,
        }

    def _chat_completion(self, request: dict[str, Any], reply: Reply) -> dict[str, Any]:
        text, tool_calls = self._completion_parts(reply)
        message: dict[str, Any] = {"role": "assistant", "content": text, "refusal": None}
        if tool_calls:
            message["tool_calls"] = tool_calls
        return {
            "id": self._next_id("chatcmpl-fake-"),
            "object": "chat.completion",
            "created": int(time.time()),
            "model": request["model"],
            "system_fingerprint": "fp_fake",
            "choices": [
                {
                    "index": 0,
                    "message": message,
                    "logprobs": None,
                    "finish_reason": "tool_calls" if tool_calls else "stop",
                }
            ],
            "usage": self._usage(request, text, tool_calls),
        }

    def _chat_chunks(self, request: dict[str, Any], reply: Reply) -> list[dict[str, Any]]:
        """The `chat.completion.chunk` objects of a streamed reply, in order."""
        text, tool_calls = self._completion_parts(reply)
        include_usage = bool((request.get("stream_options") or {}).get("include_usage"))
        base = {
            "id": self._next_id("chatcmpl-fake-"),
            "object": "chat.completion.chunk",
            "created": int(time.time()),
            "model": request["model"],
            "system_fingerprint": "fp_fake",
        }

        def chunk(delta: dict[str, Any], finish_reason: str | None = None) -> dict[str, Any]:
            choice = {"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish_reason}
            extra = {"usage": None} if include_usage else {}
            return {**base, "choices": [choice], **extra}

        chunks = []
        if text is not None or not tool_calls:
            chunks.append(chunk({"role": "assistant", "content": "", "refusal": None}))
            chunks += [chunk({"content": piece}) for piece in _split_words(text or "")]
        for index, call in enumerate(tool_calls):
            head = {
                "index": index,
                "id": call["id"],
                "type": "function",
                "function": {"name": call["function"]["name"], "arguments": ""},
            }
            delta: dict[str, Any] = {"tool_calls": [head]}
            if index == 0 and text is None:
                delta = {"role": "assistant", "content": None, **delta}
            chunks.append(chunk(delta))
            arguments = call["function"]["arguments"]
            for start in range(0, len(arguments), ARGUMENT_FRAGMENT_CHARS):
                fragment = arguments[start : start + ARGUMENT_FRAGMENT_CHARS]
                chunks.append(
                    chunk({"tool_calls": [{"index": index, "function": {"arguments": fragment}}]})
                )
        chunks.append(chunk({}, "tool_calls" if tool_calls else "stop"))
        if include_usage:
            chunks.append({**base, "choices": [], "usage": self._usage(request, text, tool_calls)})
        return chunks

    def _embeddings(self, request: dict[str, Any]) -> dict[str, Any]:
        raw = request["input"]
        if isinstance(raw, str) or (isinstance(raw, list) and raw and isinstance(raw[0], int)):
            raw = [raw]
        dimensions = int(request.get("dimensions") or self.embedding_dimensions)
        as_base64 = request.get("encoding_format") == "base64"
        data = []
        for index, item in enumerate(raw):
            vector = fake_embedding(item, dimensions)
            embedding: list[float] | str = vector
            if as_base64:
                embedding = base64.b64encode(struct.pack(f"<{dimensions}f", *vector)).decode()
            data.append({"object": "embedding", "index": index, "embedding": embedding})
        tokens = sum(count_tokens(item) if isinstance(item, str) else len(item) for item in raw)
        return {
            "object": "list",
            "data": data,
            "model": request["model"],
            "usage": {"prompt_tokens": tokens, "total_tokens": tokens},
        }

    def _models(self) -> dict[str, Any]:
        return {
            "object": "list",
            "data": [self._model_card(self.model), self._model_card(self.embedding_model)],
        }

    @staticmethod
    def _model_card(model_id: str) -> dict[str, Any]:
        return {"id": model_id, "object": "model", "created": 0, "owned_by": "fake-openai-server"}


def _invalid_request(endpoint: Endpoint, body: Any) -> str | None:
    """Why OpenAI would answer 400 to this body, or None if it is acceptable."""
    if not isinstance(body, dict):
        return "We could not parse the JSON body of your request."
    if not body.get("model"):
        return "you must provide a model parameter"
    if endpoint == "chat":
        messages = body.get("messages")
        return None if isinstance(messages, list) and messages else "'messages' must be non-empty"
    raw = body.get("input")
    items = raw if isinstance(raw, list) else [raw]
    if not items or any(item is None or item == "" or item == [] for item in items):
        return "'$.input' is invalid. Please check the API reference."
    return None


class _HTTPServer(ThreadingHTTPServer):
    """Threaded server that never waits for handlers and can drop kept-alive connections."""

    daemon_threads = True
    block_on_close = False

    def __init__(self, address: tuple[str, int], handler: type, fake: FakeOpenAIServer) -> None:
        super().__init__(address, handler)
        self.fake = fake
        self._connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()

    def process_request(self, request: Any, client_address: Any) -> None:
        with self._connections_lock:
            self._connections.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        with self._connections_lock:
            self._connections.discard(request)
        super().shutdown_request(request)

    def close_connections(self) -> None:
        """Unblock handler threads parked on keep-alive reads so nothing outlives stop()."""
        with self._connections_lock:
            connections = list(self._connections)
        for connection in connections:
            # The peer may have closed it already (ENOTCONN); that is the state we want.
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, like api.openai.com; SSE uses chunked encoding
    server: _HTTPServer

    def log_message(self, format: str, *args: Any) -> None:
        """Keep pytest output clean; the requests are in `server.requests`."""

    def handle(self) -> None:
        try:
            super().handle()
        except (BrokenPipeError, ConnectionResetError):
            # The client hung up: it dropped a kept-alive connection, or its timeout fired
            # during a scripted delay. Nobody is left to answer; the request is recorded.
            self.close_connection = True

    def do_GET(self) -> None:
        self._answer("GET")

    def do_POST(self) -> None:
        self._answer("POST")

    def _answer(self, method: str) -> None:
        fake = self.server.fake
        path = urlsplit(self.path).path
        headers = {key.lower(): value for key, value in self.headers.items()}
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            body: Any = json.loads(raw) if raw else None
        except ValueError:  # recorded as None and answered with a 400
            body = None
        fake._record(method, path, headers, body)

        unauthorized = fake._authorization_error(headers)
        if unauthorized is not None:
            self._send_error(unauthorized)
        elif method == "POST" and path == "/v1/chat/completions":
            self._scripted("chat", body)
        elif method == "POST" and path == "/v1/embeddings":
            self._scripted("embeddings", body)
        elif method == "GET" and path == "/v1/models":
            self._send_json(200, fake._models())
        elif method == "GET" and path.startswith("/v1/models/"):
            model_id = path.removeprefix("/v1/models/")
            if model_id in (fake.model, fake.embedding_model):
                self._send_json(200, fake._model_card(model_id))
            else:
                message = f"The model `{model_id}` does not exist or you do not have access to it."
                self._send_error(
                    ErrorReply(404, message, "invalid_request_error", "model_not_found")
                )
        else:
            message = f"Unknown request URL: {method} {self.path}."
            self._send_error(ErrorReply(404, message, "invalid_request_error", "unknown_url"))

    def _scripted(self, endpoint: Endpoint, body: Any) -> None:
        """Answer a chat or embeddings request with the next scripted reply."""
        fake = self.server.fake
        invalid = _invalid_request(endpoint, body)
        if invalid is not None:
            self._send_error(ErrorReply(400, invalid, "invalid_request_error"))
            return
        reply = fake._next_reply(endpoint)
        if not self._wait(reply.delay):
            return
        if isinstance(reply, ErrorReply):
            self._send_error(reply)
        elif isinstance(reply, RawReply):
            self._send_raw(reply)
        elif isinstance(reply, TrickleReply | HugeReply | BrokenStreamReply) and (
            endpoint == "chat" and body.get("stream")
        ):
            self._send_special_stream(body, reply)
        elif isinstance(reply, HugeReply) and endpoint == "chat":
            text = _huge_text(reply.size)
            self._send_json(200, fake._chat_completion(body, TextReply(text)))
        elif endpoint == "embeddings":
            self._send_json(200, fake._embeddings(body))
        elif body.get("stream"):
            self._send_sse(fake._chat_chunks(body, reply))
        else:
            self._send_json(200, fake._chat_completion(body, reply))

    def _wait(self, seconds: float) -> bool:
        """Sleep for a scripted delay; False (and drop the reply) if the server is stopping."""
        if seconds > 0 and self.server.fake._stopping.wait(seconds):
            self.close_connection = True
            return False
        return True

    def _send_json(
        self, status: int, payload: dict[str, Any], headers: dict[str, str] | None = None
    ) -> None:
        data = json.dumps(payload).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("x-request-id", self.server.fake._next_id("req_fake_"))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)
        self.wfile.flush()

    def _send_error(self, error: ErrorReply) -> None:
        headers = {}
        if error.retry_after is not None:
            headers["retry-after-ms"] = str(round(error.retry_after * 1000))
            headers["retry-after"] = str(math.ceil(error.retry_after))
        payload = {
            "error": {
                "message": error.message,
                "type": error.error_type,
                "param": None,
                "code": error.code,
            }
        }
        self._send_json(error.status, payload, headers)

    def _send_raw(self, reply: RawReply) -> None:
        self.send_response(reply.status)
        self.send_header("Content-Type", reply.content_type)
        self.send_header("Content-Length", str(len(reply.body)))
        self.end_headers()
        self.wfile.write(reply.body)
        self.wfile.flush()

    def _send_special_stream(
        self, request: dict[str, Any], reply: TrickleReply | HugeReply | BrokenStreamReply
    ) -> None:
        """Streams generated as they go (never held whole in memory); a client that hangs up
        is recorded in `server.hangups` with the number of events it had received."""
        fake = self.server.fake
        base = {
            "id": fake._next_id("chatcmpl-fake-"),
            "object": "chat.completion.chunk",
            "created": int(time.time()),
            "model": request["model"],
        }

        def event(content: str) -> bytes:
            delta = {"content": content}
            chunk = {**base, "choices": [{"index": 0, "delta": delta, "finish_reason": None}]}
            return f"data: {json.dumps(chunk)}\n\n".encode()

        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        sent = 0
        try:
            if isinstance(reply, BrokenStreamReply):
                for piece in _split_words(reply.text)[: reply.tokens]:
                    self._write_chunk(event(piece))
                # Half an event, then the connection drops without the terminating chunk.
                self._write_chunk(b'data: {"id": "chatcmpl-broken", "choices": [{"ind')
                self.close_connection = True
                self.connection.shutdown(socket.SHUT_RDWR)
                return
            if isinstance(reply, HugeReply):
                pieces = _huge_pieces(reply.size, one_event=reply.one_event)
                for piece in pieces:
                    self._write_chunk(event(piece))
                    sent += 1
            else:
                while reply.count is None or sent < reply.count:
                    if fake._stopping.wait(reply.interval):
                        self.close_connection = True
                        return
                    self._write_chunk(event(reply.token))
                    sent += 1
            finish = {**base, "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]}
            self._write_chunk(f"data: {json.dumps(finish)}\n\ndata: [DONE]\n\n".encode())
            self.wfile.write(b"0\r\n\r\n")
            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            fake._hung_up(self.path, sent)
            self.close_connection = True

    def _write_chunk(self, data: bytes) -> None:
        self.wfile.write(f"{len(data):X}\r\n".encode() + data + b"\r\n")
        self.wfile.flush()

    def _send_sse(self, chunks: list[dict[str, Any]]) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Transfer-Encoding", "chunked")
        self.send_header("x-request-id", self.server.fake._next_id("req_fake_"))
        self.end_headers()
        events = [f"data: {json.dumps(chunk)}\n\n" for chunk in chunks] + ["data: [DONE]\n\n"]
        for event in events:
            data = event.encode("utf-8")
            self.wfile.write(f"{len(data):X}\r\n".encode() + data + b"\r\n")
            self.wfile.flush()
        self.wfile.write(b"0\r\n\r\n")
        self.wfile.flush()
