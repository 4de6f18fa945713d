"""Hostile email input: markup bombs stay linear, disguised script links are caught, the
preview never carries script, and every bad input is one line and exit code 2."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from assistant.cli import cli
from assistant.email_check import check_email
from assistant.ui.render import email_preview_frame, sanitised_email_html

REPO = Path(__file__).resolve().parent.parent
CLEAN_HTML = (REPO / "tests" / "fixtures" / "email" / "clean.html").read_text("utf-8")

DISGUISED = [
    "jav&#x09;ascript:alert(1)",
    "java&#10;script:alert(1)",
    "&#106;avascript:alert(1)",
    "&#x6A;avascript:alert(1)",
    "&#0000106avascript:alert(1)",
    "jav&Tab;ascript:alert(1)",
    "java&NewLine;script:alert(1)",
    " \x01JaVaScRiPt:alert(1)",
    "vbscript:msgbox(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "DATA:text/html,<script>alert(1)</script>",
]


@pytest.mark.parametrize("href", DISGUISED)
def test_disguised_script_links_are_found_and_never_previewed(href: str) -> None:
    link = f'<a href="{href}">Read the report</a>'
    html = CLEAN_HTML.replace("<p style=", link + "<p style=", 1)
    report = check_email(html.encode())
    (finding,) = [f for f in report.findings if f.rule == "javascript-link"]
    assert finding.severity == "error" and report.verdict == "fix"
    scheme = finding.evidence.split(":", 1)[0].lower()
    assert scheme in ("javascript", "vbscript", "data")
    cleaned = sanitised_email_html(html).lower()
    assert "script:" not in cleaned and "data:text" not in cleaned
    assert "read the report" in cleaned


def test_preview_keeps_layout_and_drops_everything_active() -> None:
    hostile = (
        '<style>td{color:#333}</style><table><tr><td bgcolor=#eee style="padding:4px">'
        '<img src="data:image/png;base64,iVBORw0KGgo=" alt="chart" onerror="alert(1)">'
        "<script>alert(2)</script><iframe src=https://x.example></iframe>"
        '<form action="https://x.example"><input name=q></form>'
        '<a href="https://acme.example/r" onclick="x()">Report</a>'
        '<svg onload="alert(3)"></svg><base href="https://evil.example/">'
        '<meta http-equiv="refresh" content="0;url=https://evil.example">'
        "</td></tr></table>"
    )
    cleaned = sanitised_email_html(hostile)
    for gone in ("<script", "<iframe", "<form", "<input", "onerror", "onclick", "onload",
                 "<base", "<meta", "<svg", "alert("):  # fmt: skip
        assert gone not in cleaned, gone
    kept = [
        'bgcolor="#eee"',
        'style="padding:4px"',
        "<style>td{color:#333}</style>",
        'src="data:image/png;base64,iVBORw0KGgo="',
        'href="https://acme.example/r"',
    ]
    for piece in kept:
        assert piece in cleaned, piece
    frame = email_preview_frame(hostile)
    assert 'sandbox=""' in frame and "default-src &#x27;none&#x27;" in frame


# --- linear work on markup bombs -------------------------------------------------------------

BOMBS = textwrap.dedent(
    """
    import resource, sys, time
    resource.setrlimit(resource.RLIMIT_AS, (2 * 1024**3, 2 * 1024**3))
    from assistant.email_check import check_email
    from assistant.ui.render import sanitised_email_html
    bombs = {
        "250 KB of unclosed <span": "<html>" + "<span" * 50_000,
        "50k tags": "<html>" + "<span>x" * 50_000,
        "12.5k unclosed links": "<html>" + "<a href=x>t" * 12_500,
        "50k nested divs": "<div>" * 50_000 + "x",
        "unclosed comment": "<html><!--" + "<span" * 50_000,
        "deep CSS": "<p style='color:" + "(" * 100_000 + "'>x</p>",
        "20k CSS declarations": "<p style='" + "color:red;" * 20_000 + "'>x</p>",
        "20k style rules": "<style>" + "p{margin:0}" * 20_000 + "</style><p>x</p>",
        "200k exclamation marks": "<p>" + "!" * 200_000 + "</p>",
        "200k capitals": "<p>" + "AB " * 70_000 + "</p>",
    }
    for name, markup in bombs.items():
        started = time.perf_counter()
        report = check_email(markup.encode(), name=name)
        sanitised_email_html(markup)
        print(name, report.verdict, round(time.perf_counter() - started, 2), flush=True)
    """
)


@pytest.mark.skipif(sys.platform != "linux", reason="address-space limit is Linux-only")
def test_markup_bombs_finish_quickly_in_bounded_memory() -> None:
    """Each bomb takes well under a second on a laptop; a quadratic path takes minutes."""
    result = subprocess.run(
        [sys.executable, "-c", BOMBS],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert len(result.stdout.splitlines()) == 10, result.stdout


# --- the error contract -------------------------------------------------------------------------


def run(*args: str, stdin: bytes | None = None):  # noqa: ANN201 - click's Result
    return CliRunner().invoke(cli, list(args), input=stdin)


def one_error_line(result, reason: str) -> None:  # noqa: ANN001 - click's Result
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1
    assert reason in result.stderr and "Traceback" not in result.stderr


def test_every_bad_file_is_one_line_and_exit_2(tmp_path: Path) -> None:
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"")
    binary = tmp_path / "logo.eml"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    huge = tmp_path / "huge.eml"
    with huge.open("wb") as handle:
        handle.truncate(26 * 1024 * 1024)
    folder = tmp_path / "folder.html"
    folder.mkdir()
    cases = {
        empty: "is empty",
        binary: "looks like a binary file",
        huge: "is larger than 25 MB",
        folder: "is not a file",
        tmp_path / "missing.html": "file not found",
    }
    for path, reason in cases.items():
        for extra in ([], ["--json"]):
            one_error_line(run("email-check", str(path), *extra), f"{path}: {reason}")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file_is_one_line_and_exit_2(tmp_path: Path) -> None:
    locked = tmp_path / "locked.html"
    locked.write_text(CLEAN_HTML, "utf-8")
    locked.chmod(0)
    try:
        one_error_line(run("email-check", str(locked)), f"{locked}: cannot be read")
    finally:
        locked.chmod(0o600)


def test_bad_stdin_is_one_line_and_exit_2() -> None:
    one_error_line(run("email-check", "-", stdin=b""), "<stdin>: is empty")
    one_error_line(run("email-check", "-", stdin=b" \r\n\t"), "<stdin>: is empty")
    one_error_line(run("email-check", "-", stdin=bytes(range(256)) * 40), "binary")
    over = b"<p>" + b"a" * (25 * 1024 * 1024)
    one_error_line(run("email-check", "-", stdin=over), "<stdin>: is larger than 25 MB")


def test_invalid_utf8_on_stdin_is_read_as_8_bit_mail_not_a_crash() -> None:
    latin = "<p>Informe t\xe9cnico para su equipo de compras.</p>".encode("latin-1")
    result = run("email-check", "-", "--json", stdin=latin)
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["stats"]["text_chars"] > 30 and report["language"] == "es"


def test_a_bad_batch_line_does_not_stop_the_others(tmp_path: Path) -> None:
    good = tmp_path / "good.html"
    good.write_text(CLEAN_HTML, "utf-8")
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"")
    lines = [
        json.dumps({"path": str(good)}).encode(),
        b"\xff\xfe not json",
        json.dumps({"path": str(empty)}).encode(),
        b"[" * 5000 + b"]" * 5000,
        json.dumps({"path": str(good)}).encode(),
    ]
    result = run("email-check", "--batch", "-", stdin=b"\n".join(lines) + b"\n")
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(rows) == 5
    assert rows[0]["verdict"] == "ready" and rows[4] == rows[0]
    assert rows[1]["error"] == "line 2: not valid UTF-8 (byte 0xff at offset 0)"
    assert rows[2] == {"error": f"line 3: {empty}: is empty"}
    assert rows[3]["error"].startswith("line 4: ")
