"""Stable domain ids of the contract, and their labels (from rules/domain.yaml)."""

from __future__ import annotations

from typing import Literal, get_args

from pydantic import model_validator

from assistant.rules import RuleModel, load

Role = Literal["prescriber", "buyer", "decider", "filter", "advisor", "user"]
Stage = Literal["need", "specification", "supplier-search", "negotiation", "decision"]
PurchaseType = Literal["new", "repeat", "modified-repeat"]
# A purchase type, or "strategic" (any type whose supplier reliability weighs most): what the
# playbook's cues and a segment's needed roles are keyed by.
PurchaseKind = Literal["new", "repeat", "modified-repeat", "strategic"]
Channel = Literal["email", "newsletter", "landing-page", "linkedin", "ad"]
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
PURCHASE_KINDS: tuple[str, ...] = get_args(PurchaseKind)
CHANNELS: tuple[str, ...] = get_args(Channel)
LANGUAGES: tuple[str, ...] = get_args(Language)
TOPICS: tuple[str, ...] = get_args(Topic)


class Labels(RuleModel):
    en: str
    es: str
    he: str


class LanguageInfo(RuleModel):
    name: str
    rtl: bool


class PersonaText(RuleModel):
    """The words around a persona's fields when it is indexed and cited."""

    member: str
    strategic: str
    offering: str
    goals: str
    pains: str
    objections: str
    channels: str


class DomainRules(RuleModel):
    """rules/domain.yaml: the contract's ids with their labels in every language."""

    languages: dict[Language, LanguageInfo]
    roles: dict[Role, Labels]
    stages: dict[Stage, Labels]
    purchase_types: dict[PurchaseType, Labels]
    topics: list[Topic]
    persona_text: dict[Language, PersonaText]

    @model_validator(mode="after")
    def every_id_labelled(self) -> DomainRules:
        """Every contract id has its labels, stages in buying order."""
        for kind, ids in (
            ("languages", LANGUAGES),
            ("roles", ROLES),
            ("stages", STAGES),
            ("purchase_types", PURCHASE_TYPES),
            ("topics", TOPICS),
        ):
            found = tuple(getattr(self, kind))
            if found != ids:
                raise ValueError(f"{kind} must list {', '.join(ids)} in this order")
        return self


LabelKind = Literal["roles", "stages", "purchase_types"]


def domain_data() -> DomainRules:
    """Labels per language, read once on first use."""
    return load("rules/domain.yaml", DomainRules)


def label(kind: LabelKind, key: str, language: str = "en") -> str:
    """Human label of a role, stage or purchase type in a language (falls back to English)."""
    entry: Labels = getattr(domain_data(), kind)[key]
    return getattr(entry, language, None) or entry.en


def persona_text(language: str) -> PersonaText:
    texts = domain_data().persona_text
    return texts.get(language, texts["en"])  # type: ignore[call-overload]


def language_name(language: str) -> str:
    info = domain_data().languages.get(language)  # type: ignore[call-overload]
    return info.name if info else language


def is_rtl(language: str) -> bool:
    info = domain_data().languages.get(language)  # type: ignore[call-overload]
    return bool(info and info.rtl)
