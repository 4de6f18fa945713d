"""`assistant segment`: reading real-ish exports, hygiene row by row, accounts, segments, output."""

from __future__ import annotations

import csv
import io
import json
import random
from pathlib import Path

import pytest
from click.testing import CliRunner

from assistant.cli import cli
from assistant.contacts import read_contacts
from assistant.evaluation.exports import VARIANTS, generate_export
from assistant.hygiene import FLAGS, email_is_valid
from assistant.segment_model import size_band, stage_of
from assistant.segment_output import ADDED_COLUMNS, report_with_contacts, write_json
from assistant.segments import company_key, segment_file

EVAL = Path(__file__).parent / "eval_data"
CONTACT_KEYS = [
    "row", "email", "title", "company", "account", "seniority", "function", "roles",
    "evidence", "confidence", "flags",
]  # fmt: skip


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(("layout", "encoding", "delimiter"), VARIANTS)
def test_every_planted_problem_is_flagged_row_by_row(
    tmp_path: Path, layout: str, encoding: str, delimiter: str
) -> None:
    export = generate_export(layout, encoding, delimiter, rows=300, eval_dir=EVAL, split=None)
    path = export.write(tmp_path / f"export{export.suffix}")
    seg = segment_file(path, min_segment=5)
    contacts = {contact.row: contact for contact in seg.contacts()}
    assert seg.report.rows == len(export.rows)
    planted = {flag: 0 for flag in FLAGS}
    for number, row in enumerate(export.rows, start=1):
        if row.empty:
            assert number not in contacts, f"row {number} is empty"
            continue
        assert set(contacts[number].flags) == row.flags, f"row {number}: {row.values['email']}"
        for flag in row.flags:
            planted[flag] += 1
    assert all(planted.values()), f"every kind of problem is planted: {planted}"
    assert seg.report.hygiene.empty_rows == sum(row.empty for row in export.rows) > 0


def test_json_has_exactly_the_contract_keys_and_streams_the_same_text(tmp_path: Path) -> None:
    export = generate_export("hubspot", rows=120, eval_dir=EVAL)
    path = export.write(tmp_path / "hubspot.csv")
    code, out, _ = run("segment", str(path), "--json")
    assert code == 0
    data = json.loads(out)
    assert list(data) == [
        "file", "rows", "columns", "contacts", "accounts", "segments", "hygiene", "warnings",
    ]  # fmt: skip
    assert list(data["contacts"][0]) == CONTACT_KEYS
    assert list(data["accounts"][0]) == [
        "account", "contacts", "roles_present", "roles_missing", "coverage",
    ]  # fmt: skip
    assert list(data["segments"][0]) == [
        "industry", "size_band", "role", "stage", "contacts", "accounts", "warning",
    ]  # fmt: skip
    assert list(data["hygiene"]) == [
        "empty_rows", "invalid_emails", "role_addresses", "free_mail", "disposable",
        "duplicate_emails", "near_duplicates", "blank_consent",
    ]  # fmt: skip
    assert data["columns"]["email"] == "Email" and data["columns"]["title"] == "Job Title"
    seg = segment_file(path)
    stream = io.StringIO()
    write_json(seg, stream)
    assert stream.getvalue().strip() == report_with_contacts(seg) == out.strip()


def test_layouts_map_their_headers_in_three_languages(tmp_path: Path) -> None:
    for layout in ("salesforce", "apollo", "hand-es", "hand-he"):
        export = generate_export(layout, rows=30, eval_dir=EVAL)
        table = read_contacts(export.write(tmp_path / f"{layout}.csv"))
        expected = dict(zip(export.fields, export.headers, strict=True))
        for field in ("email", "title", "company", "industry", "size", "consent"):
            assert table.mapping[field] == expected[field], (layout, field)


def test_map_overrides_the_detected_column(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text("Email,Title,Cargo real\nana@acme.com,Mr,Jefa de Compras\n", "utf-8")
    code, out, _ = run("segment", str(path), "--map", "title=Cargo real", "--json")
    contact = json.loads(out)["contacts"][0]
    assert code == 0 and contact["title"] == "Jefa de Compras" and contact["roles"] == ["buyer"]
    code, out, _ = run("segment", str(path))
    assert "title ← Title" in out and "--map FIELD=COLUMN" in out


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"just one line of prose without separators\n", "not a table"),
        (b"Name,Phone\nAna,123\n", "no email column"),
        (b"Email,Phone\nana@acme.com,123\n", "no title column"),
        ("Email,Title\n".encode("utf-16-le"), "cannot tell the file's encoding"),
        (b"", "is empty"),
        (b'{"contacts": []}', "not a table"),
    ],
)
def test_a_bad_file_gets_one_line_exit_2_and_nothing_written(
    tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    output = tmp_path / "out.csv"
    code, out, err = run("segment", str(path), "--output", str(output), "--json")
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and message in err and "bad.csv" in err
    assert not output.exists() and list(tmp_path.iterdir()) == [path]


def test_size_limit_is_a_setting(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "big.csv"
    path.write_text("Email,Title\n" + "ana@acme.com,Buyer\n" * 100, "utf-8")
    monkeypatch.setenv("ASSISTANT_SEGMENT_MAX_MB", "0.001")
    code, _, err = run("segment", str(path))
    assert code == 2 and "over the" in err and "ASSISTANT_SEGMENT_MAX_MB" in err


def test_output_is_the_input_with_columns_added(tmp_path: Path) -> None:
    export = generate_export("hand-es", "cp1252", ";", rows=40, eval_dir=EVAL)
    path = export.write(tmp_path / "es.csv")
    for suffix in (".csv", ".xlsx"):
        target = tmp_path / f"annotated{suffix}"
        code, _, _ = run("segment", str(path), "--output", str(target))
        assert code == 0 and target.exists()
        if suffix == ".csv":
            text = target.read_text("utf-8-sig")
            rows = list(csv.reader(io.StringIO(text), delimiter=";"))
        else:
            from python_calamine import CalamineWorkbook

            sheet = CalamineWorkbook.from_path(str(target)).get_sheet_by_index(0)
            rows = [[str(v) for v in row] for row in sheet.to_python()]
        assert rows[0] == export.headers + list(ADDED_COLUMNS)
        first = next(i for i, r in enumerate(export.rows) if not r.empty)
        assert rows[first + 1][: len(export.headers)][2] == export.rows[first].values["email"]
        assert rows[first + 1][len(export.headers) + 1] in {
            "c-suite", "vp", "director", "manager", "senior", "entry", "unknown",
        }  # fmt: skip


def test_accounts_join_name_variants_and_domains_and_say_what_is_missing(tmp_path: Path) -> None:
    path = tmp_path / "acc.csv"
    path.write_text(
        "Email,Job Title,Company\n"
        "ana@acme.com,Purchasing Director,Acme Inc.\n"
        "bo@acme.com,Maintenance Technician,ACME\n"
        "cy@gmail.com,IT Manager,acme, inc\n"
        "di@sub.acme.com,,\n"
        "ed@beta.es,CEO,Beta S.L.\n",
        "utf-8",
    )
    seg = segment_file(path, purchase="repeat")
    accounts = {a.account: a for a in seg.report.accounts}
    assert set(accounts) == {"Acme Inc.", "Beta S.L."}
    acme = accounts["Acme Inc."]
    assert acme.contacts == 4
    assert acme.roles_present == ["prescriber", "buyer", "decider", "user"]
    assert acme.roles_missing == [] and acme.coverage == 1.0
    beta = accounts["Beta S.L."]
    assert beta.roles_missing == ["buyer", "user"] and beta.coverage == pytest.approx(0.333, 0.01)
    new = {a.account: a for a in segment_file(path, purchase="new").report.accounts}
    assert new["Acme Inc."].roles_missing == ["filter", "advisor"]
    strategic = {a.account: a for a in segment_file(path, purchase="strategic").report.accounts}
    assert strategic["Acme Inc."].coverage == pytest.approx(5 / 8)


def test_small_segments_merge_into_the_closest_and_broad_ones_get_a_split(tmp_path: Path) -> None:
    lines = ["Email,Job Title,Company,Industry,Number of Employees"]
    for i in range(60):
        title = "Procurement Manager" if i % 2 else "Purchasing Director"
        lines.append(f"b{i}@c{i}.com,{title},C{i},Food,120")
    for i in range(3):
        lines.append(f"s{i}@d{i}.com,Buyer,D{i},Food,600")
    path = tmp_path / "seg.csv"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    seg = segment_file(path, min_segment=5, language="en")
    merged = [w for w in seg.report.warnings if "merged into" in w]
    assert merged and "Food · 250-999 · Buyer (3 contacts) is below 5" in merged[0]
    assert "Food · 50-249 · Buyer" in merged[0] and "another size band" in merged[0]
    buyers = next(s for s in seg.report.segments if s.role == "buyer")
    assert buyers.contacts == 63 and "Includes 3 contacts merged" in (buyers.warning or "")
    assert "too broad" in (buyers.warning or "") and "split by seniority" in buyers.warning
    spanish = segment_file(path, min_segment=5, language="es")
    assert any("se une a" in w for w in spanish.report.warnings)


def test_purchase_and_language_options_are_checked(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text("Email,Title\nana@acme.com,Buyer\n", "utf-8")
    assert run("segment", str(path), "--purchase", "weekly")[0] == 2
    code, _, err = run("segment", str(path), "--min-segment", "0")
    assert code == 2 and "--min-segment" in err
    code, out, _ = run("segment", str(path), "--lang", "he", "--json")
    assert "רכישה" in json.loads(out)["warnings"][0]


def test_fast_email_check_agrees_with_email_validator() -> None:
    from email_validator import EmailNotValidError, validate_email

    rng = random.Random(5)
    alphabet = "abcXYZ019._-+!#'@ áé\"<>,"
    samples = [
        "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 14))) for _ in range(3000)
    ]
    samples += [f"{s}@acme.com" for s in samples[:1000]] + [f"john@{s}" for s in samples[:500]]
    for email in samples:
        try:
            validate_email(email, check_deliverability=False)
            expected = True
        except EmailNotValidError:
            expected = False
        assert email_is_valid(email) == expected, email


def test_normalisers() -> None:
    assert company_key("The ACME, Inc.") == company_key("acme inc") == "acme"
    assert company_key('אריזות עמק בע"מ') == company_key("אריזות עמק בעמ") == "אריזות עמק"
    assert company_key("Transportes García S.A. de C.V.") == "transportes garcia"
    assert size_band("51-200") == "50-249" and size_band("1.000+") == "1000+"
    assert size_band("10,001+") == "1000+" and size_band("") == "unknown"
    assert stage_of("marketingqualifiedlead") == ("specification", True)
    assert stage_of("Calificado por marketing") == ("specification", True)
    assert stage_of("customer") == (None, True) and stage_of("weird") == (None, False)


def test_plan_and_brief_start_from_a_segment_or_an_account(indexed_knowledge: Path) -> None:
    example = Path(__file__).parent.parent / "docs" / "examples" / "contacts-hubspot.csv"
    code, out, _ = run("segment", str(example), "--min-segment", "3", "--json")
    report = json.loads(out)
    index = next(i for i, s in enumerate(report["segments"]) if s["role"])
    segment = report["segments"][index]
    code, out, err = run("plan", "--segment", str(index + 1), "--json")
    assert code == 0, err
    plan = json.loads(out)
    assert {cell["role"] for cell in plan["cells"]} == {segment["role"]}
    suggestion = plan["cells"][0]["suggestions"][0]
    assert segment["industry"] in suggestion["title"] + suggestion["angle"] + suggestion["cta"]
    assert "“”" not in suggestion["angle"]  # the role's usual goal fills the template
    assert any(c["source"].startswith("guidance/") for c in suggestion["citations"])
    code, out, err = run("brief", "--segment", str(index + 1), "--json")
    assert code == 0, err
    assert json.loads(out)["audience"][0]["role"] == segment["role"]
    gap = next(a for a in report["accounts"] if a["roles_missing"])
    code, out, err = run("plan", "--account", gap["account"], "--json")
    assert code == 0, err
    assert {c["role"] for c in json.loads(out)["cells"]} == set(gap["roles_missing"])
    code, _, err = run("plan", "--segment", "999")
    assert code == 2 and "no segment" in err


def test_plan_from_a_segment_needs_a_segmentation_first() -> None:
    code, _, err = run("brief", "--segment", "1")
    assert code == 2 and "assistant segment FILE" in err


def test_chat_plans_the_email_for_a_segment(indexed_knowledge: Path) -> None:
    code, out, _ = run("ask", "Plan the email for segment 1", "--json")
    assert code == 0 and "assistant segment FILE" in json.loads(out)["answer"]
    example = Path(__file__).parent.parent / "docs" / "examples" / "contactos-es.csv"
    code, out, _ = run("segment", str(example), "--min-segment", "3", "--json")
    segments = json.loads(out)["segments"]
    number = next(i for i, s in enumerate(segments, 1) if s["role"])
    code, out, _ = run("ask", f"Plan de email para el segmento {number}", "--json")
    answer = json.loads(out)
    assert code == 0 and answer["intent"] == "plan"
    assert answer["answer"].startswith("Plan de email para el segmento")
    assert segments[number - 1]["industry"] in answer["answer"]
    assert answer["data"]["plan"]["cells"][0]["role"] == segments[number - 1]["role"]
    assert answer["citations"] and "[1]" in answer["answer"]
    code, out, _ = run("ask", "תכנן מייל לפלח", "--json")
    assert "איזה פלח" in json.loads(out)["answer"] or "תוכנית מייל" in json.loads(out)["answer"]


@pytest.mark.parametrize(
    "question",
    [
        "Why do we need to segment the list so finely? Isn't one email to everyone simpler?",
        "¿Por qué hay que segmentar tanto? ¿No es más fácil un correo para todos?",
        "למה צריך לפלח את רשימת התפוצה כל כך לעומק? לא פשוט יותר לשלוח מייל אחד לכולם",
    ],
)
def test_a_question_about_segmenting_is_answered_not_taken_for_a_segment_plan(
    indexed_knowledge: Path, question: str
) -> None:
    code, out, _ = run("ask", question, "--json")
    answer = json.loads(out)
    assert code == 0 and answer["intent"] == "question"
    assert "assistant segment" not in answer["answer"] and answer["citations"]
