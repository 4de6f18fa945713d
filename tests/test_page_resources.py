"""The page's shared objects are cached per configuration and built from that configuration."""

from __future__ import annotations

from pathlib import Path

from pydantic import SecretStr

from assistant.config import Settings
from assistant.ui.resources import get_assistant, get_retriever, settings_key


def test_get_assistant_builds_from_the_settings_its_key_names(tmp_path: Path) -> None:
    first = Settings(data_dir=tmp_path / "one", knowledge_dir=tmp_path / "k")
    second = Settings(data_dir=tmp_path / "two", knowledge_dir=tmp_path / "k")
    assert settings_key(first) != settings_key(second)
    assert get_assistant(first).engine.settings.data_dir == tmp_path / "one"
    assert get_assistant(second).engine.settings.data_dir == tmp_path / "two"
    assert get_retriever(second).settings.data_dir == tmp_path / "two"
    assert get_assistant(first) is get_assistant(Settings(**first.model_dump()))


def test_a_changed_secret_is_a_new_configuration(tmp_path: Path) -> None:
    """Secrets are masked in the settings' JSON, so the key must not be built from it alone."""
    base = {"data_dir": tmp_path / "d", "openai_base_url": "http://127.0.0.1:9/v1"}
    one = Settings(**base, openai_api_key=SecretStr("sk-one"))
    two = Settings(**base, openai_api_key=SecretStr("sk-two"))
    assert settings_key(one) != settings_key(two)
    assert "sk-one" not in settings_key(one)
    assert get_assistant(two).settings.openai_api_key.get_secret_value() == "sk-two"
