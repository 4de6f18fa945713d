"""English words marketers use that the lexicon missed (fourth, blind round): the negotiation
signals the guidance names (a quote asked for, procurement in the thread), the trust page as
proof for a strategic purchase, big-name vendors and office politics as limits of B2B
rationality, a champion as a buying-center question, "what do I need to nail down" as a
how-to, event recaps as content to judge, and a booth as the scene rather than the subject."""

from __future__ import annotations

import pytest

from assistant.answering import outside_phrases
from assistant.understanding import guidance_words, understand


@pytest.mark.parametrize(
    "question",
    [
        "They asked for a written quote yesterday. What do we send now?",
        "The prospect requested a formal quotation, what should the buyer get?",
        "Procurement got cc'd on the thread last week. Which stage is this?",
        "Their procurement team is now looped in. What happens next?",
    ],
)
def test_a_quote_asked_for_or_procurement_in_the_thread_is_negotiation(question: str) -> None:
    assert "negotiation" in understand(question, "en").stages


def test_a_request_for_quote_stays_supplier_search() -> None:
    u = understand("What should go into our answer to their request for quote?", "en")
    assert u.stages == ["supplier-search"]


@pytest.mark.parametrize(
    "question",
    [
        "What goes on a trust page?",
        "Their procurement runs vendor due diligence on us. What do they check?",
        "Do we need a disaster recovery plan to pass the supplier risk review?",
    ],
)
def test_trust_page_and_due_diligence_are_a_strategic_purchase(question: str) -> None:
    assert "strategic" in understand(question, "en").purchase_types


@pytest.mark.parametrize(
    "question",
    [
        "Why do buyers pick the big-name vendor?",
        "Why is the household name always the safe choice for them?",
        "Office politics is slowing this deal down. Why?",
        "Could other departments stop this purchase?",
    ],
)
def test_big_names_and_politics_are_limits_of_b2b_rationality(question: str) -> None:
    # the safe big name is the finer `personal-risk` concept of the same topic
    assert {"b2b-buyer", "personal-risk"} & set(understand(question, "en").concepts)


def test_a_champion_is_a_buying_center_question() -> None:
    assert "buying-center" in understand("Our champion loves us. Who else matters?", "en").concepts


@pytest.mark.parametrize(
    "question",
    [
        "What do I need to nail down in the contract before I sign?",
        "What should we check in the media kit before we pay?",
        "Anything to watch out for in a lead vendor contract?",
    ],
)
def test_what_to_nail_down_or_check_asks_how_to(question: str) -> None:
    assert understand(question, "en").kind == "how-to"


def test_nail_down_reads_as_the_guidance_word_check() -> None:
    assert "check" in guidance_words("what should we nail down first", "en")


def test_a_middle_way_reads_as_the_guidance_words_middle_ground() -> None:
    assert "middle ground" in guidance_words("is there a middle way here", "en")


@pytest.mark.parametrize(
    "question",
    ["Is an event recap worth sending?", "Should our monthly roundup go to everyone?"],
)
def test_recaps_and_roundups_are_content_to_judge(question: str) -> None:
    assert "high-value-content" in understand(question, "en").concepts


@pytest.mark.parametrize(
    "question",
    [
        "How much should we budget for a booth at the trade fair?",
        "How do we design our booth so people stop?",
        "How many people should staff the booth?",
        "What does a booth cost at a mid-sized expo?",
    ],
)
def test_booth_logistics_are_a_neighbouring_subject(question: str) -> None:
    assert outside_phrases("en").pattern.search(question)


@pytest.mark.parametrize(
    "question",
    [
        "Is a recap of our booth a good newsletter piece?",
        "We met their buyer at our booth. What should we send her now?",
    ],
)
def test_a_booth_as_the_scene_is_not_a_neighbouring_subject(question: str) -> None:
    assert not outside_phrases("en").pattern.search(question)


@pytest.mark.parametrize(
    "question",
    [
        "Most customers order through their procurement systems. How do we keep reorders easy?",
        "Does our catalogue need to work inside their e-procurement platform?",
        "They buy through a purchasing portal now, what changes for renewals?",
    ],
)
def test_a_procurement_system_is_not_the_buyer_role(question: str) -> None:
    assert "buyer" not in understand(question, "en").roles


def test_the_procurement_team_is_still_the_buyer() -> None:
    assert understand("What does the procurement team want to see?", "en").roles == ["buyer"]


@pytest.mark.parametrize(
    "question",
    [
        "We split the list by role. How many email versions do we need?",
        "Is a role split worth it for a 300-contact segment?",
    ],
)
def test_splitting_by_role_is_segmentation_not_the_roles_themselves(question: str) -> None:
    concepts = understand(question, "en").concepts
    assert "segmentation" in concepts and "buying-roles" not in concepts


@pytest.mark.parametrize(
    "question",
    [
        "Sales wants to add phone and budget to our webinar signup form. Good idea?",
        "Should we ask for job title and company size on the form?",
        "Would a shorter form get us more downloads?",
    ],
)
def test_adding_questions_to_a_form_is_about_form_fields(question: str) -> None:
    assert "form-fields" in understand(question, "en").concepts


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("is this segment tight enough", "small enough"),
        ("is our list narrow enough for one email", "small enough"),
    ],
)
def test_a_tight_segment_reads_as_the_guidance_words_small_enough(text: str, word: str) -> None:
    assert word in guidance_words(text, "en")
