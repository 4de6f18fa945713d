"""Email check quality: how well the deliverability risk separates spam from ham (ROC AUC).

Measured on the SpamAssassin public corpus (raw RFC 822 mail). The rule weights were tuned on
the `tune` folders only; the `report` folders are the figure we quote. Each message is one
file; a message the checker refuses (InputError) counts as an error, not as a score.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from pydantic import BaseModel

from assistant.email_check import analyse, risk_of
from assistant.email_rules import email_rules
from assistant.errors import InputError

SPLITS: dict[str, dict[str, tuple[str, ...]]] = {
    "tune": {"ham": ("easy-ham-1",), "spam": ("spam-1",)},
    "report": {"ham": ("easy-ham-2", "hard-ham-1"), "spam": ("spam-2",)},
}


class RuleRate(BaseModel):
    """How often a rule fires on ham and on spam (share of messages)."""

    rule: str
    ham: float
    spam: float


class EmailSplitScore(BaseModel):
    split: str
    folders: list[str]
    ham: int
    spam: int
    errors: int
    auc: float
    ham_flagged: float  # share of ham whose risk reaches `fix_at`
    spam_filtered: float  # share of spam whose risk reaches `filtered_at`
    per_folder_auc: dict[str, float]  # each ham folder against the split's spam
    rules: list[RuleRate]
    messages_per_second: float


class EmailEvalReport(BaseModel):
    corpus: str
    splits: list[EmailSplitScore]

    def table(self) -> str:
        lines = ["split    ham  spam  ROC AUC  ham flagged  spam filtered  msg/s  folders"]
        for s in self.splits:
            folders = ", ".join(
                f"{name} {auc:.3f}" if name in s.per_folder_auc else name
                for name, auc in (
                    (folder, s.per_folder_auc.get(folder, 0.0)) for folder in s.folders
                )
            )
            lines.append(
                f"{s.split:<7} {s.ham:>4} {s.spam:>5}  {s.auc:>7.3f}  {s.ham_flagged:>11.1%}  "
                f"{s.spam_filtered:>13.1%}  {s.messages_per_second:>5.0f}  {folders}"
            )
        return "\n".join(lines)


def roc_auc(positives: list[float], negatives: list[float]) -> float:
    """Probability that a random positive scores above a random negative (ties count half)."""
    if not positives or not negatives:
        return float("nan")
    ranked = sorted([(v, 1) for v in positives] + [(v, 0) for v in negatives])
    rank_sum, index = 0.0, 0
    while index < len(ranked):
        end = index
        while end < len(ranked) and ranked[end][0] == ranked[index][0]:
            end += 1
        average = (index + end + 1) / 2  # 1-based average rank of the tie group
        rank_sum += average * sum(label for _, label in ranked[index:end])
        index = end
    n_pos, n_neg = len(positives), len(negatives)
    return (rank_sum - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg)


def score_folder(folder: Path) -> tuple[list[int], list[set[str]], int]:
    """(risk per message, rules fired per message, errors) for every file of a folder."""
    risks: list[int] = []
    fired: list[set[str]] = []
    errors = 0
    for path in sorted(p for p in folder.iterdir() if p.is_file()):
        try:
            _, hits = analyse(path.read_bytes(), name=str(path))
        except InputError:
            errors += 1
            continue
        risks.append(risk_of(hits))
        fired.append({found.rule for found in hits})
    return risks, fired, errors


def evaluate_split(corpus: Path, split: str) -> EmailSplitScore:
    folders = SPLITS[split]
    started = time.perf_counter()
    scored = {
        name: score_folder(corpus / name) for group in ("ham", "spam") for name in folders[group]
    }
    elapsed = time.perf_counter() - started

    def pooled(group: str) -> tuple[list[int], list[set[str]]]:
        risks = [r for name in folders[group] for r in scored[name][0]]
        return risks, [f for name in folders[group] for f in scored[name][1]]

    ham, ham_rules = pooled("ham")
    spam, spam_rules = pooled("spam")
    settings = email_rules().verdict
    messages = len(ham) + len(spam)
    return EmailSplitScore(
        split=split,
        folders=[*folders["ham"], *folders["spam"]],
        ham=len(ham),
        spam=len(spam),
        errors=sum(errors for _, _, errors in scored.values()),
        auc=round(roc_auc([float(r) for r in spam], [float(r) for r in ham]), 4),
        ham_flagged=round(sum(r >= settings.fix_at for r in ham) / max(1, len(ham)), 4),
        spam_filtered=round(sum(r >= settings.filtered_at for r in spam) / max(1, len(spam)), 4),
        per_folder_auc={
            name: round(roc_auc([float(r) for r in spam], [float(r) for r in scored[name][0]]), 4)
            for name in folders["ham"]
        },
        rules=rule_rates(ham_rules, spam_rules),
        messages_per_second=round(messages / elapsed, 1) if elapsed else 0.0,
    )


def rule_rates(ham: Iterable[set[str]], spam: Iterable[set[str]]) -> list[RuleRate]:
    ham, spam = list(ham), list(spam)
    ham_counts = Counter(rule for fired in ham for rule in fired)
    spam_counts = Counter(rule for fired in spam for rule in fired)
    return [
        RuleRate(
            rule=rule,
            ham=round(ham_counts[rule] / max(1, len(ham)), 4),
            spam=round(spam_counts[rule] / max(1, len(spam)), 4),
        )
        for rule in email_rules().rules
    ]


def spamassassin_available(corpus: Path) -> bool:
    return all(
        (corpus / f).is_dir() for split in SPLITS.values() for g in split.values() for f in g
    )


def evaluate_email(corpus: Path, splits: Iterable[str] = ("tune", "report")) -> EmailEvalReport:
    """ROC AUC of the risk on each split; the caller checks `spamassassin_available` first."""
    return EmailEvalReport(
        corpus=str(corpus), splits=[evaluate_split(corpus, split) for split in splits]
    )
