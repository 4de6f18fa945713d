"""The real page against a chat model that never stops talking: closing the browser tab cuts
the model's connection, and SIGTERM stops `streamlit run` mid-answer (it used to hang)."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

from openai_server import FakeOpenAIServer, TrickleReply
from page_server import streamlit_page
from playwright.sync_api import Page, sync_playwright
from test_e2e import CHROMIUM

PLACEHOLDER = "Ask a question or paste copy…"


def wait_for(condition: object, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return True
        time.sleep(0.1)
    return False


def start_answer(page: Page, url: str, server: FakeOpenAIServer) -> None:
    """Open the page, ask, and wait until the model is streaming to it."""
    asked = len(server.chat_requests())
    page.goto(url)
    box = page.get_by_placeholder(PLACEHOLDER)
    box.wait_for(timeout=120_000)
    box.fill("What does a buyer need?")
    box.press("Enter")
    assert wait_for(lambda: len(server.chat_requests()) > asked, 120), "the page never asked"
    page.get_by_text("word word word").first.wait_for(timeout=60_000)  # tokens are arriving


def test_closing_the_tab_and_sigterm_stop_an_endless_answer(indexed_knowledge: Path) -> None:
    with FakeOpenAIServer(model="fake-chat", default_reply=TrickleReply(interval=0.2)) as server:
        env = {
            **os.environ,
            "OPENAI_BASE_URL": server.base_url,
            "OPENAI_API_KEY": "sk-page",
            "ASSISTANT_CHAT_MODEL": "fake-chat",
            "ASSISTANT_LLM_DEADLINE": "600",  # only the tab and the signal may stop it
        }
        with (
            streamlit_page(indexed_knowledge.parent, env, start_within=90) as (streamlit, url),
            sync_playwright() as playwright,
        ):
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=["--no-sandbox"]
            )
            page = browser.new_context().new_page()
            start_answer(page, url, server)
            page.close()
            assert wait_for(lambda: len(server.hangups) == 1, 20), "tab closed, still read"
            page = browser.new_context().new_page()
            start_answer(page, url, server)
            stopping = time.monotonic()
            streamlit.send_signal(signal.SIGTERM)
            streamlit.wait(timeout=30)
            assert time.monotonic() - stopping < 30
            assert len(server.hangups) == 2
            browser.close()
