"""The page through Streamlit's AppTest: every view, as a user drives it, on the bundled pack."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from streamlit.testing.v1 import AppTest

from assistant.config import load_settings
from assistant.domain import LANGUAGES
from assistant.history import History
from assistant.ui.i18n import strings

REPO = Path(__file__).resolve().parent.parent
APP = str(REPO / "app.py")
SOFT_COPY = (
    "We are the leading, world-class provider of innovative, best-in-class solutions. "
    "Our cutting-edge platform delivers unparalleled synergy for your business. "
    "Contact us today!"
)
CLEAN_EMAIL = (
    '<html><body><table role="presentation" width="600"><tr><td>'
    "<p>Hello Ana, the pallet audit checklist for 3PL sites is attached.</p>"
    '<p><a href="https://example.com/checklist">Download the checklist</a></p>'
    '<p><a href="https://example.com/unsubscribe">Unsubscribe</a></p>'
    "</td></tr></table></body></html>"
)


def label(key: str, language: str = "en") -> str:
    return strings()[key][language]


def open_page(view: str = "chat", language: str = "en", persona: str = "") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=180)
    at.session_state["ui_language"] = language
    at.session_state["view"] = label(f"tab_{view}", language)
    if persona:
        at.session_state["persona_id"] = persona
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def texts(at: AppTest) -> str:
    """Everything the page shows as text, joined, to assert on what a user reads."""
    parts: list[str] = []
    for kind in ("markdown", "caption", "info", "success", "warning", "error", "subheader"):
        parts += [str(element.value) for element in getattr(at, kind)]
    parts += [expander.label for expander in at.expander]
    return re.sub(r"\\(.)", r"\1", "\n".join(parts))  # Markdown escapes removed


def plain_words(text: str) -> list[str]:
    """The words of a text, without Markdown markup, highlights or escapes."""
    text = re.sub(r":orange-background\[|\\", "", text)
    return re.findall(r"\w+", text)


def button(at: AppTest, key: str) -> Any:
    found = [b for b in at.button if b.label == label(key)]
    assert found, f"no button {label(key)!r}: {[b.label for b in at.button]}"
    return found[0]


def download(at: AppTest, key: str) -> Any:
    found = [d for d in at.get("download_button") if d.proto.label == label(key)]
    assert found, f"no download button {label(key)!r}"
    return found[0]


DOWNLOADS: dict[str, bytes] = {}


@pytest.fixture(autouse=True)
def record_downloads(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep what each download button would send (AppTest drops its media store after a run)."""
    from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

    original = MemoryMediaFileStorage.load_and_get_id

    def load_and_get_id(self: Any, path_or_data: Any, *args: Any, **kwargs: Any) -> str:
        file_id = original(self, path_or_data, *args, **kwargs)
        DOWNLOADS[file_id] = self.get_file(file_id).content
        return file_id

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", load_and_get_id)


def download_bytes(at: AppTest, element: Any) -> bytes:
    """What the browser would receive for a download button."""
    file_id = element.proto.url.rsplit("/", 1)[-1].split(".")[0]
    return DOWNLOADS[file_id]


@pytest.fixture
def page_data(indexed_knowledge: Path) -> Path:
    return indexed_knowledge


def test_first_start_indexes_the_knowledge_folder(small_knowledge: Path) -> None:
    at = open_page()
    assert "Index synced:" in texts(at)
    assert re.search(r"\d+ chunks", texts(at))
    assert History(load_settings().data_dir).list() == []


def test_chat_turn_streams_a_cited_answer_and_keeps_it(page_data: Path) -> None:
    at = open_page()
    assert "Offline mode" in texts(at)
    at.chat_input[0].set_value("What should a prescriber read at the specification stage?").run()
    assert not at.exception
    citations = [e for e in at.expander if e.label.startswith("[1]")]
    assert citations, texts(at)
    shown = texts(at)
    assert "Answered by: offline" in shown
    # A citation reads like the knowledge: document title › section, never a file path or id.
    saved = History(load_settings().data_dir).list()[0]
    cited = [m for m in History(load_settings().data_dir).get(saved.id).messages if m.citations][
        0
    ].citations[0]
    first = citations[0].label.replace("\\", "")
    assert first == f"[1] {cited['label']}" and " › " in first, first
    assert "guidance/" not in shown and ".md" not in shown and "Our guidance" not in first
    # Expanded, it shows the cited passage itself, with what the answer used highlighted.
    body = "\n".join(str(m.value) for m in citations[0].markdown)
    assert ":orange-background[" in body
    assert plain_words(cited["passage"])[:6] == plain_words(body)[:6]
    # The conversation is listed in the sidebar and stored.
    conversations = History(load_settings().data_dir).list()
    assert len(conversations) == 1
    assert any(b.label.startswith("What should a prescriber") for b in at.sidebar.button)


def test_chat_feedback_rename_export_and_delete(page_data: Path) -> None:
    at = open_page()
    at.chat_input[0].set_value("How do I get email through corporate IT filters?").run()
    history = History(load_settings().data_dir)
    conversation = history.list()[0]
    answer = [m for m in history.get(conversation.id).messages if m.role == "assistant"][0]
    at.get("feedback")[0].set_value(0).run()
    at.text_input(key=f"reason-{answer.id}").set_value("Nothing about SPF records").run()
    button(at, "feedback_send").click().run()
    assert "noted as a knowledge gap" in texts(at)
    assert [gap.reason for gap in history.gaps()] == ["Nothing about SPF records"]
    at.text_input(key=f"title-{conversation.id}").set_value("Deliverability").run()
    button(at, "save_title").click().run()
    assert history.get(conversation.id).title == "Deliverability"
    markdown = download_bytes(at, download(at, "export_markdown")).decode()
    assert "How do I get email through corporate IT filters?" in markdown
    at.checkbox(key=f"confirm-{conversation.id}").check().run()
    button(at, "delete").click().run()
    assert history.list() == []
    assert not at.exception


def test_chat_resumes_a_conversation_after_restart(page_data: Path) -> None:
    at = open_page()
    at.chat_input[0].set_value("What does the filter role do?").run()
    fresh = open_page()
    conversation = History(load_settings().data_dir).list()[0]
    fresh.button(key=f"conv-{conversation.id}").click().run()
    assert "What does the filter role do?" in texts(fresh)
    assert any(e.label.startswith("[1]") for e in fresh.expander)


def test_chat_reviews_pasted_copy_and_plans_for_a_named_persona(page_data: Path) -> None:
    at = open_page()
    at.chat_input[0].set_value(SOFT_COPY).run()
    assert (
        "Copy review" in texts(at) and ":red-badge[" in texts(at) or ":orange-badge[" in texts(at)
    )
    at.chat_input[0].set_value("Plan content for Northbridge").run()
    assert not at.exception
    assert "Content plan" in [e.label for e in at.expander]
    assert at.dataframe, "the plan's heatmap is shown"


def test_persona_picker_scopes_the_chat(page_data: Path) -> None:
    at = open_page(persona="northbridge-3pl")
    assert "Answers are scoped to Northbridge" in texts(at)
    at.chat_input[0].set_value("Which objections does the buyer raise?").run()
    shown = texts(at)
    assert re.search(r"\[\d\] Northbridge Third-Party Logistics Ltd › ", shown), shown
    assert "personas/" not in shown


def fill_new_persona(persona_id: str) -> AppTest:
    """The persona form filled with a valid account except, perhaps, its id."""
    at = open_page("personas")
    prefix = "pe-__new__"
    for field, value in (
        ("id", persona_id),
        ("company", "Acme Logistics"),
        ("industry", "Logistics"),
        ("segment", "mid-market-3pl"),
        ("offering", "Dock scheduling"),
        ("m0-title", "Head of Operations"),
    ):
        at.text_input(key=f"{prefix}-{field}").set_value(value)
    return at


def test_invalid_persona_is_not_saved_and_names_the_field(page_data: Path) -> None:
    at = fill_new_persona("Acme Logistics!")
    button(at, "save_persona").click().run()
    assert not at.exception
    assert [e.value for e in at.error][0].startswith("Use only lower")
    assert not (page_data / "personas" / "Acme Logistics!.yaml").exists()
    assert len(list((page_data / "personas").glob("*.yaml"))) == 6


def test_valid_persona_is_saved_reindexed_and_made_active(page_data: Path) -> None:
    at = fill_new_persona("acme-logistics")
    prefix = "pe-__new__"
    at.text_area(key=f"{prefix}-m0-goals").set_value("Cut truck waiting time to 20 minutes")
    button(at, "save_persona").click().run()
    assert not at.exception, [e.value for e in at.exception]
    saved = page_data / "personas" / "acme-logistics.yaml"
    assert saved.exists() and "Cut truck waiting time" in saved.read_text()
    assert "Saved the persona Acme Logistics and reindexed" in texts(at)
    assert at.session_state["persona_id"] == "acme-logistics"


def test_plan_view_heatmap_cell_suggestions_and_downloads(page_data: Path) -> None:
    at = open_page("plan", persona="northbridge-3pl")
    button(at, "make_plan").click().run()
    assert not at.exception, [e.value for e in at.exception]
    heatmap = at.dataframe[0].value
    assert list(heatmap.columns)[0].startswith("Need")
    assert any("ideas" in str(value) for value in heatmap.to_numpy().ravel())
    cell = at.selectbox(key="plan-cell")
    assert "no content yet" in cell.options[0]  # empty cells first
    first_stage = list(heatmap.columns)[0]
    at.session_state["plan-heatmap"] = {"selection": {"cells": [(0, first_stage)]}}
    at.run()  # a click on the heatmap's first cell picks it below
    assert at.selectbox(key="plan-cell").value is not None
    picked = at.selectbox(key="plan-cell")
    assert picked.options[picked.index].startswith(f"{heatmap.index[0]} × {first_stage}")
    cell = at.selectbox(key="plan-cell")
    cell.select_index(len(cell.options) - 1).run()
    assert "Call to action:" in texts(at)
    assert any(e.label.startswith("[1] ") for e in at.expander)
    markdown = download_bytes(at, download(at, "download_markdown")).decode()
    assert "Northbridge" in markdown
    csv = download_bytes(at, download(at, "download_csv")).decode()
    assert csv.splitlines()[0].startswith("role,") or "role" in csv.splitlines()[0]


def test_plan_view_asks_for_a_persona(page_data: Path) -> None:
    at = open_page("plan")
    assert "Pick the active persona" in texts(at)


def test_review_view_highlights_findings_and_shows_the_score(page_data: Path) -> None:
    at = open_page("review")
    at.text_area(key="review-text").set_value(SOFT_COPY)
    at.selectbox(key="review-channel").select("email")
    at.selectbox(key="review-role").select("decider")
    button(at, "review_button").click().run()
    assert not at.exception, [e.value for e in at.exception]
    shown = texts(at)
    assert "Findings (" in shown
    assert ":orange-background[" in shown or ":red-background[" in shown
    assert "soft: adds little" in shown
    assert [m.value for m in at.metric] == ["0/100"] or at.metric[0].value.endswith("/100")
    gauge = json.loads(at.get("vega_lite_chart")[0].proto.spec)
    assert gauge["mark"]["type"] == "arc"
    assert "Fit for" in shown


def test_review_view_reads_an_uploaded_file(page_data: Path) -> None:
    at = open_page("review")
    at.file_uploader(key="review-upload").upload("copy.txt", SOFT_COPY.encode(), "text/plain").run()
    assert at.text_area(key="review-text").value == SOFT_COPY
    at.file_uploader(key="review-upload").upload("bad.txt", b"\xff\xfe\x00bad", "text/plain").run()
    assert "bad.txt: not UTF-8 text" in texts(at)


def test_email_view_checks_an_upload_and_previews_it_sandboxed(page_data: Path) -> None:
    at = open_page("email")
    risky = (
        '<html><body><div style="display:flex"><script>alert(1)</script>'
        '<img src="https://bit.ly/x.png" onerror="alert(2)">'
        '<a href="javascript:alert(3)">Click here</a></div></body></html>'
    )
    at.file_uploader(key="email-upload").upload("promo.html", risky.encode(), "text/html").run()
    assert not at.exception, [e.value for e in at.exception]
    shown = texts(at)
    assert "Findings (" in shown and "Script links" in shown
    assert "Likely filtered as spam · deliverability risk 100/100" in shown
    assert "What matters most" in shown
    frames = at.get("iframe")
    assert len(frames) == 1
    frame = frames[0].proto.srcdoc
    assert 'sandbox=""' in frame
    assert "<script" not in frame.split("srcdoc=", 1)[1]
    assert "onerror" not in frame and "javascript:" not in frame


def test_email_view_clean_email_has_no_findings(page_data: Path) -> None:
    at = open_page("email")
    at.text_area(key="email-paste").set_value(CLEAN_EMAIL)
    at.button(key="email-run").click().run()
    errors = [m for m in texts(at).splitlines() if ":red-badge[" in m]
    assert errors == []
    assert at.get("iframe")


def test_email_view_follows_the_interface_language(page_data: Path) -> None:
    at = open_page("email", language="es")
    at.text_area(key="email-paste").set_value(
        "<p>CLICK HERE NOW FOR THE BEST PRICE!!!</p><p>Earn extra cash fast.</p>"
    )
    at.button(key="email-run").click().run()
    assert not at.exception, [e.value for e in at.exception]
    shown = texts(at)
    assert "Probablemente filtrado como spam · riesgo de entrega" in shown
    assert "Lo más importante" in shown and "Líneas en mayúsculas" in shown
    assert "Lines written in capitals" not in shown
    at.session_state["ui_language"] = "he"
    at.run()
    assert "שורות באותיות רישיות" in texts(at)


def test_brief_view_funnel_stage_fit_and_downloads(page_data: Path) -> None:
    at = open_page("brief", persona="northbridge-3pl")
    at.text_input(key="brief-budget").set_value("€20,000")
    at.text_input(key="brief-owner").set_value("Ana Ruiz")
    button(at, "make_brief").click().run()
    assert not at.exception, [e.value for e in at.exception]
    shown = texts(at)
    assert "Stage fit" in shown and "CPL / CPA calculator" in shown
    assert "€20,000" in [m.value for m in at.metric] and "Owner: Ana Ruiz" in shown
    assert "lead-generation" not in shown and "download-to-meeting" not in shown
    assert at.get("arrow_vega_lite_chart") or at.get("vega_lite_chart")
    markdown = download_bytes(at, download(at, "download_markdown")).decode()
    assert "Northbridge" in markdown or "northbridge" in markdown
    document = Document(io.BytesIO(download_bytes(at, download(at, "download_docx"))))
    assert any(paragraph.text.strip() for paragraph in document.paragraphs)


def test_knowledge_view_status_invalid_persona_upload_reindex_and_gaps(page_data: Path) -> None:
    (page_data / "personas" / "broken.yaml").write_text(
        "id: broken\ncompany: Broken Co\nindustry: Steel\nlanguage: en\nsegment: steel\n"
        "purchase: {type: sometimes, offering: x}\nbuying_center: [{role: buyer, title: B}]\n",
        encoding="utf-8",
    )
    at = open_page("knowledge")
    shown = texts(at)
    assert "persona file(s) are invalid" in shown
    tables = " ".join(str(c) for frame in at.dataframe for c in frame.value.to_numpy().ravel())
    assert "broken.yaml" in tables and "purchase.type" in tables
    guide = b"# Trade fairs\n\nBook meetings with the buyer two weeks before the fair.\n"
    at.file_uploader(key="kn-upload").upload("../../etc/Trade fairs.md", guide, "text/markdown")
    at.run()
    button(at, "save_uploads").click().run()
    saved = page_data / "uploads" / "Trade-fairs.md"
    assert saved.read_bytes() == guide
    assert not (page_data.parent / "etc").exists()
    button(at, "reindex").click().run()
    assert not at.exception
    assert "Index synced: 1 added" in texts(at)


def test_upload_of_an_existing_name_asks_before_replacing(page_data: Path) -> None:
    (page_data / "uploads").mkdir()
    (page_data / "uploads" / "notes.md").write_text("# Old\n\nkeep me\n", encoding="utf-8")
    at = open_page("knowledge")
    at.file_uploader(key="kn-upload").upload("notes.md", b"# New\n\nnew text\n", "text/markdown")
    at.run()
    button(at, "save_uploads").click().run()
    assert "notes.md already exists" in texts(at)
    assert "keep me" in (page_data / "uploads" / "notes.md").read_text()
    [replace] = [b for b in at.button if b.label.startswith("Replace")]
    replace.click().run()
    assert "new text" in (page_data / "uploads" / "notes.md").read_text()


def test_hebrew_interface_is_right_to_left(page_data: Path) -> None:
    at = open_page(language="he")
    assert [tab.label for tab in at.tabs][0] == label("tab_chat", "he")
    assert "st-key-rtl" in str(at.get("html")[0].proto.body)
    keys = {getattr(block.proto, "id", "") for block in at.main.children.values()}
    assert any("rtl-main" in str(key) for key in keys) or "rtl-main" in repr(at.main)
    at.chat_input[0].set_value("מה קורא הממליץ בשלב האפיון?").run()
    assert not at.exception
    assert "נענה על ידי" in texts(at)


def test_spanish_interface_and_answer(page_data: Path) -> None:
    at = open_page(language="es")
    at.chat_input[0].set_value("¿Cómo llego al filtro del departamento de TI?").run()
    assert "Respondido por" in texts(at)
    shown = texts(at)
    assert "[1] El centro de compras y los roles que deciden una compra B2B › " in shown, shown
    assert "guidance/" not in shown


def test_every_string_exists_in_every_language() -> None:
    table = strings()
    missing = [
        (key, language)
        for key, entry in table.items()
        for language in LANGUAGES
        if not entry.get(language)
    ]
    assert missing == []
    placeholders = re.compile(r"\{(\w+)\}")
    for key, entry in table.items():
        expected = set(placeholders.findall(entry["en"]))
        for language in ("es", "he"):
            assert set(placeholders.findall(entry[language])) == expected, (key, language)


def test_the_browser_language_is_the_default(page_data: Path, monkeypatch: Any) -> None:
    import streamlit as st

    from assistant.ui import i18n

    class Context:
        locale = "he-IL"

    monkeypatch.setattr(st, "context", Context())
    assert i18n.browser_language() == "he"
    Context.locale = "es-MX"
    assert i18n.browser_language() == "es"
    Context.locale = "fr-FR"
    assert i18n.browser_language() == "en"


XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def unsafe_fragments(at: AppTest) -> list[str]:
    """Any element that would hand raw HTML to the browser: only our static CSS may."""
    found = []
    for kind in ("markdown", "caption", "info", "success", "warning", "error", "subheader"):
        for element in getattr(at, kind):
            body = str(element.value)
            if "<script" in body.lower() or "<img" in body.lower():
                found.append(f"{kind}: {body[:120]}")
            if getattr(element.proto, "allow_html", False):
                found.append(f"{kind} with unsafe_allow_html: {body[:120]}")
    for html_element in at.get("html"):
        body = html_element.proto.body
        if "<script" in body.lower() or "onerror" in body.lower():
            found.append(f"html: {body[:120]}")
    for frame in at.get("iframe"):
        inner = frame.proto.srcdoc.split("srcdoc=", 1)[-1]
        if "&lt;script" in inner or "onerror" in inner:
            found.append(f"iframe: {inner[:120]}")
    return found


def test_script_and_img_strings_are_shown_never_run_in_every_view(small_knowledge: Path) -> None:
    """On the small knowledge fixture plus a bundled persona turned hostile: what is under test
    is every view's rendering of hostile strings, not the bundled pack (indexing it on first
    start cost more than all seven views)."""
    knowledge_dir = small_knowledge
    persona = (REPO / "knowledge" / "personas" / "northbridge-3pl.yaml").read_text(encoding="utf-8")
    persona = persona.replace("id: northbridge-3pl", "id: xss-co").replace(
        "company: Northbridge Third-Party Logistics Ltd", f"company: '{XSS} Logistics'"
    )
    persona = persona.replace("title: Procurement Manager", f"title: '{XSS} Procurement'")
    (knowledge_dir / "personas" / "xss-co.yaml").write_text(persona, encoding="utf-8")
    (knowledge_dir / "uploads").mkdir()
    (knowledge_dir / "uploads" / "fairs.md").write_text(
        f"# Trade fairs {XSS}\n\nBook trade fair meetings {XSS} two weeks ahead "
        "[click](javascript:alert(1)) ![i](https://evil.example/x.png)\n",
        encoding="utf-8",
    )
    at = open_page(persona="xss-co")
    at.chat_input[0].set_value(f"When should I book trade fair meetings? {XSS}").run()
    assert "&lt;script&gt;" in texts(at)  # shown as text
    at.chat_input[0].set_value(f"Plan content for xss-co {XSS}").run()
    at.chat_input[0].set_value(f"Review this: {XSS} We are the best. {XSS}").run()
    assert not at.exception
    assert unsafe_fragments(at) == []

    for view in ("plan", "review", "email", "brief", "personas", "knowledge"):
        at = open_page(view, persona="xss-co")
        if view == "plan":
            button(at, "make_plan").click().run()
        elif view == "review":
            at.text_area(key="review-text").set_value(f"{XSS} Our best-in-class tool. {XSS}")
            button(at, "review_button").click().run()
        elif view == "email":
            at.text_area(key="email-paste").set_value(f"<p>Hi</p>{XSS}")
            at.button(key="email-run").click().run()
        elif view == "brief":
            button(at, "make_brief").click().run()
        elif view == "personas":
            at.selectbox(key="pe-target").select("xss-co").run()
        assert not at.exception, (view, [e.value for e in at.exception])
        assert unsafe_fragments(at) == [], view
        assert "&lt;script&gt;" in texts(at) or view in ("email", "personas"), view


def test_chat_model_mode_streams_and_shows_the_model_badge(
    page_data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from openai_server import FakeOpenAIServer

    with FakeOpenAIServer(model="fake-chat", require_key="sk-page") as server:
        monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
        monkeypatch.setenv("OPENAI_API_KEY", "sk-page")
        monkeypatch.setenv("ASSISTANT_CHAT_MODEL", "fake-chat")
        monkeypatch.setenv("ASSISTANT_LLM_MAX_RETRIES", "0")
        server.enqueue_tool_call("retrieve_guidance", {"query": "corporate spam filters"})
        server.enqueue_text(
            "Authenticate the sending domain with SPF, DKIM and DMARC "
            "[guidance/en/email-deliverability.md#1]."
        )
        at = open_page()
        assert "Chat model: fake-chat" in texts(at)
        at.chat_input[0].set_value("How do I pass corporate spam filters?").run()
        assert not at.exception, [e.value for e in at.exception]
        shown = texts(at)
        assert "Authenticate the sending domain with SPF, DKIM and DMARC [1]." in shown
        assert "Answered by: fake-chat" in shown
        assert any(
            e.label.replace("\\", "").startswith(
                "[1] Email deliverability to corporate inboxes › Authenticate with SPF"
            )
            for e in at.expander
        )
        assert server.chat_requests()[-1]["stream"] is True
        server.enqueue_error(500, "upstream down")
        at.chat_input[0].set_value("What is a buying center?").run()
        assert "The chat model failed (server error 500); this is the offline answer." in texts(at)
        messages = History(load_settings().data_dir).get(at.session_state["conversation_id"])
        assert len(messages.messages) == 4  # nothing lost across the failure


def test_reopened_conversation_shows_its_result_panels_and_exports_them(page_data: Path) -> None:
    at = open_page()
    at.chat_input[0].set_value(SOFT_COPY).run()
    at.chat_input[0].set_value("Make a content plan").run()
    assert "Which account?" in texts(at)  # the request waits for an account…
    at.chat_input[0].set_value("Northbridge").run()  # …and the next message completes it
    assert not at.exception
    conversation = History(load_settings().data_dir).list()[0]
    fresh = open_page()  # a new session: nothing but history to go on
    fresh.button(key=f"conv-{conversation.id}").click().run()
    labels = [e.label for e in fresh.expander]
    assert "Copy review" in labels and "Content plan" in labels
    assert fresh.dataframe, "the plan's heatmap is shown again"
    exported = download_bytes(fresh, download(fresh, "export_markdown")).decode("utf-8")
    assert "**Review:**" in exported and "Northbridge" in exported
    saved = json.loads(download_bytes(fresh, download(fresh, "export_json")))
    kinds = [m["data"]["kind"] for m in saved["messages"] if m.get("data")]
    assert kinds == ["review", "plan"]


def test_reopened_conversation_shows_its_email_and_brief_panels(page_data: Path) -> None:
    """The other two result kinds come back too, in Spanish: the email check and the brief."""
    at = open_page(language="es")
    at.chat_input[0].set_value(
        "Revisa este correo <table><tr><td><img src='a.png'><script>x()</script></td></tr></table>"
    ).run()
    at.chat_input[0].set_value("Un brief para Northbridge con un presupuesto de 20.000 €").run()
    assert not at.exception
    conversation = History(load_settings().data_dir).list()[0]
    fresh = open_page(language="es")
    fresh.button(key=f"conv-{conversation.id}").click().run()
    labels = [e.label for e in fresh.expander]
    assert label("data_email", "es") in labels and label("data_brief", "es") in labels
    assert "Northbridge" in texts(fresh)
