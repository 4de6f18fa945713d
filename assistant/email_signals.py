"""Email rules about what spam filters react to: shouting, hype, money, pressure, deceptive
subjects and links. Each finding carries its weight in the deliverability risk (points in
rules/email/rules.yaml), so the risk explains itself finding by finding.
"""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.domain import LANGUAGES
from assistant.email_html import shorten
from assistant.email_mime import NormalisedEmail, fold, host_of
from assistant.email_rules import (
    Hit,
    email_rules,
    find_phrases,
    hit,
    hits_if,
    phrase_lists,
    rule,
)
from assistant.text import compile_terms

_IPV4 = re.compile(r"\d{1,3}(?:\.\d{1,3}){3}")
_NUMERIC_HOST = re.compile(r"(?:0x[0-9a-f]+|\d{8,10})")  # 3232235777, 0xC0A80101
_CAPS_WORD = re.compile(r"[^\W\d_]{4,}")
_WORD = re.compile(r"(?<![\w@./-])[^\W\d_]+(?![\w@/-])")


def _languages(mail: NormalisedEmail) -> tuple[str, ...]:
    """The mail's language, and English (mixed-language mail and English boilerplate)."""
    return (mail.language, "en")


def _quote(text: str, limit: int = 60) -> str:
    return f'"{shorten(text, limit)}"'


def _phrase_items(found: list[tuple[str, str]]) -> list[str]:
    return [f'"{phrase}" ({language})' for phrase, language in found]


def in_capitals(text: str, min_letters: int | None = None) -> bool:
    """Mostly capital letters (only cased letters count: Hebrew has no capitals); lines of
    codes or dividers ("-----BEGIN PGP-----", modem strings) are not shouting."""
    signals = email_rules().signals
    upper = sum(map(str.isupper, text))
    if not upper:
        return False
    letters = upper + sum(map(str.islower, text))
    wanted = signals.caps_min_letters if min_letters is None else min_letters
    if letters < wanted or upper < signals.caps_share * letters:
        return False
    visible = len(text) - sum(map(str.isspace, text))
    return letters >= signals.caps_text_share * visible


@lru_cache(maxsize=8192)
def _caps_line(line: str) -> bool:
    return in_capitals(line)


# --- links ---------------------------------------------------------------------------------------


@rule("url-shortener")
def _url_shortener(mail: NormalisedEmail) -> list[Hit]:
    from assistant.email_rules import shorteners

    exact, suffixes = shorteners()
    found = []
    for url in dict.fromkeys([link.href for link in mail.links] + mail.text_urls):
        host = host_of(url)
        if host and (
            host.removeprefix("www.") in exact or host in exact or host.endswith(suffixes)
        ):
            found.append(f"{host} ({shorten(url)})")
    return hits_if("url-shortener", found)


def _site(host: str) -> str:
    """Registrable domain, roughly: acme.com from go.acme.com, acme.co.uk from www.acme.co.uk."""
    labels = host.lower().split(".")
    short = len(labels) >= 3 and labels[-2] in email_rules().second_level_labels
    return ".".join(labels[-3:] if short and len(labels[-1]) == 2 else labels[-2:])


@lru_cache(maxsize=1)
def _domain_text() -> re.Pattern[str]:
    """Link text that is a URL, a bare domain with a known TLD, or an email address."""
    tlds = "|".join(email_rules().link_text_tlds)
    return re.compile(
        rf"^(?:https?://|www\.)(?P<host>[a-z0-9-]+(?:\.[a-z0-9-]+)+)(?::\d+)?(?:[/?#]\S*)?$"
        rf"|^(?P<bare>(?:[a-z0-9-]+\.)+(?:{tlds}))(?:/\S*)?$"
        rf"|^[\w.+-]+@(?P<mail>(?:[a-z0-9-]+\.)+[a-z]{{2,24}})$",
        re.IGNORECASE,
    )


@rule("link-mismatch")
def _link_mismatch(mail: NormalisedEmail) -> list[Hit]:
    found = []
    for link in mail.doc.links:
        match = _domain_text().match(link.text.strip().rstrip("/.,"))
        if not match or not link.href:
            continue
        shown = match.group("host") or match.group("bare") or match.group("mail")
        href = link.href
        mailto = href.lower().startswith("mailto:")
        target = host_of(
            "//" + href[7:].split("?")[0].rpartition("@")[2].strip(" ,;>") if mailto else href
        )
        if target and _site(shown) != _site(target):
            found.append(f'"{shorten(link.text, 50)}" → {target}')
    return hits_if("link-mismatch", found)


def _is_numeric(host: str | None) -> bool:
    return bool(host) and bool(_IPV4.fullmatch(host or "") or _NUMERIC_HOST.fullmatch(host or ""))


@rule("numeric-link")
def _numeric_link(mail: NormalisedEmail) -> list[Hit]:
    doc = mail.doc
    images = [image.src for image in doc.images]
    urls = dict.fromkeys([link.href for link in mail.links] + mail.text_urls + images)
    urls.update(dict.fromkeys(doc.form_actions))
    return hits_if("numeric-link", [shorten(url) for url in urls if _is_numeric(host_of(url))])


@lru_cache(maxsize=8)
def _click_pattern(language: str) -> re.Pattern[str]:
    phrases = phrase_lists("click_here").get(language, [])  # type: ignore[call-overload]
    return compile_terms([p.casefold() for p in phrases], language, ignore_case=False)


@rule("click-here")
def _click_here(mail: NormalisedEmail) -> list[Hit]:
    """Link text that is only "click here" (or opens with a two-word click phrase); in a
    plain-text mail, a line that opens with one."""
    texts = [link.text for link in mail.links if link.href] if mail.doc.links else mail.lines
    found = []
    for text in texts:
        folded = fold(text).strip(" .:!>»→")
        for language in dict.fromkeys(_languages(mail)):
            match = _click_pattern(language).match(folded)
            if match and (match.end() == len(folded) or " " in match.group(0)):
                found.append(_quote(text, 50))
                break
    return hits_if("click-here", found)


# --- text ----------------------------------------------------------------------------------------


@rule("caps-lines")
def _caps_lines(mail: NormalisedEmail) -> list[Hit]:
    return hits_if("caps-lines", [_quote(line) for line in mail.lines if _caps_line(line)])


@rule("caps-words")
def _caps_words(mail: NormalisedEmail) -> list[Hit]:
    """Capital words in running text (lines already in capitals are caps-lines' finding)."""
    signals = email_rules().signals
    running = [line for line in mail.lines if not _caps_line(line)]
    words = sum(len(_WORD.findall(line)) for line in running)
    shouted: list[str] = []
    for line in running:
        if sum(map(str.isupper, line)) < 3:
            continue  # no capital word of three letters here
        found = list(_WORD.finditer(line))
        capital = [len(m.group(0)) >= 2 and m.group(0).isupper() for m in found]
        for index, match in enumerate(found):
            if not capital[index] or len(match.group(0)) < 3:
                continue
            # An acronym stands alone and is short (GDPR, EMEA); shouting runs ("CLICK
            # HERE", words apart by spaces only) or is long.
            joined = [
                other
                for other in (index - 1, index + 1)
                if 0 <= other < len(found)
                and capital[other]
                and not line[
                    min(match.end(), found[other].end()) : max(match.start(), found[other].start())
                ].strip()
            ]
            if joined or len(match.group(0)) >= signals.caps_word_letters:
                shouted.append(match.group(0))
    if len(shouted) < signals.caps_words_min or len(shouted) < signals.caps_words_share * words:
        return []
    return [hit("caps-words", None, shouted)]


@rule("exclamation")
def _exclamation(mail: NormalisedEmail) -> list[Hit]:
    signals = email_rules().signals
    run = re.compile(rf"[!¡]{{{signals.exclamation_run},}}")
    marked = [line for line in mail.lines if "!" in line]
    runs = [line for line in marked if run.search(line)]
    if runs or sum(line.count("!") for line in marked) >= signals.exclamation_many:
        return [hit("exclamation", None, [_quote(line) for line in runs or marked])]
    return []


@lru_cache(maxsize=1)
def _money_amount() -> re.Pattern[str]:
    return re.compile(email_rules().signals.money_amount, re.IGNORECASE)


def money_in(mail: NormalisedEmail, folded: str) -> tuple[list[str], list[str]]:
    """(money phrases, amounts and discounts) in a folded text, as evidence items."""
    phrases = _phrase_items(find_phrases("money", _languages(mail), folded))
    amounts = [_quote(m.group(0).strip(" .,"), 30) for m in _money_amount().finditer(folded)]
    return phrases, list(dict.fromkeys(amounts))


@rule("money")
def _money(mail: NormalisedEmail) -> list[Hit]:
    phrases, amounts = money_in(mail, mail.folded)
    if phrases:
        return [hit("money", None, phrases + amounts)]
    if len(amounts) >= email_rules().signals.money_min_amounts:
        return [hit("money", "amounts", amounts)]
    return []


@rule("urgency")
def _urgency(mail: NormalisedEmail) -> list[Hit]:
    found = find_phrases("urgency", _languages(mail), mail.folded)
    return hits_if("urgency", _phrase_items(found))


@rule("spam-phrases")
def _spam_phrases(mail: NormalisedEmail) -> list[Hit]:
    return hits_if(
        "spam-phrases", _phrase_items(find_phrases("hype", _languages(mail), mail.folded))
    )


@rule("remove-by-reply")
def _remove_by_reply(mail: NormalisedEmail) -> list[Hit]:
    """Opt-out only by replying "remove" (a link that unsubscribes makes it a mere extra)."""
    keywords = email_rules().unsubscribe_href_keywords
    if any(k in link.href.lower() for link in mail.doc.links for k in keywords):
        return []
    found = find_phrases("remove_by_reply", _languages(mail), mail.folded)
    return hits_if("remove-by-reply", _phrase_items(found))


@lru_cache(maxsize=1)
def _reply_prefix() -> re.Pattern[str]:
    prefixes = "|".join(re.escape(p) for p in email_rules().signals.reply_prefixes)
    return re.compile(rf"^\s*(?:{prefixes})\s*(?:\[\d+\]|\(\d+\))?\s*:", re.IGNORECASE)


@rule("subject")
def _subject(mail: NormalisedEmail) -> list[Hit]:
    """Subject checks, for messages with headers (a bare HTML body has no subject)."""
    parsed = mail.parsed
    if parsed.kind != "mime":
        return []
    subject = mail.subject
    if not subject:
        return [hit("subject", "missing")]
    signals = email_rules().signals
    shown = {"subject": _quote(subject, 90)}
    found = []
    if in_capitals(subject, min_letters=8):
        found.append(hit("subject", "all-caps", **shown))
    elif sum(in_capitals(w, 4) for w in _CAPS_WORD.findall(subject)) >= signals.subject_caps_words:
        found.append(hit("subject", "caps-words", **shown))
    if "!" in subject:
        found.append(hit("subject", "exclamation", **shown))
    if any(money_in(mail, fold(subject))):
        found.append(hit("subject", "money", **shown))
    # Outlook threads by Thread-Index; other clients by In-Reply-To and References.
    thread = ("in-reply-to", "references", "thread-index")
    replies = " ".join(parsed.header(name) or "" for name in thread)
    answers = replies.strip() or mail.quoted_lines  # a real reply is threaded or quotes
    if _reply_prefix().match(subject) and not answers:
        found.append(hit("subject", "fake-reply", **shown))
    if len(subject) > signals.subject_max_chars:
        found.append(hit("subject", "too-long", length=len(subject), **shown))
    return found


@lru_cache(maxsize=1)
def _token_pattern() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in email_rules().personalization_tokens))


@rule("segmentation")
def _segmentation(mail: NormalisedEmail) -> list[Hit]:
    # Every language: a greeting is a short line that language detection cannot judge alone.
    greetings = find_phrases("generic_greetings", LANGUAGES, mail.folded)
    if greetings:
        return [hit("segmentation", "generic-greeting", _phrase_items(greetings))]
    parts = (mail.subject, mail.text, mail.parsed.plain_text or "")
    if _token_pattern().search(" ".join(parts)):
        return []
    return [hit("segmentation", "no-token")]
