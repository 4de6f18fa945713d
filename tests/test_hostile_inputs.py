"""Hostile knowledge files, uploads and damaged derived data (issue 15).

Every attack is generated here (tests/attacks.py); bombs run in a child process under a 1 GB
address-space limit and a timeout (tests/bounded.py), so a regression fails its test instead of
taking the machine down. Each attack must end in a correct result or one clear line for that
file, with every other file synced and nothing already stored lost.
"""

from __future__ import annotations

import ast
import json
import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import attacks
import pytest
from bounded import GB, REPO, run_bounded
from click.testing import CliRunner

from assistant.cli import cli
from assistant.config import load_settings
from assistant.errors import IndexNotReady
from assistant.history import History
from assistant.index import DIRTY, Store, ingest
from assistant.retrieval import Retriever

LIMIT = 1 * GB  # "no input above 1 GB of memory"
# With the embedding model loaded, onnxruntime reserves address space it never touches (thread
# stacks, arenas): whole syncs get 2 GB of address space and must stay under 1 GB resident.
MODEL_LIMIT = 2 * GB
TIMEOUT = 60.0  # the goal is 30 s on an idle machine; the timeout leaves room for a busy one


def load_bounded(path: Path, kind: str = "document", source: str | None = None) -> dict:
    """load_file on one file in a bounded child; its JSON result plus peak memory and time."""
    outcome = run_bounded(
        f"""
        import json
        from pathlib import Path
        from assistant.knowledge import KnowledgeFile, load_file
        path = Path({str(path)!r})
        loaded = load_file(KnowledgeFile(path, {source or path.name!r}, {kind!r}), 20_000_000)
        print(json.dumps({{
            "code": loaded.error.code if loaded.error else None,
            "reason": loaded.error.reason if loaded.error else None,
            "chunks": len(loaded.chunks),
            "chars": sum(len(chunk.text) for chunk in loaded.chunks),
            "notes": loaded.notes,
        }}))
        """,
        address_space=LIMIT,
        timeout=TIMEOUT,
    )
    assert outcome.returncode == 0, (outcome.returncode, outcome.stderr[-2000:])
    result = outcome.json()
    assert isinstance(result, dict)
    print(f"{path.name}: {outcome.seconds:.1f} s, peak {outcome.peak_mb:.0f} MB, {result}")
    result["peak_mb"] = outcome.peak_mb
    return result


# --- one file at a time: refused for that file, quickly, in little memory ----------------------

REFUSED: list[tuple[str, Callable[[], bytes], str, str]] = [
    ("anchor-bomb.md", attacks.anchor_bomb_markdown, "bad-front-matter", "alias bomb"),
    ("deep.md", lambda: attacks.deep_front_matter(5_000), "bad-front-matter", "nested deeper"),
    ("bomb.docx", attacks.docx_bomb, "archive-bomb", "1,200 MB inflated"),
    ("lying.docx", lambda: attacks.docx_bomb(declared=1000), "bad-document", "CRC"),
    ("broken.docx", lambda: attacks.docx_with_document(b"<w:document><w:p>"), "bad-document", ""),
    ("bomb.pdf", attacks.pdf_stream_bomb, "archive-bomb", "decompression bomb"),
    ("spans.html", attacks.unclosed_spans, "no-text", "no text"),
]


@pytest.mark.parametrize(
    ("name", "build", "code", "reason"), REFUSED, ids=[case[0] for case in REFUSED]
)
def test_a_bomb_is_refused_for_its_file_in_bounded_memory(
    tmp_path: Path, name: str, build: Callable[[], bytes], code: str, reason: str
) -> None:
    path = tmp_path / name
    path.write_bytes(build())
    result = load_bounded(path)
    assert result["code"] == code and reason in result["reason"], result
    assert result["chunks"] == 0
    assert result["peak_mb"] < 400  # the limit is 1 GB; these stay near the interpreter's size


def test_the_anchor_bomb_is_a_356_byte_upload() -> None:
    assert len(attacks.anchor_bomb_markdown()) < 400


def test_a_persona_nested_20000_deep_is_one_error(tmp_path: Path) -> None:
    data = attacks.deep_persona(20_000)
    assert 39_000 < len(data) < 41_000
    path = tmp_path / "deep.yaml"
    path.write_bytes(data)
    result = load_bounded(path, kind="persona", source="personas/deep.yaml")
    assert result["code"] == "bad-persona" and "nested deeper" in result["reason"]


@pytest.mark.parametrize(
    ("name", "build", "note"),
    [
        ("pages.pdf", lambda: attacks.pdf_pages(5_000), "first 500 of 5000 pages"),
        ("long.docx", lambda: attacks.docx_with_text(1_000_000), "characters were indexed"),
        ("nested.html", attacks.nested_tags, ""),
    ],
    ids=["5000-page-pdf", "docx-over-the-text-cap", "html-nested-50k"],
)
def test_a_huge_document_is_indexed_up_to_the_limits_and_says_so(
    tmp_path: Path, name: str, build: Callable[[], bytes], note: str
) -> None:
    path = tmp_path / name
    path.write_bytes(build())
    result = load_bounded(path)
    assert result["code"] is None and 0 < result["chunks"] <= 400
    assert result["chars"] <= 1.1 * 200_000  # chunks repeat their section heading
    assert any(note in line for line in result["notes"]) if note else result["notes"] == []


def test_html_is_read_by_a_streaming_parser_with_headings(tmp_path: Path) -> None:
    from assistant.extraction import html_to_markdown

    markup = (
        b"<html><head><title>t</title><style>p{}</style></head><body><h2>Pricing</h2>"
        b"<p>\xe2\x82\xac1,450 per <b>site</b>.</p><script>alert(1)</script>"
        b"<ul><li>one</li><li>two</li></ul><div><span>x<span>y" + b"<span" * 1000
    )
    text = html_to_markdown(tmp_path / "a.html", markup).text
    assert "## Pricing" in text and "€1,450 per site." in text
    assert "alert" not in text and "p{}" not in text and "one\ntwo" in text


def test_docx_headings_tables_and_text_boxes_are_read_once(tmp_path: Path) -> None:
    from assistant.extraction import docx_to_markdown

    body = (
        '<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>Spec</w:t></w:r></w:p>'
        "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>cell text</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
        '<w:p><w:r><mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/'
        'markup-compatibility/2006"><mc:Choice Requires="wps"><w:txbxContent><w:p><w:r>'
        "<w:t>boxed</w:t></w:r></w:p></w:txbxContent></mc:Choice><mc:Fallback><w:txbxContent>"
        "<w:p><w:r><w:t>boxed</w:t></w:r></w:p></w:txbxContent></mc:Fallback>"
        "</mc:AlternateContent></w:r></w:p>"
    )
    xml = f'<?xml version="1.0"?><w:document {attacks.W_NS}><w:body>{body}</w:body></w:document>'
    text = docx_to_markdown(tmp_path / "a.docx", attacks.docx_with_document(xml.encode())).text
    assert "# Spec" in text and "cell text" in text and text.count("boxed") == 1


# --- a whole sync: one bad file never stops the rest -------------------------------------------

SYNC = """
import json, os
real_open = os.open
if os.geteuid() == 0:  # root reads chmod 000 files: refuse it as the kernel refuses a user
    def guarded_open(path, flags, *args, **kwargs):
        if os.fspath(path).endswith("locked.md"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_open(path, flags, *args, **kwargs)
    os.open = guarded_open
from assistant.config import load_settings
from assistant.index import ingest
print(ingest(load_settings()).model_dump_json())
"""


def hostile_folder(root: Path, outside: Path) -> None:
    """Good files plus one of each bad kind the adversarial pass found stopping a sync."""
    uploads = root / "uploads"
    uploads.mkdir(parents=True)
    (uploads / "good.md").write_text("# Fairs\n\nBook trade fair meetings early.\n")
    (uploads / "anchor-bomb.md").write_bytes(attacks.anchor_bomb_markdown())
    (uploads / "deep.md").write_bytes(attacks.deep_front_matter(5_000))
    (uploads / "bomb.pdf").write_bytes(attacks.pdf_stream_bomb())
    (uploads / "broken.docx").write_bytes(attacks.docx_with_document(b"<w:document><w:p>"))
    (uploads / "bomb.docx").write_bytes(attacks.docx_bomb())
    (root / "personas" / "deep.yaml").write_bytes(attacks.deep_persona(20_000))
    bad_name = os.path.join(os.fsencode(uploads), b"caf\xff.md")
    with open(bad_name, "wb") as stream:
        stream.write(b"# Bad name\n\ntext\n")
    (uploads / "line\nbreak.md").write_text("# Split\n\ntext\n")
    locked = uploads / "locked.md"
    locked.write_text("# Locked\n\nsecret\n")
    locked.chmod(0)
    (outside / "secret.md").write_text("# Outside\n\nroot:x:0:0:root:/root:/bin/bash\n")
    (uploads / "passwd.md").symlink_to("/etc/passwd")
    (uploads / "secret.md").symlink_to(outside / "secret.md")
    (root / "linked").symlink_to(outside, target_is_directory=True)
    (uploads / "inside.md").symlink_to(uploads / "good.md")  # inside the folder: fine


def test_one_bad_file_never_stops_the_sync(small_knowledge: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    hostile_folder(small_knowledge, outside)
    outcome = run_bounded(SYNC, address_space=MODEL_LIMIT, timeout=2 * TIMEOUT)
    assert outcome.returncode == 0, outcome.stderr[-2000:]
    print(f"sync: {outcome.seconds:.1f} s, peak {outcome.peak_mb:.0f} MB")
    assert outcome.peak_mb < 1024
    report = outcome.json()
    assert isinstance(report, dict)
    codes = {error["path"]: error["code"] for error in report["errors"]}
    assert codes == {
        "uploads/anchor-bomb.md": "bad-front-matter",
        "uploads/deep.md": "bad-front-matter",
        "uploads/bomb.pdf": "archive-bomb",
        "uploads/broken.docx": "bad-document",
        "uploads/bomb.docx": "archive-bomb",
        "personas/deep.yaml": "bad-persona",
        "uploads/caf\\xff.md": "bad-name",
        "uploads/line\\nbreak.md": "bad-name",
        "uploads/locked.md": "unreadable",
        "uploads/passwd.md": "link-outside",
        "uploads/secret.md": "link-outside",
        "linked": "link-outside",
    }, report["errors"]
    assert all(
        "\n" not in e["message"] and "Traceback" not in e["message"] for e in report["errors"]
    )
    assert report["added"] == 5  # two guidance files, one persona, good.md and its inside link
    retriever = Retriever(load_settings())
    sources = {hit.source for hit in retriever.search("root bin bash", k=20).hits}
    assert not any("passwd" in source or "secret" in source for source in sources)
    assert "uploads/good.md" in {hit.source for hit in retriever.search("trade fair").hits}
    again = run_bounded(SYNC, address_space=MODEL_LIMIT, timeout=2 * TIMEOUT).json()
    assert isinstance(again, dict)
    assert (again["added"], again["unchanged"], len(again["errors"])) == (0, 5, 12)


UPLOAD = """
from pathlib import Path
from assistant.errors import InputError
from assistant.uploads import save_upload
path = Path({path!r})
try:
    save_upload(Path({root!r}), path.name, path.read_bytes(), 20_000_000)
    print("saved")
except InputError as error:
    print(error)
"""


@pytest.mark.parametrize(
    ("name", "build", "reason"),
    [
        ("anchor-bomb.md", attacks.anchor_bomb_markdown, "alias bomb"),
        ("bomb.docx", attacks.docx_bomb, "1,200 MB inflated"),
        ("bomb.pdf", attacks.pdf_stream_bomb, "decompression bomb"),
    ],
    ids=["anchor-bomb", "docx-bomb", "pdf-bomb"],
)
def test_an_upload_that_ingest_would_refuse_is_refused_before_it_is_saved(
    tmp_path: Path, name: str, build: Callable[[], bytes], reason: str
) -> None:
    source = tmp_path / name
    source.write_bytes(build())
    root = tmp_path / "knowledge"
    outcome = run_bounded(
        UPLOAD.format(path=str(source), root=str(root)), address_space=LIMIT, timeout=TIMEOUT
    )
    assert outcome.returncode == 0, outcome.stderr[-2000:]
    assert outcome.stdout.startswith(f"file: {name}: ") and reason in outcome.stdout
    assert not (root / "uploads" / name).exists()


def test_uploads_never_land_outside_through_a_linked_folder(tmp_path: Path) -> None:
    from assistant.errors import InputError
    from assistant.uploads import save_upload

    root = tmp_path / "knowledge"
    root.mkdir()
    (tmp_path / "elsewhere").mkdir()
    (root / "uploads").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    with pytest.raises(InputError, match="leads outside the knowledge folder"):
        save_upload(root, "a.md", b"# A\n\ntext\n", 1000)
    assert list((tmp_path / "elsewhere").iterdir()) == []


def test_a_broken_file_keeps_its_old_chunks(small_knowledge: Path) -> None:
    settings = load_settings()
    ingest(settings)
    guide = small_knowledge / "guidance" / "en" / "buying-center.md"
    guide.write_bytes(attacks.anchor_bomb_markdown())
    report = ingest(settings)
    assert [(e.path, e.code) for e in report.errors] == [
        ("guidance/en/buying-center.md", "bad-front-matter")
    ]
    hits = Retriever(settings).search("gatekeeper vendor email").hits
    assert hits[0].source == "guidance/en/buying-center.md"  # nothing already stored is lost


# --- YAML: one reader everywhere -----------------------------------------------------------------


def test_every_yaml_read_goes_through_the_bounded_reader() -> None:
    """No module but safe_yaml calls PyYAML's loaders (front matter, personas, rule files,
    prompts, email rules, uploads and scripts all use parse_yaml)."""
    loaders = {"load", "safe_load", "full_load", "unsafe_load", "load_all", "safe_load_all"}
    offenders = []
    for path in [
        *REPO.joinpath("assistant").rglob("*.py"),
        *REPO.joinpath("scripts").rglob("*.py"),
    ]:
        if path.name == "safe_yaml.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Attribute)
                and node.attr in loaders
                and isinstance(node.value, ast.Name)
                and node.value.id == "yaml"
            ):
                offenders.append(f"{path.relative_to(REPO)}:{node.lineno}")
    assert offenders == []


def test_a_deep_persona_never_stops_plan_retrieve_or_the_page(small_knowledge: Path) -> None:
    """On the small knowledge fixture: the attack is the one persona file, not the pack."""
    from streamlit.testing.v1 import AppTest

    from assistant.personas import resolve
    from assistant.planner import make_plan
    from assistant.ui.i18n import strings

    (small_knowledge / "personas" / "deep.yaml").write_bytes(attacks.deep_persona(20_000))
    settings = load_settings()
    report = ingest(settings)
    assert [(e.path, e.code) for e in report.errors] == [("personas/deep.yaml", "bad-persona")]
    assert make_plan(settings, resolve(settings, "tiny-co")).cells
    runner = CliRunner()
    result = runner.invoke(cli, ["retrieve", "buying center", "--persona", "tiny-co"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(cli, ["plan", "--persona", "deep-co"])
    assert result.exit_code == 2 and len(result.stderr.strip().splitlines()) == 1
    deep_file = str(small_knowledge / "personas" / "deep.yaml")
    result = runner.invoke(cli, ["plan", "--persona-file", deep_file])
    assert result.exit_code == 2 and "nested deeper than 64 levels" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    for view in ("chat", "plan", "review", "email", "brief", "personas", "knowledge"):
        at = AppTest.from_file(str(REPO / "app.py"), default_timeout=180)
        at.session_state["view"] = strings()[f"tab_{view}"]["en"]
        at.run()
        assert not at.exception, (view, [e.value for e in at.exception])
    cells = " ".join(str(c) for frame in at.dataframe for c in frame.value.to_numpy().ravel())
    assert "deep.yaml" in cells and "nested deeper than 64 levels" in cells
    assert "Invalid persona file" in cells  # the problem in words, then the detail


def test_the_knowledge_view_lists_problems_in_the_users_language(small_knowledge: Path) -> None:
    from streamlit.testing.v1 import AppTest

    from assistant.ui.i18n import strings

    (small_knowledge / "uploads").mkdir()
    (small_knowledge / "uploads" / "bomb.md").write_bytes(attacks.anchor_bomb_markdown())
    ingest(load_settings())
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=180)
    at.session_state["ui_language"] = "he"
    at.session_state["view"] = strings()["tab_knowledge"]["he"]
    at.run()
    assert not at.exception
    cells = " ".join(str(c) for frame in at.dataframe for c in frame.value.to_numpy().ravel())
    assert "uploads/bomb.md" in cells and strings()["problem_bad-front-matter"]["he"] in cells
    assert any(strings()["last_ingest_problems"]["he"][:20] in w.value for w in at.warning)


# --- nothing to search yet: one line, never AttributeError ---------------------------------------


def one_line_error(args: list[str]) -> str:
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    return lines[0]


def test_an_empty_knowledge_folder_says_the_index_is_empty(tmp_path: Path) -> None:
    (tmp_path / "knowledge").mkdir()
    assert ingest(load_settings()).chunks == 0
    assert "the index is empty" in one_line_error(["retrieve", "buying center"])
    assert "the index is empty" in one_line_error(["ask", "Who decides?"])
    batch = tmp_path / "q.jsonl"
    batch.write_text('{"query": "buyers"}\n')
    result = CliRunner().invoke(cli, ["retrieve", "--batch", str(batch)])
    assert "the index is empty" in json.loads(result.stdout)["error"]


def test_retrieve_while_the_first_ingest_runs_says_it_is_being_built(small_knowledge: Path) -> None:
    from filelock import FileLock

    settings = load_settings()
    settings.data_dir.mkdir(parents=True)
    with FileLock(str(settings.data_dir / "ingest.lock")):  # an ingest holds it
        assert "being built" in one_line_error(["retrieve", "buyers"])  # no collection yet
        store = Store.open(settings)  # the ingest created it, has written nothing yet
        store.bump_revision(DIRTY)
        assert "being built" in one_line_error(["retrieve", "buyers"])
    assert "incomplete" in one_line_error(["retrieve", "buyers"])  # killed before any write
    with pytest.raises(IndexNotReady):
        Retriever(settings).search("buyers")


def test_after_an_early_kill_answers_come_from_what_is_indexed(small_knowledge: Path) -> None:
    settings = load_settings()
    ingest(settings)
    store = Store.open(settings)
    store.bump_revision(DIRTY)  # as a killed ingest leaves it, part of the files written
    store.delete([i for i, _, m in store.all_records() if m["source"].startswith("guidance/es")])
    hits = Retriever(settings).search("supplier quotes").hits
    assert hits and hits[0].source == "guidance/en/buying-center.md"
    assert ingest(settings).added == 1  # the next ingest finishes the job


def test_retrieves_during_a_real_first_ingest_never_fail_with_a_traceback(
    knowledge_dir: Path,
) -> None:
    settings = load_settings()
    process = subprocess.Popen(
        [sys.executable, "-m", "assistant", "ingest", "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    outcomes: set[str] = set()
    try:
        while process.poll() is None:
            try:
                Retriever(settings).search("buying center", k=3)
                outcomes.add("hits")
            except IndexNotReady:
                outcomes.add("not ready")
            except Exception as error:  # noqa: BLE001 - anything else fails the test below
                if "no index yet" not in str(error):
                    raise
                outcomes.add("no index")
            time.sleep(0.2)
    finally:
        out, err = process.communicate(timeout=300)
    assert process.returncode == 0, err
    assert Retriever(settings).search("buying center").hits
    print(outcomes)


# --- derived data repairs itself -----------------------------------------------------------------


def corpus_file(settings: object) -> Path:
    from assistant.index import collection_name

    return settings.data_dir / "bm25" / collection_name(settings) / "corpus.json"  # type: ignore[attr-defined]


DAMAGE: dict[str, Callable[[dict], object]] = {
    "missing key": lambda p: {k: v for k, v in p.items() if k != "documents"},
    "short documents": lambda p: {**p, "documents": p["documents"][:-3]},
    "extra ids": lambda p: {
        **p,
        "ids": [*p["ids"], "x#0"],
        "documents": [*p["documents"], ""],
        "metadatas": [*p["metadatas"], {}],
    },
    "not a mapping": lambda p: [1, 2, 3],
    "wrong types": lambda p: {**p, "metadatas": ["x"] * len(p["metadatas"])},
    "file chunks lost": lambda p: {**p, "file_chunks": p["file_chunks"][1:]},
    "file chunks not positions": lambda p: {**p, "file_chunks": [["a"], *p["file_chunks"]]},
}


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_a_damaged_bm25_cache_is_rebuilt_with_a_warning(
    indexed_knowledge: Path, damage: str, caplog: pytest.LogCaptureFixture
) -> None:
    settings = load_settings()
    path = corpus_file(settings)
    path.write_text(json.dumps(DAMAGE[damage](json.loads(path.read_text()))))
    for _ in range(2):  # the first call rebuilds; the second finds a good cache
        assert Retriever(settings).search("buying center roles").hits
    warnings = [r for r in caplog.records if "search cache is damaged" in r.getMessage()]
    assert len(warnings) == 1


def test_a_bm25_cache_from_another_corpus_is_rebuilt(indexed_knowledge: Path) -> None:
    import bm25s

    settings = load_settings()
    other = bm25s.BM25()
    other.index([["a"], ["b"]], show_progress=False)
    other.save(str(corpus_file(settings).parent / "bm25"))
    assert Retriever(settings).search("buying center roles").hits


def test_history_rows_damaged_by_hand_are_skipped_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    history = History(load_settings().data_dir)
    conversation = history.create("kept")
    good = history.add_message(conversation.id, "user", "first question")
    bad_json = history.add_message(conversation.id, "assistant", "answer with citations")
    odd_role = history.add_message(conversation.id, "user", "odd role")
    rated = history.add_message(conversation.id, "assistant", "rated answer")
    history.rate(rated.id, 1)
    with sqlite3.connect(history.path) as db:
        db.execute("UPDATE messages SET citations = '{not json' WHERE id = ?", (bad_json.id,))
        db.execute("UPDATE messages SET role = 'system' WHERE id = ?", (odd_role.id,))
        db.execute("UPDATE feedback SET rating = 7 WHERE message_id = ?", (rated.id,))
        db.execute("INSERT INTO conversations VALUES ('x', CAST(X'ff' AS TEXT), 1, '2020')")
    messages = history.get(conversation.id).messages
    assert [m.id for m in messages] == [good.id, bad_json.id, rated.id]
    assert messages[1].citations == [] and messages[2].rating is None
    assert [c.title for c in history.list()] == ["kept", "\ufffd"]  # not UTF-8: shown
    logged = " ".join(r.getMessage() for r in caplog.records)
    assert "unreadable citations" in logged and "skipped message" in logged
    result = CliRunner().invoke(cli, ["history", "show", conversation.id])
    assert result.exit_code == 0 and "answer with citations" in result.stdout


def test_an_index_that_cannot_open_is_repaired_by_a_plain_ingest(indexed_knowledge: Path) -> None:
    settings = load_settings()
    history = History(settings.data_dir)
    conversation = history.create("survives repair")
    history.add_message(conversation.id, "user", "keep me")
    database = settings.data_dir / "chroma" / "chroma.sqlite3"
    database.write_bytes(database.read_bytes()[:100])
    line = one_line_error(["retrieve", "buying center"])
    assert "run `assistant ingest` to repair it" in line and "not touched" in line
    assert "--rebuild" not in line
    result = CliRunner().invoke(cli, ["ingest", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["errors"][0]["code"] == "index-repaired" and report["chunks"] > 100
    assert (settings.data_dir / "chroma.damaged" / "chroma.sqlite3").exists()  # kept aside
    assert CliRunner().invoke(cli, ["retrieve", "buying center"]).exit_code == 0
    assert History(settings.data_dir).get(conversation.id).messages[0].content == "keep me"
    rebuild_help = CliRunner().invoke(cli, ["ingest", "--help"]).stdout
    assert "Delete the search index" in " ".join(rebuild_help.split())


def test_bombs_keep_the_data_dir_small(tmp_path: Path) -> None:
    """The 356-byte bomb once grew the index by ~900 MB: refused files write nothing."""
    root = tmp_path / "knowledge"
    (root / "uploads").mkdir(parents=True)
    (root / "uploads" / "ok.md").write_text("# Ok\n\nshort text\n")
    (root / "uploads" / "bomb.md").write_bytes(attacks.anchor_bomb_markdown())
    ingest(load_settings())
    size = sum(p.stat().st_size for p in (tmp_path / "data").rglob("*") if p.is_file())
    assert size < 20_000_000
