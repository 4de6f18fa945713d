"""Review quality: accuracy and soft-class F1 on labelled sets; WNC bias pairs against proselint."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from assistant.domain import LANGUAGES, Channel
from assistant.errors import InputError
from assistant.review import VAGUENESS_RULES, review_copy

Label = Literal["soft", "substantive"]
# A linter's flags on one sentence, as (check id, flagged text) pairs.
Flags = set[tuple[str, str]]


class ReviewItem(BaseModel):
    """One labelled piece of copy in tests/eval_data/review_<lang>.jsonl."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1)
    label: Label
    channel: Channel | None = None
    note: str | None = None


class Misclassified(BaseModel):
    language: str
    label: Label
    predicted: Label
    score: int
    text: str
    note: str | None = None


class LanguageReviewScore(BaseModel):
    """Accuracy over both labels; precision, recall and F1 for the soft class."""

    language: str
    n: int
    accuracy: float
    precision: float
    recall: float
    f1: float
    misclassified: list[Misclassified] = Field(default_factory=list)


class ReviewEvalReport(BaseModel):
    scores: list[LanguageReviewScore]

    def table(self) -> str:
        lines = ["language    n  accuracy  precision  recall  F1 (soft)"]
        for s in self.scores:
            lines.append(
                f"{s.language:<8} {s.n:>4}  {s.accuracy:>8.3f}  {s.precision:>9.3f}  "
                f"{s.recall:>6.3f}  {s.f1:.3f}"
            )
        return "\n".join(lines)


class WncLinterScore(BaseModel):
    """How one linter does on the Wiki Neutrality Corpus pairs."""

    linter: str
    pairs: int
    caught: int = Field(description="pre has a flag (check, text) that post lacks")
    caught_rate: float
    caught_by_check: int = Field(description="pre has a check that post lacks entirely")
    caught_by_check_rate: float
    post_flagged: int = Field(description="neutral post sentences with any flag")
    false_positive_rate: float
    words: int
    seconds: float
    words_per_second: float


class WncReport(BaseModel):
    pairs: int
    vagueness_rules: list[str]
    ours: WncLinterScore
    proselint: WncLinterScore

    def table(self) -> str:
        lines = [
            f"WNC pairs: {self.pairs}",
            "linter      caught  by-check  FP(post)   words/s",
        ]
        for s in (self.ours, self.proselint):
            lines.append(
                f"{s.linter:<10} {s.caught_rate:>7.3f}  {s.caught_by_check_rate:>8.3f}  "
                f"{s.false_positive_rate:>8.3f}  {s.words_per_second:>8.0f}"
            )
        return "\n".join(lines)


def load_review_sets(eval_dir: Path) -> dict[str, list[ReviewItem]]:
    """The labelled sets per language; a missing file or bad line names the place at fault."""
    sets: dict[str, list[ReviewItem]] = {}
    for language in LANGUAGES:
        path = eval_dir / f"review_{language}.jsonl"
        if not path.is_file():
            raise InputError(f"{path}: review set not found", field="--eval-dir")
        items: list[ReviewItem] = []
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                try:
                    items.append(ReviewItem.model_validate_json(line))
                except ValueError as error:
                    raise InputError(f"{path}:{number}: {error}".splitlines()[0]) from None
        sets[language] = items
    return sets


def evaluate_review_sets(eval_dir: Path) -> ReviewEvalReport:
    """Run the reviewer on every labelled item; soft is the positive class."""
    scores: list[LanguageReviewScore] = []
    for language, items in load_review_sets(eval_dir).items():
        true_pos = false_pos = false_neg = correct = 0
        wrong: list[Misclassified] = []
        for item in items:
            result = review_copy(item.text, channel=item.channel, language=language)
            predicted: Label = result.verdict
            correct += predicted == item.label
            true_pos += predicted == "soft" and item.label == "soft"
            false_pos += predicted == "soft" and item.label == "substantive"
            false_neg += predicted == "substantive" and item.label == "soft"
            if predicted != item.label:
                wrong.append(
                    Misclassified(
                        language=language,
                        label=item.label,
                        predicted=predicted,
                        score=result.score,
                        text=item.text,
                        note=item.note,
                    )
                )
        precision = true_pos / (true_pos + false_pos) if true_pos + false_pos else 0.0
        recall = true_pos / (true_pos + false_neg) if true_pos + false_neg else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        scores.append(
            LanguageReviewScore(
                language=language,
                n=len(items),
                accuracy=round(correct / len(items), 3) if items else 0.0,
                precision=round(precision, 3),
                recall=round(recall, 3),
                f1=round(f1, 3),
                misclassified=wrong,
            )
        )
    return ReviewEvalReport(scores=scores)


def load_wnc_pairs(wnc_dir: Path, limit: int | None = None) -> list[tuple[str, str]]:
    """Aligned (biased pre, neutral post) sentences from pre.train and post.train."""
    pre_path, post_path = wnc_dir / "pre.train", wnc_dir / "post.train"
    for path in (pre_path, post_path):
        if not path.is_file():
            raise InputError(f"{path}: WNC file not found", field="wnc_dir")
    pre = pre_path.read_text(encoding="utf-8").splitlines()
    post = post_path.read_text(encoding="utf-8").splitlines()
    if len(pre) != len(post):
        raise InputError(f"{wnc_dir}: pre.train has {len(pre)} lines, post.train {len(post)}")
    pairs = [(a, b) for a, b in zip(pre, post, strict=True) if a.strip() and b.strip()]
    return pairs[:limit] if limit else pairs


def our_flags(sentence: str) -> Flags:
    """Puffery/vagueness-type findings of our reviewer (English, no channel)."""
    result = review_copy(sentence, language="en")
    return {(f.rule, f.excerpt.lower()) for f in result.findings if f.rule in VAGUENESS_RULES}


def proselint_flagger() -> Callable[[str], Flags]:
    """proselint 0.16's in-process API with every default check enabled."""
    from proselint.checks import __register__
    from proselint.config import DEFAULT
    from proselint.registry import CheckRegistry
    from proselint.tools import LintFile

    registry = CheckRegistry()
    if not registry.checks:  # the registry is a process-wide singleton
        registry.register_many(__register__)

    def flags(sentence: str) -> Flags:
        lint_file = LintFile("<wnc>", sentence)
        results = lint_file.lint(DEFAULT)
        return {
            (r.check_result.check_path, lint_file.content[slice(*r.check_result.span)].lower())
            for r in results
        }

    return flags


def score_linter(
    name: str, flag: Callable[[str], Flags], pairs: list[tuple[str, str]]
) -> WncLinterScore:
    """Caught pairs, false positives on neutral sentences and throughput of one linter."""
    caught = caught_by_check = post_flagged = words = 0
    started = time.perf_counter()
    for pre, post in pairs:
        pre_flags, post_flags = flag(pre), flag(post)
        caught += bool(pre_flags - post_flags)
        caught_by_check += bool({c for c, _ in pre_flags} - {c for c, _ in post_flags})
        post_flagged += bool(post_flags)
        words += len(pre.split()) + len(post.split())
    seconds = time.perf_counter() - started
    n = len(pairs) or 1
    return WncLinterScore(
        linter=name,
        pairs=len(pairs),
        caught=caught,
        caught_rate=round(caught / n, 3),
        caught_by_check=caught_by_check,
        caught_by_check_rate=round(caught_by_check / n, 3),
        post_flagged=post_flagged,
        false_positive_rate=round(post_flagged / n, 3),
        words=words,
        seconds=round(seconds, 3),
        words_per_second=round(words / seconds, 1) if seconds else 0.0,
    )


def evaluate_wnc(wnc_dir: Path, limit: int | None = None) -> WncReport:
    """Does the reviewer flag the biased sentence of each WNC pair and not its neutral edit?"""
    pairs = load_wnc_pairs(wnc_dir, limit)
    return WncReport(
        pairs=len(pairs),
        vagueness_rules=sorted(VAGUENESS_RULES),
        ours=score_linter("ours", our_flags, pairs),
        proselint=score_linter("proselint", proselint_flagger(), pairs),
    )
