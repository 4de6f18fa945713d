"""Model providers from one factory each: embeddings now, chat models for the conversation."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any

from assistant.config import Settings
from assistant.errors import ConfigError, ModelError

if TYPE_CHECKING:
    from langchain_core.embeddings import Embeddings

NO_CHAT_MODEL = (
    "No chat model: set OPENAI_API_KEY, or set OPENAI_BASE_URL to a local OpenAI-compatible server"
)


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

        return OpenAIEmbeddings(
            model=settings.openai_embedding_model,
            api_key=settings.openai_api_key or "not-needed",
            base_url=settings.openai_base_url,
            timeout=settings.llm_timeout,
            max_retries=settings.llm_max_retries,
            check_embedding_ctx_length=False,
        )
    raise ConfigError(f"ASSISTANT_EMBEDDINGS: unknown provider {settings.embeddings!r}")


def make_chat_model(settings: Settings) -> Any:
    """ChatOpenAI against OpenAI or any OpenAI-compatible server, always with a timeout."""
    if not settings.chat_model_enabled:
        raise ModelError(NO_CHAT_MODEL)
    from langchain_openai import ChatOpenAI

    key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else "not-needed"
    return ChatOpenAI(
        model=settings.chat_model,
        api_key=key,
        base_url=settings.openai_base_url,
        timeout=settings.llm_timeout,
        max_retries=settings.llm_max_retries,
        streaming=True,
        stream_usage=True,
    )
