"""The one settings object: read from the environment and `.env`, lazily, never at import."""

from __future__ import annotations

import math
import os
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from assistant.errors import ConfigError


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
        8000,
        ge=1,
        le=65535,
        validation_alias="CHROMA_PORT",
        description="Port of the Chroma server.",
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
        gt=0,
        le=3600,
        allow_inf_nan=False,
        validation_alias="ASSISTANT_LLM_TIMEOUT",
        description="Seconds a chat-model request may wait for the next bytes of its reply.",
    )
    llm_deadline: float = Field(
        120.0,
        gt=0,
        le=3600,
        allow_inf_nan=False,
        validation_alias="ASSISTANT_LLM_DEADLINE",
        description="Seconds one answer may take in total (all model calls and tools); "
        "past it the offline engine answers.",
    )
    llm_max_answer_chars: int = Field(
        20_000,
        ge=100,
        le=1_000_000,
        validation_alias="ASSISTANT_LLM_MAX_ANSWER_CHARS",
        description="Longest answer (characters) taken from the chat model; a longer reply is "
        "cut off and the offline engine answers.",
    )
    llm_max_retries: int = Field(
        2,
        ge=0,
        le=10,
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
        gt=0,
        le=1000,
        allow_inf_nan=False,
        validation_alias="ASSISTANT_MAX_FILE_MB",
        description="Knowledge files larger than this are refused at ingest and upload.",
    )
    segment_max_mb: float = Field(
        300.0,
        gt=0,
        le=10_000,
        allow_inf_nan=False,
        validation_alias="ASSISTANT_SEGMENT_MAX_MB",
        description="Contact exports (assistant segment, the Segments view) larger than this "
        "are refused; a million-row CSV export is about 100-150 MB.",
    )
    max_review_chars: int = Field(
        100_000,
        ge=1_000,
        le=2_000_000,
        validation_alias="ASSISTANT_MAX_REVIEW_CHARS",
        description="Longest copy `review` accepts (file, stdin, batch line, page, chat tool).",
    )
    max_message_chars: int = Field(
        100_000,
        ge=1_000,
        le=2_000_000,
        validation_alias="ASSISTANT_MAX_MESSAGE_CHARS",
        description="Longest question or chat message (`ask`, `chat`, the page's chat).",
    )

    @field_validator("data_dir")
    @classmethod
    def _writable_folder(cls, path: Path) -> Path:
        """State must be writable: say so now instead of failing deep inside Chroma or SQLite."""
        existing = path
        while not existing.exists() and existing != existing.parent:
            existing = existing.parent
        if existing == path and not path.is_dir():
            raise ValueError(f"{path} is a file, not a folder")
        if not existing.is_dir():
            raise ValueError(f"{existing} is a file, not a folder")
        if not os.access(existing, os.W_OK | os.X_OK):
            raise ValueError(f"{existing} is not writable")
        return path

    @field_validator("knowledge_dir")
    @classmethod
    def _folder_or_missing(cls, path: Path) -> Path:
        if path.exists() and not path.is_dir():
            raise ValueError(f"{path} is a file, not a folder")
        return path

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


def upload_limit_mb() -> int:
    """Streamlit's server-wide upload cap for `make run`: the larger of ASSISTANT_MAX_FILE_MB
    and ASSISTANT_SEGMENT_MAX_MB rounded up (each uploader sets its own, smaller or equal,
    limit); the defaults when the settings are invalid (the page then shows what is wrong)."""
    try:
        settings = load_settings()
        return max(1, math.ceil(max(settings.max_file_mb, settings.segment_max_mb)))
    except ConfigError:
        fields = Settings.model_fields
        defaults = (fields["max_file_mb"].default, fields["segment_max_mb"].default)
        return max(1, math.ceil(max(defaults)))


def load_settings(**overrides: object) -> Settings:
    """Read settings now (from env and `.env`); overrides win, for the CLI's options.

    A bad value raises ConfigError naming the variable, e.g.
    `ASSISTANT_MAX_FILE_MB: Input should be greater than 0 (got '-1')`.
    """
    values = {key: value for key, value in overrides.items() if value is not None}
    try:
        return Settings(**values)
    except ValidationError as error:
        raise ConfigError(settings_problem(error)) from None
    except UnicodeDecodeError as error:
        line = error.object[: error.start].count(b"\n") + 1
        raise ConfigError(
            f".env: line {line} is not valid UTF-8 (byte 0x{error.object[error.start]:02x}); "
            "save the file as UTF-8"
        ) from None
    except OSError as error:
        raise ConfigError(f".env: cannot be read ({error.strerror or error})") from None


def settings_problem(error: ValidationError) -> str:
    """One line naming each bad variable (its environment name), the reason and the value."""
    aliases = {
        name: str(field.validation_alias or name) for name, field in Settings.model_fields.items()
    }
    problems = []
    for item in error.errors(include_url=False):
        name = str(item["loc"][0]) if item["loc"] else "settings"
        name = aliases.get(name, name)
        reason = item["msg"].removeprefix("Value error, ")
        value = item.get("input")
        shown = ""
        if isinstance(value, str | int | float) and str(value) not in reason:
            shown = f" (got {str(value)[:60]!r})"
        problems.append(f"{name}: {reason}{shown}")
    return "; ".join(problems)
