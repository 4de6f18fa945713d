"""Title → seniority, function, roles: the hard cases of docs/title-labels.md, with evidence."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.evaluation.titles import evaluate_titles
from assistant.titles import classify_title, classify_titles, normalise_title

CASES = [
    # title, seniority, function, roles
    ("Director of Purchasing", "director", "purchasing", {"buyer", "decider"}),
    ("Directora de Compras", "director", "purchasing", {"buyer", "decider"}),
    ("Director/a de Logística", "director", "logistics", {"prescriber", "decider"}),
    ("מנהל/ת רכש", "manager", "purchasing", {"buyer"}),
    ("למנהלת הרכש", "manager", "purchasing", {"buyer"}),
    ("סמנכ״ל כספים", "vp", "finance", {"decider"}),
    ('סמנכ"ל תפעול', "vp", "operations", {"prescriber", "decider"}),
    ("מנכל", "c-suite", "executive", {"decider"}),
    ("Gte. de Mantenimiento", "manager", "operations", {"prescriber"}),
    ("Dir. Quality", "director", "quality", {"prescriber", "decider"}),
    ("VP, Information Technology", "vp", "it", {"prescriber", "decider"}),
    ("LOGISTICS COORDINATOR", "senior", "logistics", {"prescriber"}),
    ("maintenance technician", "entry", "operations", {"user"}),
    ("Purchsing Agent", "entry", "purchasing", {"buyer"}),
    ("Ingenero de Calidad", "entry", "quality", {"prescriber"}),
    ("Sourcing Lead | APAC", "senior", "purchasing", {"buyer"}),
    ("Gerente de IT", "manager", "it", {"prescriber"}),
    ("מנהל IT", "manager", "it", {"prescriber"}),
    ("IT Security Director", "director", "it", {"decider", "filter"}),
    ("Chief Information Security Officer", "c-suite", "it", {"decider", "filter"}),
    ("Assistant to the Managing Director", "entry", "admin", {"filter"}),
    ("Recepcionista", "entry", "admin", {"filter"}),
    ("External Auditor", "entry", "finance", {"advisor"}),
    ("ERP Consultant", "entry", "consulting", {"advisor"}),
    ("Forklift Driver", "entry", "logistics", {"user"}),
    ("Plant Manager", "manager", "production", {"prescriber", "decider"}),
    ("Sales Manager", "manager", "sales", set()),
    ("Ninja", "unknown", "other", set()),
    ("", "unknown", "other", set()),
    ("n/a", "unknown", "other", set()),
    # plurals of job nouns (a team row in an export), abbreviations, word order
    ("Buyers", "entry", "purchasing", {"buyer"}),
    ("Técnicos de Mantenimiento", "entry", "operations", {"user"}),
    ("Auxiliares administrativos", "entry", "admin", {"filter"}),
    ("Purch. Mgr", "manager", "purchasing", {"buyer"}),
    ("Dir. Mfg.", "director", "production", {"prescriber", "decider"}),
    ("Manager, EHS", "manager", "quality", {"prescriber"}),
    ("Asst. Maint. Supvr", "manager", "operations", {"prescriber"}),
    ("Customer Service Manager", "manager", "sales", set()),
    ("Resp. de Compras", "manager", "purchasing", {"buyer"}),
    ("Gerenta de Ventas", "manager", "sales", set()),
    ("auditora de cuentas", "entry", "finance", {"advisor"}),
    ("Freight Handler", "entry", "logistics", {"user"}),
    ("band saw operative", "entry", "production", {"user"}),
    ("Fiber Optics Technician", "entry", "other", {"user"}),
    ("directora de datos", "director", "it", {"prescriber", "decider"}),
    ("Acme Industries Ltd", "unknown", "other", set()),
    ("Manager", "manager", "other", set()),
    ("Compras", "unknown", "purchasing", {"buyer"}),
    # two titles in one cell: the higher level, the first function, the roles of both
    ("Buyer / Production Planner", "entry", "purchasing", {"buyer", "prescriber"}),
    ("Owner | Managing Director", "c-suite", "executive", {"decider"}),
    ("Plant Manager | EMEA", "manager", "production", {"prescriber", "decider"}),
    # IT-security words screen suppliers wherever they stand, and are never prescriber
    ("Cybersecurity Consultant", "entry", "consulting", {"advisor", "filter"}),
    ("Consultor de Ciberseguridad", "entry", "consulting", {"advisor", "filter"}),
    ("Network Security Engineer", "entry", "it", {"filter"}),
    ("Gestora de Seguridad de TI", "manager", "it", {"filter"}),
    # an engineering domain before "systems" is no IT; "systems" alone still is
    ("Power Systems Engineer", "entry", "engineering", {"prescriber"}),
    ("Systems Analyst", "entry", "it", {"prescriber"}),
    ("Telecommunications Manager", "manager", "it", {"prescriber"}),
    # a doubled letter is a typo; an ordinary word near a rule word is not
    ("Proccurement Specialist", "entry", "purchasing", {"buyer"}),
    ("Thread Inspector", "entry", "quality", {"user"}),
    # a job noun stands for the words inside it; some nouns beat any qualifier
    ("operador de prensa", "entry", "production", {"user"}),
    ("Technical Salesperson", "entry", "sales", set()),
    ("Logistics Teacher", "entry", "other", set()),
    ("Ingeniero Comercial", "entry", "sales", set()),
    ("Corporate Law Consultant", "entry", "legal", {"advisor"}),
    # abbreviations and prefixes
    ("Process Eng.", "entry", "engineering", {"prescriber"}),
    ("Exec. Asst. to the COO", "entry", "admin", {"filter"}),
    ("Subjefe de Almacén", "manager", "logistics", {"prescriber"}),
    ("Dtor. Compras", "director", "purchasing", {"buyer", "decider"}),
    ("Whse Supervisor", "manager", "logistics", {"prescriber"}),
    ("Auxiliar Contable", "entry", "finance", set()),
    # a region after "|" is no second title, and no typo of a job word (México ≠ médico)
    ("Gerente de Operaciones | México", "manager", "operations", {"prescriber"}),
]


@pytest.mark.parametrize(("title", "seniority", "function", "roles"), CASES)
def test_title_reads_like_the_convention(
    title: str, seniority: str, function: str, roles: set[str]
) -> None:
    result = classify_title(title)
    assert (result.seniority, result.function, set(result.roles)) == (seniority, function, roles)


def test_every_result_names_its_evidence_and_a_confidence() -> None:
    result = classify_title("Head of Procurement | EMEA")
    assert result.seniority == "director" and result.function == "purchasing"
    assert "Head" in result.evidence and "Procurement" in result.evidence
    assert 0 < result.confidence <= 1
    unknown = classify_title("Rockstar")
    assert unknown.evidence and unknown.roles == []


def test_a_typo_is_read_and_said_so_and_costs_confidence() -> None:
    clean = classify_title("Procurement Manager")
    typo = classify_title("Procurment Manager")
    assert (typo.seniority, typo.function) == ("manager", "purchasing")
    assert "Procurment→procurement" in typo.evidence
    assert typo.confidence < clean.confidence


def test_a_typo_keeps_its_first_letter() -> None:
    """Another trade one letter away is not a typo: a sawyer is not a lawyer."""
    result = classify_title("Sawyer")
    assert "advisor" not in result.roles and result.function != "legal"
    assert "read" not in result.evidence


def test_short_words_are_never_corrected() -> None:
    assert classify_title("Salse").function == "other"  # 5 letters: too short to guess


def test_gender_endings_are_dropped_before_matching() -> None:
    assert normalise_title("Director/a  de  Ventas") == "Director de Ventas"
    assert normalise_title("מנהל/ת רכש בכיר/ה") == "מנהל רכש בכיר"


def test_distinct_titles_are_classified_once() -> None:
    results = classify_titles(["Buyer", "Buyer", "CEO"])
    assert list(results) == ["Buyer", "CEO"]
    assert results["CEO"].roles == ["decider"]


def test_eval_scores_the_fresh_sets_as_their_own_row(tmp_path: Path) -> None:
    """titles_fresh_<lang>.jsonl rows are tune data but get their own `fresh` row, like heldout."""
    row = {"seniority": "manager", "function": "purchasing", "roles": ["buyer"], "hard": False}
    for language in ("en", "es", "he"):
        main = {"title": "Purchasing Manager", **row, "source": "hand", "split": "tune"}
        (tmp_path / f"titles_{language}.jsonl").write_text(json.dumps(main) + "\n", "utf-8")
    fresh = [
        {"title": "Purch. Mgr", **row, "source": "hand", "split": "tune"},
        {"title": "Ninja", **row, "source": "hand", "split": "tune"},
    ]
    lines = "".join(json.dumps(item) + "\n" for item in fresh)
    (tmp_path / "titles_fresh_en.jsonl").write_text(lines, "utf-8")
    scores = {(s.language, s.split): s for s in evaluate_titles(tmp_path).scores}
    assert (scores["en", "tune"].n, scores["en", "fresh"].n) == (1, 2)
    assert scores["en", "fresh"].exact == 0.5
    assert [m.title for m in scores["en", "fresh"].misses] == ["Ninja"]
    assert ("es", "fresh") not in scores
