"""List hygiene of a contact export: one flag per problem on each contact.

Flags (contract ids): `invalid-email` (syntax, checked by email-validator without any network
call), `role-address` (info@, compras@, mazkirut@: a mailbox, not a person), `free-mail`,
`disposable`, `duplicate-email` (an earlier row has the same address, trimmed and lower-cased),
`near-duplicate` (same person and account as an earlier row, another address), `blank-consent`.
Every check is a dictionary lookup or one regex per row; email-validator runs once per distinct
domain and only on the rare local parts the fast pattern does not vouch for.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from pydantic import BaseModel

from assistant.rules import RuleModel, load, read_text
from assistant.text import fold_accents

FLAGS: tuple[str, ...] = (
    "invalid-email",
    "role-address",
    "free-mail",
    "disposable",
    "duplicate-email",
    "near-duplicate",
    "blank-consent",
)
# RFC 5322 dot-atom in ASCII: every local part it accepts, email-validator accepts too
# (tested); anything else goes to email-validator itself.
_DOT_ATOM = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*")
INVALID, ROLE, FREE, DISPOSABLE, DUPLICATE, NEAR, BLANK_CONSENT = (1 << i for i in range(7))
_TRAILING_DIGITS = re.compile(r"[\d._-]+$")
_NAME_PART = re.compile(r"[^\w]+")


class EmailRules(RuleModel):
    """rules/segments/email.yaml: role mailboxes and mail domains the shared lists lack."""

    role_local_parts: list[str]
    free_mail_domains: list[str]
    disposable_domains: list[str]


@dataclass(frozen=True)
class EmailLists:
    roles: frozenset[str]
    free: frozenset[str]
    disposable: frozenset[str]


@lru_cache(maxsize=1)
def email_lists() -> EmailLists:
    """Role local parts, free-mail and disposable domains, read once."""
    from disposable_email_domains import blocklist

    rules = load("rules/segments/email.yaml", EmailRules)
    roles = {line.strip().lower() for line in read_text("rules/segments/role_prefixes.txt").split()}
    roles |= {fold_accents(word.lower()) for word in rules.role_local_parts}
    disposable = {d.lower() for d in blocklist} | {d.lower() for d in rules.disposable_domains}
    shared = {d.lower() for d in json.loads(read_text("rules/segments/free_email_domains.json"))}
    free = (shared | {d.lower() for d in rules.free_mail_domains}) - disposable
    return EmailLists(frozenset(roles), frozenset(free), frozenset(disposable))


@lru_cache(maxsize=200_000)
def domain_is_valid(domain: str) -> bool:
    """Domain syntax by email-validator (no DNS), once per distinct domain."""
    from email_validator import EmailNotValidError, validate_email

    try:
        validate_email(f"a@{domain}", check_deliverability=False)
    except EmailNotValidError:
        return False
    return True


@lru_cache(maxsize=100_000)
def _full_check(email: str) -> bool:
    from email_validator import EmailNotValidError, validate_email

    try:
        validate_email(email, check_deliverability=False)
    except EmailNotValidError:
        return False
    return True


def email_is_valid(email: str) -> bool:
    """Syntax of one address as email-validator judges it, fast for ordinary addresses."""
    local, at, domain = email.rpartition("@")
    if not at or not local or not domain or len(email) > 254:
        return bool(at) and _full_check(email)
    if len(local) <= 64 and _DOT_ATOM.fullmatch(local):
        return domain_is_valid(domain.lower())
    return _full_check(email)


def parent_domains(domain: str) -> list[str]:
    """mail.walla.co.il → [mail.walla.co.il, walla.co.il, co.il]: lists name the base domain."""
    parts = domain.split(".")
    return [".".join(parts[i:]) for i in range(len(parts) - 1)]


@lru_cache(maxsize=200_000)
def domain_kind(domain: str) -> str:
    """`disposable`, `free-mail` or `` (a company domain)."""
    lists = email_lists()
    for candidate in parent_domains(domain):
        if candidate in lists.disposable:
            return "disposable"
        if candidate in lists.free:
            return "free-mail"
    return ""


def fold(text: str) -> str:
    """Accents folded; ASCII text (most of a CRM export) is returned as it is."""
    return text if text.isascii() else fold_accents(text)


def is_role_address(local: str, lists: EmailLists | None = None) -> bool:
    """info@, ventas2@, compras-madrid@ stay role mailboxes; tags (+news) are ignored."""
    lists = lists or email_lists()
    local = fold(local.lower().split("+", 1)[0])
    if local in lists.roles:
        return True
    bare = _TRAILING_DIGITS.sub("", local)
    return bool(bare) and bare in lists.roles


def person_key(first: str, last: str, full: str = "") -> str:
    """Who a row names: first and last name folded (accents, case, spacing); '' if unknown."""
    if not (first or last) and full:
        return " ".join(sorted(_NAME_PART.sub(" ", fold(full.lower())).split()))
    if not first or not last:
        return ""
    return fold(" ".join(f"{first} {last}".lower().split()))


class Hygiene(BaseModel):
    """Counts of each hygiene flag in an export (the `hygiene` object of the segment JSON)."""

    empty_rows: int = 0
    invalid_emails: int = 0
    role_addresses: int = 0
    free_mail: int = 0
    disposable: int = 0
    duplicate_emails: int = 0
    near_duplicates: int = 0
    blank_consent: int = 0

    def add(self, flag: str, times: int = 1) -> None:
        name = {
            "invalid-email": "invalid_emails",
            "role-address": "role_addresses",
            "free-mail": "free_mail",
            "disposable": "disposable",
            "duplicate-email": "duplicate_emails",
            "near-duplicate": "near_duplicates",
            "blank-consent": "blank_consent",
        }[flag]
        setattr(self, name, getattr(self, name) + times)


class HygieneChecker:
    """Flags row by row, remembering earlier rows for duplicates (one pass, dictionaries)."""

    def __init__(self, check_consent: bool) -> None:
        self.lists = email_lists()
        self.check_consent = check_consent
        # hashes, not strings: a million addresses take tens of MB, not hundreds
        self.seen_emails: set[int] = set()
        self.seen_people: set[int] = set()
        self.counts = Hygiene()

    def flags(self, email: str, person: str, account: str, consent: str) -> list[str]:
        """The flags of one row, as ids."""
        bits = self.bits(email, person, account, consent)
        flags = [flag for i, flag in enumerate(FLAGS) if bits >> i & 1]
        for flag in flags:
            self.counts.add(flag)
        return flags

    def bits(self, email: str, person: str, account: str, consent: str) -> int:
        """The flags of one row as a bit mask (bit i = FLAGS[i]); the hot path of a big export."""
        bits = 0
        email = email.strip()
        address = email.lower()
        local, _, domain = address.rpartition("@")
        if not address or not email_is_valid(email):
            bits |= INVALID
        elif local:
            if is_role_address(local, self.lists):
                bits |= ROLE
            kind = domain_kind(domain)
            if kind:
                bits |= DISPOSABLE if kind == "disposable" else FREE
        if address:
            seen = hash(address)
            if seen in self.seen_emails:
                bits |= DUPLICATE
            else:
                self.seen_emails.add(seen)
                if person and account:
                    who = hash((person, account))
                    if who in self.seen_people:
                        bits |= NEAR  # an earlier row of this person here had another address
                    else:
                        self.seen_people.add(who)
        if self.check_consent and not consent.strip():
            bits |= BLANK_CONSENT
        return bits

    def count(self, masks: Counter[int]) -> None:
        """Add the flags of many rows, given how often each bit mask occurred."""
        for mask, times in masks.items():
            for i, flag in enumerate(FLAGS):
                if mask >> i & 1:
                    self.counts.add(flag, times)
