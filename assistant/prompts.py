"""Prompt templates live in prompts/*.md: front matter declares the variables they need.

The folder ships inside the package as `assistant.prompt_templates` (pyproject.toml), so the
same lookup works in a checkout, an editable install and a regular wheel install.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from importlib.resources.abc import Traversable
from string import Template

from pydantic import BaseModel

from assistant.errors import ConfigError
from assistant.safe_yaml import parse_yaml


def prompts_dir() -> Traversable:
    """prompts/ wherever the package is installed (checkout, editable or wheel)."""
    return resources.files("assistant.prompt_templates")


class PromptTemplate(BaseModel):
    name: str
    description: str
    variables: list[str]
    body: str

    def render(self, **values: object) -> str:
        missing = [name for name in self.variables if name not in values]
        if missing:
            raise ConfigError(f"prompt {self.name!r}: missing variable {', '.join(missing)}")
        return Template(self.body).substitute({k: str(v) for k, v in values.items()})


@lru_cache(maxsize=32)
def load_prompt(name: str) -> PromptTemplate:
    """Parse prompts/<name>.md; an unknown name or a bad header is a configuration error."""
    path = prompts_dir() / f"{name}.md"
    if not path.is_file():
        raise ConfigError(f"prompt {name!r} not found in prompts/ ({', '.join(prompt_names())})")
    text = path.read_text(encoding="utf-8")
    _, header, body = text.split("---", 2)
    meta = parse_yaml(header, f"prompts/{name}.md") or {}
    return PromptTemplate(
        name=name,
        description=str(meta.get("description", "")),
        variables=[str(v) for v in meta.get("variables", [])],
        body=body.strip() + "\n",
    )


def prompt_names() -> list[str]:
    files = prompts_dir().iterdir()
    return sorted(p.name.removesuffix(".md") for p in files if p.name.endswith(".md"))
