"""A content plan as Markdown (in the plan's language, labels instead of ids) and as CSV (ids,
for spreadsheets and scripts)."""

from __future__ import annotations

import csv
import io
import re

from assistant.domain import PURCHASE_TYPES, STAGES, label
from assistant.planner import ContentPlan, kpi_name, planner_text

CSV_COLUMNS = (
    "role",
    "stage",
    "covered_by",
    "title",
    "format",
    "angle",
    "proof",
    "cta",
    "channel",
    "kpi",
    "citations",
)


def plan_to_csv(plan: ContentPlan) -> str:
    """One row per suggestion (an empty cell still gets a row), for spreadsheets."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for cell in plan.cells:
        for suggestion in cell.suggestions or [None]:
            row = [cell.role, cell.stage, "; ".join(cell.covered_by)]
            if suggestion is None:
                row += [""] * 8
            else:
                row += [
                    suggestion.title,
                    suggestion.format,
                    suggestion.angle,
                    suggestion.proof,
                    suggestion.cta,
                    suggestion.channel,
                    suggestion.kpi,
                    "; ".join(c.chunk_id for c in suggestion.citations),
                ]
            writer.writerow(row)
    return out.getvalue()


def citation_label(section: str, source: str, company: str, language: str = "en") -> str:
    """How a reader sees a source: the guidance section's heading (a stage or purchase id in
    it reads as its label), or the account's name."""
    if source.startswith("personas/") or section == "account":
        return company
    text = section or source
    for kind, ids in (("stages", STAGES), ("purchase_types", PURCHASE_TYPES)):
        for key in ids:
            if "-" in key and key in text:
                text = re.sub(
                    rf"(?<![\w/-]){re.escape(key)}(?![\w-])", label(kind, key, language), text
                )
    return text


def plan_to_markdown(plan: ContentPlan) -> str:
    """A readable plan: empty cells first, each suggestion with its sources."""
    language = plan.language
    words = planner_text(language)
    company = plan.company or plan.persona
    lines = [f"# {words.plan_title.format(company=company)}", ""]
    purchase = plan.purchase
    kind = label("purchase_types", purchase["type"], language)
    lines.append(
        f"{kind}{' · ' + words.strategic if purchase.get('strategic') else ''} · "
        f"{purchase['offering']}"
    )
    lines.append("")
    for warning in plan.warnings:
        lines.append(f"> {warning}")
    empty = [c for c in plan.cells if not c.covered]
    if empty:
        names = ", ".join(
            f"{label('roles', c.role, language)} · {label('stages', c.stage, language)}"
            for c in empty
        )
        lines += ["", f"**{words.no_existing_content}:** {names}"]
    for cell in plan.cells:
        role = label("roles", cell.role, language)
        stage = label("stages", cell.stage, language)
        covered = ", ".join(cell.covered_by) if cell.covered_by else "—"
        lines += [
            "",
            f"## {role} · {stage}",
            "",
            f"*{cell.asks}*",
            "",
            f"{words.covered_by}: {covered}",
        ]
        for suggestion in cell.suggestions:
            sources = "; ".join(
                dict.fromkeys(
                    citation_label(c.label or c.section, c.source, company, language)
                    for c in suggestion.citations
                )
            )
            lines += [
                "",
                f"### {suggestion.title}",
                f"- **{words.format}:** {suggestion.format}",
                f"- **{words.angle}:** {suggestion.angle}",
                f"- **{words.proof}:** {suggestion.proof}",
                f"- **{words.cta}:** {suggestion.cta}",
                f"- **{words.channel}:** {suggestion.channel} · "
                f"**{words.kpi}:** {kpi_name(suggestion.kpi, language)}",
                f"- **{words.sources}:** {sources}",
            ]
    if plan.proof_packs:
        lines += ["", f"## {words.proof_packs}"]
        for pack in plan.proof_packs:
            lines += ["", f"### {label('roles', pack.role, language)}: {pack.member_title}"]
            for answer in pack.objections:
                lines.append(f"- **{answer.objection}** → {answer.evidence}")
    return "\n".join(lines) + "\n"
