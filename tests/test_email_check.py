"""`assistant email-check` as users see it: one finding per problem, with evidence, on real mail."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.cli import cli
from assistant.email_check import RULES, EmailReport, check_email, check_email_file
from assistant.email_rules import email_rules
from assistant.errors import InputError

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "fixtures" / "email"
CORPUS = HERE.parent.parent / "shared" / "data" / "external" / "spamassassin"
CLEAN_HTML = (FIXTURES / "clean.html").read_text(encoding="utf-8")
CLEAN_EML = (FIXTURES / "clean.eml").read_bytes()
MARK = '<p style="margin:0 0 20px 0;">It is twelve pages'  # where test snippets go
CONTRACT_RULES = {
    "script", "form", "iframe-embed", "unsupported-css", "external-stylesheet", "missing-alt",
    "image-heavy", "size-clipping", "missing-unsubscribe", "missing-plain-text", "url-shortener",
    "spam-phrases",
}  # fmt: skip


def with_snippet(snippet: str, html: str = CLEAN_HTML) -> bytes:
    """The clean email with one extra piece of markup in its body."""
    assert MARK in html
    return html.replace(MARK, snippet + MARK, 1).encode("utf-8")


def findings(report: EmailReport, rule: str) -> list[str]:
    return [f.evidence for f in report.findings if f.rule == rule]


def rules_of(report: EmailReport) -> set[str]:
    return {f.rule for f in report.findings}


def mime(
    html: str | None = CLEAN_HTML,
    text: str | None = "Hi {{first_name}}, our Q3 benchmark. Unsubscribe: https://acme.example/u",
    headers: str = "",
    html_cte: str = "base64",
) -> bytes:
    """A hand-built RFC 822 message (multipart/alternative when both parts are given)."""
    head = (
        "From: Acme <news@acme.example>\r\nTo: {{email}}\r\nSubject: Q3 benchmark\r\n"
        "MIME-Version: 1.0\r\n" + headers
    )
    parts = []
    if text is not None:
        parts.append(
            "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
            + text
        )
    if html is not None:
        body = (
            base64.encodebytes(html.encode("utf-8")).decode("ascii")
            if html_cte == "base64"
            else html
        )
        parts.append(
            f"Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: {html_cte}"
            f"\r\n\r\n{body}"
        )
    if len(parts) == 1:
        return (head + parts[0]).encode("utf-8")
    boundary = "b1_acme"
    multipart = f'Content-Type: multipart/alternative; boundary="{boundary}"\r\n\r\n'
    body = "".join(f"--{boundary}\r\n{part}\r\n" for part in parts) + f"--{boundary}--\r\n"
    return (head + multipart + body).encode("utf-8")


ONE_CLICK = (
    "List-Unsubscribe: <https://acme.example/u/1>, <mailto:u@acme.example>\r\n"
    "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"
)


# --- the clean email ---------------------------------------------------------------------------


def test_clean_html_email_has_no_findings() -> None:
    report = check_email(CLEAN_HTML.encode("utf-8"), name="clean.html")
    assert report.findings == []
    assert report.stats.images == 1 and report.stats.links == 2
    assert report.stats.text_chars > 600 and report.stats.input_format == "html"


def test_clean_mime_email_has_no_findings() -> None:
    report = check_email(CLEAN_EML, name="clean.eml")
    assert report.findings == []
    assert report.stats.input_format == "mime"
    assert report.stats.html_bytes == len(CLEAN_HTML.encode("utf-8"))


def test_every_rule_id_of_the_contract_and_the_brief_exists_in_the_catalogue() -> None:
    wanted = CONTRACT_RULES | {"list-unsubscribe-header", "link-mismatch", "segmentation"}
    assert wanted <= set(RULES)
    assert set(RULES) == set(email_rules().rules)


# --- one rule at a time: the clean email plus one problem -------------------------------------

SNIPPET_CASES = [
    ("script", '<script src="https://cdn.acme.example/track.js"></script>', "<script src="),
    ("script", '<a href="https://acme.example/x" onclick="go()">Read</a>', "<a onclick>"),
    ("javascript-link", '<a href="javascript:openPopup()">Open</a>', "javascript:openPopup()"),
    (
        "form",
        '<form action="https://acme.example/signup"><input type="email" name="e"></form>',
        '<form action="https://acme.example/signup">',
    ),
    ("iframe-embed", '<iframe src="https://www.youtube.com/embed/abc"></iframe>', "<iframe"),
    ("iframe-embed", '<video src="https://acme.example/demo.mp4"></video>', "<video"),
    (
        "unsupported-css",
        '<div style="display:flex;">A</div>',
        "display:flex — not supported in Outlook (Windows)",
    ),
    (
        "unsupported-css",
        '<p style="box-shadow:0 2px 4px #ccc">A</p>',
        "box-shadow:0 2px 4px #ccc — not supported in Outlook (Windows), Gmail (webmail)",
    ),
    ("unsupported-css", '<p style="position:absolute;top:0">A</p>', "position:absolute"),
    (
        "unsupported-css",
        "<section>Text</section>",
        "<section> — not supported in Outlook (Windows)",
    ),
    (
        "external-stylesheet",
        '<link rel="stylesheet" href="https://acme.example/mail.css">',
        'href="https://acme.example/mail.css"',
    ),
    (
        "external-stylesheet",
        "<style>@import url(https://fonts.example/inter.css);</style>",
        "@import url(https://fonts.example/inter.css)",
    ),
    (
        "missing-alt",
        '<img src="https://acme.example/chart.png" width="560" height="300">',
        'img src="https://acme.example/chart.png" — 1 of 2 images',
    ),
    (
        "url-shortener",
        '<a href="https://bit.ly/3xYz9">See the chart</a>',
        "bit.ly (https://bit.ly/3xYz9)",
    ),
    (
        "link-mismatch",
        '<a href="https://click.mailer.example/t/abc">www.acme-logistics.com</a>',
        '"www.acme-logistics.com" → click.mailer.example',
    ),
    ("spam-phrases", "<p>This risk-free offer ends in May.</p>", '"risk-free" (en)'),
    ("urgency", "<p>Act now: the offer ends in May.</p>", '"act now" (en)'),
    ("money", "<p>Extra income for your whole sales team.</p>", '"extra income" (en)'),
    ("money", "<p>Plans from $49 to $199 per seat.</p>", '"$49"'),
    (
        "caps-lines",
        "<p>SAVE ON EVERY WAREHOUSE ORDER LINE</p>",
        '"SAVE ON EVERY WAREHOUSE ORDER LINE"',
    ),
    ("caps-words", "<p>This is the BEST REPORT, REALLY, and SERIOUSLY useful.</p>", "BEST"),
    ("exclamation", "<p>The numbers are in!!</p>", '"The numbers are in!!"'),
    (
        "click-here",
        '<p><a href="https://www.acme-logistics.example/r">Click here</a></p>',
        "Click here",
    ),
    ("numeric-link", '<a href="http://192.0.2.10/report">Report</a>', "http://192.0.2.10/report"),
    (
        "segmentation",
        "<p>Dear customer,</p>",
        '"dear customer" (en)',
    ),
    (
        "background-image",
        '<table><tr><td style="background-image:url(https://acme.example/bg.jpg)">A</td></tr>'
        "</table>",
        "<td style>: background-image:url(https://acme.example/bg.jpg)",
    ),
    ("background-image", '<table><tr><td background="bg.jpg">A</td></tr></table>', "background="),
]


@pytest.mark.parametrize(("rule", "snippet", "evidence"), SNIPPET_CASES)
def test_rule_reports_the_problem_with_its_evidence(rule: str, snippet: str, evidence: str) -> None:
    report = check_email(with_snippet(snippet))
    found = findings(report, rule)
    assert found, f"{rule} not reported: {report.findings}"
    assert any(evidence in item for item in found), found
    assert rules_of(report) == {rule}, "one problem, one rule"
    wanted = "error" if rule in {"script", "javascript-link", "form", "iframe-embed"} else None
    severity = next(f.severity for f in report.findings if f.rule == rule)
    reminder = rule == "segmentation" or snippet.startswith("<p>Plans from $49")
    assert severity == (wanted or ("info" if reminder else "warning"))


def test_vml_fallback_clears_the_background_image_warning() -> None:
    snippet = (
        '<table><tr><td style="background-image:url(https://acme.example/bg.jpg)">'
        '<!--[if gte mso 9]><v:rect xmlns:v="urn:schemas-microsoft-com:vml" fill="true">'
        '<v:fill type="tile" src="https://acme.example/bg.jpg" /></v:rect><![endif]-->A</td></tr>'
        "</table>"
    )
    assert check_email(with_snippet(snippet)).findings == []


def test_hidden_preheader_css_and_responsive_media_queries_are_not_flagged() -> None:
    snippet = (
        '<div style="display:none;max-height:0;opacity:0;overflow:hidden;mso-hide:all;">Hi</div>'
        "<style>@media (max-width:600px){.col{width:100%!important}} a{border-radius:4px}</style>"
    )
    assert check_email(with_snippet(snippet)).findings == []


def test_image_only_mail_is_image_heavy() -> None:
    html = (
        '<html><body><a href="https://acme.example/offer"><img src="https://acme.example/a.jpg" '
        'alt="Our offer" width="600"></a><a href="https://acme.example/u">Unsubscribe</a></body>'
        "</html>"
    )
    report = check_email(html.encode())
    assert findings(report, "image-heavy") == ["1 images, 11 characters of text"]
    assert "only images" in next(f.message for f in report.findings if f.rule == "image-heavy")


def test_many_images_with_little_text_is_image_heavy() -> None:
    images = "".join(
        f'<img src="https://acme.example/{n}.png" alt="Product {n}">' for n in range(4)
    )
    report = check_email(with_snippet(images))
    assert findings(report, "image-heavy") == [
        "5 images, 764 characters of text (under 250 per image)"
    ]


def test_tracking_pixels_do_not_count_as_images() -> None:
    pixel = '<img src="https://t.acme.example/open.gif" width="1" height="1">'
    assert check_email(with_snippet(pixel)).findings == []


def test_missing_unsubscribe_link() -> None:
    html = CLEAN_HTML.replace(
        '<a href="https://www.acme-logistics.example/preferences/unsubscribe?id={{contact_id}}" '
        'style="color:#666666;">Unsubscribe</a>',
        "",
    )
    report = check_email(html.encode())
    assert findings(report, "missing-unsubscribe") == [
        "no unsubscribe link among 1 links; no List-Unsubscribe header"
    ]


def test_unsubscribe_words_before_a_generic_link_count() -> None:
    html = CLEAN_HTML.replace(
        '<a href="https://www.acme-logistics.example/preferences/unsubscribe?id={{contact_id}}" '
        'style="color:#666666;">Unsubscribe</a>',
        'Para darse de baja, <a href="https://acme.example/p/77">pulse aquí</a>.',
    )
    assert "missing-unsubscribe" not in rules_of(check_email(html.encode()))


@pytest.mark.parametrize(
    ("text", "evidence"),
    [
        ("<p>¡Gratis! Una oferta exclusiva para su empresa.</p>", '"oferta exclusiva" (es)'),
        ("<p>¡Gratis! Una oferta exclusiva para su empresa.</p>", '"¡gratis!" (es)'),
        ("<p>הצעה בלעדית: הדוח המלא בחינם לכל הצוות.</p>", '"הצעה בלעדית" (he)'),
        ("<p>הצעה בלעדית: הדוח המלא בחינם לכל הצוות.</p>", '"חינם" (he)'),
    ],
)
def test_spam_phrases_in_spanish_and_hebrew(text: str, evidence: str) -> None:
    html = f'<html><body dir="auto"><p>Hola {{{{first_name}}}},</p>{text}</body></html>'
    report = check_email(html.encode())
    assert any(evidence in item for item in findings(report, "spam-phrases"))


@pytest.mark.parametrize(
    ("greeting", "language"),
    [("Estimado cliente:", "es"), ("לקוח יקר, שלום", "he"), ("Dear Sir or Madam,", "en")],
)
def test_generic_greeting_is_a_segmentation_reminder(greeting: str, language: str) -> None:
    report = check_email(f"<html><body><p>{greeting}</p></body></html>".encode())
    (finding,) = [f for f in report.findings if f.rule == "segmentation"]
    assert finding.severity == "info" and finding.evidence.endswith(f"({language})")


def test_mail_without_merge_fields_gets_a_segmentation_reminder() -> None:
    html = CLEAN_HTML.replace("{{first_name}}", "Anna").replace("{{contact_id}}", "991")
    report = check_email(html.encode())
    assert findings(report, "segmentation") == ["no merge field in the subject or body"]


# --- size ---------------------------------------------------------------------------------------


def padded(size: int) -> bytes:
    raw = CLEAN_HTML.encode("utf-8")
    comment_overhead = len(b"<!---->")
    filler = b"<!--" + b"x" * (size - len(raw) - comment_overhead) + b"-->"
    result = raw.replace(b"</body>", filler + b"</body>")
    assert len(result) == size
    return result


def test_102_kb_boundary() -> None:
    limit = email_rules().limits.clip_bytes
    assert limit == 102 * 1024
    at_limit = check_email(padded(limit))
    assert [f.severity for f in at_limit.findings if f.rule == "size-clipping"] == ["info"]
    over = check_email(padded(limit + 1))
    (finding,) = [f for f in over.findings if f.rule == "size-clipping"]
    assert finding.severity == "warning"
    assert finding.evidence == "HTML is 104,449 bytes (Gmail clips over 104,448 bytes = 102 KB)"
    assert over.stats.html_bytes == limit + 1
    assert check_email(padded(90 * 1024)).findings == []


def test_size_counts_the_decoded_html_part_not_the_base64_text() -> None:
    raw = mime(html=padded(103 * 1024).decode(), headers=ONE_CLICK)
    report = check_email(raw)
    assert report.stats.html_bytes == 103 * 1024
    assert [f.severity for f in report.findings if f.rule == "size-clipping"] == ["warning"]


# --- MIME ---------------------------------------------------------------------------------------


def test_html_only_mime_is_missing_its_plain_text_part() -> None:
    report = check_email(mime(text=None, headers=ONE_CLICK))
    assert findings(report, "missing-plain-text") == ["MIME parts: text/html (no text/plain)"]
    assert rules_of(report) == {"missing-plain-text"}


def test_plain_text_rule_never_applies_to_bare_html() -> None:
    assert "missing-plain-text" not in rules_of(check_email(CLEAN_HTML.encode()))


def test_quoted_printable_latin1_and_base64_parts_are_decoded() -> None:
    html = (
        "<html><body><p>Caf\xe9 y {{first_name}}: oferta exclusiva para su equipo de compras.</p>"
    )
    html += '<a href="https://acme.example/baja">darse de baja</a></body></html>'
    raw = (
        "From: a@acme.example\r\nSubject: =?iso-8859-1?q?Informe_t=E9cnico?=\r\n"
        "MIME-Version: 1.0\r\n"
        + ONE_CLICK
        + 'Content-Type: multipart/alternative; boundary="zz"\r\n\r\n--zz\r\n'
        "Content-Type: text/plain; charset=iso-8859-1\r\n"
        "Content-Transfer-Encoding: quoted-printable\r\n\r\n"
        "Caf=E9 y {{first_name}}: oferta exclusiva para su equipo de compras. Dar=\r\n"
        "se de baja: https://acme.example/baja\r\n--zz\r\n"
        "Content-Type: text/html; charset=iso-8859-1\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        + base64.encodebytes(html.encode("latin-1")).decode("ascii")
        + "--zz--\r\n"
    ).encode("ascii")
    report = check_email(raw)
    assert report.stats.language == "es"
    assert report.stats.html_bytes == len(html.encode("latin-1"))
    assert findings(report, "spam-phrases") == ['"oferta exclusiva" (es)']
    assert rules_of(report) == {"spam-phrases"}


def test_a_lying_charset_is_decoded_with_replacement_not_a_crash() -> None:
    raw = mime(text=None, html_cte="8bit", headers=ONE_CLICK).replace(
        b"charset=utf-8", b"charset=x-no-such-charset"
    )
    assert check_email(raw).stats.text_chars > 600


def test_broken_mime_reports_what_it_can() -> None:
    raw = (
        b"From: a@acme.example\r\nSubject: broken\r\nMIME-Version: 1.0\r\n"
        b'Content-Type: multipart/mixed; boundary="never-closed"\r\n\r\n'
        b"--never-closed\r\nContent-Type: text/html\r\n\r\n"
        b'<p>Act now!</p><img src="https://x.example/a.png" width="300"><a href="https://bit.ly/q">go</a>'
    )
    report = check_email(raw)
    assert "CloseBoundaryNotFoundDefect" in findings(report, "mime-defects")[0]
    assert {"urgency", "missing-alt", "url-shortener", "missing-plain-text"} <= rules_of(report)


def test_mime_with_only_an_attachment_has_no_body() -> None:
    raw = (
        b"From: a@acme.example\r\nSubject: deck\r\nMIME-Version: 1.0\r\n"
        b'Content-Type: multipart/mixed; boundary="q"\r\n\r\n--q\r\n'
        b"Content-Type: application/pdf\r\nContent-Disposition: attachment; filename=deck.pdf\r\n"
        b"Content-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n--q--\r\n"
    )
    report = check_email(raw)
    assert findings(report, "no-body") == [
        "MIME parts: multipart/mixed > application/pdf (attachment)"
    ]


@pytest.mark.parametrize(
    ("headers", "variant_evidence"),
    [
        ("", "List-Unsubscribe: (missing)"),
        (
            "List-Unsubscribe: https://acme.example/u\r\n",
            "List-Unsubscribe: https://acme.example/u",
        ),
        (
            "List-Unsubscribe: <mailto:u@acme.example>\r\n"
            "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n",
            "List-Unsubscribe: <mailto:u@acme.example>",
        ),
        ("List-Unsubscribe: <https://acme.example/u/1>\r\n", "List-Unsubscribe-Post: (missing)"),
        (
            "List-Unsubscribe: <https://acme.example/u/1>\r\nList-Unsubscribe-Post: yes\r\n",
            "List-Unsubscribe-Post: yes",
        ),
        (
            ONE_CLICK + "DKIM-Signature: v=1; d=acme.example; h=from:to:subject; b=x\r\n",
            "DKIM-Signature h=from:subject:to",
        ),
    ],
)
def test_rfc_8058_headers_bad(headers: str, variant_evidence: str) -> None:
    report = check_email(mime(headers=headers))
    assert variant_evidence in findings(report, "list-unsubscribe-header")


def test_rfc_8058_headers_good() -> None:
    dkim = "DKIM-Signature: v=1; d=acme.example; h=from:list-unsubscribe:list-unsubscribe-post\r\n"
    assert check_email(mime(headers=ONE_CLICK + dkim)).findings == []


def test_list_unsubscribe_header_alone_satisfies_missing_unsubscribe() -> None:
    html = CLEAN_HTML.replace(">Unsubscribe</a>", ">Your account</a>").replace(
        "preferences/unsubscribe?", "account?"
    )
    report = check_email(mime(html=html, text="Hi {{first_name}}", headers=ONE_CLICK))
    assert "missing-unsubscribe" not in rules_of(report)
    assert "missing-unsubscribe" in rules_of(check_email(html.encode()))


# --- files and bad input -----------------------------------------------------------------------


def test_files_that_cannot_be_checked_raise_input_error_naming_them(tmp_path: Path) -> None:
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"")
    binary = tmp_path / "logo.html"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    huge = tmp_path / "huge.eml"
    with huge.open("wb") as handle:
        handle.truncate(26 * 1024 * 1024)
    cases = {
        tmp_path / "missing.eml": "file not found",
        empty: "is empty",
        binary: "binary",
        huge: "larger than 25 MB",
    }
    for path, reason in cases.items():
        with pytest.raises(InputError) as error:
            check_email_file(path)
        assert str(error.value).startswith(str(path)) and reason in str(error.value)
        assert "\n" not in str(error.value)


def test_whitespace_only_input_is_empty() -> None:
    with pytest.raises(InputError, match="<stdin>: is empty"):
        check_email(b" \r\n\t ", name="<stdin>")


def test_plain_text_input_is_checked_too() -> None:
    report = check_email(b"Hello team,\nAct now and see https://tinyurl.com/abc\n")
    assert report.stats.input_format == "text" and report.stats.links == 1
    assert {"urgency", "url-shortener", "missing-unsubscribe"} <= rules_of(report)


_HEADER_LINES = st.sampled_from(
    [
        b"From: a@b.example\r\n",
        b"Subject: =?utf-8?q?caf=C3=A9?= =?bogus?x?y?=\r\n",
        b'Content-Type: multipart/alternative; boundary="XX"\r\n',
        b"Content-Type: text/html; charset=idna\r\n",
        b'Content-Type: text/plain; charset="\xff"\r\n',
        b"Content-Transfer-Encoding: base64\r\n",
        b"Content-Transfer-Encoding: quoted-printable\r\n",
        b"Content-Disposition: attachment; filename*=''\r\n",
        b"List-Unsubscribe: <https://x\r\n",
        b"DKIM-Signature: h=\r\n",
        b"MIME-Version: 1.0\r\n",
        b"Content-Type: message/rfc822\r\n",
    ]
)
_BODIES = st.sampled_from(
    [
        b'--XX\r\nContent-Type: text/html\r\n\r\n<p>hi<img src="x"></p>\r\n--XX--\r\n',
        b"PGh0bWw+PC9odG1sPg==",
        b"=3Cp=3E=\r\n=ZZ",
        b"<!a[<![<![if x",
        b"<a href='http://[::1'>www.x.com</a><style>@import url(x); a{display:flex",
        b"\xff\xfe<\x00p\x00>\x00",
    ]
)
_HTML_TOKENS = st.sampled_from(
    ["<", ">", "<!", "<![", "--", "<a href=", "</a>", "<img", "<style>", "{", "}", ":", ";",
     "@media", "<!--[if mso]>", "www.", ".com", "'", '"', "&#", "<?", "</", "]>", "x", " "]
)  # fmt: skip
_ANY_INPUT = st.one_of(
    st.binary(max_size=400),
    st.text(max_size=400).map(lambda text: text.encode("utf-8")),
    st.lists(_HTML_TOKENS, max_size=50).map(lambda parts: ("<html>" + "".join(parts)).encode()),
    st.tuples(st.lists(_HEADER_LINES, max_size=6), _BODIES, st.binary(max_size=40)).map(
        lambda t: b"".join(t[0]) + b"\r\n" + t[1] + t[2]
    ),
)


@settings(
    max_examples=300, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
@given(_ANY_INPUT)
def test_any_input_gives_a_report_or_an_input_error(raw: bytes) -> None:
    try:
        report = check_email(raw)
    except InputError as error:
        assert "\n" not in str(error)
        return
    assert report.stats.html_bytes >= 0 and report.stats.text_chars >= 0
    assert all(f.severity in {"error", "warning", "info"} and f.evidence for f in report.findings)


# --- the command line --------------------------------------------------------------------------


def run(*args: str, stdin: bytes | str | None = None):  # noqa: ANN201 - click's Result
    return CliRunner().invoke(cli, list(args), input=stdin)


def test_cli_prints_one_json_document(tmp_path: Path) -> None:
    path = tmp_path / "mail.html"
    path.write_bytes(with_snippet('<div style="display:flex">A</div>'))
    result = run("email-check", str(path), "--json")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert set(payload) == {"verdict", "risk", "language", "top_findings", "findings", "stats"}
    assert payload["verdict"] == "fix" and payload["risk"] == 0 and payload["language"] == "en"
    assert {"html_bytes", "images", "text_chars", "links"} <= set(payload["stats"])
    (finding,) = payload["findings"]
    assert set(finding) == {
        "rule",
        "title",
        "severity",
        "message",
        "suggestion",
        "evidence",
        "points",
    }
    assert payload["top_findings"] == [finding]
    assert finding["rule"] == "unsupported-css" and "display:flex" in finding["evidence"]


def test_cli_reads_stdin() -> None:
    result = run("email-check", "-", "--json", stdin=CLEAN_EML)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["findings"] == []
    text = run("email-check", "-", stdin=with_snippet("<script>x()</script>"))
    assert text.stdout.startswith("Fix before sending · deliverability risk 30/100\n")
    assert "  1. [error] Scripts (+30 risk): Scripts never run in email clients" in text.stdout


def test_cli_batch_goes_on_after_a_bad_line(tmp_path: Path) -> None:
    good = tmp_path / "good.eml"
    good.write_bytes(CLEAN_EML)
    batch = tmp_path / "batch.jsonl"
    lines = [{"path": str(good)}, {"path": str(tmp_path / "gone.html")}, {"path": str(good)}]
    batch.write_text("\n".join(json.dumps(line) for line in lines) + "\nnot json\n", "utf-8")
    result = run("email-check", "--batch", str(batch))
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(rows) == 4
    assert rows[0]["findings"] == [] and rows[2] == rows[0]
    assert "gone.html: file not found" in rows[1]["error"]
    assert rows[3]["error"].startswith("line 4: invalid JSON")


@pytest.mark.parametrize("kind", ["missing", "empty", "binary"])
def test_cli_bad_file_exits_2_with_one_error_line(tmp_path: Path, kind: str) -> None:
    path = tmp_path / f"{kind}.html"
    if kind == "empty":
        path.write_bytes(b"")
    elif kind == "binary":
        path.write_bytes(b"GIF89a\x01\x00\x01\x00\x00\x00\x00" * 20)
    result = run("email-check", str(path), "--json")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("error:") and result.stderr.count("\n") == 1


# --- real mail: a deterministic sample of the SpamAssassin corpus ------------------------------


def corpus_sample(per_folder: int = 60) -> list[Path]:
    sample: list[Path] = []
    for folder in sorted(p for p in CORPUS.iterdir() if p.is_dir()):
        files = sorted(folder.iterdir())
        step = max(1, len(files) // per_folder)
        sample += files[::step][:per_folder]
    return sample


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"SpamAssassin corpus not found at {CORPUS}")
def test_real_mail_sample_is_checked_without_exceptions() -> None:
    sample = corpus_sample()
    assert len(sample) == 300 and len({p.parent.name for p in sample}) == 5
    risks: dict[str, list[int]] = {}
    for path in sample:
        report = check_email_file(path)
        stats = report.stats
        assert stats.input_format == "mime", path
        assert stats.html_bytes >= 0 and stats.images >= 0 and stats.links >= 0, path
        assert stats.text_chars > 0 or stats.html_bytes or "no-body" in rules_of(report), path
        assert all(f.evidence and f.message and f.suggestion for f in report.findings), path
        assert report.risk == min(100, sum(f.points for f in report.findings)), path
        group = path.parent.name.rsplit("-", 1)[0]
        risks.setdefault(group, []).append(report.risk)
    mean = {group: sum(values) / len(values) for group, values in risks.items()}
    assert mean["spam"] > 3 * mean["easy-ham"], mean
