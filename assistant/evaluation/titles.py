"""Title classification quality: seniority and function accuracy, role precision/recall/F1,
per language and per half (`tune` may be looked at while writing rules; `report` is the score;
`heldout` is the extra set titles_heldout_<lang>.jsonl, drawn later from the same sources;
`fresh` is titles_fresh_<lang>.jsonl, a later blind batch of tune titles with export variants)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from assistant.domain import LANGUAGES, Role
from assistant.errors import InputError
from assistant.titles import Function, Seniority, classify_title

Split = Literal["tune", "report", "heldout", "fresh"]
EXTRA_SETS = ("heldout", "fresh")  # titles_<name>_<lang>.jsonl, scored as their own row


class TitleItem(BaseModel):
    """One labelled title of tests/eval_data/titles_<lang>.jsonl (see TITLES.md)."""

    model_config = ConfigDict(extra="forbid")

    title: str
    seniority: Seniority
    function: Function
    roles: list[Role]
    source: str
    split: Split
    hard: bool


class TitleMiss(BaseModel):
    title: str
    expected: str
    got: str
    evidence: str


class TitleScore(BaseModel):
    language: str
    split: Split
    n: int
    seniority_accuracy: float
    function_accuracy: float
    role_precision: float
    role_recall: float
    role_f1: float
    exact: float = Field(description="share of titles with all three right")
    hard_exact: float
    misses: list[TitleMiss] = Field(default_factory=list)


class TitleEvalReport(BaseModel):
    scores: list[TitleScore]

    def table(self) -> str:
        lines = ["language split     n  seniority  function  role P  role R  role F1  exact"]
        for s in self.scores:
            lines.append(
                f"{s.language:<8} {s.split:<7} {s.n:>4}  {s.seniority_accuracy:>9.3f}  "
                f"{s.function_accuracy:>8.3f}  {s.role_precision:>6.3f}  {s.role_recall:>6.3f}  "
                f"{s.role_f1:>7.3f}  {s.exact:.3f}"
            )
        return "\n".join(lines)


def load_title_sets(eval_dir: Path) -> dict[str, list[TitleItem]]:
    """Each language's labelled titles, plus its optional held-out and fresh files."""
    sets: dict[str, list[TitleItem]] = {}
    for language in LANGUAGES:
        path = eval_dir / f"titles_{language}.jsonl"
        if not path.is_file():
            raise InputError(f"{path}: title set not found", field="--eval-dir")
        items = _read_items(path)
        for name in EXTRA_SETS:
            extra = eval_dir / f"titles_{name}_{language}.jsonl"
            if extra.is_file():
                items += _read_items(extra, split=name)
        sets[language] = items
    return sets


def _read_items(path: Path, split: str | None = None) -> list[TitleItem]:
    """Rows of one file; an extra set's rows are scored as that set (`split`), whatever their
    own `split` says (the fresh files are tune data, labelled `"split": "tune"`)."""
    items = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                item = TitleItem.model_validate_json(line)
            except ValueError as error:
                raise InputError(f"{path}:{number}: {error}".splitlines()[0]) from None
            items.append(item.model_copy(update={"split": split}) if split else item)
    return items


def score_titles(language: str, split: Split, items: list[TitleItem]) -> TitleScore:
    """Micro-averaged role precision/recall over every (title, role) pair."""
    seniority = function = exact = hard_exact = hard = 0
    true_pos = false_pos = false_neg = 0
    misses: list[TitleMiss] = []
    for item in items:
        result = classify_title(item.title)
        got, want = set(result.roles), set(item.roles)
        seniority += result.seniority == item.seniority
        function += result.function == item.function
        true_pos += len(got & want)
        false_pos += len(got - want)
        false_neg += len(want - got)
        right = (
            result.seniority == item.seniority and result.function == item.function and got == want
        )
        exact += right
        hard += item.hard
        hard_exact += right and item.hard
        if not right:
            misses.append(
                TitleMiss(
                    title=item.title,
                    expected=f"{item.seniority} {item.function} {sorted(want)}",
                    got=f"{result.seniority} {result.function} {sorted(got)}",
                    evidence=result.evidence,
                )
            )
    n = len(items) or 1
    precision = true_pos / (true_pos + false_pos) if true_pos + false_pos else 1.0
    recall = true_pos / (true_pos + false_neg) if true_pos + false_neg else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return TitleScore(
        language=language,
        split=split,
        n=len(items),
        seniority_accuracy=round(seniority / n, 3),
        function_accuracy=round(function / n, 3),
        role_precision=round(precision, 3),
        role_recall=round(recall, 3),
        role_f1=round(f1, 3),
        exact=round(exact / n, 3),
        hard_exact=round(hard_exact / hard, 3) if hard else 1.0,
        misses=misses,
    )


def evaluate_titles(eval_dir: Path) -> TitleEvalReport:
    scores = []
    for language, items in load_title_sets(eval_dir).items():
        for split in ("tune", "report", *EXTRA_SETS):
            half = [item for item in items if item.split == split]
            if half or split not in EXTRA_SETS:
                scores.append(score_titles(language, split, half))  # type: ignore[arg-type]
    return TitleEvalReport(scores=scores)
