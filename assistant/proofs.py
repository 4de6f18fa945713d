"""Proof and objection packs: each objection a persona lists, answered by the proof that
matches it (rules/proofs.yaml: cue words per language → a kind of proof), so "open-ended day
rates" gets a capped fixed price, not a price list."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from pydantic import BaseModel, Field

from assistant.domain import LANGUAGES
from assistant.personas import Persona
from assistant.playbook import fill_template, member_values, playbook, proof_rules
from assistant.retrieval import Citation, Retrieve
from assistant.text import compile_terms


class ObjectionAnswer(BaseModel):
    objection: str
    evidence: str
    proof_kind: str | None = Field(None, description="rules/proofs.yaml id; None: stage proof")
    citations: list[Citation] = Field(default_factory=list)


class ProofPack(BaseModel):
    """Per role: the objections the persona lists and the evidence that answers each."""

    role: str
    member_title: str
    proof_needed: list[str]
    objections: list[ObjectionAnswer]


LATER_STAGES = ("supplier-search", "negotiation", "decision")


@lru_cache(maxsize=1)
def _cue_patterns() -> dict[str, dict[str, re.Pattern[str]]]:
    """{language: {proof kind: regex of its cue words}}, compiled once."""
    return {
        language: {
            kind: compile_terms(rule.cues.of(language), language)
            for kind, rule in proof_rules().proofs.items()
        }
        for language in LANGUAGES
    }


def proof_kind(objection: str, language: str) -> str | None:
    """The kind of proof an objection calls for: the kind whose cue words it matches most
    (earlier kinds in the file win ties); None when no cue matches."""
    best: tuple[int, str] | None = None
    for kind, pattern in _cue_patterns()[language].items():
        hits = len(pattern.findall(objection))
        if hits and (best is None or hits > best[0]):
            best = (hits, kind)
    return best[1] if best else None


def proof_packs(
    persona: Persona,
    roles: list[str],
    language: str,
    retrieve: Retrieve,
    fits: Callable[[Citation, str | None], bool],
) -> list[ProofPack]:
    """For each member's objections, the matching proof; without a match, the proof the
    playbook's later stages offer that role."""
    data = playbook()
    packs: list[ProofPack] = []
    for member in persona.buying_center:
        if member.role not in roles:
            continue
        stage_proofs = []
        for turn, stage in enumerate(LATER_STAGES):
            values = member_values(persona, member, member.role, turn)
            entry = data.cell(member.role, stage).suggestions[0]
            stage_proofs.append(fill_template(entry.text(language).proof, values))
        answers = []
        for index, objection in enumerate(member.objections):
            # Objections are written in the persona's language; the proof reads in the plan's.
            kind = proof_kind(objection, persona.language) or proof_kind(objection, language)
            if kind is None:
                evidence = stage_proofs[index % len(stage_proofs)]
            else:
                values = member_values(persona, member, member.role, index)
                evidence = fill_template(proof_rules().proofs[kind].text(language), values)
            citations = [c for c in retrieve(objection, language, 4) if fits(c, None)][:2]
            answers.append(
                ObjectionAnswer(
                    objection=objection, evidence=evidence, proof_kind=kind, citations=citations
                )
            )
        packs.append(
            ProofPack(
                role=member.role,
                member_title=member.title,
                proof_needed=stage_proofs,
                objections=answers,
            )
        )
    return packs
