"""How a review explains itself: the score as whole-number parts that add up, and the names a
reader sees for rules and role needs (the ids stay in the JSON)."""

from __future__ import annotations

import math
from typing import Any

from pydantic import BaseModel

from assistant.domain import LANGUAGES
from assistant.review_rules import compiled_language, role_rules


class ScoreParts(BaseModel):
    """The score as whole-number parts that add up exactly: base + specifics − findings, then
    clamped to 0-100 (`adjustment`); `by_rule` splits `findings` by rule."""

    base: int
    specifics: int
    findings: int
    by_rule: dict[str, int]
    adjustment: int

    @property
    def total(self) -> int:
        return self.base + self.specifics - self.findings + self.adjustment


def _half_up(value: float) -> int:
    return math.floor(value + 0.5)


def score_parts(base: int, specificity: float, penalties: dict[str, float]) -> ScoreParts:
    """Round the parts, not only the total, so what the explanation shows sums to the score:
    the findings' part is what the rounded total leaves, split over rules by largest remainder."""
    penalty = sum(penalties.values())
    unclamped = _half_up(base + specificity - penalty)
    specifics = _half_up(specificity)
    findings = base + specifics - unclamped  # within 1 of `penalty`, never negative
    quotas = (
        {rule: cost * findings / penalty for rule, cost in penalties.items() if cost}
        if penalty
        else {}
    )
    by_rule = {rule: math.floor(quota) for rule, quota in quotas.items()}
    left = findings - sum(by_rule.values())
    for rule in sorted(quotas, key=lambda r: (by_rule[r] - quotas[r], r))[:left]:
        by_rule[rule] += 1
    total = max(0, min(100, unclamped))
    return ScoreParts(
        base=base,
        specifics=specifics,
        findings=findings,
        by_rule={rule: points for rule, points in by_rule.items() if points},
        adjustment=total - unclamped,
    )


def explain_score(
    messages: dict[str, Any], parts: ScoreParts, verdict: str, threshold: int, density: float
) -> str:
    """One sentence in the copy's language whose numbers add up to the score."""

    def label(key: str) -> str:
        return messages[key].label if key in messages and messages[key].label else key

    ranked = sorted(parts.by_rule.items(), key=lambda item: (-item[1], item[0]))
    shown = ranked[:3] if len(ranked) <= 4 else ranked[:2]
    items = [f"{label(rule)} −{points}" for rule, points in shown]
    rest = sum(points for _, points in ranked[len(shown) :])
    if rest:
        items.append(f"{label('score-others')} −{rest}")
    clamp = ""
    if parts.adjustment > 0:
        clamp = label("score-floored")
    elif parts.adjustment < 0:
        clamp = label("score-capped")
    return messages["score"].explanation.format(
        score=parts.total,
        verdict=label(f"verdict-{verdict}"),
        threshold=threshold,
        base=parts.base,
        specifics=parts.specifics,
        density=f"{round(density, 1):g}",
        penalty=parts.findings,
        top=f" ({', '.join(items)})" if items else "",
        clamp=clamp,
    )


def rule_label(rule: str, language: str) -> str:
    """A finding's rule as a reader names it, in that language (the id stays in the JSON)."""
    messages = compiled_language(language if language in LANGUAGES else "en").rules.messages
    entry = messages.get(rule)
    return entry.label if entry is not None and entry.label else rule


def need_label(role: str, need: str, language: str) -> str:
    """A role need (`total-cost`) as a reader names it ("total cost of ownership")."""
    rule = role_rules().roles.get(role)
    for entry in rule.needs if rule else []:
        if entry.id == need:
            return entry.label.get(language) or entry.label.get("en") or need
    return need
