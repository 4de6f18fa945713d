"""English questions in everyday words get the asked fact (issue 11, fresh blind questions).

Each asserts what the user reads: the answer is given (not declined), and the asked fact is in
the opening or among the cited points.
"""

from __future__ import annotations

import pytest

from assistant.chat import ChatEngine


def opening(text: str) -> str:
    return text.splitlines()[0]


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # A word the knowledge never uses ("bother", "honestly") is no telling word: the
        # sentences that share the question's real words are still quoted.
        ("Why would I bother checking when a client's annual budget is decided?", "twelve months"),
        ("Honestly, why is it worth asking when their budget gets set?", "twelve months"),
    ],
)
def test_a_word_the_knowledge_lacks_does_not_decline_the_question(
    engine: ChatEngine, question: str, expected: str
) -> None:
    answer = engine.answer(question)
    assert answer.in_knowledge and expected in answer.answer, answer.answer


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Is it ok to put several offers in one email?", "one idea"),
        ("Could a single newsletter announce three different things at once?", "one idea"),
        ("Our mailing showed all the links clicked two seconds after sending. Why?", "scanner"),
        ("The contract is about to be signed: what do the daily users need before go-live?", "30"),
        ("Our COO is reviewing the shortlist. What proof should we show?", "reliab"),
        (
            "The procurement lead is only starting to wonder what the current process costs, "
            "no project yet. What should we send?",
            "cost-of-inaction",
        ),
    ],
)
def test_everyday_wording_opens_with_the_asked_fact(
    engine: ChatEngine, question: str, expected: str
) -> None:
    answer = engine.answer(question)
    assert answer.in_knowledge and expected in opening(answer.answer), answer.answer


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # A compare or define question gets the sentences that open with the asked terms.
        ("How does DKIM differ from SPF?", ("TXT record", "cryptographic signature")),
        # Content of two stages, asked as a comparison: what to send at each.
        (
            "Top of the funnel versus bottom of the funnel: how does the content differ?",
            ("self-diagnostic", "pilot"),
        ),
        # "spec writer" names the prescriber, not the specification stage.
        (
            "How do the needs of the specification writer and an external consultant differ?",
            ("spec sheet", "technical proof"),
        ),
        # A sentence naming the asked purchase type shares its meaning ("trigger events").
        (
            "What kind of trigger events make a customer reopen the supplier choice?",
            ("contract ending",),
        ),
    ],
)
def test_compare_and_define_questions_state_each_side(
    engine: ChatEngine, question: str, expected: tuple[str, ...]
) -> None:
    answer = engine.answer(question)
    assert answer.in_knowledge
    for fact in expected:
        assert fact in answer.answer, answer.answer


@pytest.mark.parametrize(
    ("question", "reason"),
    [
        ("Why is the open rate a bad way to spot inactive contacts?", "privacy features"),
        ("Why shouldn't we judge engagement by opens?", "privacy features"),
    ],
)
def test_a_why_question_gets_the_reason_stated_beside_the_advice(
    engine: ChatEngine, question: str, reason: str
) -> None:
    answer = engine.answer(question)
    assert answer.in_knowledge and reason in answer.answer, answer.answer
    assert "because" in answer.answer


def test_bouncing_back_leads_is_a_rejection_not_a_mail_bounce(engine: ChatEngine) -> None:
    answer = engine.answer(
        "Sales keeps bouncing back our leads. Should we just buy a bigger list of leads?"
    )
    assert "targeting and lead definitions" in answer.answer, answer.answer
    assert "hard bounces" not in answer.answer


def test_a_supplier_going_bust_is_the_strategic_reliability_question(engine: ChatEngine) -> None:
    answer = engine.answer(
        "What if the supplier goes out of business: what do strategic buyers want to see?"
    )
    assert "financial stability" in opening(answer.answer)
    assert "continuity" in opening(answer.answer)


def test_the_everyday_word_leads_does_not_outrank_the_asked_practice(engine: ChatEngine) -> None:
    answer = engine.answer("Should we lock our checklists behind a form to get more leads?")
    assert "ungated" in opening(answer.answer), answer.answer


def test_keeping_data_accurate_is_list_hygiene(engine: ChatEngine) -> None:
    answer = engine.answer("How do we keep the CRM data accurate over time?")
    assert "Keep the contact list clean" in opening(answer.answer), answer.answer


@pytest.mark.parametrize(
    "question",
    [
        # a label sharing one word ("Intent: …") or a loose job word ("SDRs") is no answer
        "What is intent data and which vendors sell it?",
        "What is account-based marketing, in simple terms?",
        "How should our SDRs handle objections on cold calls?",
    ],
)
def test_questions_the_knowledge_does_not_cover_stay_declined(
    engine: ChatEngine, question: str
) -> None:
    answer = engine.answer(question)
    assert not answer.in_knowledge, answer.answer
