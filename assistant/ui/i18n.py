"""Interface strings in en/es/he (assistant/ui/strings.yaml) and the page's language choice."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from typing import Any

import streamlit as st
from pydantic import RootModel, model_validator

from assistant.domain import LANGUAGES, Language, is_rtl, label, language_name
from assistant.rules import load
from assistant.ui.render import escape_markdown, isolate

UI_LANGUAGES: tuple[str, ...] = LANGUAGES  # every contract language has its interface
LANGUAGE_KEY = "ui_language"
_ALIASES = {"iw": "he"}  # the old ISO code some browsers still send for Hebrew


class Strings(RootModel[dict[str, dict[Language, str]]]):
    """ui/strings.yaml: every interface string, keyed by id, then by language."""

    @model_validator(mode="after")
    def every_language(self) -> Strings:
        for key, entry in self.root.items():
            missing = [language for language in UI_LANGUAGES if not entry.get(language)]
            if missing:
                raise ValueError(f"{key}: missing {', '.join(missing)}")
        return self


def strings() -> dict[str, dict[str, str]]:
    """Every interface string, keyed by id, then by language."""
    return load("ui/strings.yaml", Strings).root  # type: ignore[return-value]


def current_language() -> str:
    language = st.session_state.get(LANGUAGE_KEY, "en")
    return language if language in UI_LANGUAGES else "en"


def t_plain(key: str, **values: Any) -> str:
    """A string for plain-text places (file names, table cells, select options)."""
    entry = strings()[key]
    text = entry.get(current_language()) or entry["en"]
    return text.format(**values) if values else text


def t(key: str, **values: Any) -> str:
    """A string for markdown places (labels, alerts, text): the values are escaped, and those
    written in the other direction (a Latin name on the Hebrew page) are bidi-isolated."""
    rtl = ui_is_rtl()
    escaped = {name: isolate(escape_markdown(str(value)), rtl) for name, value in values.items()}
    return t_plain(key, **escaped)


def upload_help(mb: float, setting: str) -> str:
    """An uploader's help: its size limit and the setting that sets it."""
    return t_plain("upload_limit", mb=f"{mb:g}", setting=setting)


def browser_language() -> str:
    """The browser's language when Streamlit exposes it (`st.context.locale`), else English."""
    try:
        locale = st.context.locale
    except AttributeError:  # Streamlit before st.context.locale
        return "en"
    if not locale:
        return "en"
    code = str(locale).replace("_", "-").split("-")[0].lower()
    code = _ALIASES.get(code, code)
    return code if code in UI_LANGUAGES else "en"


def init_language() -> None:
    """Before anything renders: the browser's language until the user picks one."""
    if LANGUAGE_KEY not in st.session_state:
        st.session_state[LANGUAGE_KEY] = browser_language()


def choose_language() -> str:
    """The interface language picker (sidebar)."""
    init_language()
    st.selectbox(
        t("language"),
        UI_LANGUAGES,
        key=LANGUAGE_KEY,
        format_func=labelled(UI_LANGUAGES, language_name),
    )
    return current_language()


def ui_is_rtl() -> bool:
    return is_rtl(current_language())


def role_label(role: str) -> str:
    return label("roles", role, current_language())


def stage_label(stage: str) -> str:
    return label("stages", stage, current_language())


def purchase_label(purchase_type: str) -> str:
    return label("purchase_types", purchase_type, current_language())


def labelled(options: Iterable[Hashable], label_of: Callable[[Any], str]) -> Callable[[Any], str]:
    """A `format_func` whose labels are computed now, in this run's language (Streamlit may
    call format functions outside the script run, where session state is not available)."""
    labels = {option: label_of(option) for option in options}
    return lambda option: labels.get(option, str(option))


def choice_label(kind: str, key: str) -> str:
    """Labels for objectives, channels and severities (strings.yaml: `<kind>.<key>`)."""
    name = f"{kind}.{key}"
    return t_plain(name) if name in strings() else key
