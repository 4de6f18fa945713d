"""What a segmentation is made of: the rule files of `assistant segment` (rules/segments/*.yaml)
as typed data, the result models of the contract's JSON, the per-row `Segmentation` and the
small readers of CRM values (stage, size band, industry) that the grouping and the plans share.
The work itself (reading, classifying, joining accounts) is in segments.py."""

from __future__ import annotations

import re
from array import array
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Literal

from pydantic import BaseModel, Field, RootModel

from assistant.contacts import ContactTable, header_key
from assistant.domain import (
    PURCHASE_KINDS,
    PurchaseKind,
    Role,
    Stage,
)
from assistant.hygiene import FLAGS, Hygiene
from assistant.rules import RuleModel, load
from assistant.text import fold_accents
from assistant.titles import Function, Seniority, TitleResult

PURCHASES = PURCHASE_KINDS  # what --purchase takes: a purchase type, or strategic
UNKNOWN = "unknown"


# ---------------------------------------------------------------- rule files


class Texts(RuleModel):
    en: str
    es: str
    he: str

    def get(self, language: str, **values: Any) -> str:
        return str(getattr(self, language, self.en)).format(**values)


class PurchaseNeed(RuleModel):
    roles: dict[Role, float]
    sources: list[str]
    en: str
    es: str
    he: str


class SizeBand(RuleModel):
    min: int
    band: str


class SegmentRules(RuleModel):
    """rules/segments/segments.yaml."""

    min_segment: int
    broad_factor: int
    size_bands: list[SizeBand]
    merge_cost: dict[Literal["stage", "size_band", "industry", "role"], int]
    split_by: list[Literal["seniority", "function", "country", "stage"]]
    stages: dict[str, Stage | None]


class AccountRules(RuleModel):
    """rules/segments/accounts.yaml."""

    legal_suffixes: list[str]
    leading_words: list[str]
    aliases: dict[str, str]
    second_level_suffixes: list[str]


class ChatTexts(RuleModel):
    """What "plan the email for segment X" is recognised by, and the chat's sentences."""

    segment_words: list[str]
    request_words: list[str]
    plan_words: list[str] = []
    intro: Texts
    none: Texts
    which: Texts


class Messages(RuleModel):
    """rules/segments/messages.yaml."""

    hygiene: dict[str, Texts]
    no_consent_column: Texts
    no_column: Texts
    unknown_stages: Texts
    no_account: Texts
    no_role: Texts
    purchase_needs: Texts
    accounts_missing: Texts
    merged_into: Texts
    merged_warning: Texts
    alone: Texts
    small_list: Texts
    no_big_segment: Texts
    too_broad: Texts
    too_broad_no_split: Texts
    why: dict[str, Texts]
    dimension: dict[str, Texts]
    words: dict[str, Texts]
    labels: dict[Literal["seniority", "function"], dict[str, Texts]]
    chat: ChatTexts
    summary: dict[str, Texts]
    hygiene_labels: dict[str, Texts]


class PurchaseFile(RootModel[dict[PurchaseKind, PurchaseNeed]]):
    """rules/segments/purchase.yaml: the roles each purchase type needs, with weights."""


def purchase_needs() -> dict[str, PurchaseNeed]:
    return load("rules/segments/purchase.yaml", PurchaseFile).root  # type: ignore[return-value]


def segment_rules() -> SegmentRules:
    return load("rules/segments/segments.yaml", SegmentRules)


def account_rules() -> AccountRules:
    return load("rules/segments/accounts.yaml", AccountRules)


def messages() -> Messages:
    return load("rules/segments/messages.yaml", Messages)


# ---------------------------------------------------------------- result models


class ContactRow(BaseModel):
    """One contact as the contract prints it."""

    row: int
    email: str
    title: str
    company: str
    account: str | None
    seniority: Seniority
    function: Function
    roles: list[Role]
    evidence: str
    confidence: float
    flags: list[str]


class AccountCoverage(BaseModel):
    account: str
    contacts: int
    roles_present: list[Role]
    roles_missing: list[Role]
    coverage: float = Field(description="weighted share of the needed roles present, 0-1")


class Segment(BaseModel):
    industry: str
    size_band: str
    role: Role | None
    stage: Stage | None
    contacts: int
    accounts: int
    warning: str | None = None


class SegmentReport(BaseModel):
    """The contract's `assistant segment --json` document (contacts streamed when large)."""

    file: str
    rows: int
    columns: dict[str, str]
    contacts: list[ContactRow] = Field(default_factory=list)
    accounts: list[AccountCoverage]
    segments: list[Segment]
    hygiene: Hygiene
    warnings: list[str]


# ---------------------------------------------------------------- the work


@dataclass
class Segmentation:
    """Everything `segment_contacts` found; per-row data in arrays, not models."""

    table: ContactTable
    language: str
    purchase: str
    min_segment: int
    titles: list[TitleResult]
    title_of: array  # per row: index into titles, -1 for an empty row
    flags_of: array  # per row: bit i set = FLAGS[i]
    account_of: array  # per row: index into account_names, -1 for none
    account_names: list[str]
    report: SegmentReport
    segment_titles: dict[int, list[tuple[str, int]]] = field(default_factory=dict)

    def contact(self, index: int) -> dict[str, Any] | None:
        """Row `index` (0-based) as the contract's contact dict; None for an empty row."""
        title_index = self.title_of[index]
        if title_index < 0:
            return None
        result = self.titles[title_index]
        account = self.account_of[index]
        bits = self.flags_of[index]
        return {
            "row": index + 1,
            "email": self.table.column("email")[index],
            "title": self.table.column("title")[index],
            "company": self.table.column("company")[index],
            "account": self.account_names[account] if account >= 0 else None,
            "seniority": result.seniority,
            "function": result.function,
            "roles": list(result.roles),
            "evidence": result.evidence,
            "confidence": result.confidence,
            "flags": [flag for i, flag in enumerate(FLAGS) if bits >> i & 1],
        }

    def contacts(self) -> list[ContactRow]:
        """Every contact as a model (small files, tests, the page)."""
        rows = (self.contact(i) for i in range(self.table.rows))
        return [ContactRow(**row) for row in rows if row is not None]


@lru_cache(maxsize=10_000)
def stage_of(value: str) -> tuple[str | None, bool]:
    """(buying stage, known) of a CRM lifecycle value; unknown values are reported."""
    stages = segment_rules().stages
    key = header_key(value)
    compact = key.replace(" ", "")
    for candidate in (key, compact):
        if candidate in stages:
            return stages[candidate], True
    return None, not value.strip()


def size_band(value: str) -> str:
    """An employee count or range ("51-200", "1,001-5,000", "10.000+", "250 עובדים") as a band."""
    text = value.replace("\u2013", "-").replace("\u2014", "-")
    numbers = [int(n.replace(",", "").replace(".", "")) for n in re.findall(r"\d[\d,.]*", text)]
    numbers = [n for n in numbers if n > 0][:2]
    if not numbers:
        return UNKNOWN
    size = (numbers[0] * numbers[1]) ** 0.5 if len(numbers) == 2 else numbers[0]
    band = UNKNOWN
    for entry in segment_rules().size_bands:
        if size >= entry.min:
            band = entry.band
    return band


@lru_cache(maxsize=100_000)
def industry_key(value: str) -> str:
    return " ".join(fold_accents(value.lower()).replace("&", "and").split())
