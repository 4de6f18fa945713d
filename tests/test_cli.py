"""The `assistant` command as users run it: JSON on stdout, one-line errors and exit code 2."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from assistant.cli import cli


def run(*args: str, stdin: str | None = None):
    return CliRunner().invoke(cli, list(args), input=stdin)


def test_ingest_prints_the_contract_counts(small_knowledge: Path) -> None:
    result = run("ingest", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {
        "added": 3,
        "updated": 0,
        "deleted": 0,
        "unchanged": 0,
        "chunks": 5,
        "errors": [],
    }


def test_ingest_reports_bad_files_and_goes_on(small_knowledge: Path) -> None:
    (small_knowledge / "personas" / "broken.yaml").write_text("id: [", encoding="utf-8")
    result = run("ingest", "--json", "--knowledge", str(small_knowledge))
    report = json.loads(result.stdout)
    assert result.exit_code == 0
    assert report["added"] == 3
    assert report["errors"][0]["path"] == "personas/broken.yaml"
    assert report["errors"][0]["message"].startswith("line 1: YAML error")


def test_retrieve_prints_hits_with_citation_fields(small_knowledge: Path) -> None:
    run("ingest")
    result = run("retrieve", "who writes the specification?", "--k", "2", "--json")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["query"] == "who writes the specification?" and payload["language"] == "en"
    assert len(payload["hits"]) == 2
    assert set(payload["hits"][0]) == {
        "id",
        "text",
        "source",
        "topic",
        "section",
        "language",
        "score",
        "persona_id",
        "title",
        "label",
    }
    assert payload["hits"][0]["label"] == "The buying center › Roles"


def test_retrieve_text_output_names_document_and_section(small_knowledge: Path) -> None:
    run("ingest")
    result = run("retrieve", "gatekeeper")
    assert result.exit_code == 0
    assert "[1] The buying center › The filter" in result.stdout
    labels = [line for line in result.stdout.splitlines() if line.startswith("[")]
    assert labels and not any("guidance/" in line or "Our guidance" in line for line in labels)


def test_retrieve_batch_answers_each_line_in_order(small_knowledge: Path) -> None:
    run("ingest")
    lines = "\n".join(
        [
            json.dumps({"query": "supplier quotes", "k": 1}),
            "not json",
            json.dumps({"query": "objections", "persona": "nobody"}),
            json.dumps({"k": 2}),
            json.dumps({"query": "¿Por qué HTML sencillo?", "k": 1}),
        ]
    )
    result = run("retrieve", "--batch", "-", stdin=lines)
    assert result.exit_code == 0, result.output
    outputs = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(outputs) == 5
    assert outputs[0]["hits"][0]["topic"] == "buying-center"
    assert outputs[1]["error"].startswith("line 2: invalid JSON")
    assert "unknown persona 'nobody'" in outputs[2]["error"]
    assert outputs[3]["error"] == "line 4: query: missing"
    assert outputs[4]["language"] == "es"


def test_unknown_persona_is_exit_2_with_one_line(small_knowledge: Path) -> None:
    run("ingest")
    result = run("retrieve", "x", "--persona", "ghost")
    assert result.exit_code == 2
    assert result.stderr.strip() == "error: persona: unknown persona 'ghost' (known: tiny-co)"
    assert result.stdout == ""


def test_retrieve_before_ingest_says_what_to_do(small_knowledge: Path) -> None:
    result = run("retrieve", "anything")
    assert result.exit_code == 2
    assert "run `assistant ingest` first" in result.stderr


def test_bad_option_is_exit_2(small_knowledge: Path) -> None:
    result = run("retrieve", "x", "--k", "0")
    assert result.exit_code == 2


def test_module_entry_point_help_lists_commands() -> None:
    repo = Path(__file__).resolve().parent.parent
    completed = subprocess.run(
        [sys.executable, "-m", "assistant", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=repo,
    )
    assert completed.returncode == 0
    for command in ("ingest", "retrieve", "review", "email-check", "eval"):
        assert command in completed.stdout
