"""The full result an answer carries (`Answer.data`): one of the library's result models,
tagged by `kind`, so history stores it and the page shows it again exactly as first shown.

Add a new result by defining its model here with a `kind` literal and adding it to
`AnswerData`; the page picks its view by `kind` (assistant/ui/chat.py).
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, Field

from assistant.briefs import Brief
from assistant.email_check import EmailReport
from assistant.planner import ContentPlan
from assistant.review import ReviewResult


class PlanData(BaseModel):
    kind: Literal["plan"] = "plan"
    plan: ContentPlan


class ReviewData(BaseModel):
    kind: Literal["review"] = "review"
    text: str = Field(description="the copy that was reviewed (findings point into it)")
    review: ReviewResult


class EmailData(BaseModel):
    kind: Literal["email"] = "email"
    report: EmailReport


class BriefData(BaseModel):
    kind: Literal["brief"] = "brief"
    brief: Brief


AnswerData = Annotated[PlanData | ReviewData | EmailData | BriefData, Field(discriminator="kind")]


def data_to_markdown(data: AnswerData) -> str:
    """The full result as Markdown, for conversation exports (headings nested one level
    below the message they belong to)."""
    if isinstance(data, PlanData):
        from assistant.plan_export import plan_to_markdown

        text = plan_to_markdown(data.plan)
    elif isinstance(data, BriefData):
        from assistant.brief_export import brief_to_markdown

        text = brief_to_markdown(data.brief)
    elif isinstance(data, ReviewData):
        review = data.review
        lines = [f"**Review:** {review.score}/100, {review.verdict}", "", "> " + data.text, ""]
        lines += [
            f"- *{f.severity}* {f.rule}: “{f.excerpt}”: {f.message} {f.suggestion}"
            for f in review.findings
        ]
        text = "\n".join(lines)
    else:
        from assistant.email_check import headline

        report = data.report
        lines = [f"**{headline(report)}**", ""]
        lines += [
            f"- *{f.severity}* {f.title or f.rule}: {f.message} {f.suggestion} ({f.evidence})"
            for f in report.findings
        ]
        text = "\n".join(lines)
    return "\n".join("##" + line if line.startswith("#") else line for line in text.splitlines())


__all__ = ["AnswerData", "BriefData", "EmailData", "PlanData", "ReviewData", "data_to_markdown"]
