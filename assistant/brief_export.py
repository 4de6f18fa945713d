"""A brief as Markdown and DOCX for the people who sign it: in the brief's language, with
labels and names instead of ids, numbers rounded and grouped, money in its currency."""

from __future__ import annotations

import io

from assistant.brief_rules import brief_text, objective_label
from assistant.briefs import Brief
from assistant.domain import label
from assistant.numbers import format_date, format_money, format_number
from assistant.plan_export import citation_label


def brief_to_markdown(brief: Brief) -> str:
    language = brief.language
    words = brief_text(language)
    company = brief.company or brief.persona
    purchase = label("purchase_types", str(brief.purchase.get("type", "new")), language)
    if brief.purchase.get("strategic"):
        purchase += f", {words.strategic}"
    start = format_date(brief.start_date, language) if brief.start_date else words.blank
    lines = [
        f"# {words.title.format(company=company)}",
        "",
        f"**{words.objective}:** {objective_label(brief.objective, language)} · "
        f"**{words.stage}:** {label('stages', brief.stage, language)} · "
        f"**{words.purchase}:** {purchase}",
        f"**{words.owner}:** {brief.owner or words.blank} · "
        f"**{words.approver}:** {brief.approver or words.blank} · **{words.start}:** {start}",
        f"**{words.stage_fit}:** "
        + (words.fits if brief.stage_fit.verdict == "fits" else words.mismatch),
    ]
    lines += [f"- {problem}" for problem in brief.stage_fit.problems]
    lines += ["", f"## {words.audience}"]
    lines += [
        f"- **{label('roles', a.role, language)}** ({a.title}): {a.needs}" for a in brief.audience
    ]
    lines += ["", f"## {words.key_messages}"]
    lines += [f"- **{label('roles', m.role, language)}:** {m.message}" for m in brief.key_messages]
    lines += ["", f"## {words.content}"]
    lines += [f"- {p.title} ({p.format}) → {p.cta} · {p.channel}" for p in brief.content]
    lines += ["", f"## {words.channels}", ", ".join(brief.channels) or "—"]
    if brief.timeline:
        lines += ["", f"## {words.timeline}"]
        lines += [
            f"- {format_date(phase.start, language)} – {format_date(phase.end, language)} "
            f"({words.weeks.format(weeks=phase.weeks)}): {phase.name}"
            for phase in brief.timeline
        ]
    lines += ["", f"## {words.kpis}"]
    lines += [f"- {k.name}: {k.display or '—'}" for k in brief.kpis]
    if brief.funnel:
        f = brief.funnel
        funnel = words.funnel_line.format(
            budget=format_money(f.budget, f.currency, language),
            leads=format_number(f.leads, language),
            mqls=format_number(f.mqls, language),
            sqls=format_number(f.sqls, language),
            deals=format_number(f.deals, language),
        )
        if f.cpa:
            funnel += f" · {words.cpa} {format_money(f.cpa, f.currency, language)}"
        lines += [
            "",
            f"## {words.funnel}",
            funnel,
            f"{words.assumptions}: " + "; ".join(f.assumptions),
        ]
    lines += ["", f"## {words.email_checklist}"]
    lines += [f"- [ ] {item}" for item in brief.email_checklist]
    if brief.warnings:
        lines += ["", f"## {words.warnings}"] + [f"- {w}" for w in brief.warnings]
    sources = dict.fromkeys(
        citation_label(c.label or c.section, c.source, company, language) for c in brief.citations
    )
    lines += ["", f"## {words.sources}"] + [f"- {source}" for source in sources]
    return "\n".join(lines) + "\n"


def brief_to_docx(brief: Brief) -> bytes:
    """The Markdown brief as a Word document (headings, bullets, paragraphs; right-to-left
    paragraphs for Hebrew)."""
    import docx

    document = docx.Document()
    rtl = brief.language == "he"
    for line in brief_to_markdown(brief).splitlines():
        if line.startswith("# "):
            paragraph = document.add_heading(line[2:], level=1)
        elif line.startswith("## "):
            paragraph = document.add_heading(line[3:], level=2)
        elif line.startswith(("- [ ] ", "- ")):
            text = line[6:] if line.startswith("- [ ] ") else line[2:]
            paragraph = document.add_paragraph(text.replace("**", ""), style="List Bullet")
        elif line.strip():
            paragraph = document.add_paragraph(line.replace("**", ""))
        else:
            continue
        if rtl:
            paragraph.paragraph_format.alignment = 2  # right
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
