"""The Segments view through AppTest: upload, mapping form, coverage heatmap, sizes, hygiene,
warnings, download, content per segment, in English and Hebrew."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from test_app import button, download_bytes, label, open_page, record_downloads, texts

from assistant.evaluation.exports import generate_export

EVAL = Path(__file__).parent / "eval_data"
__all__ = ["record_downloads"]  # autouse fixture: keeps what download buttons send


def export_bytes(tmp_path: Path, layout: str = "hubspot", rows: int = 120) -> bytes:
    export = generate_export(layout, rows=rows, eval_dir=EVAL)
    return export.write(tmp_path / f"{layout}.csv").read_bytes()


def test_upload_shows_coverage_sizes_hygiene_and_the_annotated_download(
    indexed_knowledge: Path, tmp_path: Path
) -> None:
    at = open_page("segments")
    assert label("segments_none") in texts(at)
    at.file_uploader(key="seg-upload").upload("hubspot.csv", export_bytes(tmp_path), "text/csv")
    at.number_input(key="seg-min").set_value(3)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    shown = texts(at)
    assert "Email ← Email" in shown and "Job title ← Job Title" in shown
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Rows"] == "120"
    hygiene = next(d.value for d in at.dataframe if "What to do" in d.value.columns)
    counts = dict(zip(hygiene["Problem"], hygiene["Contacts"], strict=True))
    assert counts["Invalid addresses"] > 0 and counts["Role addresses"] > 0
    assert any("bounce" in str(todo) for todo in hygiene["What to do"])
    heatmap = next(d.value for d in at.dataframe if "Buyer" in d.value.columns)
    assert set(heatmap.to_numpy().ravel()) <= {"✓", "✗", "·"} and "✗" in heatmap.to_numpy()
    assert any("%" in name for name in heatmap.index)
    assert at.get("arrow_vega_lite_chart") or at.get("vega_lite_chart"), "segment-size chart"
    assert "Warnings and what to do" in shown and "New purchase" in shown
    csv_button = next(d for d in at.get("download_button") if "(CSV)" in d.proto.label)
    rows = list(csv.reader(io.StringIO(download_bytes(at, csv_button).decode("utf-8-sig"))))
    assert rows[0][-7:] == ["account", "seniority", "function", "roles", "evidence",
                            "confidence", "flags"]  # fmt: skip
    assert len(rows) == 121


def test_mapping_form_overrides_a_column(indexed_knowledge: Path) -> None:
    data = "Email,Title,Cargo real\nana@acme.com,Mr,Jefa de Compras\nbo@acme.com,-,CEO\n"
    at = open_page("segments")
    at.file_uploader(key="seg-upload").upload("c.csv", data.encode(), "text/csv").run()
    assert "Job title ← Title" in texts(at)
    at.selectbox(key="seg-map-title").select("Cargo real")
    button(at, "segments_apply_mapping").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert "Job title ← Cargo real" in texts(at)
    contacts = next(d.value for d in at.dataframe if "Level" in d.value.columns)
    assert list(contacts["Roles"]) == ["Buyer", "Decider"]


def test_a_bad_file_is_one_readable_error(indexed_knowledge: Path) -> None:
    at = open_page("segments")
    at.file_uploader(key="seg-upload").upload("notes.csv", b"just words\n", "text/csv").run()
    assert not at.exception
    errors = [re.sub(r"\\(.)", r"\1", e.value) for e in at.error]
    assert len(errors) == 1 and "notes.csv" in errors[0] and "not a table" in errors[0]


def test_plan_for_a_segment_in_hebrew(indexed_knowledge: Path, tmp_path: Path) -> None:
    at = open_page("segments", language="he")
    data = export_bytes(tmp_path, "hand-he", 80)
    at.file_uploader(key="seg-upload").upload("אנשי קשר.csv", data, "text/csv")
    at.number_input(key="seg-min").set_value(2)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert label("segments_coverage", "he") in texts(at)
    heatmap = next(d.value for d in at.dataframe if "רוכש" in d.value.columns)
    assert len(heatmap) > 0
    button_label = label("segments_plan_segment", "he")
    next(b for b in at.button if b.label == button_label).click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert label("s_cta", "he") in texts(at)


def test_script_in_an_export_is_shown_as_text(indexed_knowledge: Path) -> None:
    xss = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    out = io.StringIO()
    csv.writer(out).writerows(
        [["Email", "Title", "Company", "Industry"], ["a@b.com", xss, "A", xss]]
    )
    data = out.getvalue()
    at = open_page("segments")
    at.file_uploader(key="seg-upload").upload("x.csv", data.encode(), "text/csv")
    at.number_input(key="seg-min").set_value(1)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    for element in (*at.markdown, *at.caption):
        body = str(element.value).lower()
        assert "<script" not in body and "<img" not in body
    contacts = next(d.value for d in at.dataframe if "Level" in d.value.columns)
    assert contacts["Job title"][0] == xss  # the cell shows the text as it is


def test_a_brief_starts_from_a_segment(indexed_knowledge: Path, tmp_path: Path) -> None:
    at = open_page("segments")
    at.file_uploader(key="seg-upload").upload("hubspot.csv", export_bytes(tmp_path), "text/csv")
    at.number_input(key="seg-min").set_value(3)
    at.run()
    button(at, "segments_brief_segment").click().run()
    assert not at.exception, [e.value for e in at.exception]
    shown = texts(at)
    assert "Key messages" in shown or "Audience" in shown, shown[-800:]
