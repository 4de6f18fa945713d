"""English wordings from the seventh (blind4) round: neighbouring subjects the guidance does not
hold (ad frequency capping, positioning statements, webinar logistics) are declined, and
everyday words are mapped to the guidance's roles, stages and concepts."""

from __future__ import annotations

import pytest

from assistant.answering import outside_phrases
from assistant.understanding import understand


@pytest.mark.parametrize(
    "question",
    [
        "What frequency cap works for a retargeting audience?",
        "How many impressions per week before people tune out?",
        "What CPM is normal for a B2B audience?",
        "Can you help me draft a positioning statement?",
        "Do we need a messaging framework before the launch?",
        "When should the webinar reminder go out?",
        "How do we cut the no-show rate for our events?",
    ],
)
def test_neighbouring_subjects_the_guidance_lacks_are_outside(question: str) -> None:
    assert outside_phrases("en").pattern.search(question)


@pytest.mark.parametrize(
    "question",
    [
        "Which webinar should we invite the prescriber to?",
        "What should we send the buyer at the specification stage?",
    ],
)
def test_guidance_subjects_stay_in_scope(question: str) -> None:
    assert not outside_phrases("en").pattern.search(question)
    assert understand(question, "en").kind


@pytest.mark.parametrize(
    "question",
    [
        "The client keeps asking which certifications we hold. What should we send?",
        "They keep asking about integrations with their ERP, what content fits?",
    ],
)
def test_questions_about_standards_and_integrations_mean_the_specification_stage(
    question: str,
) -> None:
    assert "specification" in understand(question, "en").stages


def test_a_barcode_scanner_is_not_a_mail_security_scanner() -> None:
    u = understand("Does the WMS work with their handheld scanners? What should we send?", "en")
    assert "quarantine" not in u.concepts


def test_a_budget_already_fixed_is_about_budget_cycles() -> None:
    u = understand("The budget is already fixed for the year: how long until there is money?", "en")
    assert "budget-cycle" in u.concepts


@pytest.mark.parametrize(
    "question",
    [
        "Can we close with 'feel free to reach out'?",
        "Our emails open with 'hope this email finds you well', is that a problem?",
        "Which stock closers should we cut from our copy?",
    ],
)
def test_stock_openers_and_closers_are_soft_copy_symptoms(question: str) -> None:
    assert "soft-symptoms" in understand(question, "en").concepts


def test_efficiency_of_a_message_is_the_efficiency_concept() -> None:
    u = understand("How do we make our newsletter more efficient?", "en")
    assert "efficiency" in u.concepts


@pytest.mark.parametrize(
    "question",
    [
        "Will the customer shop around before renewing?",
        "They might put the contract out to re-tender next year. What do we send?",
        "The client is looking at other vendors for the renewal, what now?",
    ],
)
def test_shopping_around_at_renewal_is_a_modified_repeat(question: str) -> None:
    assert "modified-repeat" in understand(question, "en").purchase_types


@pytest.mark.parametrize(
    "question",
    [
        "Any chance the decider joins the call at this stage?",
        "So there's no real risk in skipping the pilot, right?",
    ],
)
def test_chance_and_risk_questions_are_yes_no(question: str) -> None:
    assert understand(question, "en").kind == "yes-no"


def test_performance_based_pricing_names_cost_per_lead() -> None:
    u = understand("Our agency pitches performance-based campaigns: what does that mean?", "en")
    assert "cpl" in u.metrics


def test_pay_per_acquisition_names_cpa() -> None:
    assert "cpa" in understand("Is pay per acquisition fair for a lead vendor?", "en").metrics


def test_a_reliable_supplier_is_a_strategic_purchase_concern() -> None:
    u = understand("Why does the CFO care whether we are reliable more than about price?", "en")
    assert "strategic" in u.purchase_types
