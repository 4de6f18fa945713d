"""From a contact export to a segmentation plan: titles → roles, accounts and their buying-group
coverage, segments (industry × size band × role × stage) with warnings, and list hygiene.

The guidance says to segment the base precisely so detailed content reaches only those fully
concerned, and that a buying center decides: this module says who is in the list, which roles
each account lacks for the purchase at hand, and which segments are worth a message. Per-row
data stays in plain arrays (one classification per distinct title, no model per row); the
contract's JSON is streamed by assistant/segment_output.py.
"""

from __future__ import annotations

import re
from array import array
from collections import Counter
from functools import lru_cache
from pathlib import Path

from assistant.contacts import ContactTable, read_contacts
from assistant.domain import (
    LANGUAGES,
    ROLES,
    label,
)
from assistant.errors import InputError
from assistant.hygiene import HygieneChecker, domain_kind, person_key
from assistant.segment_groups import build_segments
from assistant.segment_model import (
    PURCHASES,
    AccountCoverage,
    Segmentation,
    SegmentReport,
    account_rules,
    messages,
    purchase_needs,
    segment_rules,
)
from assistant.text import fold_accents
from assistant.titles import classify_titles

_HOST = re.compile(r"(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,63}")

# ---------------------------------------------------------------- accounts


@lru_cache(maxsize=1)
def _suffix_pattern() -> re.Pattern[str]:
    rules = account_rules()
    words = sorted({_fold(s) for s in rules.legal_suffixes}, key=len, reverse=True)
    return re.compile(r"(?:\s+(?:" + "|".join(re.escape(w) for w in words) + r"))+$")


def _fold(text: str) -> str:
    text = fold_accents(text.lower()).replace("״", '"').replace("'", "")
    text = re.sub(r'(?<=\w)\.(?=\w)|["״]', "", text)  # s.a. → sa, בע"מ → בעמ
    return " ".join(re.sub(r"[^\w&]+", " ", text).split())


@lru_cache(maxsize=200_000)
def company_key(name: str) -> str:
    """A company name as compared: case, accents, punctuation, legal suffixes, aliases."""
    rules = account_rules()
    key = _fold(name)
    for word in rules.leading_words:
        if key.startswith(word + " "):
            key = key[len(word) + 1 :]
    key = _suffix_pattern().sub("", " " + key).strip() if " " in key else key
    key = key.replace(" & ", " and ")
    return rules.aliases.get(key, key)


@lru_cache(maxsize=200_000)
def corporate_domain(value: str) -> str:
    """The account domain of an email domain or website; '' for free-mail and disposable."""
    domain = registrable_domain(value) if value else ""
    return "" if domain and domain_kind(domain) else domain


@lru_cache(maxsize=200_000)
def registrable_domain(value: str) -> str:
    """acme.com from `https://www.acme.com/contact`, `mail.acme.com` or `jo@sales.acme.com`."""
    host = value.strip().lower().rpartition("@")[2]
    host = re.sub(r"^[a-z]+://", "", host).split("/")[0].split(":")[0].strip(".")
    if not _HOST.fullmatch(host):
        return ""  # not a host name: an invalid address says nothing about the account
    parts = host.split(".")
    keep = 3 if ".".join(parts[-2:]) in account_rules().second_level_suffixes else 2
    return ".".join(parts[-keep:])


class _UnionFind:
    """Company names and domains joined into accounts; nodes are small ints (one per distinct
    company key or domain), so a million rows hold two ints each, not strings."""

    def __init__(self) -> None:
        self.parent: dict[int, int] = {}
        self.ids: dict[str, int] = {}
        self.names: list[str] = []

    def node(self, name: str) -> int:
        found = self.ids.get(name)
        if found is None:
            found = self.ids[name] = len(self.names)
            self.names.append(name)
        return found

    def find(self, node: int) -> int:
        parent = self.parent.setdefault(node, node)
        while parent != self.parent[parent]:
            self.parent[parent] = self.parent[self.parent[parent]]
            parent = self.parent[parent]
        self.parent[node] = parent
        return parent

    def union(self, a: int, b: int) -> None:
        root_a, root_b = self.find(a), self.find(b)
        if root_a != root_b:
            self.parent[max(root_a, root_b)] = min(root_a, root_b)


def validate_options(purchase: str, min_segment: int | None, language: str | None) -> None:
    if purchase not in PURCHASES:
        raise InputError(
            f"unknown purchase {purchase!r} (use {', '.join(PURCHASES)})", "--purchase"
        )
    if min_segment is not None and min_segment < 1:
        raise InputError("must be 1 or more", field="--min-segment")
    if language is not None and language not in LANGUAGES:
        raise InputError(f"unknown language {language!r} (use en, es, he)", field="--lang")


def segment_file(
    path: Path,
    purchase: str = "new",
    overrides: dict[str, str] | None = None,
    min_segment: int | None = None,
    language: str | None = None,
    max_bytes: int = 300_000_000,
    name: str | None = None,
) -> Segmentation:
    """Read an export and segment it (the CLI and the page call this)."""
    validate_options(purchase, min_segment, language)
    table = read_contacts(path, overrides, max_bytes=max_bytes, name=name)
    return segment_contacts(table, purchase, min_segment, language)


def segment_contacts(
    table: ContactTable,
    purchase: str = "new",
    min_segment: int | None = None,
    language: str | None = None,
) -> Segmentation:
    """Titles, hygiene, accounts, coverage and segments of a read export."""

    validate_options(purchase, min_segment, language)
    language = language or _table_language(table)
    minimum = min_segment or segment_rules().min_segment
    titles_column = table.column("title")
    results = classify_titles(t for t, e in zip(titles_column, table.empty, strict=True) if not e)
    titles = list(results.values())
    position = {title: i for i, title in enumerate(results)}
    emails = table.column("email")
    companies = table.column("company")
    domains = table.column("domain")
    consent = table.column("consent")
    first, last, full = table.column("first_name"), table.column("last_name"), table.column("name")
    checker = HygieneChecker(check_consent="consent" in table.mapping)
    title_of = array("i", [-1]) * table.rows
    flags_of = array("H", [0]) * table.rows
    company_node_of = array("i", [-1]) * table.rows
    domain_node_of = array("i", [-1]) * table.rows
    union = _UnionFind()
    company_keys: dict[str, str] = {}
    email_domains: dict[str, str] = {}
    bits = checker.bits
    for index in range(table.rows):
        if table.empty[index]:
            continue
        title_of[index] = position[titles_column[index]]
        name = companies[index]
        company = company_keys.get(name)
        if company is None:
            company = company_keys[name] = company_key(name) if name else ""
        email = emails[index]
        raw = email.rpartition("@")[2].strip().lower()
        domain = email_domains.get(raw)
        if domain is None:
            domain = email_domains[raw] = corporate_domain(raw)
        if not domain and domains[index]:
            domain = corporate_domain(domains[index])
        company_node = union.node("c:" + company) if company else -1
        domain_node = union.node("d:" + domain) if domain else -1
        company_node_of[index], domain_node_of[index] = company_node, domain_node
        if company_node >= 0 and domain_node >= 0:
            union.union(company_node, domain_node)
        person = person_key(first[index], last[index], full[index])
        flags_of[index] = bits(email, person, company or domain, consent[index])
    checker.counts.empty_rows = sum(table.empty)
    checker.count(Counter(flags_of))
    account_of, account_names = _accounts(table, company_node_of, domain_node_of, union, companies)
    hygiene = checker.counts
    seg = Segmentation(
        table=table,
        language=language,
        purchase=purchase,
        min_segment=minimum,
        titles=titles,
        title_of=title_of,
        flags_of=flags_of,
        account_of=account_of,
        account_names=account_names,
        report=SegmentReport(
            file=table.name,
            rows=table.rows,
            columns=dict(table.mapping),
            accounts=[],
            segments=[],
            hygiene=hygiene,
            warnings=[],
        ),
    )
    seg.report.accounts = account_coverage(seg)
    seg.report.segments = build_segments(seg)
    seg.report.warnings = _warnings(seg) + seg.report.warnings
    return seg


def _table_language(table: ContactTable) -> str:
    """The language most titles are written in (for warnings), by script and Spanish words."""
    sample = " ".join(t for t in table.column("title")[:2000] if t)
    if re.search(r"[\u05d0-\u05ea]", sample) and len(re.findall(r"[\u05d0-\u05ea]", sample)) > len(
        re.findall(r"[A-Za-z]", sample)
    ):
        return "he"
    spanish = len(
        re.findall(r"\b(?:de|del|y|jefe|jefa|gerente|director[a]?|compras)\b", sample, re.I)
    )
    english = len(re.findall(r"\b(?:of|and|manager|head|buyer|engineer)\b", sample, re.I))
    return "es" if spanish > english else "en"


def _accounts(
    table: ContactTable,
    company_node_of: array,
    domain_node_of: array,
    union: _UnionFind,
    companies: list[str],
) -> tuple[array, list[str]]:
    """Per row the account index; names are the most common company spelling (else domain)."""
    root_index: dict[int, int] = {}
    spellings: list[Counter[str]] = []
    domains: list[str] = []
    account_of = array("i", [-1]) * table.rows
    for index in range(table.rows):
        company_node, domain_node = company_node_of[index], domain_node_of[index]
        node = company_node if company_node >= 0 else domain_node
        if node < 0:
            continue
        root = union.find(node)
        account = root_index.get(root)
        if account is None:
            account = root_index[root] = len(spellings)
            spellings.append(Counter())
            domains.append("")
        account_of[index] = account
        if companies[index].strip():
            spellings[account][companies[index].strip()] += 1
        elif domain_node >= 0 and not domains[account]:
            domains[account] = union.names[domain_node][2:]
    names = [
        max(counter, key=lambda n: (n != n.upper() and n != n.lower(), counter[n], n))
        if counter
        else domains[index]
        for index, counter in enumerate(spellings)
    ]
    return account_of, _unique(names)


def _unique(names: list[str]) -> list[str]:
    """Two accounts spelled alike (a name shared by two domains) get a number each."""
    seen: Counter[str] = Counter(names)
    count: Counter[str] = Counter()
    result = []
    for name in names:
        if seen[name] > 1:
            count[name] += 1
            result.append(f"{name} ({count[name]})")
        else:
            result.append(name)
    return result


def purchase_name(purchase: str, language: str) -> str:
    """The purchase type's label (strategic is not a contract purchase type: it has its own)."""
    if purchase == "strategic":
        return messages().words["strategic"].get(language)
    return label("purchase_types", purchase, language)


def roles_needed(purchase: str) -> dict[str, float]:
    return dict(purchase_needs()[purchase].roles)  # type: ignore[index]


def account_coverage(seg: Segmentation) -> list[AccountCoverage]:
    """Per account: its contacts, the roles present and missing for the purchase, coverage."""
    needed = roles_needed(seg.purchase)
    total = sum(needed.values())
    present: list[set[str]] = [set() for _ in seg.account_names]
    contacts = [0] * len(seg.account_names)
    for index in range(seg.table.rows):
        account = seg.account_of[index]
        if account < 0:
            continue
        contacts[account] += 1
        present[account].update(seg.titles[seg.title_of[index]].roles)
    accounts = []
    for account, name in enumerate(seg.account_names):
        have = [r for r in ROLES if r in present[account]]
        missing = [r for r in ROLES if r in needed and r not in present[account]]
        share = sum(w for r, w in needed.items() if r in present[account]) / total
        accounts.append(
            AccountCoverage(
                account=name,
                contacts=contacts[account],
                roles_present=have,  # type: ignore[arg-type]
                roles_missing=missing,  # type: ignore[arg-type]
                coverage=round(share, 3),
            )
        )
    accounts.sort(key=lambda a: (-a.contacts, a.account.lower()))
    return accounts


def _warnings(seg: Segmentation) -> list[str]:
    """Purchase needs, hygiene advice, missing columns, coverage: in the user's language."""
    text = messages()
    lang = seg.language
    need = purchase_needs()[seg.purchase]  # type: ignore[index]
    purchase_label = purchase_name(seg.purchase, lang)
    warnings = [text.purchase_needs.get(lang, purchase=purchase_label, why=getattr(need, lang))]
    for key, value in seg.report.hygiene.model_dump().items():
        if value:
            warnings.append(text.hygiene[key].get(lang, n=value))
    if "consent" not in seg.table.mapping:
        warnings.append(text.no_consent_column.get(lang))
    for fld, dim in (("industry", "industry"), ("size", "size")):
        if fld not in seg.table.mapping:
            warnings.append(text.no_column.get(lang, field=text.dimension[dim].get(lang)))
    no_account = sum(
        1 for i in range(seg.table.rows) if seg.title_of[i] >= 0 and seg.account_of[i] < 0
    )
    if no_account:
        warnings.append(text.no_account.get(lang, n=no_account))
    no_role = sum(
        1
        for i in range(seg.table.rows)
        if seg.title_of[i] >= 0 and not seg.titles[seg.title_of[i]].roles
    )
    if no_role:
        warnings.append(text.no_role.get(lang, n=no_role))
    lacking = [a for a in seg.report.accounts if a.roles_missing]
    if lacking:
        often = Counter(role for a in lacking for role in a.roles_missing).most_common(3)
        roles = ", ".join(label("roles", role, lang) for role, _ in often)
        warnings.append(
            text.accounts_missing.get(
                lang, n=len(lacking), total=len(seg.report.accounts), roles=roles
            )
        )
    return warnings


__all__ = ["segment_contacts", "segment_file"]
