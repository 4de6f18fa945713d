"""Segments of a segmentation: industry × size band × role (× buying stage), small ones merged
into the closest segment and too-broad ones given a split suggestion, each with its reason.

The guidance (segmentation.md): a segment is small enough when one detailed message fits every
contact in it; below about 50 contacts, write one-to-one account messages instead.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from assistant.domain import ROLES, STAGES, label
from assistant.segment_model import (
    UNKNOWN,
    Segment,
    Segmentation,
    industry_key,
    messages,
    segment_rules,
    size_band,
    stage_of,
)

Key = tuple[str, str, str | None, str | None]  # industry key, size band, role, stage
MAX_LISTED_MERGES = 20


@dataclass
class _Group:
    key: Key
    contacts: int = 0
    accounts: set[int] = field(default_factory=set)
    people: Counter[tuple[int, str]] = field(default_factory=Counter)  # (title, country)
    merged: list[tuple[str, int]] = field(default_factory=list)
    alone: bool = False  # below the minimum with no segment of its role to merge into


def seniority_label(value: str, language: str) -> str:

    entry = messages().labels["seniority"].get(value)
    return entry.get(language) if entry else value


def function_label(value: str, language: str) -> str:

    entry = messages().labels["function"].get(value)
    return entry.get(language) if entry else value


def segment_name(
    industry: str, band: str, role: str | None, stage: str | None, language: str
) -> str:
    """A segment as a user reads it: Manufacturing · 50-249 · Buyer · Negotiation."""

    words = messages().words
    parts = [
        industry if industry != UNKNOWN else words["unknown"].get(language),
        band if band != UNKNOWN else words["unknown"].get(language),
        label("roles", role, language) if role else words["no_role"].get(language),
    ]
    if stage:
        parts.append(label("stages", stage, language))
    return " · ".join(parts)


def build_segments(seg: Segmentation) -> list[Segment]:
    """Count, merge the small, flag the broad; warnings go to the report and the segments."""

    table = seg.table
    lang = seg.language
    industries, sizes = table.column("industry"), table.column("size")
    lifecycle, countries = table.column("lifecycle"), table.column("country")
    with_stage = "lifecycle" in table.mapping
    spelling: dict[str, Counter[str]] = defaultdict(Counter)
    groups: dict[Key, _Group] = {}
    unknown_stages: Counter[str] = Counter()
    bands: dict[str, str] = {}
    for index in range(table.rows):
        title_index = seg.title_of[index]
        if title_index < 0:
            continue
        result = seg.titles[title_index]
        industry = industry_key(industries[index]) or UNKNOWN
        if industry != UNKNOWN:
            spelling[industry][industries[index].strip()] += 1
        raw_size = sizes[index]
        band = bands.get(raw_size)
        if band is None:
            band = bands[raw_size] = size_band(raw_size)
        stage = None
        if with_stage:
            stage, known = stage_of(lifecycle[index])
            if not known:
                unknown_stages[lifecycle[index].strip()] += 1
        account = seg.account_of[index]
        for role in result.roles or [None]:
            key = (industry, band, role, stage)
            group = groups.get(key)
            if group is None:
                group = groups[key] = _Group(key)
            group.contacts += 1
            if account >= 0:
                group.accounts.add(account)
            group.people[(title_index, countries[index])] += 1
    names = {key: counter.most_common(1)[0][0] for key, counter in spelling.items()}
    rules = segment_rules()
    text = messages()

    def name(key: Key) -> str:
        return segment_name(names.get(key[0], key[0]), key[1], key[2], key[3], lang)

    warnings: list[str] = []
    total = sum(1 for i in range(table.rows) if seg.title_of[i] >= 0)
    big = [g for g in groups.values() if g.contacts >= seg.min_segment]
    if total and total < seg.min_segment:
        warnings.append(text.small_list.get(lang, n=total, min=seg.min_segment))
    elif total and not big:
        warnings.append(text.no_big_segment.get(lang, n=len(groups), min=seg.min_segment))
    elif big:
        merges = 0
        by_role: dict[str | None, list[_Group]] = defaultdict(list)
        for group in big:
            by_role[group.key[2]].append(group)
        for group in sorted(groups.values(), key=lambda g: (g.contacts, g.key[0])):
            if group.contacts >= seg.min_segment:
                continue
            candidates = by_role.get(group.key[2])
            if not candidates:  # never into another role: the role decides the argument
                group.alone = True
                continue
            target, why = _closest(group, candidates, rules.merge_cost)
            target.contacts += group.contacts
            target.accounts |= group.accounts
            target.people.update(group.people)
            target.merged.append((name(group.key), group.contacts))
            del groups[group.key]
            merges += 1
            if merges <= MAX_LISTED_MERGES:
                warnings.append(
                    text.merged_into.get(
                        lang,
                        small=name(group.key),
                        n=group.contacts,
                        min=seg.min_segment,
                        target=name(target.key),
                        why=text.why[why].get(lang),
                    )
                )
        if merges > MAX_LISTED_MERGES:
            warnings.append(f"… +{merges - MAX_LISTED_MERGES}")
    if unknown_stages:
        values = ", ".join(v for v, _ in unknown_stages.most_common(5))
        warnings.append(text.unknown_stages.get(lang, values=values))
    segments = []
    broad = rules.broad_factor * seg.min_segment
    for group in sorted(groups.values(), key=lambda g: (-g.contacts, g.key[0])):
        titles: Counter[str] = Counter()
        for (title_index, _), n in group.people.items():
            titles[seg.titles[title_index].title] += n
        seg.segment_titles[len(segments)] = titles.most_common(3)
        notes = []
        if group.alone:
            notes.append(text.alone.get(lang, n=group.contacts, min=seg.min_segment))
        if group.merged:
            merged = sum(n for _, n in group.merged)
            listed = ", ".join(n for n, _ in group.merged[:3])
            more = f" (+{len(group.merged) - 3})" if len(group.merged) > 3 else ""
            notes.append(text.merged_warning.get(lang, n=merged, names=listed + more))
        if group.contacts > broad:
            notes.append(_split_suggestion(group, seg, rules.split_by, with_stage))
        industry, band, role, stage = group.key
        segments.append(
            Segment(
                industry=names.get(industry, industry),
                size_band=band,
                role=role,  # type: ignore[arg-type]
                stage=stage,  # type: ignore[arg-type]
                contacts=group.contacts,
                accounts=len(group.accounts),
                warning=" ".join(notes) or None,
            )
        )
    seg.report.warnings.extend(warnings)
    return segments


def _closest(group: _Group, targets: list[_Group], cost: dict[str, int]) -> tuple[_Group, str]:
    """The big segment that differs least (stage < size band < industry < role); the reason."""
    industry, band, role, stage = group.key

    def distance(other: _Group) -> tuple[float, int]:
        o_industry, o_band, o_role, o_stage = other.key
        total = 0.0
        if o_stage != stage:
            total += cost["stage"] * _stage_gap(stage, o_stage)
        if o_band != band:
            total += cost["size_band"] * _band_gap(band, o_band)
        if o_industry != industry:
            total += cost["industry"]
        if o_role != role:
            total += cost["role"]
        return total, -other.contacts

    target = min(targets, key=distance)
    differs = [
        dim
        for dim, a, b in (
            ("role", role, target.key[2]),
            ("industry", industry, target.key[0]),
            ("size_band", band, target.key[1]),
            ("stage", stage, target.key[3]),
        )
        if a != b
    ]
    return target, differs[0] if differs else "same"


def _stage_gap(a: str | None, b: str | None) -> int:
    if a is None or b is None:
        return 1
    return abs(STAGES.index(a) - STAGES.index(b))


def _band_gap(a: str, b: str) -> int:
    order = _band_order()
    if a not in order or b not in order:
        return 2
    return abs(order[a] - order[b])


@lru_cache(maxsize=1)
def _band_order() -> dict[str, int]:

    return {entry.band: i for i, entry in enumerate(segment_rules().size_bands)}


def _split_suggestion(group: _Group, seg: Segmentation, split_by: list[str], staged: bool) -> str:
    """The dimension that splits a broad segment into the most even parts of worthwhile size."""

    text = messages()
    lang = seg.language
    best: tuple[float, str, list[tuple[str, int]]] | None = None
    split: dict[str, Counter[str]] = defaultdict(Counter)
    for (title_index, country), n in group.people.items():
        title = seg.titles[title_index]
        split["seniority"][title.seniority] += n
        split["function"][title.function] += n
        split["country"][country.strip()] += n
    for dim in split_by:
        if dim == "stage" and staged:
            continue
        parts = [(v, n) for v, n in split.get(dim, Counter()).most_common() if v]
        worthwhile = [(v, n) for v, n in parts if n >= seg.min_segment and v != "unknown"]
        if len(worthwhile) < 2:
            continue
        share = [n / group.contacts for _, n in worthwhile]
        entropy = -sum(p * math.log(p) for p in share)
        if best is None or entropy > best[0]:
            best = (entropy, dim, worthwhile)
    if best is None:
        return text.too_broad_no_split.get(lang, n=group.contacts)
    _, dim, parts = best
    shown = {
        "seniority": lambda v: seniority_label(v, lang),
        "function": lambda v: function_label(v, lang),
    }.get(dim, lambda v: v)
    listed = ", ".join(f"{shown(v)} {n}" for v, n in parts[:5])
    return text.too_broad.get(
        lang, n=group.contacts, dimension=text.dimension[dim].get(lang), parts=listed
    )


__all__ = ["ROLES", "build_segments", "segment_name"]
