"""Model providers from one factory each, and the limits every chat-model answer runs under.

An answer gets an `AnswerBudget`: a total deadline, a cap on what the model may send, and a
cancel switch. The chat model of that answer talks HTTP through a transport that enforces
the budget on every read, so a server that trickles a token every 0.2 s, sends 50 MB or
stalls mid-stream is cut off, and closing the answer (the reader left) closes the socket.
"""

from __future__ import annotations

import socket
import threading
import time
import weakref
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Literal

from assistant.config import Settings
from assistant.domain import Labels
from assistant.errors import AnswerLimitError, ConfigError, ModelError
from assistant.rules import RuleModel, load

if TYPE_CHECKING:
    import httpx
    from langchain_core.embeddings import Embeddings

NO_CHAT_MODEL = (
    "No chat model: set OPENAI_API_KEY, or set OPENAI_BASE_URL to a local OpenAI-compatible server"
)
# A streamed token costs one SSE event (~150-250 bytes of JSON framing for a few characters):
# the model may send this many bytes per character of the answer cap before it is cut off.
WIRE_BYTES_PER_CHAR = 100


FailureKey = Literal[
    "deadline",
    "answer_too_long",
    "too_many_bytes",
    "cancelled",
    "authentication",
    "rate_limited",
    "timeout",
    "unreachable",
    "server_error",
    "not_a_completion",
    "broken_stream",
    "tool_loop",
    "other",
]


class LLMRules(RuleModel):
    """rules/llm.yaml: why a model answer failed, in every language."""

    reasons: dict[FailureKey, Labels]


@dataclass(frozen=True)
class Failure:
    """Why the model's answer was given up: a key of rules/llm.yaml and its values."""

    key: FailureKey
    values: dict[str, Any] = field(default_factory=dict)

    def text(self, language: str = "en") -> str:
        labels = load("rules/llm.yaml", LLMRules).reasons[self.key]
        return str(getattr(labels, language, labels.en)).format(**self.values)


def embeddings_name(settings: Settings) -> str:
    """Identifies the vector space: an index built with one model is useless to another."""
    if settings.embeddings == "local":
        from assistant.embeddings import MODEL_NAME

        return MODEL_NAME
    return f"openai-{settings.openai_embedding_model}"


@lru_cache(maxsize=1)
def _local_embeddings() -> Embeddings:
    from assistant.embeddings import LocalMiniLMEmbeddings

    return LocalMiniLMEmbeddings()


def make_embeddings(settings: Settings) -> Embeddings:
    """The embedding model the settings ask for; the local one is shared by the process."""
    if settings.embeddings == "local":
        return _local_embeddings()
    if settings.embeddings == "openai":
        if not settings.chat_model_enabled:
            raise ConfigError("ASSISTANT_EMBEDDINGS=openai needs OPENAI_API_KEY or OPENAI_BASE_URL")
        from langchain_openai import OpenAIEmbeddings

        key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else None
        return _checked_embeddings(
            OpenAIEmbeddings(
                model=settings.openai_embedding_model,
                api_key=key or "not-needed",
                base_url=settings.openai_base_url,
                timeout=settings.llm_timeout,
                max_retries=settings.llm_max_retries,
                check_embedding_ctx_length=False,
            )
        )
    raise ConfigError(f"ASSISTANT_EMBEDDINGS: unknown provider {settings.embeddings!r}")


def _checked_embeddings(inner: Embeddings) -> Embeddings:
    """OpenAI embeddings whose failures are one secret-free sentence: a server's error body
    can repeat the key it was sent, so it is never printed or chained."""
    from langchain_core.embeddings import Embeddings

    class CheckedEmbeddings(Embeddings):
        def embed_documents(self, texts: list[str]) -> list[list[float]]:
            try:
                return inner.embed_documents(texts)
            except Exception as error:  # re-raised below as a typed, secret-free error
                raise _embedding_error(error) from None

        def embed_query(self, text: str) -> list[float]:
            try:
                return inner.embed_query(text)
            except Exception as error:  # re-raised below as a typed, secret-free error
                raise _embedding_error(error) from None

    return CheckedEmbeddings()


def _embedding_error(error: Exception) -> Exception:
    failure = model_failure(error)
    if failure is None:
        return error
    return ModelError(f"OpenAI embeddings failed ({failure.text()})")


def model_failure(error: BaseException, budget: AnswerBudget | None = None) -> Failure | None:
    """Why a model call failed, or None when the error is not the model's (a bug of ours).

    Never quotes the server: its error body may repeat the key it was sent.
    """
    import json

    import httpx
    import openai
    from langgraph.errors import GraphRecursionError

    if budget is not None and budget.reason is not None:
        return budget.reason
    chain: list[BaseException] = []
    cause: BaseException | None = error
    while cause is not None and len(chain) < 20:  # the client wraps transport errors
        chain.append(cause)
        cause = cause.__cause__ or cause.__context__
    for link in chain:
        if isinstance(link, AnswerLimitError) and isinstance(link.failure, Failure):
            return link.failure
    # httpx or httpx2 (openai's own transport): the stream started, then the server vanished
    if {type(link).__name__ for link in chain} & {"RemoteProtocolError", "ReadError"}:
        return Failure("broken_stream")
    if isinstance(error, openai.AuthenticationError):
        return Failure("authentication")
    if isinstance(error, openai.RateLimitError):
        return Failure("rate_limited")
    if isinstance(error, openai.APIStatusError):
        return Failure("server_error", {"status": error.status_code})
    kinds: list[tuple[type[BaseException], FailureKey]] = [
        (openai.APITimeoutError, "timeout"),
        (openai.APIConnectionError, "unreachable"),
        (openai.APIResponseValidationError, "not_a_completion"),
        (openai.APIError, "not_a_completion"),
        (httpx.TimeoutException, "timeout"),
        (httpx.HTTPError, "broken_stream"),
        (GraphRecursionError, "tool_loop"),
        (json.JSONDecodeError, "not_a_completion"),
    ]
    for kind, key in kinds:
        if isinstance(error, kind):
            return Failure(key)
    if isinstance(error, ValueError) and "No generations found in stream" in str(error):
        return Failure("not_a_completion")  # langchain-core's word for an empty stream
    return None


_LIVE_BUDGETS: weakref.WeakSet[AnswerBudget] = weakref.WeakSet()
_EXIT_HOOK: list[bool] = []


def _cancel_live_budgets() -> None:
    """At interpreter shutdown (SIGTERM to `streamlit run`, the end of a CLI run), cut every
    answer still reading: the agent's worker threads are joined at exit, and a thread blocked
    on a model that never stops talking would keep the process alive for ever."""
    for budget in list(_LIVE_BUDGETS):
        budget.cancel()


def _install_exit_hook() -> None:
    """Run `_cancel_live_budgets` before the interpreter joins worker threads. `atexit` runs
    too late (after the join); threading's own exit hooks run before it, newest first, so a
    hook added after concurrent.futures is imported runs before its join."""
    if _EXIT_HOOK:
        return
    _EXIT_HOOK.append(True)
    import concurrent.futures.thread  # noqa: F401 - its join hook must be registered first

    register = getattr(threading, "_register_atexit", None)
    if register is not None:
        register(_cancel_live_budgets)


class AnswerBudget:
    """What one answer may spend: `seconds` in total and `max_chars` characters (on the wire
    `max_chars * WIRE_BYTES_PER_CHAR` bytes); `cancel()` stops it at once."""

    def __init__(self, seconds: float, max_chars: int) -> None:
        self.seconds = seconds
        self.max_chars = max_chars
        self.max_bytes = max_chars * WIRE_BYTES_PER_CHAR
        self.deadline = time.monotonic() + seconds
        self.received = 0
        self.reason: Failure | None = None
        self._lock = threading.Lock()
        self._open: set[Any] = set()
        self._timer = threading.Timer(seconds, self.expire)
        self._timer.daemon = True
        self._timer.start()
        _install_exit_hook()
        _LIVE_BUDGETS.add(self)

    def remaining(self) -> float:
        return max(0.0, self.deadline - time.monotonic())

    def check(self) -> None:
        """Raise AnswerLimitError once the answer is over its deadline, size or cancelled."""
        if self.reason is None and time.monotonic() >= self.deadline:
            self.expire()
        if self.reason is not None:
            error = AnswerLimitError(self.reason.text())
            error.failure = self.reason
            raise error

    def check_answer(self, characters: int) -> None:
        if characters > self.max_chars:
            self.stop(Failure("answer_too_long", {"limit": f"{self.max_chars:,}"}))
        self.check()

    def count(self, size: int) -> None:
        with self._lock:
            self.received += size
            over = self.received > self.max_bytes
        if over:
            self.stop(Failure("too_many_bytes", {"limit": f"{self.max_bytes:,}"}))
        self.check()

    def expire(self) -> None:
        self.stop(Failure("deadline", {"seconds": f"{self.seconds:g}"}))

    def cancel(self) -> None:
        """The reader left (closed the tab, pressed Ctrl-C): stop reading now."""
        self.stop(Failure("cancelled"))

    def close(self) -> None:
        """The answer is over (complete or failed): cut what is still open, keep the reason."""
        self._timer.cancel()
        self._cut()

    def stop(self, reason: Failure) -> None:
        """Record why (the first reason wins) and cut every open response of this answer:
        shutting the socket down wakes a read that is blocked waiting for the server."""
        with self._lock:
            if self.reason is None:
                self.reason = reason
        self._timer.cancel()
        self._cut()

    def _cut(self) -> None:
        with self._lock:
            responses = list(self._open)
        for response in responses:
            stream = response.extensions.get("network_stream")
            sock = stream.get_extra_info("socket") if stream is not None else None
            if isinstance(sock, socket.socket):
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:  # already closed by the peer: nothing left to cut
                    continue

    def track(self, response: httpx.Response) -> None:
        with self._lock:
            self._open.add(response)

    def untrack(self, response: httpx.Response) -> None:
        with self._lock:
            self._open.discard(response)


@lru_cache(maxsize=1)
def _shared_transport() -> httpx.HTTPTransport:
    """One connection pool for every answer of the process (keep-alive survives answers)."""
    import httpx

    return httpx.HTTPTransport(
        limits=httpx.Limits(max_connections=50, max_keepalive_connections=10)
    )


def _budget_client(settings: Settings, budget: AnswerBudget) -> httpx.Client:
    """An httpx client whose every request and every body read is checked against `budget`."""
    import httpx

    class BudgetStream(httpx.SyncByteStream):
        def __init__(self, inner: Any, response: httpx.Response) -> None:
            self.inner = inner
            self.response = response

        def __iter__(self) -> Iterator[bytes]:
            for chunk in self.inner:
                budget.count(len(chunk))
                yield chunk

        def close(self) -> None:
            budget.untrack(self.response)
            self.inner.close()

    class BudgetTransport(httpx.BaseTransport):
        def handle_request(self, request: httpx.Request) -> httpx.Response:
            budget.check()
            remaining = max(0.05, budget.remaining())
            timeouts = request.extensions.get("timeout") or {}
            request.extensions["timeout"] = {
                key: remaining if value is None else min(value, remaining)
                for key, value in {
                    "connect": None,
                    "read": None,
                    "write": None,
                    "pool": None,
                    **timeouts,
                }.items()
            }
            response = _shared_transport().handle_request(request)
            budget.track(response)
            response.stream = BudgetStream(response.stream, response)
            if budget.reason is not None:  # cancelled while the headers were on their way
                response.close()
                budget.check()
            kind = response.headers.get("content-type", "")
            if response.status_code == 200 and streaming(request) and "event-stream" not in kind:
                response.close()  # an HTML error page or a bare body where a stream belongs
                error = AnswerLimitError("the server's reply was not a chat completion")
                error.failure = Failure("not_a_completion")
                raise error
            return response

        def close(self) -> None:
            """The shared pool outlives one answer."""

    return httpx.Client(
        transport=BudgetTransport(), timeout=settings.llm_timeout, follow_redirects=True
    )


def streaming(request: httpx.Request) -> bool:
    """Whether a chat request asked for a stream (the reply must then be an event stream)."""
    import json

    if not request.url.path.endswith("/chat/completions"):
        return False
    try:
        return bool(json.loads(request.content or b"{}").get("stream"))
    except (ValueError, AttributeError):
        return False


def make_chat_model(settings: Settings, budget: AnswerBudget | None = None) -> Any:
    """ChatOpenAI against OpenAI or any OpenAI-compatible server, always with a timeout; with
    a budget, every request and read of this model is held to it."""
    if not settings.chat_model_enabled:
        raise ModelError(NO_CHAT_MODEL)
    from langchain_openai import ChatOpenAI

    key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else "not-needed"
    extra = {"http_client": _budget_client(settings, budget)} if budget is not None else {}
    return ChatOpenAI(
        model=settings.chat_model,
        api_key=key,
        base_url=settings.openai_base_url,
        timeout=settings.llm_timeout,
        max_retries=settings.llm_max_retries,
        streaming=True,
        stream_usage=True,
        **extra,
    )
