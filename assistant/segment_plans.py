"""From a segment to content: the planner's role × stage suggestions (cited) and the email angle,
for a segment or for the roles an account is missing; the last segmentation is kept so chat and
briefs can start from a segment.

A segment becomes a persona-like account ("Manufacturing companies, 50-249 employees") whose
buying center holds the segment's role with its most common title; the planner is used as it
is, so plans from segments and from personas read the same.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field, RootModel

from assistant.domain import LANGUAGES, ROLES, Language, Role, label
from assistant.errors import InputError
from assistant.personas import BuyingCenterMember, Persona, Purchase
from assistant.planner import ContentPlan
from assistant.rules import RuleModel, load
from assistant.segment_model import AccountCoverage, Segment, Segmentation, messages, size_band
from assistant.text import fold_accents

LAST_FILE = "segments/last.json"


class RoleConcerns(RuleModel):
    goal: str
    pain: str
    objection: str


class RoleDefaults(RootModel[dict[Role, dict[Language, RoleConcerns]]]):
    """rules/segments/roles.yaml: a role's usual goal, pain and objection, per language."""


def member(role: str, title: str, language: str) -> BuyingCenterMember:
    """A buying-center member for a role, with the role's usual concerns."""
    concerns = load("rules/segments/roles.yaml", RoleDefaults).root[role][language]  # type: ignore[index]
    return BuyingCenterMember(
        role=role,  # type: ignore[arg-type]
        title=title,
        goals=[concerns.goal],
        pains=[concerns.pain],
        objections=[concerns.objection],
    )


class SegmentSummary(BaseModel):
    """What a plan needs from a segmentation (kept in the data dir, without contacts)."""

    file: str
    language: str
    purchase: str
    segments: list[Segment]
    titles: dict[int, list[str]] = Field(default_factory=dict, description="segment → titles")
    accounts: list[AccountCoverage] = Field(default_factory=list)
    account_profile: dict[str, dict[str, str]] = Field(
        default_factory=dict, description="account → industry, size band, country"
    )


def summarise(seg: Segmentation) -> SegmentSummary:

    profile: dict[str, Counter[tuple[str, str, str]]] = {}
    industries, sizes = seg.table.column("industry"), seg.table.column("size")
    countries = seg.table.column("country")
    for index in range(seg.table.rows):
        account = seg.account_of[index]
        if account < 0:
            continue
        name = seg.account_names[account]
        key = (industries[index].strip(), size_band(sizes[index]), countries[index].strip())
        profile.setdefault(name, Counter())[key] += 1
    return SegmentSummary(
        file=seg.report.file,
        language=seg.language,
        purchase=seg.purchase,
        segments=seg.report.segments,
        titles={i: [t for t, _ in titles] for i, titles in seg.segment_titles.items()},
        accounts=seg.report.accounts,
        account_profile={
            name: dict(
                zip(("industry", "size_band", "country"), counter.most_common(1)[0][0], strict=True)
            )
            for name, counter in profile.items()
        },
    )


def save_last(data_dir: Path, seg: Segmentation) -> Path:
    """Keep the segmentation's summary for chat and briefs (`segments/last.json`)."""
    path = data_dir / LAST_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(summarise(seg).model_dump_json(), encoding="utf-8")
    temporary.replace(path)
    return path


def load_last(data_dir: Path) -> SegmentSummary | None:
    path = data_dir / LAST_FILE
    if not path.is_file():
        return None
    try:
        return SegmentSummary.model_validate_json(path.read_text(encoding="utf-8"))
    except ValueError:
        return None  # an old or damaged summary: as if none was kept


def _slug(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", fold_accents(text.lower())).strip("-")
    return slug[:40].strip("-") or "segment"


def _company_phrase(industry: str, band: str, language: str) -> str:
    words = {
        "en": "{industry} companies ({band} employees)",
        "es": "Empresas de {industry} ({band} empleados)",
        "he": "חברות בענף {industry} ({band} עובדים)",
    }
    return words.get(language, words["en"]).format(industry=industry, band=band)


OFFERING = {"en": "your offering", "es": "su oferta", "he": "ההצעה שלכם"}


def _purchase(kind: str, offering: str | None, language: str) -> Purchase:
    strategic = kind == "strategic"
    return Purchase(
        type="new" if strategic else kind,  # type: ignore[arg-type]
        strategic=strategic,
        offering=offering or OFFERING.get(language, OFFERING["en"]),
    )


def segment_persona(
    summary: SegmentSummary, index: int, language: str | None = None, offering: str | None = None
) -> Persona:
    """The segment as an account the planner can plan for."""
    if not 0 <= index < len(summary.segments):
        raise InputError(f"no segment {index + 1} (1-{len(summary.segments)})", field="segment")
    segment = summary.segments[index]
    if segment.role is None:
        raise InputError(
            "this segment's titles name no buying-center role: plan from its accounts instead",
            field="segment",
        )
    language = language or summary.language
    titles = summary.titles.get(index) or [label("roles", segment.role, language)]
    return Persona(
        id=f"segment-{_slug(f'{segment.industry}-{segment.size_band}-{segment.role}')}",
        company=_company_phrase(segment.industry, segment.size_band, language),
        industry=segment.industry,
        size=segment.size_band,
        language=language,  # type: ignore[arg-type]
        segment=_slug(f"{segment.industry}-{segment.size_band}"),
        purchase=_purchase(summary.purchase, offering, language),
        buying_center=[member(segment.role, titles[0], language)],
        notes=f"{segment.contacts} contacts in {segment.accounts} accounts ({summary.file})",
    )


def account_persona(
    summary: SegmentSummary, account: str, language: str | None = None, offering: str | None = None
) -> tuple[Persona, list[str]]:
    """An account as a persona, and the roles it is missing (what to plan for)."""
    found = next((a for a in summary.accounts if a.account == account), None)
    if found is None:
        raise InputError(f"no account {account!r} in {summary.file}", field="account")
    language = language or summary.language
    profile = summary.account_profile.get(account, {})
    members = [
        member(role, label("roles", role, language), language)
        for role in (found.roles_present or found.roles_missing or ["decider"])
    ]
    persona = Persona(
        id=f"account-{_slug(account)}",
        company=account,
        industry=profile.get("industry") or "—",
        size=profile.get("size_band", ""),
        region=profile.get("country", ""),
        language=language,  # type: ignore[arg-type]
        segment=_slug(profile.get("industry") or "account"),
        purchase=_purchase(summary.purchase, offering, language),
        buying_center=members,  # type: ignore[arg-type]
    )
    return persona, list(found.roles_missing)


def plan_segment(
    settings: Any,
    summary: SegmentSummary,
    index: int,
    language: str | None = None,
    offering: str | None = None,
    retriever: Any = None,
) -> ContentPlan:
    """The planner's suggestions for a segment's role at its stage (all stages when unknown)."""
    from assistant.planner import make_plan

    persona = segment_persona(summary, index, language, offering)
    segment = summary.segments[index]
    return make_plan(
        settings,
        persona,
        retriever=retriever,
        roles=[segment.role or ROLES[0]],
        stages=[segment.stage] if segment.stage else None,
        language=persona.language,
    )


def plan_account_gaps(
    settings: Any,
    summary: SegmentSummary,
    account: str,
    language: str | None = None,
    offering: str | None = None,
    retriever: Any = None,
) -> ContentPlan:
    """Suggestions for the roles an account's buying group is missing."""
    from assistant.planner import make_plan

    persona, missing = account_persona(summary, account, language, offering)
    if not missing:
        raise InputError(f"{account} has every role the purchase needs", field="account")
    return make_plan(settings, persona, retriever=retriever, roles=missing, language=language)


def plan_from_option(
    settings: Any, segment: str | None, account: str | None, language: str | None = None
) -> ContentPlan:
    """`assistant plan --segment N|NAME` or `--account NAME`, on the last segmentation."""
    if segment:
        summary, index = segment_from_option(settings.data_dir, segment)
        return plan_segment(settings, summary, index, language=language)
    summary = load_last(settings.data_dir)
    if summary is None:
        raise InputError("no segmentation yet: run `assistant segment FILE` first", "--account")
    return plan_account_gaps(settings, summary, str(account), language=language)


def email_angles(plan: ContentPlan) -> list[dict[str, str]]:
    """Per role × stage: the email's angle, proof and call to action, from the plan."""
    angles = []
    for cell in plan.cells:
        for suggestion in cell.suggestions[:1]:
            angles.append(
                {
                    "role": cell.role,
                    "stage": cell.stage,
                    "subject": suggestion.title,
                    "angle": suggestion.angle,
                    "proof": suggestion.proof,
                    "cta": suggestion.cta,
                }
            )
    return angles


def segment_from_option(data_dir: Path, value: str) -> tuple[SegmentSummary, int]:
    """`--segment N` or `--segment "words of its name"` against the last segmentation."""
    summary = load_last(data_dir)
    if summary is None:
        raise InputError("no segmentation yet: run `assistant segment FILE` first", "--segment")
    index = int(value) - 1 if value.strip().isdigit() else find_segment(summary, value)
    if index is None or not 0 <= index < len(summary.segments):
        raise InputError(
            f"no segment {value!r} in {summary.file} (1-{len(summary.segments)})", "--segment"
        )
    return summary, index


def find_segment(summary: SegmentSummary, text: str) -> int | None:
    """The segment a message names: by number ("segment 3") or by the most words of its
    industry, size band, role and stage labels in any language; None when nothing matches."""
    lowered = fold_accents(text.lower())
    number = re.search(r"(?:segment|segmento|פלח)\s*#?\s*(\d{1,4})", lowered)
    if number:
        index = int(number.group(1)) - 1
        return index if 0 <= index < len(summary.segments) else None
    words = set(re.findall(r"[^\W_]+", lowered))
    best, best_score = None, 0
    for index, segment in enumerate(summary.segments):
        names = [segment.industry, segment.size_band]
        for language in LANGUAGES:
            if segment.role:
                names.append(label("roles", segment.role, language))
            if segment.stage:
                names.append(label("stages", segment.stage, language))
        terms = {w for name in names for w in re.findall(r"[^\W_]+", fold_accents(name.lower()))}
        score = len(words & terms) + (segment.size_band in lowered)
        if score > best_score:
            best, best_score = index, score
    return best


def is_segment_request(message: str, language: str, question: bool = False) -> bool:
    """ "plan the email for segment 3", "plan de email para el segmento Logística", "תוכנית מייל
    לפלח רכש": a segment word and a plan/email word in the same message; a yes/no or how-to
    `question` ("¿lo envío así?") also needs a plan word ("¿me preparas el plan del
    segmento 2?")."""
    from assistant.text import compile_terms

    cues = messages().chat
    segment = compile_terms(cues.segment_words, language)
    request = compile_terms(cues.plan_words if question else cues.request_words, language)
    return bool(segment.search(message) and request.search(message))


def segment_chat_reply(
    settings: Any, retriever: Any, message: str, language: str, question: bool = False
) -> tuple[str, list[Any], ContentPlan | None] | None:
    """The chat's answer to a segment request: (text, citations, plan), or None when the
    message is not one. Uses the last segmentation kept in the data dir."""

    if not is_segment_request(message, language, question):
        return None
    text = messages().chat
    summary = load_last(settings.data_dir)
    if summary is None:
        return text.none.get(language), [], None
    index = find_segment(summary, message)
    if index is None or summary.segments[index].role is None:
        largest = [s for s in summary.segments if s.role][:3]
        names = "; ".join(
            f"{summary.segments.index(s) + 1}. {_segment_label(s, language)}" for s in largest
        )
        return text.which.get(language, names=names or "—"), [], None
    plan = plan_segment(settings, summary, index, language=language, retriever=retriever)
    segment = summary.segments[index]
    lines = [
        text.intro.get(
            language,
            name=_segment_label(segment, language),
            contacts=segment.contacts,
            accounts=segment.accounts,
            file=Path(summary.file).name,
        )
    ]
    citations: list[Any] = []
    for cell in plan.cells:
        for suggestion in cell.suggestions[:1]:
            guidance = next((c for c in suggestion.citations if c.topic), None)
            marker = ""
            if guidance is not None:
                citations.append(guidance)
                marker = f" [{len(citations)}]"
            stage = label("stages", cell.stage, language)
            lines.append(
                f"- **{stage}:** {suggestion.title}. {suggestion.angle} → {suggestion.cta}{marker}"
            )
    return "\n".join(lines), citations, plan


def _segment_label(segment: Segment, language: str) -> str:
    from assistant.segment_groups import segment_name

    return segment_name(segment.industry, segment.size_band, segment.role, segment.stage, language)
