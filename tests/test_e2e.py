"""End to end: `streamlit run` on 127.0.0.1, driven by Debian's headless Chromium via Playwright."""

from __future__ import annotations

import os
import re
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ISOLATED_ENV
from page_server import REPO, streamlit_page
from playwright.sync_api import Browser, Page, expect, sync_playwright

ARTIFACTS = REPO / "tests" / "artifacts"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="module")
def page_url(indexed_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The real page, served by `streamlit run` on a copy of the indexed bundled pack: one
    server for the module (each test opens its own browser context, so its own session)."""
    root = tmp_path_factory.mktemp("page")
    for name in ("knowledge", "data"):
        shutil.copytree(indexed_template / name, root / name)
    # Built before the per-test isolation applies, so the same isolation is written out here.
    env = {k: v for k, v in os.environ.items() if k not in ISOLATED_ENV}
    env.update(
        ASSISTANT_KNOWLEDGE_DIR=str(root / "knowledge"),
        ASSISTANT_DATA_DIR=str(root / "data"),
        HF_HUB_OFFLINE="1",
        ANONYMIZED_TELEMETRY="False",
    )
    with streamlit_page(root, env, start_within=60) as (_, url):
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    assert Path(CHROMIUM).exists(), "Debian chromium is missing: run `make browser`"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--no-sandbox"]
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh browser context per test: its own cookies, so its own page session."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-US")
    yield context.new_page()
    context.close()


def ask(page: Page, question: str, placeholder: str = "Ask a question or paste copy…") -> None:
    box = page.get_by_placeholder(placeholder)
    box.fill(question)
    box.press("Enter")


def test_a_question_gets_a_cited_answer_in_a_real_browser(page_url: str, page: Page) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    started = time.monotonic()
    page.goto(page_url)
    expect(page.get_by_test_id("stChatInputTextArea")).to_be_visible(timeout=90_000)
    expect(page.get_by_text("Offline mode (no chat model)").first).to_be_visible()
    loaded = time.monotonic() - started

    asked = time.monotonic()
    ask(page, "What should a prescriber read at the specification stage?")
    expect(page.get_by_text("Answered by: offline")).to_be_visible(timeout=90_000)
    answered = time.monotonic() - asked
    citation = page.get_by_test_id("stExpander").filter(has_text="[1]").first
    expect(citation).to_be_visible()
    # Named the way the knowledge reads (title › section), never by its file path.
    expect(citation).to_contain_text(" › ")
    expect(citation).not_to_contain_text("guidance/")
    citation.click()
    details = citation.get_by_test_id("stExpanderDetails")
    expect(details).to_contain_text(re.compile("specification", re.IGNORECASE))
    page.screenshot(path=str(ARTIFACTS / "e2e-chat.png"), full_page=True)
    print(f"\npage load {loaded:.1f} s, first answer {answered:.1f} s")


def test_hebrew_page_reads_right_to_left(page_url: str, page: Page) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.goto(page_url)
    expect(page.get_by_test_id("stChatInputTextArea")).to_be_visible(timeout=90_000)
    page.get_by_test_id("stSidebar").get_by_test_id("stSelectbox").first.click()
    page.get_by_role("option", name="עברית").click()
    expect(page.get_by_role("tab", name="שיחה")).to_be_visible(timeout=30_000)
    direction = page.locator("[class*='st-key-rtl-main']").evaluate(
        "element => getComputedStyle(element).direction"
    )
    assert direction == "rtl"
    expect(page.get_by_placeholder("Ask a question or paste copy…")).to_have_count(0)
    ask(page, "מה קורא הממליץ בשלב האפיון?", placeholder="שאלו שאלה או הדביקו טקסט…")
    expect(page.get_by_text("נענה על ידי: לא מקוון")).to_be_visible(timeout=90_000)
    page.screenshot(path=str(ARTIFACTS / "e2e-hebrew.png"), full_page=True)


# Whether a text node's "?" is drawn right of its "H", i.e. the title keeps its punctuation.
QUESTION_MARK_LAST = """element => {
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  let node;
  while ((node = walker.nextNode()) && !node.textContent.includes("CPL?")) {}
  const text = node.textContent, range = document.createRange();
  const box = (i) => { range.setStart(node, i); range.setEnd(node, i + 1);
                       return range.getBoundingClientRect().left; };
  return box(text.lastIndexOf("?")) > box(text.indexOf("H"));
}"""


def test_hebrew_layout_keeps_latin_titles_and_persona_names_whole(
    page_url: str, page: Page
) -> None:
    page.goto(page_url)
    expect(page.get_by_test_id("stChatInputTextArea")).to_be_visible(timeout=90_000)
    page.get_by_test_id("stSidebar").get_by_test_id("stSelectbox").first.click()
    page.get_by_role("option", name="עברית").click()
    expect(page.get_by_role("tab", name="שיחה")).to_be_visible(timeout=30_000)
    ask(page, "How do I compute the CPL?", placeholder="שאלו שאלה או הדביקו טקסט…")
    expect(page.get_by_text("נענה על ידי: לא מקוון")).to_be_visible(timeout=90_000)
    title = page.get_by_test_id("stSidebar").get_by_role("button", name="How do I compute")
    assert title.evaluate(QUESTION_MARK_LAST), "the title's '?' jumped to its start"

    picker = page.get_by_test_id("stSidebar").get_by_test_id("stSelectbox").nth(1)
    picker.click()
    options = page.get_by_role("option")
    expect(options.first).to_be_visible()
    cut = options.evaluate_all(
        "items => items.map(o => o.firstElementChild)"
        ".filter(t => t.scrollWidth > t.clientWidth + 1).map(t => t.textContent)"
    )
    assert not cut, f"persona names cut off in the picker: {cut}"
    page.get_by_role("option", name="Complejo Hospitalario").first.click()
    field = picker.locator("input")
    expect(field).to_have_value(re.compile("^Complejo Hospitalario"))
    # The start of a Latin name is what shows in the Hebrew sidebar, not its end.
    shows_start = field.evaluate(
        "f => getComputedStyle(f).unicodeBidi === 'plaintext' && f.scrollLeft === 0"
    )
    assert shows_start
    page.screenshot(path=str(ARTIFACTS / "e2e-hebrew-sidebar.png"), full_page=True)


def pick(page: Page, label: str, option: str) -> None:
    """Choose an option of a Streamlit selectbox, found by its label."""
    page.get_by_test_id("stSelectbox").filter(has_text=label).first.click()
    page.get_by_role("option", name=option).first.click()


def paste_and_run(page: Page, where: tuple[str, str, str], text: str) -> None:
    """Open a tab, paste into its text area, press its button, wait for the findings."""
    tab, area, button = where
    page.get_by_role("tab", name=tab).click()
    page.get_by_label(area).fill(text)
    page.get_by_role("button", name=button, exact=True).click()
    expect(page.get_by_text("Findings (").first).to_be_visible(timeout=60_000)


def test_every_view_works_in_a_real_browser(page_url: str, page: Page) -> None:
    """Plan, review, email, brief, personas and knowledge, as a new user would click through."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.set_viewport_size({"width": 1400, "height": 2400})  # the page scrolls inside a div
    page.goto(page_url)
    expect(page.get_by_placeholder("Ask a question or paste copy…")).to_be_visible(timeout=90_000)
    pick(page, "Active persona", "Northbridge Third-Party Logistics Ltd")
    expect(page.get_by_text("Procurement Manager").first).to_be_visible(timeout=30_000)

    page.get_by_role("tab", name="Plan").click()
    page.get_by_role("button", name="Make the plan").click()
    expect(page.get_by_text("Coverage by role and stage")).to_be_visible(timeout=90_000)
    expect(page.get_by_text("Call to action:").first).to_be_visible()
    heatmap = page.get_by_test_id("stDataFrame").first
    expect(heatmap).to_be_visible()
    heatmap.locator("canvas").first.wait_for()
    page.wait_for_timeout(1000)  # the grid paints its canvas after it mounts
    page.screenshot(path=str(ARTIFACTS / "view-plan.png"), full_page=True)

    paste_and_run(
        page,
        ("Review copy", "Copy to review", "Review"),
        "We are the leading provider of world-class, innovative solutions. "
        "Our cutting-edge platform delivers unparalleled synergy. Contact us today!",
    )
    expect(page.get_by_test_id("stMetric").filter(has_text="Substance score")).to_be_visible()
    expect(page.get_by_test_id("stVegaLiteChart").first).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "view-review.png"), full_page=True)

    paste_and_run(
        page,
        ("Email check", "…or paste the HTML", "Check"),
        '<div style="display:flex"><p>Hi</p><a href="https://bit.ly/x">Click here</a>'
        "<script>document.title='pwned'</script></div>",
    )
    expect(page.locator("iframe").first).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "view-email.png"), full_page=True)
    assert page.title() != "pwned"

    page.get_by_role("tab", name="Brief").click()
    page.get_by_role("textbox", name="Budget").fill("€20,000")
    page.get_by_role("button", name="Write the brief").click()
    expect(page.get_by_text("CPL / CPA calculator")).to_be_visible(timeout=90_000)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download DOCX").click()
    assert download.value.suggested_filename == "brief-northbridge-3pl.docx"
    page.screenshot(path=str(ARTIFACTS / "view-brief.png"), full_page=True)

    page.get_by_role("tab", name="Personas").click()
    expect(page.get_by_role("button", name="Validate and save")).to_be_visible(timeout=30_000)
    page.screenshot(path=str(ARTIFACTS / "view-personas.png"), full_page=True)

    page.get_by_role("tab", name="Knowledge").click()
    expect(page.get_by_text("Indexed chunks")).to_be_visible(timeout=30_000)
    page.get_by_role("button", name="Reindex now").click()
    expect(page.get_by_text("Index synced:")).to_be_visible(timeout=60_000)
    page.screenshot(path=str(ARTIFACTS / "view-knowledge.png"), full_page=True)
