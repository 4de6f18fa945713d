"""Segmentation quality on generated messy exports: hygiene flag F1 per file variant, and how
often an account's missing roles are right (truth from the hand-labelled titles)."""

from __future__ import annotations

import tempfile
from collections import Counter
from pathlib import Path

from pydantic import BaseModel, Field

from assistant.evaluation.exports import VARIANTS, generate_export
from assistant.hygiene import FLAGS
from assistant.segments import roles_needed, segment_file


class FlagScore(BaseModel):
    flag: str
    support: int = Field(description="rows that truly carry the flag")
    precision: float | None
    recall: float | None
    f1: float | None


class VariantScore(BaseModel):
    variant: str
    rows: int
    empty_rows_right: bool
    flags: list[FlagScore]
    accounts: int
    missing_roles_accuracy: float


class SegmentEvalReport(BaseModel):
    split: str
    variants: list[VariantScore]

    def table(self) -> str:
        header = "variant                         " + " ".join(f"{f[:9]:>9}" for f in FLAGS)
        lines = [header + "  missing-roles"]
        for v in self.variants:
            cells = " ".join(
                f"{s.f1:>9.3f}" if s.f1 is not None else f"{'n/a':>9}" for s in v.flags
            )
            lines.append(f"{v.variant:<31} {cells}  {v.missing_roles_accuracy:.3f} ({v.accounts})")
        return "\n".join(lines)


def _ratio(a: int, b: int) -> float | None:
    return round(a / b, 3) if b else None


def score_variant(
    layout: str, encoding: str, delimiter: str, rows: int, eval_dir: Path, split: str
) -> VariantScore:
    export = generate_export(layout, encoding, delimiter, rows, eval_dir=eval_dir, split=split)
    with tempfile.TemporaryDirectory() as folder:
        path = export.write(Path(folder) / f"{layout}{export.suffix}")
        seg = segment_file(path, min_segment=5)
        contacts = {c.row: c for c in seg.contacts()}
    counts: dict[str, Counter[str]] = {flag: Counter() for flag in FLAGS}
    for number, row in enumerate(export.rows, start=1):
        got = set(contacts[number].flags) if number in contacts else set()
        for flag in FLAGS:
            truth, said = flag in row.flags, flag in got
            counts[flag]["tp"] += truth and said
            counts[flag]["fp"] += said and not truth
            counts[flag]["fn"] += truth and not said
    scores = []
    for flag, c in counts.items():
        precision = _ratio(c["tp"], c["tp"] + c["fp"])
        recall = _ratio(c["tp"], c["tp"] + c["fn"])
        f1 = (
            round(2 * precision * recall / (precision + recall), 3)
            if precision is not None and recall is not None and precision + recall
            else (None if not c["tp"] + c["fn"] else 0.0)
        )
        scores.append(
            FlagScore(
                flag=flag, support=c["tp"] + c["fn"], precision=precision, recall=recall, f1=f1
            )
        )
    needed = set(roles_needed("new"))
    by_account = {a.account: a for a in seg.report.accounts}
    right = total = 0
    for company, present in export.accounts().items():
        numbers = [n for n, r in enumerate(export.rows, 1) if r.company_id == company]
        names = Counter(contacts[n].account for n in numbers if n in contacts)
        total += 1
        if len(names) != 1 or None in names:
            continue  # split into several accounts: wrong
        account = by_account[next(iter(names))]
        right += set(account.roles_missing) == needed - present
    empty_truth = sum(r.empty for r in export.rows)
    sep = {"xlsx": "xlsx", ",": "comma", ";": "semicolon", "\t": "tab"}[delimiter]
    return VariantScore(
        variant=f"{layout} {encoding} {sep}",
        rows=len(export.rows),
        empty_rows_right=seg.report.hygiene.empty_rows == empty_truth,
        flags=scores,
        accounts=total,
        missing_roles_accuracy=round(right / total, 3) if total else 0.0,
    )


def evaluate_segments(eval_dir: Path, rows: int = 600, split: str = "report") -> SegmentEvalReport:
    """Every file variant, titles drawn from one half of the labelled sets."""
    variants = [score_variant(*variant, rows, eval_dir, split) for variant in VARIANTS]
    return SegmentEvalReport(split=split, variants=variants)
