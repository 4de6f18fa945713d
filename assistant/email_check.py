"""B2B email check: a verdict, a deliverability risk, and the findings behind them, with evidence.

Why: company IT filters bulk mail and company mail clients update slowly, so a campaign must
pass corporate gateways and render in Outlook (Windows) and Gmail. The rules live in
email_structure (rendering, structure) and email_signals (what spam filters react to); their
wording, weights and thresholds are data (rules/email/). The risk is the sum of the findings'
points, capped at 100, so every point is explained by a finding.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, BinaryIO, Literal

from pydantic import BaseModel, model_validator

from assistant import email_signals, email_structure  # noqa: F401  (they register the rules)
from assistant.domain import LANGUAGES, Language
from assistant.email_mime import MAX_INPUT_BYTES, NormalisedEmail, normalise_email
from assistant.email_rules import RULES, EmailFinding, Hit, email_rules, points_of, render
from assistant.errors import InputError
from assistant.text import severity_rank

Verdict = Literal["ready", "fix", "likely-filtered"]

__all__ = ["RULES", "EmailFinding", "EmailReport", "check_email", "check_email_file"]


class EmailStats(BaseModel):
    html_bytes: int
    images: int
    text_chars: int
    links: int
    input_format: Literal["mime", "html", "text"] = "html"
    language: Language = "en"  # the mail's language, as detected


class EmailReport(BaseModel):
    verdict: Verdict
    risk: int  # 0-100: the findings' points added up, capped at 100
    language: Language  # the language of messages and suggestions
    top_findings: list[EmailFinding]  # the findings that matter most, most severe first
    findings: list[EmailFinding]
    stats: EmailStats

    @model_validator(mode="before")
    @classmethod
    def _saved_before_the_verdict(cls, data: Any) -> Any:
        """Reports kept in conversation history from before the verdict still load."""
        if isinstance(data, dict) and "verdict" not in data:
            findings = [f for f in data.get("findings", []) if isinstance(f, dict)]
            severe = any(f.get("severity") in ("error", "warning") for f in findings)
            old = {"verdict": "fix" if severe else "ready", "risk": 0, "language": "en"}
            data = {**old, "top_findings": [], **data}
        return data


def analyse(raw: bytes, name: str = "<input>") -> tuple[NormalisedEmail, list[Hit]]:
    """The message and every rule's hits, in catalogue order (before any wording)."""
    mail = normalise_email(raw, name)
    hits = [found for rule_id in email_rules().rules for found in RULES[rule_id](mail)]
    return mail, hits


def risk_of(hits: list[Hit]) -> int:
    """The deliverability risk: the hits' points added up, capped at 100."""
    return min(100, sum(points_of(found) for found in hits))


def verdict_of(findings: list[EmailFinding], risk: int) -> Verdict:
    settings = email_rules().verdict
    if risk >= settings.filtered_at:
        return "likely-filtered"
    if risk >= settings.fix_at or any(f.severity in ("error", "warning") for f in findings):
        return "fix"
    return "ready"


def output_language(language: str | None, mail_language: str) -> Language:
    """The language asked for, else the mail's; an unknown code is a one-line input error."""
    chosen = language or mail_language
    if chosen not in LANGUAGES:
        known = ", ".join(LANGUAGES)
        raise InputError(f"unknown language {chosen!r} (known: {known})", field="--lang")
    return chosen  # type: ignore[return-value]


def check_email(raw: bytes, name: str = "<input>", language: str | None = None) -> EmailReport:
    """Check one message (MIME .eml, bare HTML or text); InputError only if nothing is usable.

    `language`: of the messages and suggestions (en, es, he); default the mail's language.
    """
    if language is not None:
        output_language(language, "en")  # refuse a bad code before reading anything
    mail, hits = analyse(raw, name)
    chosen = output_language(language, mail.language)
    order = {rule_id: index for index, rule_id in enumerate(email_rules().rules)}
    findings = [render(found, chosen) for found in hits]
    findings.sort(key=lambda f: (severity_rank(f.severity), order[f.rule]))
    risk = risk_of(hits)
    ranked = sorted(findings, key=lambda f: (severity_rank(f.severity), -f.points, order[f.rule]))
    top = [f for f in ranked if f.severity != "info" or f.points][: email_rules().verdict.top]
    stats = EmailStats(
        html_bytes=mail.parsed.html_bytes,
        images=len(mail.doc.images),
        text_chars=len(mail.text),
        links=sum(1 for link in mail.links if link.href),
        input_format=mail.parsed.kind,
        language=mail.language,
    )
    return EmailReport(
        verdict=verdict_of(findings, risk),
        risk=risk,
        language=chosen,
        top_findings=top,
        findings=findings,
        stats=stats,
    )


def read_email_file(path: Path) -> bytes:
    """A file's bytes; missing, unreadable, non-file, empty or huge files raise InputError."""
    try:
        if not path.exists():
            raise InputError(f"{path}: file not found")
        if not path.is_file():
            raise InputError(f"{path}: is not a file")
        size = path.stat().st_size
        if size > MAX_INPUT_BYTES:
            limit = MAX_INPUT_BYTES // (1024 * 1024)
            raise InputError(f"{path}: is larger than {limit} MB ({size / 1024 / 1024:.1f} MB)")
        if size == 0:
            raise InputError(f"{path}: is empty")
        return path.read_bytes()
    except OSError as error:
        raise InputError(f"{path}: cannot be read ({error.strerror or error})") from error


def check_email_file(path: Path, language: str | None = None) -> EmailReport:
    """Check a file; missing, empty, binary or huge files raise InputError naming the file."""
    return check_email(read_email_file(path), name=str(path), language=language)


def read_email_stream(stream: BinaryIO, name: str = "<stdin>") -> bytes:
    """At most the size limit plus one byte of a stream (stdin), so a huge pipe is refused
    without being held in memory; check_email names what is wrong with it."""
    try:
        return stream.read(MAX_INPUT_BYTES + 1)
    except OSError as error:
        raise InputError(f"{name}: cannot be read ({error.strerror or error})") from error


# --- words for people ------------------------------------------------------------------------


def word(key: str, language: str, **values: object) -> str:
    """A phrase of the report in a language (rules/email/rules.yaml `words`)."""
    text = email_rules().words[key][language]  # type: ignore[index]
    for name, value in values.items():
        text = text.replace("{" + name + "}", str(value))
    return text


def headline(report: EmailReport) -> str:
    """`Fix before sending · deliverability risk 42/100`, in the report's language."""
    verdict = word(f"verdict-{report.verdict}", report.language)
    return word("headline", report.language, verdict=verdict, risk=report.risk)


def finding_line(finding: EmailFinding) -> str:
    """One finding as one plain line: message, suggestion, evidence."""
    return f"{finding.message} {finding.suggestion} ({finding.evidence})"


def summary_lines(report: EmailReport) -> list[str]:
    """The verdict and the findings that matter most, for chat and other short answers."""
    lines = [headline(report)]
    if report.top_findings:
        lines.append(word("top", report.language))
        lines += [f"- {finding_line(finding)}" for finding in report.top_findings]
    else:
        lines.append(word("clean", report.language))
    return lines
