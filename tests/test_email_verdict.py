"""The email check's verdict, risk and spam-style signals, in the reader's language."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from assistant.cli import cli
from assistant.domain import LANGUAGES
from assistant.email_check import check_email, summary_lines
from assistant.email_rules import email_rules

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "fixtures" / "email"
CLEAN_HTML = (FIXTURES / "clean.html").read_bytes()
CLEAN_EML = (FIXTURES / "clean.eml").read_bytes()

# The kind of mail the SpamAssassin corpus is full of: shouting, hype, money, a fake reply.
SPAMMY = (
    b"From: Deals <deals@offers.example>\r\nTo: you@acme.example\r\n"
    b"Subject: RE: FREE CASH BONUS FOR YOU!!!\r\nMIME-Version: 1.0\r\n"
    b"Content-Type: text/html; charset=utf-8\r\n\r\n"
    b"<html><body><p>Dear friend,</p><p>MAKE MONEY FROM HOME WITH NO RISK</p>"
    b"<p>Act now!!! This limited time offer expires today. Earn $5,000 a week.</p>"
    b'<p><a href="http://203.0.113.7/offer">Click here</a></p>'
    b"<p>To be removed, reply with REMOVE in the subject.</p></body></html>"
)

SPANISH = (
    "<html><body><p>Hola {{first_name}},</p><p>Nuestro informe compara el coste por línea "
    "de pedido en 214 almacenes de la región y explica qué cambió en los centros que pasaron "
    "a la preparación por oleadas.</p><p>¡¡Última oportunidad!! Solo hoy.</p></body></html>"
).encode()


def rules_of(report) -> set[str]:  # noqa: ANN001 - EmailReport
    return {f.rule for f in report.findings}


def test_clean_basic_html_email_is_ready_with_no_risk() -> None:
    for raw in (CLEAN_HTML, CLEAN_EML):
        report = check_email(raw)
        assert (report.verdict, report.risk, report.top_findings) == ("ready", 0, [])
        assert not [f for f in report.findings if f.severity in ("error", "warning")]


def test_spammy_mail_is_likely_filtered_with_the_three_findings_that_matter_most() -> None:
    report = check_email(SPAMMY)
    assert report.verdict == "likely-filtered" and report.risk == 100
    assert {
        "caps-lines", "exclamation", "money", "urgency", "numeric-link", "click-here",
        "remove-by-reply", "subject", "missing-plain-text", "spam-phrases",
    } <= rules_of(report)  # fmt: skip
    top = report.top_findings
    assert len(top) == email_rules().verdict.top == 3
    assert [f.points for f in top] == sorted((f.points for f in top), reverse=True)
    assert min(f.points for f in top) >= max(
        f.points for f in report.findings if f not in top and f.severity == "warning"
    )


def test_subject_checks_name_their_variant() -> None:
    report = check_email(SPAMMY)
    subject = [f for f in report.findings if f.rule == "subject"]
    messages = " ".join(f.message for f in subject)
    assert "capitals" in messages and "exclamation mark" in messages
    assert "money" in messages and '"Re:"' in messages
    assert all(f.evidence == 'Subject: "RE: FREE CASH BONUS FOR YOU!!!"' for f in subject)


def test_a_real_reply_is_not_a_fake_reply() -> None:
    reply = SPAMMY.replace(b"MIME-Version", b"In-Reply-To: <1@acme.example>\r\nMIME-Version")
    variants = [f.message for f in check_email(reply).findings if f.rule == "subject"]
    assert not any('"Re:"' in message for message in variants)


def test_risk_is_the_sum_of_the_findings_points_capped_at_100() -> None:
    for raw in (SPAMMY, SPANISH, CLEAN_HTML.replace(b"Unsubscribe</a>", b"Account</a>")):
        report = check_email(raw)
        assert report.risk == min(100, sum(f.points for f in report.findings))


def test_a_warning_without_much_risk_still_means_fix() -> None:
    html = CLEAN_HTML.replace(
        b"<p style=", b'<p><img src="https://acme.example/c.png"></p><p style=', 1
    )
    report = check_email(html)
    assert report.verdict == "fix" and report.risk < email_rules().verdict.fix_at
    assert [f.rule for f in report.top_findings] == ["missing-alt"]


def test_link_text_showing_another_domain_is_flagged() -> None:
    html = CLEAN_HTML.replace(
        b">Read the Q3 benchmark</a>", b">www.acme-logistics.example/benchmark</a>"
    ).replace(b"https://www.acme-logistics.example/benchmark-q3", b"https://t.mailer.example/c/1")
    report = check_email(html)
    (finding,) = [f for f in report.findings if f.rule == "link-mismatch"]
    assert finding.evidence == '"www.acme-logistics.example/benchmark" → t.mailer.example'
    assert finding.points > 0 and report.verdict == "fix"


def test_html_only_and_image_only_mail_raise_the_risk() -> None:
    image_only = (
        b"From: a@acme.example\r\nSubject: Q3\r\nMIME-Version: 1.0\r\n"
        b"Content-Type: text/html\r\n\r\n"
        b'<a href="https://acme.example/q3"><img src="https://acme.example/q3.png" alt="Q3"></a>'
        b'<a href="https://acme.example/unsubscribe">Unsubscribe</a>'
    )
    report = check_email(image_only)
    assert {"missing-plain-text", "image-heavy"} <= rules_of(report)
    assert report.risk >= 50 and report.verdict == "likely-filtered"


def test_quoted_lines_of_an_earlier_message_are_not_the_senders_shouting() -> None:
    reply = (
        b"From: a@acme.example\r\nSubject: Re: offer\r\nIn-Reply-To: <1@x.example>\r\n\r\n"
        b"Hi Dana, I would not send this one:\r\n\r\n> MAKE MONEY FAST WITH NO RISK!!!\r\n"
    )
    assert not {"caps-lines", "exclamation", "money"} & rules_of(check_email(reply))


def test_acronyms_are_not_shouting() -> None:
    html = CLEAN_HTML.replace(
        b"<p style=",
        b"<p>GDPR, EMEA, DACH, HIPAA and ISO rules apply to every site.</p><p style=",
        1,
    )
    assert "caps-words" not in rules_of(check_email(html))
    shouting = html.replace(
        b"apply to every site", b"APPLY TO EVERY SITE, NO EXCEPTIONS WHATSOEVER"
    )
    assert "caps-words" in rules_of(check_email(shouting))


# --- languages -----------------------------------------------------------------------------------


def test_findings_default_to_the_mails_language() -> None:
    report = check_email(SPANISH)
    assert report.stats.language == "es" and report.language == "es"
    (exclamation,) = [f for f in report.findings if f.rule == "exclamation"]
    assert exclamation.title == "Signos de exclamación"
    assert exclamation.message.startswith("Las series de signos de exclamación")
    assert exclamation.suggestion.startswith("Deja como mucho un signo")
    assert '"última oportunidad" (es)' in next(
        f.evidence for f in report.findings if f.rule == "urgency"
    )


@pytest.mark.parametrize(
    ("language", "headline", "word"),
    [
        ("en", "Likely filtered as spam · deliverability risk 100/100", "capitals"),
        ("es", "Probablemente filtrado como spam · riesgo de entrega 100/100", "mayúsculas"),
        ("he", "צפוי להיחסם כדואר זבל · סיכון מסירות 100/100", "רישיות"),
    ],
)
def test_findings_in_the_asked_language(language: str, headline: str, word: str) -> None:
    report = check_email(SPAMMY, language=language)
    assert report.language == language
    assert summary_lines(report)[0] == headline
    (caps,) = [f for f in report.findings if f.rule == "caps-lines"]
    assert word in caps.message and caps.evidence == '"MAKE MONEY FROM HOME WITH NO RISK"'


def test_every_rule_is_worded_in_every_language() -> None:
    rules = email_rules().rules
    for rule_id, spec in rules.items():
        texts = [spec.title, spec.message, spec.suggestion] + [
            text for v in spec.variants.values() for text in (v.message, v.suggestion) if text
        ]
        for text in texts:
            assert set(text) == set(LANGUAGES), rule_id
            assert len({text["en"], text["es"], text["he"]}) > 1 or "{" in text["en"], rule_id


def test_cli_lang_option_and_batch_language() -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["email-check", "-", "--lang", "he"], input=SPAMMY)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("צפוי להיחסם כדואר זבל · סיכון מסירות 100/100\n")
    assert "הכי חשוב:" in result.stdout
    bad = runner.invoke(cli, ["email-check", "-", "--lang", "zz"], input=SPAMMY)
    assert bad.exit_code == 2
    assert bad.stderr == "error: --lang: unknown language 'zz' (known: en, es, he)\n"


def test_cli_batch_validates_each_line(tmp_path: Path) -> None:
    mail = tmp_path / "mail.eml"
    mail.write_bytes(SPAMMY)
    lines = [
        {"path": str(mail), "lang": "es"},
        {"path": str(mail), "lang": "zz"},
        {"path": 5},
        {"path": str(mail), "colour": "red"},
        {"path": str(tmp_path)},
        {"path": str(mail)},
    ]
    batch = tmp_path / "batch.jsonl"
    batch.write_text("\n".join(json.dumps(line) for line in lines) + "\n", "utf-8")
    result = CliRunner().invoke(cli, ["email-check", "--batch", str(batch), "--lang", "he"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert rows[0]["language"] == "es" and rows[0]["verdict"] == "likely-filtered"
    assert rows[1] == {"error": "line 2: lang: unknown language 'zz' (known: en, es, he)"}
    assert rows[2] == {"error": "line 3: path: must be text (a JSON string)"}
    assert rows[3] == {"error": "line 4: colour: unknown field (known: path, lang)"}
    assert rows[4] == {"error": f"line 5: {tmp_path}: is not a file"}
    assert rows[5]["language"] == "he"


# --- the evaluation ------------------------------------------------------------------------------


def test_roc_auc_counts_ties_as_half() -> None:
    from assistant.evaluation.email import roc_auc

    assert roc_auc([3, 4], [1, 2]) == 1.0
    assert roc_auc([1, 2], [3, 4]) == 0.0
    assert roc_auc([5], [5]) == 0.5
    assert roc_auc([2, 4], [1, 3]) == 0.75


def test_email_eval_scores_both_splits_of_a_corpus(tmp_path: Path) -> None:
    from assistant.evaluation.email import SPLITS, evaluate_email, spamassassin_available

    corpus = tmp_path / "spamassassin"
    assert not spamassassin_available(corpus)
    plain = (
        b"From: a@x.example\r\nSubject: minutes\r\n"
        b"List-Unsubscribe: <https://x.example/u>\r\n\r\nNotes attached."
    )
    for split in SPLITS.values():
        for group, folders in split.items():
            for folder in folders:
                (corpus / folder).mkdir(parents=True)
                for number, raw in enumerate([SPAMMY] if group == "spam" else [CLEAN_EML, plain]):
                    (corpus / folder / f"{number:05}.txt").write_bytes(raw)
    (corpus / "spam-2" / "00009.txt").write_bytes(b"")  # refused, counted as an error
    assert spamassassin_available(corpus)
    report = evaluate_email(corpus)
    tune, quoted = report.splits
    assert (tune.split, tune.ham, tune.spam, tune.auc) == ("tune", 2, 1, 1.0)
    assert (quoted.ham, quoted.spam, quoted.errors, quoted.auc) == (4, 1, 1, 1.0)
    assert quoted.per_folder_auc == {"easy-ham-2": 1.0, "hard-ham-1": 1.0}
    assert {r.rule: r.spam for r in quoted.rules}["caps-lines"] == 1.0
    assert "report" in report.table() and "1.000" in report.table()


def test_a_report_saved_before_the_verdict_still_loads() -> None:
    from assistant.email_check import EmailReport

    saved = {
        "findings": [
            {"rule": "script", "severity": "error", "message": "m", "evidence": "<script>"}
        ],
        "stats": {"html_bytes": 10, "images": 0, "text_chars": 2, "links": 0},
    }
    report = EmailReport.model_validate(saved)
    assert (report.verdict, report.risk, report.findings[0].points) == ("fix", 0, 0)
