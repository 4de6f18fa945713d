"""Content plans for every bundled persona: coverage, real citations, review passes, language."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from assistant import planner
from assistant.cli import cli
from assistant.config import Settings, load_settings
from assistant.content_library import content_library
from assistant.domain import LANGUAGES, PURCHASE_TYPES, ROLES, STAGES
from assistant.index import Store
from assistant.language import HEBREW_RE, detect_language
from assistant.personas import Persona, load_personas, resolve
from assistant.plan_export import plan_to_markdown
from assistant.planner import (
    ContentPlan,
    citation_filter,
    make_plan,
    plan_content,
    planner_text,
    stages_for,
)
from assistant.playbook import Playbook, playbook, proof_rules
from assistant.proofs import proof_kind
from assistant.retrieval import Citation, Retriever
from assistant.review import review_copy
from assistant.text import split_sentences

REPO = Path(__file__).resolve().parent.parent
PERSONAS, _ = load_personas(REPO / "knowledge" / "personas")


@pytest.fixture
def retriever(indexed_knowledge: Path) -> Retriever:
    return Retriever(load_settings())


@pytest.fixture(scope="module")
def bundled(
    indexed_template: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Retriever, dict[str, ContentPlan]]:
    """Every bundled persona's full plan, planned once for the read-only tests below (on a
    copy: the template is shared by the test workers)."""
    root = tmp_path_factory.mktemp("bundled")
    for name in ("knowledge", "data"):
        shutil.copytree(indexed_template / name, root / name)
    settings = Settings(knowledge_dir=root / "knowledge", data_dir=root / "data")
    retriever = Retriever(settings)
    return retriever, {p.id: make_plan(settings, p, retriever=retriever) for p in PERSONAS}


@pytest.mark.parametrize("persona", PERSONAS, ids=[p.id for p in PERSONAS])
def test_every_bundled_persona_gets_a_full_reviewed_cited_plan(
    persona, bundled: tuple[Retriever, dict[str, ContentPlan]]
) -> None:
    retriever, plans = bundled
    plan = plans[persona.id]
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


@pytest.mark.parametrize("persona", PERSONAS, ids=[p.id for p in PERSONAS])
def test_cells_offer_three_distinct_suggestions_where_the_playbook_has_them(
    persona, bundled: tuple[Retriever, dict[str, ContentPlan]]
) -> None:
    """The heatmap's "darker = more" means something: every suggestion the playbook holds for
    a cell passes review, in different formats and angles, with no sentence said twice."""
    plan = bundled[1][persona.id]
    for cell in plan.cells:
        entries = playbook().cell(cell.role, cell.stage).suggestions
        assert len(cell.suggestions) == len(entries), (cell.role, cell.stage, plan.warnings)
        if len(entries) >= 3:
            assert len(cell.suggestions) >= 3
        for field in ("format", "title", "angle", "proof", "cta"):
            values = [getattr(s, field) for s in cell.suggestions]
            assert len(set(values)) == len(values), (cell.role, cell.stage, field)
        sentences = [
            sentence
            for s in cell.suggestions
            for part in (s.angle, s.proof)
            for sentence in split_sentences(part, plan.language)
        ]
        assert len(set(sentences)) == len(sentences), (cell.role, cell.stage)


def test_the_playbook_has_three_suggestions_in_every_cell() -> None:
    counts = {
        (role, stage): len(playbook().cell(role, stage).suggestions)
        for role in ROLES
        for stage in STAGES
    }
    assert min(counts.values()) >= 3, counts


def test_two_personas_never_get_the_same_plan(
    bundled: tuple[Retriever, dict[str, ContentPlan]],
) -> None:
    first, second = (bundled[1][p.id] for p in PERSONAS[:2])
    titles = lambda plan: {s.title for c in plan.cells for s in c.suggestions}  # noqa: E731
    assert not titles(first) & titles(second)


def test_purchase_type_changes_the_stages() -> None:
    kinds = {p.purchase.type: stages_for(p) for p in PERSONAS}
    assert kinds["new"] == list(STAGES)  # a new purchase walks all five stages
    assert len(kinds["repeat"]) < 5


def test_strategic_purchase_adds_reliability_proof_once_per_cell(
    bundled: tuple[Retriever, dict[str, ContentPlan]],
) -> None:
    strategic = next(p for p in PERSONAS if p.purchase.strategic and p.language == "en")
    routine = next(p for p in PERSONAS if not p.purchase.strategic and p.language == "en")
    suffixes = playbook().purchase["strategic"].en.proof_suffix
    strategic_plan, routine_plan = bundled[1][strategic.id], bundled[1][routine.id]
    for cell in strategic_plan.cells:
        first, *others = cell.suggestions
        assert first.proof.endswith(suffixes[cell.role])
        assert not any(suffixes[cell.role] in s.proof for s in others)
    assert not any(
        sentence in s.proof
        for c in routine_plan.cells
        for s in c.suggestions
        for sentence in suffixes.values()
    )


def test_filters_language_and_gap_analysis(retriever: Retriever) -> None:
    persona = next(p for p in PERSONAS if p.purchase.type == "new" and "buyer" in p.roles)
    plan = make_plan(
        retriever.settings,
        persona,
        retriever=retriever,
        roles=["buyer"],
        stages=["negotiation", "need"],
        language="es",
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


def test_soft_draft_is_rejected(monkeypatch: pytest.MonkeyPatch) -> None:
    raw = playbook().model_dump()
    raw["cells"]["buyer"]["need"]["suggestions"][1]["en"].update(
        title="Our innovative solution",
        angle="We help many companies in today's fast-paced world.",
        proof="World-class results.",
        cta="Contact us to learn more!",
    )
    soft = Playbook.model_validate(raw)
    monkeypatch.setattr(planner, "playbook", lambda: soft)
    persona = next(p for p in PERSONAS if p.language == "en" and "buyer" in p.roles)
    plan = plan_content(persona, lambda q, lang, k: [], roles=["buyer"], stages=["need"])
    titles = [s.title for s in plan.cells[0].suggestions]
    assert (
        "Our innovative solution" not in titles
        and len(titles) == len(soft.cell("buyer", "need").suggestions) - 1
    )
    assert any("Buyer · Need emerges: suggestion 2 rejected by review" in w for w in plan.warnings)


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
    words = planner_text(persona.language)
    assert markdown.startswith(f"# {words.plan_title.format(company=persona.company)}")
    assert f"## {words.proof_packs}" in markdown
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


DAY_RATES = {
    "en": "Implementation quoted as open-ended day rates with no cap",
    "es": "La implantación se presupuesta por jornadas, sin tope",
    "he": "ההטמעה מתומחרת לפי ימי עבודה ללא תקרה",
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_day_rate_objection_gets_the_capped_fixed_price_proof(language: str) -> None:
    """The objection → proof map is data per language: open-ended day rates are answered by a
    capped fixed price, not by the price list or a TCO sheet."""
    assert proof_kind(DAY_RATES[language], language) == "fixed-price"
    base = next(p for p in PERSONAS if "buyer" in p.roles)
    raw = base.model_dump()
    raw["language"] = language
    for member in raw["buying_center"]:
        if member["role"] == "buyer":
            member["objections"] = [DAY_RATES[language]]
    persona = Persona.model_validate(raw)
    plan = plan_content(persona, lambda q, lang, k: [], roles=["buyer"], stages=["need"])
    (pack,) = plan.proof_packs
    (answer,) = pack.objections
    expected = proof_rules().proofs["fixed-price"].text(language).format(industry=persona.industry)
    assert answer.proof_kind == "fixed-price" and answer.evidence == expected


def test_every_proof_kind_has_cues_in_every_language() -> None:
    for kind, rule in proof_rules().proofs.items():
        for language in LANGUAGES:
            assert rule.cues.of(language), (kind, language)
            assert rule.text(language).strip(), (kind, language)


@pytest.mark.parametrize(
    ("section", "language"),
    [
        ("Our guidance: keeping repeat purchases repeat", "en"),
        ("Nuestra guía: comunicar en una recompra", "es"),
        ("ההנחיה שלנו: לשמור לקוח ברכישה חוזרת", "he"),
    ],
)
def test_repeat_purchase_sections_fit_repeat_plans_only(section: str, language: str) -> None:
    kinds = {p.purchase.type: p for p in PERSONAS}
    citation = Citation(
        chunk_id="guidance/x.md#1",
        source="guidance/x.md",
        topic="purchase-type",
        section=section,
        language=language,
    )
    assert not citation_filter(kinds["new"], language)(citation, "need")
    assert citation_filter(kinds["repeat"], language)(citation, "need")
    stage_bound = citation.model_copy(
        update={"section": "Our guidance: content for the need and specification stages"}
    )
    assert citation_filter(kinds["new"], "en")(
        stage_bound.model_copy(update={"language": "en"}), "need"
    )
    assert not citation_filter(kinds["new"], "en")(
        stage_bound.model_copy(update={"language": "en"}), "negotiation"
    )


@pytest.mark.parametrize(
    "persona", [p for p in PERSONAS if p.purchase.type == "new"], ids=lambda p: p.id
)
def test_new_purchase_plan_cites_no_repeat_purchase_guidance(
    persona: Persona, bundled: tuple[Retriever, dict[str, ContentPlan]]
) -> None:
    plan = bundled[1][persona.id]
    fits = citation_filter(persona, plan.language)
    cited = [
        c
        for cell in plan.cells
        for s in cell.suggestions
        for c in s.citations
        if not fits(c, cell.stage)
    ] + [
        c
        for pack in plan.proof_packs
        for a in pack.objections
        for c in a.citations
        if not fits(c, None)
    ]
    assert cited == []
    sections = {c.section for cell in plan.cells for s in cell.suggestions for c in s.citations} | {
        c.section for pack in plan.proof_packs for a in pack.objections for c in a.citations
    }
    repeat_words = ("repeat purchases repeat", "recompra", "רכישה חוזרת")
    assert not [s for s in sections if any(w in s for w in repeat_words) and "nueva" not in s]
    if not persona.purchase.strategic:
        assert not [s for s in sections if "strateg" in s.lower() or "estratég" in s]


def id_slugs(*personas: Persona) -> set[str]:
    """Every hyphenated id a reader must never see (single words like "need" are English)."""
    from assistant.brief_rules import OBJECTIVES

    # Topic ids are never printed; guidance headings may use "buying-center" as English.
    ids = {*ROLES, *STAGES, *PURCHASE_TYPES, *OBJECTIVES, *playbook().kpis}
    ids |= {p.id for p in personas} | {p.segment for p in personas}
    return {i for i in ids if "-" in i}


@pytest.mark.parametrize("persona", PERSONAS, ids=[p.id for p in PERSONAS])
def test_plan_markdown_shows_labels_never_ids(
    persona: Persona, bundled: tuple[Retriever, dict[str, ContentPlan]]
) -> None:
    import re

    markdown = plan_to_markdown(bundled[1][persona.id])
    assert markdown.startswith("# ") and persona.company in markdown.splitlines()[0]
    found = {
        s for s in id_slugs(persona) if re.search(rf"(?<![\w/-]){re.escape(s)}(?![\w-])", markdown)
    }
    assert found == set()


def test_resolve_reads_a_persona_once_per_index_revision(knowledge_dir: Path) -> None:
    settings = load_settings()
    first = resolve(settings, "northbridge-3pl", revision="r1")
    assert resolve(settings, "northbridge-3pl", revision="r1") is first
    assert resolve(settings, "northbridge-3pl", revision="r2") is not first
    path = knowledge_dir / "personas" / "northbridge-3pl.yaml"
    path.write_text(path.read_text().replace("Northbridge Third-Party", "Southbridge Third-Party"))
    assert resolve(settings, "northbridge-3pl", revision="r2").company.startswith("Southbridge")
    assert first.source == "personas/northbridge-3pl.yaml"
    outside = resolve(settings, persona_file=path)
    assert outside.source == "northbridge-3pl.yaml"


def test_content_library_obeys_the_file_size_limit_and_is_reviewed_once(
    knowledge_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    big = knowledge_dir / "content" / "huge-deck.md"
    big.write_text("# Deck\n\n" + "Our 40-line template cuts review time by 30%. " * 30_000)
    monkeypatch.setenv("ASSISTANT_MAX_FILE_MB", "1")
    settings = load_settings()
    library = content_library(settings, revision="r1")
    assert [s.source for s in library.skipped] == ["content/huge-deck.md"]
    assert "over the 1 MB limit" in library.skipped[0].reason
    assert "content/huge-deck.md" not in {a.source for a in library.assets}
    assert content_library(settings, revision="r1") is library
    assert content_library(settings, revision="r2") is not library
    small = knowledge_dir / "content" / "one-pager.md"
    small.write_text(
        "---\nrole: buyer\nstage: negotiation\n---\n# TCO\n\n36-month TCO for 3 sites.\n"
    )
    assert "content/one-pager.md" in {a.source for a in content_library(settings, "r2").assets}
