"""Content plans for every bundled persona: coverage, real citations, review passes, language."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from assistant import planner
from assistant.cli import cli
from assistant.config import load_settings
from assistant.index import Store
from assistant.language import HEBREW_RE, detect_language
from assistant.personas import load_personas
from assistant.planner import make_plan, plan_content, stages_for
from assistant.playbook import Playbook
from assistant.retrieval import Retriever
from assistant.review import review_copy

REPO = Path(__file__).resolve().parent.parent
PERSONAS, _ = load_personas(REPO / "knowledge" / "personas")


@pytest.fixture
def retriever(indexed_knowledge: Path) -> Retriever:
    return Retriever(load_settings())


@pytest.mark.parametrize("persona", PERSONAS, ids=[p.id for p in PERSONAS])
def test_every_bundled_persona_gets_a_full_reviewed_cited_plan(
    persona, retriever: Retriever
) -> None:
    plan = make_plan(retriever.settings, persona_id=persona.id, retriever=retriever)
    assert plan.persona == persona.id and plan.language == persona.language
    cells = {(c.role, c.stage) for c in plan.cells}
    assert cells == {(r, s) for r in persona.roles for s in stages_for(persona)}
    indexed = {chunk_id for chunk_id, _, _ in Store.open(retriever.settings).all_records()}
    for cell in plan.cells:
        assert cell.suggestions, f"{cell.role}/{cell.stage} has no suggestion: {plan.warnings}"
        for suggestion in cell.suggestions:
            text = suggestion.as_text()
            assert review_copy(text, language=plan.language).verdict == "substantive", text
            assert "{" not in text and "}" not in text
            if plan.language == "he":
                assert HEBREW_RE.search(suggestion.title)
            else:
                assert detect_language(text) == plan.language, text
            guidance = [c for c in suggestion.citations if c.source.startswith("guidance/")]
            assert guidance, f"{cell.role}/{cell.stage}: no guidance citation"
            assert all(c.chunk_id in indexed for c in guidance)
            assert any(c.source == f"personas/{persona.id}.yaml" for c in suggestion.citations)


def test_two_personas_never_get_the_same_plan(retriever: Retriever) -> None:
    first, second = (
        make_plan(retriever.settings, persona_id=p.id, retriever=retriever) for p in PERSONAS[:2]
    )
    titles = lambda plan: {s.title for c in plan.cells for s in c.suggestions}  # noqa: E731
    assert not titles(first) & titles(second)


def test_purchase_type_changes_the_stages() -> None:
    kinds = {p.purchase.type: stages_for(p) for p in PERSONAS}
    assert kinds["new"] == ["need", "specification", "supplier-search", "negotiation", "decision"]
    assert len(kinds["repeat"]) < 5


def test_strategic_purchase_adds_reliability_proof(retriever: Retriever) -> None:
    strategic = next(p for p in PERSONAS if p.purchase.strategic and p.language == "en")
    routine = next(p for p in PERSONAS if not p.purchase.strategic and p.language == "en")
    suffix = planner.playbook().purchase["strategic"].en.proof_suffix
    strategic_plan = make_plan(retriever.settings, persona_id=strategic.id, retriever=retriever)
    routine_plan = make_plan(retriever.settings, persona_id=routine.id, retriever=retriever)
    assert all(s.proof.endswith(suffix) for c in strategic_plan.cells for s in c.suggestions)
    assert not any(suffix in s.proof for c in routine_plan.cells for s in c.suggestions)


def test_filters_language_and_gap_analysis(retriever: Retriever) -> None:
    persona = next(p for p in PERSONAS if p.purchase.type == "new" and "buyer" in p.roles)
    plan = make_plan(
        retriever.settings,
        persona_id=persona.id,
        roles=["buyer"],
        stages=["negotiation", "need"],
        language="es",
        retriever=retriever,
    )
    assert {(c.role, c.stage) for c in plan.cells} == {("buyer", "negotiation"), ("buyer", "need")}
    assert plan.language == "es"
    assert all(detect_language(s.as_text()) == "es" for c in plan.cells for s in c.suggestions)
    by_source = {a.source: a for a in plan.assets}
    assert len(by_source) == 9
    assert by_source["content/northwind-brochure.txt"].verdict == "soft"
    assert by_source["content/rfp-requirements-template.md"].classified
    assert not by_source["content/tco-calculator-guide.md"].classified
    negotiation = next(c for c in plan.cells if c.stage == "negotiation")
    assert "content/pricing-and-contract-terms-faq.md" in negotiation.covered_by
    assert plan.cells[0].covered is False  # empty cells first
    assert plan.empty_cells == ["buyer/need"]


def test_soft_draft_is_rejected(retriever: Retriever, monkeypatch: pytest.MonkeyPatch) -> None:
    raw = planner.playbook().model_dump()
    raw["cells"]["buyer"]["need"]["en"].update(
        title="Our innovative solution",
        angle="We help many companies in today's fast-paced world.",
        proof="World-class results.",
        cta="Contact us to learn more!",
    )
    soft = Playbook.model_validate(raw)
    monkeypatch.setattr(planner, "playbook", lambda: soft)
    persona = next(p for p in PERSONAS if p.language == "en" and "buyer" in p.roles)
    plan = plan_content(persona, lambda q, lang, k: [], roles=["buyer"], stages=["need"])
    assert plan.cells[0].suggestions == []
    assert any("buyer/need: suggestion rejected by review" in w for w in plan.warnings)


def test_cli_plan_json_markdown_csv_and_persona_file(
    indexed_knowledge: Path, tmp_path: Path
) -> None:
    runner = CliRunner()
    persona = PERSONAS[0]
    result = runner.invoke(
        cli, ["plan", "--persona", persona.id, "--role", persona.roles[0], "--json"]
    )
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert set(payload) >= {"persona", "language", "purchase", "cells", "warnings"}
    suggestion = payload["cells"][0]["suggestions"][0]
    assert set(suggestion) >= {
        "title",
        "format",
        "angle",
        "proof",
        "cta",
        "channel",
        "kpi",
        "citations",
    }
    markdown = runner.invoke(cli, ["plan", "--persona", persona.id, "--format", "md"]).stdout
    assert (
        markdown.startswith(f"# Content plan: {persona.id}")
        and "## Proof and objection packs" in markdown
    )
    rows = list(
        csv.reader(
            io.StringIO(
                runner.invoke(cli, ["plan", "--persona", persona.id, "--format", "csv"]).stdout
            )
        )
    )
    assert rows[0][:3] == ["role", "stage", "covered_by"] and len(rows) > 5
    outside = tmp_path / "elsewhere.yaml"
    outside.write_text(
        (indexed_knowledge / "personas" / f"{persona.id}.yaml")
        .read_text()
        .replace(persona.id, "outside-co")
    )
    other = runner.invoke(cli, ["plan", "--persona-file", str(outside), "--json"])
    assert other.exit_code == 0, other.output
    assert json.loads(other.stdout)["persona"] == "outside-co"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--persona", "ghost"], "error: --persona: unknown persona 'ghost'"),
        (["--persona", "x", "--role", "boss"], "error: --role: unknown role 'boss'"),
        (["--persona", "x", "--stage", "launch"], "error: --stage: unknown stage 'launch'"),
        ([], "error: --persona: give --persona ID or --persona-file FILE"),
    ],
)
def test_cli_plan_bad_input_is_exit_2(
    indexed_knowledge: Path, args: list[str], message: str
) -> None:
    result = CliRunner().invoke(cli, ["plan", *args])
    assert result.exit_code == 2
    assert result.stderr.startswith(message) and len(result.stderr.strip().splitlines()) == 1


def test_cli_plan_invalid_persona_file_names_the_field(
    indexed_knowledge: Path, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "id: bad\ncompany: B\nindustry: X\nsegment: s\npurchase: {type: lease, offering: Y}\n"
        "buying_center: [{role: buyer, title: T}]\n"
    )
    result = CliRunner().invoke(cli, ["plan", "--persona-file", str(bad)])
    assert result.exit_code == 2
    assert "purchase.type" in result.stderr
