"""Knowledge loading: front matter, chunking by headings, personas validated strictly."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from assistant.domain import LANGUAGES, PURCHASE_TYPES, ROLES, STAGES, TOPICS, domain_data
from assistant.errors import PersonaError
from assistant.knowledge import KnowledgeFile, discover, load_file, split_front_matter
from assistant.personas import load_personas, parse_persona

REPO = Path(__file__).resolve().parent.parent


def test_domain_labels_cover_every_id() -> None:
    data = domain_data()
    assert set(data.roles) == set(ROLES)
    assert list(data.stages) == [
        "need",
        "specification",
        "supplier-search",
        "negotiation",
        "decision",
    ]
    assert tuple(data.topics) == TOPICS
    for kind in ("roles", "stages", "purchase_types"):
        for entry in getattr(data, kind).values():
            assert all(getattr(entry, language) for language in LANGUAGES)


def test_bundled_guidance_has_every_topic_in_every_language() -> None:
    for language in LANGUAGES:
        for topic in TOPICS:
            path = REPO / "knowledge" / "guidance" / language / f"{topic}.md"
            meta, body = split_front_matter(path.read_text(encoding="utf-8"))
            assert meta["topic"] == topic and meta["language"] == language, path
            assert meta["title"] and meta["source"], path
            assert body.count("\n## ") >= 3, f"{path}: fewer than 3 sections"
            assert meta["source"] == "B to B Marketing - proceso de compra y comunicación"
            practice = {"en": "Our guidance", "es": "Nuestra guía", "he": "ההנחיה שלנו"}[language]
            assert meta["practice"] == practice, path
            assert f"\n## {practice}:" in body, f"{path}: no section marked as our guidance"


def test_bundled_personas_are_valid_and_cover_the_domain() -> None:
    personas, errors = load_personas(REPO / "knowledge" / "personas")
    assert errors == []
    assert len(personas) >= 5
    assert {p.language for p in personas} >= set(LANGUAGES)
    assert {p.purchase.type for p in personas} == set(PURCHASE_TYPES)
    assert {p.purchase.strategic for p in personas} == {True, False}
    assert {role for p in personas for role in p.roles} == set(ROLES)


def test_chunks_keep_heading_metadata(small_knowledge: Path) -> None:
    files = discover(small_knowledge)
    assert [f.source for f in files] == [
        "guidance/en/buying-center.md",
        "guidance/es/email-html.md",
        "personas/tiny-co.yaml",
    ]
    loaded = load_file(files[0], 10_000_000)
    assert loaded.error is None
    sections = [chunk.section for chunk in loaded.chunks]
    assert sections == ["Roles", "Our guidance: the filter"]
    first = loaded.chunks[0]
    assert first.id == "guidance/en/buying-center.md#0"
    assert (first.topic, first.language, first.kind) == ("buying-center", "en", "guidance")
    assert first.title == "The buying center"
    assert "buyers compare suppliers" in first.text
    # The label is what a reader sees: title and heading, no path, no team-practice marker.
    assert [c.label for c in loaded.chunks] == [
        "The buying center › Roles",
        "The buying center › The filter",
    ]


def test_title_falls_back_to_first_heading_then_file_name(tmp_path: Path) -> None:
    root = tmp_path / "notes"
    root.mkdir()
    (root / "field-notes_q3.md").write_text("Plain notes without headings.\n", encoding="utf-8")
    (root / "visit.md").write_text("# Visit report\n\n## Findings\n\nThey buy in Q4.\n")
    chunks = {f.source: load_file(f, 10_000_000).chunks for f in discover(root)}
    assert [(c.title, c.label) for c in chunks["field-notes_q3.md"]] == [
        ("Field notes q3", "Field notes q3")
    ]
    assert [(c.title, c.label) for c in chunks["visit.md"]] == [
        ("Visit report", "Visit report › Findings")
    ]


def test_persona_file_becomes_account_and_member_chunks(small_knowledge: Path) -> None:
    persona_file = discover(small_knowledge)[2]
    chunks = load_file(persona_file, 10_000_000).chunks
    assert [c.section for c in chunks] == ["account", "buyer"]
    assert all(c.persona_id == "tiny-co" and c.kind == "persona" for c in chunks)
    assert "switching cost" in chunks[1].text
    assert [c.label for c in chunks] == ["Tiny Co", "Tiny Co › Buyer: Purchasing lead"]


@pytest.mark.parametrize(
    ("text", "field", "reason"),
    [
        ("id: x\n  bad: [", "line", "YAML error"),
        ("- just\n- a list\n", "file", "mapping"),
        ("company: A\n", "id", "Field required"),
        ("id: Bad Id\n", "id", "slug"),
    ],
)
def test_persona_errors_name_the_field(text: str, field: str, reason: str) -> None:
    with pytest.raises(PersonaError) as caught:
        parse_persona(text, "personas/x.yaml")
    message = str(caught.value)
    assert message.startswith("personas/x.yaml: ")
    assert field in caught.value.field and reason in message


def test_unknown_role_is_reported_with_its_path(small_knowledge: Path) -> None:
    persona = yaml.safe_load((small_knowledge / "personas" / "tiny-co.yaml").read_text())
    persona["buying_center"][0]["role"] = "influencer"
    with pytest.raises(PersonaError) as caught:
        parse_persona(yaml.safe_dump(persona), "p.yaml")
    assert caught.value.field == "buying_center.0.role"
    assert "'prescriber'" in str(caught.value)


def test_bad_persona_never_stops_the_others(small_knowledge: Path) -> None:
    folder = small_knowledge / "personas"
    (folder / "broken.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    (folder / "dupe.yaml").write_text((folder / "tiny-co.yaml").read_text(), encoding="utf-8")
    personas, errors = load_personas(folder)
    assert [p.id for p in personas] == ["tiny-co"]
    assert sorted(Path(e.path).name for e in errors) == ["broken.yaml", "tiny-co.yaml"]
    duplicate = next(e for e in errors if e.field == "id")
    assert "duplicate id 'tiny-co' (dupe.yaml)" in str(duplicate)


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.md", b"   \n", "file is empty"),
        ("binary.md", b"abc\x00\x01\x02def", "binary content"),
        ("latin.md", "caf\xe9".encode("latin-1"), "not UTF-8"),
        ("bad.pdf", b"%PDF-1.4 not really", "unreadable PDF"),
        ("bad.docx", b"PK not a zip", "unreadable DOCX"),
    ],
)
def test_unreadable_files_give_one_reason(
    tmp_path: Path, name: str, content: bytes, reason: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    loaded = load_file(KnowledgeFile(path=path, source=name, kind="document"), 10_000_000)
    assert loaded.error is not None and reason in loaded.error.reason
    assert loaded.chunks == []


def test_oversized_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.md"
    path.write_text("word " * 1000, encoding="utf-8")
    loaded = load_file(KnowledgeFile(path=path, source="big.md", kind="document"), 100)
    assert loaded.error is not None and "over the" in loaded.error.reason


def test_guidance_without_topic_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "x.md"
    path.write_text("---\nlanguage: en\ntitle: T\nsource: s\n---\n## A\n\ntext\n", encoding="utf-8")
    loaded = load_file(KnowledgeFile(path=path, source="guidance/en/x.md", kind="guidance"), 10**6)
    assert loaded.error is not None and loaded.error.reason == "front matter: missing topic"


def test_docx_html_and_pdf_are_read(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_heading("Spec sheet", level=1)
    document.add_heading("Throughput", level=2)
    document.add_paragraph("Handles 1,200 order lines per hour per picker.")
    document.save(tmp_path / "spec.docx")
    (tmp_path / "page.html").write_text(
        "<html><body><h2>Pricing</h2><p>€1,450 per site per month.</p>"
        "<script>alert(1)</script></body></html>",
        encoding="utf-8",
    )
    docx_chunks = load_file(
        KnowledgeFile(tmp_path / "spec.docx", "spec.docx", "document"), 10**7
    ).chunks
    assert docx_chunks[0].section == "Throughput" and "1,200 order lines" in docx_chunks[0].text
    html_chunks = load_file(
        KnowledgeFile(tmp_path / "page.html", "page.html", "content"), 10**7
    ).chunks
    assert html_chunks[0].section == "Pricing" and "alert" not in html_chunks[0].text
    pdf = make_pdf(tmp_path / "note.pdf", "Deliverability checklist for corporate inboxes")
    pdf_chunks = load_file(KnowledgeFile(pdf, "note.pdf", "document"), 10**7).chunks
    assert pdf_chunks[0].section == "Page 1" and "Deliverability checklist" in pdf_chunks[0].text


def make_pdf(path: Path, text: str) -> Path:
    """A one-page PDF with real text, written by hand (no PDF writer dependency)."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    path.write_bytes(bytes(out))
    return path


# ---------------------------------------------------------------- what a user reads

LEAKS = re.compile(r"seed|artículo base|מאמר המקור|shared/|stage id", re.IGNORECASE)
CONTRACT_IDS = ROLES + STAGES + PURCHASE_TYPES + TOPICS
ID_ALTERNATIVES = "|".join(map(re.escape, CONTRACT_IDS))
ID_IN_PARENTHESES = re.compile(rf"\((?:{ID_ALTERNATIVES})\)")
HYPHENATED_IDS = re.compile(
    r"(?<![\w-])(?:{})(?![\w-])".format("|".join(i for i in CONTRACT_IDS if "-" in i))
)
ENGLISH_IDS = re.compile(r"\b(?:{})\b".format("|".join(ROLES + STAGES)))


def bundled_chunks() -> list:
    return [
        chunk
        for file in discover(REPO / "knowledge")
        for chunk in load_file(file, 10_000_000).chunks
    ]


def test_guidance_files_never_say_seed_nor_show_workplace_paths_or_raw_ids() -> None:
    """Prose, headings and front matter read like guidance for marketers: the article is
    cited by its title, stages/roles/topics by their names in the file's language."""
    for path in sorted((REPO / "knowledge" / "guidance").glob("*/*.md")):
        text = path.read_text(encoding="utf-8")
        meta, body = split_front_matter(text)
        assert not LEAKS.search(text), f"{path}: {LEAKS.search(text).group(0)!r}"
        shown = "\n".join([str(meta["title"]), str(meta["source"]), body])
        for pattern in (ID_IN_PARENTHESES, HYPHENATED_IDS):
            found = pattern.search(shown)
            assert not found, f"{path}: raw id {found.group(0)!r}"
        if meta["language"] != "en":
            found = ENGLISH_IDS.search(shown)
            assert not found, f"{path}: English id {found.group(0)!r} in {meta['language']} text"


def test_nothing_shown_from_the_bundled_pack_leaks_seeds_paths_or_ids() -> None:
    """Every passage and citation label the page or the CLI can show from the bundled pack."""
    chunks = bundled_chunks()
    assert len(chunks) > 150
    for chunk in chunks:
        for shown in (chunk.text, chunk.label, chunk.title):
            assert not LEAKS.search(shown), f"{chunk.id}: {shown[:80]!r}"
            assert not ID_IN_PARENTHESES.search(shown), f"{chunk.id}: {shown[:120]!r}"
            assert not HYPHENATED_IDS.search(shown), f"{chunk.id}: {shown[:120]!r}"


@pytest.mark.parametrize(
    "leak",
    [
        "As the seed article says, a group decides.",
        "See shared/seeds/001.txt.",
        "A need arises (stage id need).",
        "El comprador (buyer) compara.",
        "ראו נושא purchase-type.",
        "Las etapas need y specification.",
    ],
)
def test_the_leak_checks_catch_each_kind_of_leak(leak: str) -> None:
    language_ids = ENGLISH_IDS.search(leak) if not leak.startswith(("A ", "As", "See")) else None
    assert (
        LEAKS.search(leak)
        or ID_IN_PARENTHESES.search(leak)
        or HYPHENATED_IDS.search(leak)
        or language_ids
    )
