"""Campaign briefs a manager can sign: numbers, currency, timeline, labels, short reviewed
messages, exports, CLI."""

from __future__ import annotations

import io
import json
import re
from datetime import date, timedelta
from itertools import pairwise
from pathlib import Path

import pytest
from click.testing import CliRunner

from assistant.brief_export import brief_to_docx, brief_to_markdown
from assistant.briefs import (
    OBJECTIVES,
    Brief,
    BriefOptions,
    ContentPiece,
    build_brief,
    check_stage_fit,
    estimate_funnel,
    make_brief,
)
from assistant.cli import cli
from assistant.config import load_settings
from assistant.domain import LANGUAGES, PURCHASE_TYPES, ROLES, STAGES
from assistant.errors import InputError
from assistant.numbers import format_money, format_number, parse_amount
from assistant.personas import Persona, load_personas, resolve
from assistant.planner import plan_content
from assistant.playbook import playbook
from assistant.review import review_copy
from assistant.text import split_sentences

REPO = Path(__file__).resolve().parent.parent
PERSONAS, _ = load_personas(REPO / "knowledge" / "personas")


def offline_brief(persona: Persona, objective: str, **options: object) -> Brief:
    """A brief built from the playbook alone (no index): what every bundled persona gets."""
    stage = (
        options.pop("stage", None)
        or {
            "lead-generation": "specification",
            "nurturing": "supplier-search",
            "awareness": "need",
            "retention": "negotiation",
            "event": "supplier-search",
        }[objective]
    )
    plan = plan_content(persona, lambda q, lang, k: [], stages=[stage])
    return build_brief(plan, BriefOptions(objective=objective, stage=stage, **options))


def test_funnel_states_its_assumptions_and_flags_unreachable_targets() -> None:
    funnel = estimate_funnel(
        12_000,
        cpl=100,
        mql_rate=0.5,
        sql_rate=0.4,
        win_rate=0.25,
        target_leads=200,
        target_deals=20,
        currency="EUR",
    )
    assert (funnel.leads, funnel.mqls, funnel.sqls, funnel.deals) == (120, 60, 24, 6.0)
    assert funnel.cpa == 2000 and funnel.cost_per_mql == 200
    assert funnel.assumptions[0] == "cost per lead €100"
    assert (
        "target of 200 leads is out of reach: the budget buys 120 at a CPL of €100; "
        "it needs €20,000" in funnel.warnings
    )
    assert any(w.startswith("target of 20 deals is out of reach") for w in funnel.warnings)


def test_funnel_speaks_the_brief_language() -> None:
    funnel = estimate_funnel(15_000, currency="EUR", language="es", target_leads=500)
    assert funnel.assumptions[0] == "coste por lead 120 €"
    assert funnel.assumptions[1] == "el 35 % de los leads pasa a MQL"
    assert "60.000 €" in funnel.warnings[0]


@pytest.mark.parametrize(("budget", "field"), [(0, "--budget"), (-5, "--budget")])
def test_funnel_rejects_bad_budget(budget: float, field: str) -> None:
    with pytest.raises(InputError) as caught:
        estimate_funnel(budget)
    assert caught.value.field == field


@pytest.mark.parametrize(
    ("text", "value", "currency"),
    [
        ("€15,000", 15_000, "EUR"),
        ("15000 EUR", 15_000, "EUR"),
        ("$20k", 20_000, "USD"),
        ("₪50,000", 50_000, "ILS"),
        ("15.000 €", 15_000, "EUR"),
        ("1.5m", 1_500_000, "GBP"),
        ("15 mil €", 15_000, "EUR"),
        ("12000", 12_000, "GBP"),
        ("NOK 15000", 15_000, "NOK"),
    ],
)
def test_budget_is_read_with_its_currency(text: str, value: float, currency: str) -> None:
    amount = parse_amount(text, default_currency="GBP")
    assert (amount.value, amount.currency) == (value, currency)


@pytest.mark.parametrize("text", ["-1", "0", "lots", "€5 $6", "15 apples"])
def test_bad_budget_is_one_clear_line(text: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_amount(text, default_currency="EUR")
    assert caught.value.field == "--budget" and "\n" not in str(caught.value)


def test_numbers_are_rounded_and_grouped_per_language() -> None:
    assert format_number(5357.14, "en") == "5,357"
    assert format_number(5357.14, "es") == "5.357"
    assert format_number(5357.14, "he") == "5,357"
    assert format_number(200.0, "en") == "200" and format_number(3.4, "es") == "3,4"
    assert format_money(15_000, "EUR", "en") == "€15,000"
    assert format_money(15_000, "EUR", "es") == "15.000 €"
    assert format_money(50_000, "ILS", "he") == "50,000 ₪"


def test_demo_at_the_need_stage_is_a_mismatch() -> None:
    pieces = [
        ContentPiece(
            role="buyer", title="t", format="f", cta="Book a demo this week", channel="email"
        )
    ]
    fit = check_stage_fit(pieces, "need", "en")
    assert fit.verdict == "mismatch"
    assert fit.problems[0] == (
        "Buyer: “Book a demo this week” asks for “demo”, too much for the stage “Need emerges”"
    )
    assert check_stage_fit(pieces, "supplier-search", "en").verdict == "fits"


def id_slugs(persona: Persona) -> set[str]:
    """The hyphenated ids a reader must never see (one-word ids like "need" are words)."""
    # Topic ids are never printed; guidance headings may use "buying-center" as English.
    ids = {*ROLES, *STAGES, *PURCHASE_TYPES, *OBJECTIVES, *playbook().kpis}
    ids |= {persona.id, persona.segment}
    return {i for i in ids if "-" in i}


def slugs_in(text: str, persona: Persona) -> set[str]:
    return {
        slug
        for slug in id_slugs(persona)
        if re.search(rf"(?<![\w/-]){re.escape(slug)}(?![\w-])", text)
    }


@pytest.mark.parametrize("persona", PERSONAS, ids=[p.id for p in PERSONAS])
@pytest.mark.parametrize("objective", OBJECTIVES)
def test_key_messages_are_short_distinct_and_reviewed(persona: Persona, objective: str) -> None:
    """Every bundled persona and objective: at most 40 words and 80+ in our own review per
    message, distinct messages, no sentence said twice anywhere in the brief, and labels
    instead of ids in the Markdown."""
    brief = offline_brief(persona, objective, budget=None)
    assert brief.key_messages
    for message in brief.key_messages:
        assert len(message.message.split()) <= 40, message
        assert review_copy(message.message, language=brief.language).score >= 80, message
    assert len({m.message for m in brief.key_messages}) == len(brief.key_messages)
    texts = [m.message for m in brief.key_messages]
    texts += [a.needs for a in brief.audience]
    texts += [f"{p.title}. {p.format}. {p.cta}" for p in brief.content]
    sentences = [s for text in texts for s in split_sentences(text, brief.language)]
    repeated = {s for s in sentences if sentences.count(s) > 1}
    assert repeated == set()
    assert brief.review_score >= 80
    markdown = brief_to_markdown(brief)
    assert slugs_in(markdown, persona) == set()
    assert persona.company in markdown.splitlines()[0]


def test_brief_numbers_currency_timeline_owner_and_kpis() -> None:
    persona = next(p for p in PERSONAS if p.id == "halvorsen-precision")
    settings = load_settings()
    plan = plan_content(persona, lambda q, lang, k: [], stages=["specification"])
    funnel = estimate_funnel(parse_amount("€15,000", "USD").value, currency="EUR")
    brief = build_brief(
        plan,
        BriefOptions(objective="lead-generation", start_date=date(2026, 3, 2), owner="Ana Ruiz"),
        funnel,
        currency=settings.currency,
    )
    markdown = brief_to_markdown(brief)
    assert "**Owner:** Ana Ruiz · **Approver:** ________ · **Start:** 2 Mar 2026" in markdown
    assert "Budget €15,000 → 125 leads → 43 MQL → 17 SQL → 3.4 deals · CPA €4,412" in markdown
    assert "125.0" not in markdown and "4411" not in markdown
    assert "- Downloads that lead to a meeting: 15%" in markdown
    assert "- Cost per acquired customer (CPA): €4,412" in markdown
    assert "Specification" in markdown and "lead-generation" not in markdown
    timeline = brief.timeline
    assert timeline[0].start == date(2026, 3, 2) and timeline[0].name.startswith("Produce")
    assert all(b.start == a.end + timedelta(days=1) for a, b in pairwise(timeline))
    assert "- 2 Mar 2026 – 22 Mar 2026 (3 wk): Produce the content and set up tracking" in markdown
    kpi = next(k for k in brief.kpis if k.id == "download-to-meeting")
    assert (kpi.target, kpi.unit, kpi.display) == (15, "percent", "15%")
    payload = json.loads(brief.model_dump_json())
    assert payload["funnel"]["leads"] == 125 and payload["objective"] == "lead-generation"


def test_spanish_and_hebrew_briefs_are_written_in_their_language() -> None:
    spanish = next(p for p in PERSONAS if p.language == "es")
    hebrew = next(p for p in PERSONAS if p.language == "he")
    es = offline_brief(spanish, "awareness", start_date=date(2026, 3, 2))
    es.funnel = estimate_funnel(15_000, currency="EUR", language="es")
    es_md = brief_to_markdown(es)
    assert es_md.startswith(f"# Brief de campaña: {spanish.company}")
    assert "**Objetivo:** Notoriedad" in es_md and "Presupuesto 15.000 €" in es_md
    assert "2 mar 2026" in es_md and "## Calendario" in es_md
    he = offline_brief(hebrew, "lead-generation", start_date=date(2026, 3, 2))
    he_md = brief_to_markdown(he)
    assert he_md.startswith(f"# בריף קמפיין: {hebrew.company}")
    assert "**מטרה:** יצירת לידים" in he_md and "2 במרץ 2026" in he_md


def test_docx_has_no_command_line_instructions() -> None:
    import docx

    persona = PERSONAS[0]
    for language in LANGUAGES:
        plan = plan_content(persona, lambda q, lang, k: [], stages=["need"], language=language)
        brief = build_brief(plan, BriefOptions(objective="awareness"))
        document = docx.Document(io.BytesIO(brief_to_docx(brief)))
        text = "\n".join(p.text for p in document.paragraphs)
        assert "assistant " not in text and "`" not in text and "email-check" not in text
        assert slugs_in(text, persona) == set()


def test_brief_for_a_bundled_persona(indexed_knowledge: Path) -> None:
    settings = load_settings()
    brief = make_brief(
        settings,
        resolve(settings, "northbridge-3pl"),
        BriefOptions(objective="lead-generation", budget="$30k"),
    )
    assert brief.stage == "specification" and brief.language == "en"
    assert brief.audience and brief.key_messages and brief.content
    assert brief.stage_fit.verdict == "fits", brief.stage_fit.problems
    assert brief.review_score >= 80
    assert brief.funnel is not None and brief.funnel.currency == "USD"
    assert any(k.id == "cpa" and k.display.startswith("$") for k in brief.kpis)
    assert any("SPF, DKIM and DMARC" in item for item in brief.email_checklist)
    assert brief.citations and all(c.chunk_id for c in brief.citations)


def test_cli_brief_json_markdown_and_docx(indexed_knowledge: Path, tmp_path: Path) -> None:
    import docx

    runner = CliRunner()
    result = runner.invoke(
        cli, ["brief", "--persona", "hospital-vega-del-tajo", "--objective", "awareness", "--json"]
    )
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert set(payload) >= {
        "persona",
        "objective",
        "audience",
        "key_messages",
        "content",
        "channels",
        "kpis",
        "email_checklist",
        "citations",
        "timeline",
    }
    assert payload["language"] == "es" and payload["stage"] == "need"
    assert payload["persona"] == "hospital-vega-del-tajo" and payload["objective"] == "awareness"
    markdown = runner.invoke(
        cli,
        [
            "brief",
            "--persona",
            "northbridge-3pl",
            "--budget",
            "5000 GBP",
            "--start-date",
            "2026-03-02",
            "--approver",
            "Head of Marketing",
            "--format",
            "md",
        ],
    )
    assert markdown.exit_code == 0, markdown.output
    assert markdown.stdout.startswith("# Campaign brief: Northbridge Third-Party Logistics Ltd")
    assert "## Funnel" in markdown.stdout and "Budget £5,000 → 41 leads" in markdown.stdout
    assert "**Approver:** Head of Marketing" in markdown.stdout
    assert "**Start:** 2 Mar 2026" in markdown.stdout
    target = tmp_path / "brief.docx"
    exported = runner.invoke(
        cli, ["brief", "--persona", "northbridge-3pl", "--format", "docx", "--output", str(target)]
    )
    assert exported.exit_code == 0, exported.output
    headings = [
        p.text
        for p in docx.Document(io.BytesIO(target.read_bytes())).paragraphs
        if p.style.name.startswith("Heading")
    ]
    assert "Campaign brief: Northbridge Third-Party Logistics Ltd" in headings
    assert "Email checklist" in headings and "Timeline" in headings


def test_cli_brief_currency_from_settings(
    indexed_knowledge: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ASSISTANT_CURRENCY", "ILS")
    result = CliRunner().invoke(
        cli, ["brief", "--persona", "iriyat-neve-carmel", "--budget", "50000", "--json"]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["funnel"]["currency"] == "ILS"


def test_cli_brief_bad_input(indexed_knowledge: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["brief", "--persona", "northbridge-3pl", "--budget", "-1"])
    assert result.exit_code == 2 and result.stderr.startswith("error: --budget:")
    result = runner.invoke(cli, ["brief", "--persona", "northbridge-3pl", "--budget", "lots"])
    assert result.exit_code == 2 and result.stderr.startswith("error: --budget: not an amount")
    result = runner.invoke(cli, ["brief", "--persona", "northbridge-3pl", "--format", "docx"])
    assert result.exit_code == 2 and "--output" in result.stderr
