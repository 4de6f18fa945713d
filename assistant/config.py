"""The one settings object: read from the environment and `.env`, lazily, never at import."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Every knob of the product; the README's configuration table mirrors these fields."""

    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", populate_by_name=True
    )

    openai_api_key: SecretStr | None = Field(
        None,
        validation_alias="OPENAI_API_KEY",
        description="Enables the OpenAI chat model and OpenAI embeddings. Unset: offline mode.",
    )
    openai_base_url: str | None = Field(
        None,
        validation_alias="OPENAI_BASE_URL",
        description="Any OpenAI-compatible server (vLLM, llama.cpp, Ollama), e.g. "
        "http://127.0.0.1:8000/v1. Setting it enables the chat model even without a key.",
    )
    chat_model: str = Field(
        "gpt-4.1-mini",
        validation_alias="ASSISTANT_CHAT_MODEL",
        description="Chat model name sent to the OpenAI-compatible server.",
    )
    embeddings: Literal["local", "openai"] = Field(
        "local",
        validation_alias="ASSISTANT_EMBEDDINGS",
        description="`local`: bundled all-MiniLM-L6-v2 (int8 ONNX, no download); "
        "`openai`: OpenAI embeddings.",
    )
    openai_embedding_model: str = Field(
        "text-embedding-3-small",
        validation_alias="ASSISTANT_OPENAI_EMBEDDING_MODEL",
        description="Embedding model name when ASSISTANT_EMBEDDINGS=openai.",
    )
    knowledge_dir: Path = Field(
        Path("knowledge"),
        validation_alias="ASSISTANT_KNOWLEDGE_DIR",
        description="Knowledge folder: guidance/, personas/, content/ and anything you add.",
    )
    data_dir: Path = Field(
        Path(".assistant"),
        validation_alias="ASSISTANT_DATA_DIR",
        description="Index, manifest, chat history and other state.",
    )
    chroma_host: str | None = Field(
        None,
        validation_alias="CHROMA_HOST",
        description="Use a Chroma server at this host instead of the embedded store.",
    )
    chroma_port: int = Field(
        8000, validation_alias="CHROMA_PORT", description="Port of the Chroma server."
    )
    chroma_ssl: bool = Field(
        False, validation_alias="CHROMA_SSL", description="Talk HTTPS to the Chroma server."
    )
    chroma_token: SecretStr | None = Field(
        None,
        validation_alias="CHROMA_TOKEN",
        description="Token for a Chroma server with token auth or Chroma Cloud (never logged).",
    )
    chroma_tenant: str = Field(
        "default_tenant", validation_alias="CHROMA_TENANT", description="Chroma tenant."
    )
    chroma_database: str = Field(
        "default_database", validation_alias="CHROMA_DATABASE", description="Chroma database."
    )
    llm_timeout: float = Field(
        60.0,
        validation_alias="ASSISTANT_LLM_TIMEOUT",
        description="Seconds before a chat-model request is abandoned.",
    )
    llm_max_retries: int = Field(
        2,
        validation_alias="ASSISTANT_LLM_MAX_RETRIES",
        description="Retries (with backoff) on rate limits, timeouts and server errors.",
    )
    currency: str = Field(
        "EUR",
        pattern=r"^[A-Z]{3}$",
        validation_alias="ASSISTANT_CURRENCY",
        description="Currency (ISO 4217 code) of budgets and costs in briefs when the budget "
        "names none, e.g. EUR, USD, GBP, ILS.",
    )
    max_file_mb: float = Field(
        20.0,
        validation_alias="ASSISTANT_MAX_FILE_MB",
        description="Knowledge files larger than this are refused at ingest and upload.",
    )
    segment_max_mb: float = Field(
        300.0,
        validation_alias="ASSISTANT_SEGMENT_MAX_MB",
        description="Contact exports (assistant segment, the Segments view) larger than this "
        "are refused; a million-row CSV export is about 100-150 MB.",
    )

    @property
    def segment_max_bytes(self) -> int:
        return int(self.segment_max_mb * 1_000_000)

    @property
    def chat_model_enabled(self) -> bool:
        """A chat model is used when a key or a compatible server is configured."""
        return self.openai_api_key is not None or bool(self.openai_base_url)

    @property
    def max_file_bytes(self) -> int:
        return int(self.max_file_mb * 1_000_000)

    @property
    def uses_chroma_server(self) -> bool:
        return bool(self.chroma_host)


def load_settings(**overrides: object) -> Settings:
    """Read settings now (from env and `.env`); overrides win, for the CLI's options."""
    values = {key: value for key, value in overrides.items() if value is not None}
    return Settings(**values)
