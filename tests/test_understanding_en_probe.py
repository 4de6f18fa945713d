"""English words marketers use that the lexicon missed (blind probe round): the person who writes
the spec named by what they do, ICP and intent signals as lead quality, what each deal costs,
single-threaded deals and a lone contact as buying-center questions, and teardowns as
high-value content."""

from __future__ import annotations

import pytest

from assistant.understanding import guidance_words, understand


@pytest.mark.parametrize(
    "question",
    [
        "Whoever writes the spec and our CFO both got the note. Who should read it?",
        "What does the person who is writing the requirements need, and what does the MD need?",
        "Does the team that owns the technical spec care about the board's view?",
    ],
)
def test_whoever_writes_the_spec_is_the_prescriber_next_to_another_role(question: str) -> None:
    assert "prescriber" in understand(question, "en").roles


def test_writing_the_spec_alone_still_says_when() -> None:
    u = understand("What should we give the CFO while they are still writing the spec?", "en")
    assert u.roles == ["decider"] and u.stages == ["specification"]


@pytest.mark.parametrize(
    "question",
    [
        "Does this account match our ICP?",
        "How do we use the ideal customer profile to rank leads?",
        "Which intent signals count before we pass a lead on?",
    ],
)
def test_icp_and_intent_name_lead_quality(question: str) -> None:
    assert "lead-quality" in understand(question, "en").metrics


@pytest.mark.parametrize(
    "question",
    [
        "What does each deal cost us at this CPL?",
        "How much does a won deal cost if 20% of SQLs close?",
        "Is our deal cost going up?",
    ],
)
def test_what_a_deal_costs_is_the_cost_per_deal(question: str) -> None:
    assert "cost-per-deal" in understand(question, "en").metrics


@pytest.mark.parametrize(
    "question",
    [
        "Our deal is single-threaded through one engineer. Is that a risk?",
        "She says she is the only person involved in the purchase. True?",
        "Is he really the only one involved?",
    ],
)
def test_a_lone_contact_is_a_buying_center_question(question: str) -> None:
    assert "buying-center" in understand(question, "en").concepts


def test_a_teardown_is_high_value_content() -> None:
    assert "high-value-content" in understand("What goes into a teardown post?", "en").concepts


@pytest.mark.parametrize(
    "question",
    [
        "A late delivery stops their production lines. What do they need from a supplier?",
        "Any downtime costs them a fortune: what proof will the CFO want?",
        "If the part is missing, it stops the line for a day.",
    ],
)
def test_what_stops_the_customers_line_is_a_strategic_purchase(question: str) -> None:
    assert "strategic" in understand(question, "en").purchase_types


@pytest.mark.parametrize(
    "question",
    [
        "right, and what proof is he going to want?",
        "What kind of references should we line up for him?",
        "Which references are we supposed to send?",
        "what kind of thing should we be offering in return for the form fill?",
        "what should finance look at instead?",
    ],
)
def test_proof_references_and_offers_ask_what_to_send(question: str) -> None:
    assert understand(question, "en").kind == "what-to-send"


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("What evidence is there that gating works?", "yes-no"),
        ("What is a reference customer?", "define"),
    ],
)
def test_evidence_and_reference_words_alone_do_not_ask_what_to_send(
    question: str, kind: str
) -> None:
    assert understand(question, "en").kind == kind


@pytest.mark.parametrize("text", ["how often for our big accounts?", "our biggest customers"])
def test_big_reads_as_the_guidance_word_large(text: str) -> None:
    assert "large" in guidance_words(text, "en")


@pytest.mark.parametrize(
    "question",
    [
        "SPF has a cap on DNS lookups, right? What's the number before it breaks",
        "Is there a ceiling on the size of the HTML?",
        "Are the price increases capped at inflation?",
    ],
)
def test_a_cap_asks_how_many(question: str) -> None:
    assert understand(question, "en").kind == "how-many"


@pytest.mark.parametrize(
    "text",
    ["people who show up late in a deal", "legal only turns up at the end", "it pops up late"],
)
def test_showing_up_reads_as_the_guidance_word_appear(text: str) -> None:
    assert "appear" in guidance_words(text, "en")


@pytest.mark.parametrize(
    "text",
    ["How can I tell whether the form is worth it?", "how do we know if the webinar worked"],
)
def test_telling_whether_it_works_reads_as_the_guidance_word_measure(text: str) -> None:
    assert "measure" in guidance_words(text, "en")
