"""Every view, walked in Spanish and Hebrew as a user would use it, shows no English of ours.

What a user reads is collected from every element (text, labels, options, help, tables, chart
titles) after a chat turn, a plan, a review, an email check and a brief, with a persona of that
language. A fragment is "English" when it holds an English function word, or an id/slug of ours
(roles, stages, objectives, channels, rule ids, ...). User content is allowed: anything the
knowledge folder holds (guidance, personas, content: the team's own words), file names, what the
test typed, and language names.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest
from test_app import open_page

from assistant.ui.i18n import strings

# English words that Spanish does not use and Hebrew cannot (an English sentence has several).
ENGLISH = frozenset(
    re.findall(
        r"\S+",
        "the and of to for with your is are this that from by on or be not at an it its as can "
        "will have has you we our their what which who how why when into than then there these "
        "those was were been being more most should would could must may might does do did no yes "
        "all any each every one only also just very about after before over under out up here per "
        "click choose pick add save saved show shown file files none read reads new",
    )
)
PERSONAS = {"es": "frescos-del-bajio", "he": "iriyat-neve-carmel"}
QUESTION = {
    "es": "¿Qué necesita el comprador en la negociación?",
    "he": "מה הרוכש צריך בשלב המשא ומתן?",
}
COPY = {
    "es": "Somos el proveedor líder con una solución integral de vanguardia que optimiza "
    "sus procesos. Muchos clientes confían en nosotros. ¡Contáctenos hoy mismo!",
    "he": "אנחנו הספק המוביל עם פתרון חדשני ומקיף שמייעל את התהליכים שלכם. "
    "לקוחות רבים סומכים עלינו. צרו קשר עוד היום!",
}
EMAIL = {
    "es": '<html><body><div style="display:flex"><img src="https://bit.ly/x.png">'
    "<p>¡OFERTA GRATIS! Estimado cliente, compre ahora.</p></div></body></html>",
    "he": '<html><body><div style="display:flex"><img src="https://bit.ly/x.png">'
    "<p>מבצע חינם! לקוח יקר, קנו עכשיו.</p></div></body></html>",
}
REPO = Path(__file__).resolve().parent.parent
PATH = re.compile(r"\S*/\S*|\S+\.(?:md|ya?ml|txt|pdf|docx|html?|eml|csv|xlsx)(?:#\d+)?\b")
SEPARATORS = re.compile(r"[\n·•|:;,()\[\]{}“”«»\"„‘’'!?¿¡…=+→×—–›]|\s-\s|\s/\s|\.\s|\.$")


def ids_of_ours() -> set[str]:
    """Ids and slugs a user must never read (their labels exist in every language)."""
    from assistant import domain
    from assistant.briefs import OBJECTIVES
    from assistant.review import CHANNELS
    from assistant.review_rules import scoring_rules

    found = set(domain.ROLES) | set(domain.STAGES) | set(domain.PURCHASE_TYPES)
    found |= set(domain.TOPICS) | set(OBJECTIVES) | set(CHANNELS)
    found |= set(scoring_rules().score.penalties) | {"soft", "substantive"}
    found |= {"modified-repeat", "lead-generation", "likely-filtered"}
    return {item for item in found if item not in translated_vocabulary()}


def translated_vocabulary() -> set[str]:
    """Words our own Spanish and Hebrew strings use (email, CPL, PDF ...): not leaks."""
    words: set[str] = set()
    for entry in strings().values():
        for language in ("es", "he"):
            words |= {w for w in WORD.findall(entry[language].casefold()) if w.isascii()}
    return words


def user_content(typed: list[str]) -> str:
    """Everything a user wrote or owns, normalised, to look fragments up in."""
    parts = [path.read_text(encoding="utf-8", errors="ignore") for path in _knowledge_files()]
    parts += [path.relative_to(REPO / "knowledge").as_posix() for path in _knowledge_files()]
    parts += typed + ["English", "Español", "עברית", "Markdown", "DOCX", "CSV", "HTML"]
    return normalise("\n".join(parts))


def _knowledge_files() -> list[Path]:
    return [p for p in sorted((REPO / "knowledge").rglob("*")) if p.is_file()]


def normalise(text: str) -> str:
    text = html.unescape(text)
    text = ENV_NAME.sub(" ", text)  # ASSISTANT_MAX_FILE_MB names a setting, it is no prose
    text = re.sub(r"\\(.)", r"\1", text)  # markdown escapes
    text = re.sub(r":[a-z]+-(?:background|badge)\[|[\u2068\u2069*_`>]|^#+ ", " ", text)
    return " ".join(text.split()).casefold()


def shown(at: AppTest) -> Iterator[tuple[str, str]]:
    """(where, text) for every piece of text the page shows or announces."""
    for kind in (
        "title", "header", "subheader", "markdown", "caption", "info", "success", "warning",
        "error", "latex", "code", "json", "exception",
    ):  # fmt: skip
        for element in getattr(at, kind, []):
            yield kind, str(getattr(element, "value", ""))
    for element in at.expander:
        yield "expander", element.label
    for element in at.tabs:
        yield "tab", element.label
    for kind in ("button", "checkbox", "toggle", "text_input", "text_area", "number_input"):
        for element in getattr(at, kind, []):
            yield kind, element.label
            yield f"{kind} help", element.help or ""
            yield f"{kind} placeholder", getattr(element, "placeholder", "") or ""
    for kind in ("selectbox", "multiselect", "radio", "select_slider"):
        for element in getattr(at, kind, []):
            yield kind, element.label
            yield f"{kind} help", element.help or ""
            for option in element.options:  # AppTest holds them as shown (format_func applied)
                yield f"{kind} option", str(option)
    for element in at.metric:
        yield "metric", f"{element.label} {element.value}"
    for element in at.chat_input:
        yield "chat input", element.placeholder
    for frame in at.dataframe:
        value = frame.value
        yield "table header", " · ".join(str(c) for c in value.columns)
        if value.index.dtype == object:
            yield "table index", " · ".join(str(i) for i in value.index)
        for cell in value.to_numpy().ravel():
            yield "table cell", str(cell)
    for kind in ("file_uploader", "download_button"):
        for element in at.get(kind):
            yield kind, element.proto.label
            yield f"{kind} help", element.proto.help
    for chart in at.get("vega_lite_chart") + at.get("arrow_vega_lite_chart"):
        yield "chart", " · ".join(_chart_titles(json.loads(chart.proto.spec)))
    for frame in at.get("iframe"):
        titles = re.findall(r'title="([^"]*)"', frame.proto.srcdoc)
        yield "frame title", titles[0] if titles else ""


def _chart_titles(spec: Any) -> Iterator[str]:
    if isinstance(spec, dict):
        for key, value in spec.items():
            if key in ("title", "text") and isinstance(value, str):
                yield value
            else:
                yield from _chart_titles(value)
    elif isinstance(spec, list):
        for item in spec:
            yield from _chart_titles(item)


WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")  # whole words: "allí" is not "all"
ENV_NAME = re.compile(r"\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b")
SLUG = re.compile(r"^[a-z]+(?:-[a-z]+)+$")  # download-to-meeting, lead-generation


def english_leaks(at: AppTest, allowed: str, ids: set[str], language: str) -> list[str]:
    vocabulary = translated_vocabulary()
    allowed_words = {w for w in WORD.findall(allowed) if w.isascii()}
    leaks = []
    for where, text in shown(at):
        for fragment in SEPARATORS.split(normalise(text)):
            fragment = PATH.sub(" ", fragment).strip(" -.")  # file names are the user's
            if not fragment or fragment in allowed:
                continue
            words = [w for w in WORD.findall(fragment) if w.isascii()]
            bad = [
                word
                for word in words
                if word in ids
                or (word in ENGLISH and word not in vocabulary)
                or (SLUG.match(word) and word not in allowed_words | vocabulary)
                or (language == "he" and len(word) > 2 and word not in allowed_words | vocabulary)
            ]
            if bad:
                leaks.append(f"{where}: {fragment!r} ({', '.join(bad)})")
    return sorted(set(leaks))


def button_labelled(at: AppTest, key: str, language: str) -> Any:
    wanted = strings()[key][language]
    found = [b for b in at.button if b.label == wanted]
    assert found, f"no button {wanted!r}"
    return found[0]


def walk(language: str, view: str) -> tuple[AppTest, list[str]]:
    """Open one view in `language` with that language's persona and use it once."""
    at = open_page(view, language=language, persona=PERSONAS[language])
    typed: list[str] = []
    if view == "chat":
        typed.append(QUESTION[language])
        at.chat_input[0].set_value(QUESTION[language]).run()
    elif view == "plan":
        button_labelled(at, "make_plan", language).click().run()
        cell = at.selectbox(key="plan-cell")
        cell.select_index(len(cell.options) - 1).run()
    elif view == "review":
        typed.append(COPY[language])
        at.text_area(key="review-text").set_value(COPY[language])
        at.selectbox(key="review-channel").select("email")
        roles = at.selectbox(key="review-role")
        roles.select(roles.options[1])
        button_labelled(at, "review_button", language).click().run()
    elif view == "email":
        typed.append(EMAIL[language])
        at.text_area(key="email-paste").set_value(EMAIL[language])
        at.button(key="email-run").click().run()
    elif view == "brief":
        at.number_input[0].set_value(20000.0)
        button_labelled(at, "make_brief", language).click().run()
    elif view == "segments":
        data = (REPO / "docs" / "examples" / EXPORTS[language]).read_bytes()
        typed.append(data.decode("utf-8-sig", errors="replace"))
        typed.append(data.decode("cp1252", errors="replace"))
        at.file_uploader(key="seg-upload").upload(EXPORTS[language], data, "text/csv").run()
    elif view == "personas":
        button_labelled(at, "save_persona", language).click().run()  # the empty form's notes
    assert not at.exception, [e.value for e in at.exception]
    return at, typed


VIEWS = ["chat", "plan", "review", "email", "brief", "segments", "personas", "knowledge"]
EXPORTS = {"es": "contactos-es.csv", "he": "contacts-he.csv"}  # docs/examples
# Leaks whose fix is another piece of issue 14, listed so the rest of each view stays checked.
# Each must still occur: once fixed, this test fails until its line is deleted here.
SEGMENTS = "segments view (issue 14: the Segments view is its own piece of work)"
PENDING: dict[tuple[str, str], list[tuple[str, str]]] = {
    (view, language): [
        (r"--min-segment", f"a command-line option in the page's advice: {SEGMENTS}"),
        (r"^table cell: ", f"evidence and function ids in the contacts table: {SEGMENTS}"),
    ]
    for view, language in (("segments", "es"), ("segments", "he"))
}
PENDING[("segments", "he")].append((r"'walla'", f"a free-mail account shown by domain: {SEGMENTS}"))


@pytest.fixture(scope="module")
def ids() -> set[str]:
    return ids_of_ours()


@pytest.mark.parametrize("language", ["es", "he"])
@pytest.mark.parametrize("view", VIEWS)
def test_no_english_of_ours_under_spanish_or_hebrew(
    indexed_knowledge: Path, language: str, view: str, ids: set[str]
) -> None:
    at, typed = walk(language, view)
    leaks = english_leaks(at, user_content(typed), ids, language)
    pending = PENDING.get((view, language), [])
    fixed = [why for pattern, why in pending if not any(re.search(pattern, x) for x in leaks)]
    assert not fixed, f"fixed, delete from PENDING[{(view, language)!r}]: {fixed}"
    leaks = [x for x in leaks if not any(re.search(pattern, x) for pattern, _ in pending)]
    assert not leaks, f"{view} in {language} shows English or ids:\n" + "\n".join(leaks)
