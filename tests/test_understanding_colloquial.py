"""English questions as marketers type them (issue 11, fresh blind questions): job titles such as
"MD" and "COO", stages said as events ("about to be signed", "no project yet"), the kind of
answer wanted in everyday openers ("Can our…", "How should our…", "What counts as…"), and the
words that say what a question is about without naming it ("several offers in one email")."""

from __future__ import annotations

import pytest

from assistant.understanding import understand


@pytest.mark.parametrize(
    ("question", "role"),
    [
        ("What does our MD want to see before signing?", "decider"),
        ("Their COO is reviewing the vendors. What should we send?", "decider"),
        ("What does the spec writer need from us?", "prescriber"),
        ("The engineer who wrote the requirements wants what?", "prescriber"),
    ],
)
def test_job_titles_and_activities_name_the_role(question: str, role: str) -> None:
    assert role in understand(question, "en").roles


def test_a_job_noun_holding_a_stage_word_names_no_stage() -> None:
    u = understand("How do the spec writer and the consultant differ?", "en")
    assert u.roles == ["prescriber", "advisor"] and u.stages == []
    # …while an activity naming the stage still says when
    u = understand("What should we give the CFO while they are still writing the spec?", "en")
    assert u.roles == ["decider"] and u.stages == ["specification"]


@pytest.mark.parametrize(
    "question",
    ["Which trigger events matter?", "What reopens the contract with an incumbent vendor?"],
)
def test_trigger_events_name_the_modified_repeat(question: str) -> None:
    assert understand(question, "en").purchase_types == ["modified-repeat"]


@pytest.mark.parametrize(
    ("question", "stage"),
    [
        ("The contract is about to be signed. What do users need?", "decision"),
        ("What should the team get before go-live?", "decision"),
        ("What stops delays to the signature?", "decision"),
        ("Nothing must hold up the signature: what do we send?", "decision"),
        ("They have no project yet; what helps at this early point?", "need"),
    ],
)
def test_stages_said_as_events(question: str, stage: str) -> None:
    assert stage in understand(question, "en").stages


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Can our newsletter carry three offers?", "yes-no"),
        ("Could a single email announce two webinars?", "yes-no"),
        ("How should our sales reps open a cold email?", "how-to"),
        ("How can the marketing team clean the list?", "how-to"),
        ("What makes a purchase strategic?", "define"),
        ("What counts as a warm contact?", "define"),
        ("What evidence should we show the CFO?", "what-to-send"),
        ("What proof do deciders want?", "what-to-send"),
        ("How do their content needs differ?", "compare"),
        ("How does the buyer differ from the decider?", "compare"),
        ("How is a modified repeat different from a new purchase?", "compare"),
        # "different" as an adjective and "who" after a noun ask nothing by themselves
        ("Could one email cover three different things?", "yes-no"),
    ],
)
def test_kind_in_everyday_openers(question: str, kind: str) -> None:
    assert understand(question, "en").kind == kind


@pytest.mark.parametrize(
    "question",
    ["What do we do with the contacts who never click?", "And the users who log in daily?"],
)
def test_who_after_a_noun_asks_for_no_role(question: str) -> None:
    assert understand(question, "en").kind != "who"


@pytest.mark.parametrize(
    ("question", "concept"),
    [
        ("Is it fine to put several offers in one email?", "efficiency"),
        ("Can a newsletter cover three different announcements in one go?", "efficiency"),
        ("Every link was clicked two seconds after the send. Why?", "bot-clicks"),
        ("Are link scanners inflating our clicks?", "bot-clicks"),
        ("Why ask when the annual budget is decided?", "budget-cycle"),
        ("When does their budget get set?", "budget-cycle"),
        ("How do SDRs reach a cold account?", "inbound-marketing"),
        ("What about contacts who haven't opened anything for a year?", "list-hygiene"),
    ],
)
def test_concepts_in_everyday_words(question: str, concept: str) -> None:
    assert concept in understand(question, "en").concepts
