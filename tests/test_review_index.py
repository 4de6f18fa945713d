"""Nothing-new against the real index: copy that repeats the team's knowledge is flagged."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from assistant.cli import cli
from assistant.config import load_settings
from assistant.index import ingest
from assistant.retrieval import Retriever
from assistant.review import known_passages_from, review_copy


def test_repeated_sentence_is_flagged_new_one_is_not(small_knowledge: Path) -> None:
    ingest(load_settings())
    known = known_passages_from(Retriever(load_settings()))
    text = (
        "Prescribers write the specification; buyers compare suppliers and collect quotes. "
        "Our pilot at Rotterdam cut pallet dwell time from 41 to 26 hours in March 2025."
    )
    result = review_copy(text, language="en", known_passages=known)
    flagged = [text[f.start : f.end] for f in result.findings if f.rule == "nothing-new"]
    assert len(flagged) == 1 and flagged[0].startswith("Prescribers write the specification")


def test_spanish_repetition_is_caught_lexically(small_knowledge: Path) -> None:
    ingest(load_settings())
    known = known_passages_from(Retriever(load_settings()))
    text = (
        "Los departamentos de TI actualizan el software de correo con retraso, así que conviene "
        "usar tablas y HTML sencillo."
    )
    result = review_copy(text, language="es", known_passages=known)
    assert any(f.rule == "nothing-new" for f in result.findings)


def test_cli_review_uses_the_index_when_present(small_knowledge: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    copy = tmp_path / "copy.txt"
    copy.write_text(
        "The filter is the gatekeeper who decides which vendor email reaches the team.",
        encoding="utf-8",
    )
    before = runner.invoke(cli, ["review", str(copy), "--json"])
    assert before.exit_code == 0
    assert "nothing-new check skipped: no index yet" in before.stderr
    runner.invoke(cli, ["ingest"])
    after = json.loads(runner.invoke(cli, ["review", str(copy), "--json"]).stdout)
    assert "nothing-new" in {f["rule"] for f in after["findings"]}
    skipped = json.loads(runner.invoke(cli, ["review", str(copy), "--json", "--no-index"]).stdout)
    assert "nothing-new" not in {f["rule"] for f in skipped["findings"]}
