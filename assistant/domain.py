"""Stable domain ids of the contract, and their labels (from rules/domain.yaml)."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any, Literal, get_args

import yaml

Role = Literal["prescriber", "buyer", "decider", "filter", "advisor", "user"]
Stage = Literal["need", "specification", "supplier-search", "negotiation", "decision"]
PurchaseType = Literal["new", "repeat", "modified-repeat"]
Language = Literal["en", "es", "he"]
Topic = Literal[
    "b2b-buyer",
    "buying-center",
    "buying-process",
    "purchase-type",
    "b2b-communication",
    "high-value-content",
    "inbound-marketing",
    "soft-content",
    "segmentation",
    "email-deliverability",
    "email-html",
]

ROLES: tuple[str, ...] = get_args(Role)
STAGES: tuple[str, ...] = get_args(Stage)
PURCHASE_TYPES: tuple[str, ...] = get_args(PurchaseType)
LANGUAGES: tuple[str, ...] = get_args(Language)
TOPICS: tuple[str, ...] = get_args(Topic)


@lru_cache(maxsize=1)
def domain_data() -> dict[str, Any]:
    """Labels per language, read once on first use."""
    text = resources.files("assistant.rules").joinpath("domain.yaml").read_text("utf-8")
    return yaml.safe_load(text)


def label(kind: str, key: str, language: str = "en") -> str:
    """Human label of a role, stage or purchase type in a language (falls back to English)."""
    entry = domain_data()[kind][key]
    return entry.get(language) or entry["en"]


def is_rtl(language: str) -> bool:
    return bool(domain_data()["languages"].get(language, {}).get("rtl", False))
