"""Defences for text that reaches the chat model or comes back from it.

Untrusted text (knowledge passages, pasted copy and email, tool results) goes to the model
inside data tags; a closing tag inside it, in any case, spacing or look-alike form, is
neutralised so it cannot end the quote early. Answers are compared with the system prompt on
normalised text (NFKC, case-folded, letters and digits only), so zero-width characters, bidi
controls, odd spacing or punctuation cannot smuggle the prompt out.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

LEAK_WINDOW = 48  # this many letters and digits of the system prompt in a row = a leak
# Invisible characters a model may ignore inside a tag: whitespace, soft hyphen, zero-width
# and joiner characters, bidi marks, embeddings, overrides and isolates, word joiner, BOM.
_INVISIBLE = r"[\s\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]*"


@lru_cache(maxsize=16)
def closing_tag(tag: str) -> re.Pattern[str]:
    """`</tag` in any case, with spaces or invisible characters between its parts, and in
    fullwidth or small-form look-alikes (＜／ＣＯＰＹ＞)."""
    letters = []
    for char in tag:
        forms = {char.lower(), char.upper()}
        if char.isascii() and char.isalpha():
            forms |= {chr(ord(c) - 0x21 + 0xFF01) for c in (char.lower(), char.upper())}
        letters.append("[" + "".join(re.escape(form) for form in sorted(forms)) + "]")
    return re.compile(
        "[<\uff1c\ufe64]" + _INVISIBLE + "[/\uff0f]" + _INVISIBLE + _INVISIBLE.join(letters)
    )


def quoted(tag: str, text: str) -> str:
    """Wrap untrusted text as data; no closing tag inside it can end the quote early."""
    safe = closing_tag(tag).sub(lambda match: "&lt;" + match.group(0)[1:], text)
    return f"<{tag}>\n{safe}\n</{tag}>"


def comparable(text: str) -> str:
    """Text reduced to what a reader sees as its words: NFKC, case-folded, letters and digits
    only (spaces, punctuation, zero-width and bidi characters all vanish)."""
    return "".join(
        char for char in unicodedata.normalize("NFKC", text).casefold() if char.isalnum()
    )


class LeakGuard:
    """Watches an answer as it streams; `feed` says whether it now repeats the secret."""

    def __init__(self, secret: str, window: int = LEAK_WINDOW) -> None:
        self.window = window
        self.windows = _windows(comparable(secret), window)
        self._tail = ""

    def feed(self, text: str) -> bool:
        """Add streamed text; only windows ending in it are checked (constant work per token)."""
        seen = self._tail + comparable(text)
        found = any(
            seen[start : start + self.window] in self.windows
            for start in range(max(0, len(seen) - self.window + 1))
        )
        self._tail = seen[-(self.window - 1) :] if self.window > 1 else ""
        return found

    def reveals(self, answer: str) -> bool:
        """Whether a whole answer repeats the secret (a fresh check, independent of `feed`)."""
        return LeakGuard._check(comparable(answer), self.windows, self.window)

    @staticmethod
    def _check(text: str, windows: frozenset[str], window: int) -> bool:
        return any(
            text[start : start + window] in windows
            for start in range(max(0, len(text) - window + 1))
        )


@lru_cache(maxsize=8)
def _windows(text: str, window: int) -> frozenset[str]:
    return frozenset(text[start : start + window] for start in range(len(text) - window + 1))
