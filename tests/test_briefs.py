"""Campaign briefs: funnel calculator, stage fit, review, exports, CLI."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from assistant.briefs import ContentPiece, check_stage_fit, estimate_funnel, make_brief
from assistant.cli import cli
from assistant.config import load_settings
from assistant.errors import InputError


def test_funnel_states_its_assumptions_and_flags_unreachable_targets() -> None:
    funnel = estimate_funnel(
        12_000,
        cpl=100,
        mql_rate=0.5,
        sql_rate=0.4,
        win_rate=0.25,
        target_leads=200,
        target_deals=20,
    )
    assert (funnel.leads, funnel.mqls, funnel.sqls, funnel.deals) == (120, 60, 24, 6.0)
    assert funnel.cpa == 2000.0 and funnel.cost_per_mql == 200.0
    assert funnel.assumptions[0] == "cost per lead 100"
    assert (
        "target of 200 leads is out of reach: the budget buys 120 at CPL 100; it needs 20,000"
        in funnel.warnings
    )
    assert any(w.startswith("target of 20 deals is out of reach") for w in funnel.warnings)


@pytest.mark.parametrize(("budget", "field"), [(0, "--budget"), (-5, "--budget")])
def test_funnel_rejects_bad_budget(budget: float, field: str) -> None:
    with pytest.raises(InputError) as caught:
        estimate_funnel(budget)
    assert caught.value.field == field


def test_demo_at_the_need_stage_is_a_mismatch() -> None:
    pieces = [
        ContentPiece(
            role="buyer", title="t", format="f", cta="Book a demo this week", channel="email"
        )
    ]
    fit = check_stage_fit(pieces, "need", "en")
    assert fit.verdict == "mismatch" and "asks for “demo” at the need stage" in fit.problems[0]
    assert check_stage_fit(pieces, "supplier-search", "en").verdict == "fits"


def test_brief_for_a_bundled_persona(indexed_knowledge: Path) -> None:
    brief = make_brief(
        load_settings(), persona_id="northbridge-3pl", objective="lead-generation", budget=30_000
    )
    assert brief.stage == "specification" and brief.language == "en"
    assert brief.audience and brief.key_messages and brief.content
    assert brief.stage_fit.verdict == "fits", brief.stage_fit.problems
    assert brief.review_score >= 60
    assert any(k.name == "CPA" for k in brief.kpis)
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
    }
    assert payload["language"] == "es" and payload["stage"] == "need"
    markdown = runner.invoke(
        cli, ["brief", "--persona", "northbridge-3pl", "--budget", "5000", "--format", "md"]
    )
    assert (
        markdown.stdout.startswith("# Campaign brief: northbridge-3pl")
        and "## Funnel" in markdown.stdout
    )
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
    assert "Campaign brief: northbridge-3pl" in headings and "Email checklist" in headings


def test_cli_brief_bad_input(indexed_knowledge: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["brief", "--persona", "northbridge-3pl", "--budget", "-1"])
    assert result.exit_code == 2 and result.stderr.startswith("error: --budget:")
    result = runner.invoke(cli, ["brief", "--persona", "northbridge-3pl", "--format", "docx"])
    assert result.exit_code == 2 and "--output" in result.stderr
