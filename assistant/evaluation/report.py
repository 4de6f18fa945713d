"""`assistant eval`: retrieval, review, the WNC comparison and the email check in one report."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from pydantic import BaseModel

from assistant.config import Settings
from assistant.errors import InputError
from assistant.evaluation import Half, eval_data_dir, external_data_dir
from assistant.evaluation.answers import AnswerEvalReport, evaluate_answers
from assistant.evaluation.email import EmailEvalReport, evaluate_email, spamassassin_available
from assistant.evaluation.retrieval import (
    RetrievalEvalReport,
    evaluate_retrieval,
    load_questions,
)
from assistant.evaluation.review import ReviewEvalReport, WncReport, evaluate_review_sets
from assistant.evaluation.segments import SegmentEvalReport, evaluate_segments
from assistant.evaluation.titles import TitleEvalReport, evaluate_titles
from assistant.index import Store, ingest
from assistant.retrieval import Retriever


class EvaluationReport(BaseModel):
    retrieval: RetrievalEvalReport
    review: ReviewEvalReport
    answers: AnswerEvalReport | None = None
    wnc: WncReport | None = None
    email: EmailEvalReport | None = None
    titles: TitleEvalReport | None = None
    segments: list[SegmentEvalReport] = []
    notes: list[str] = []

    def table(self) -> str:
        parts = [
            "Retrieval (guidance topic of the first hit)",
            self.retrieval.table(),
            "",
            "Review (labelled soft / substantive copy)",
            self.review.table(),
        ]
        if self.answers is not None:
            parts += ["", "Answers (offline engine: facts stated, facts in the opening)"]
            parts.append(self.answers.table())
        if self.wnc is not None:
            parts += ["", "Puffery and vagueness on Wiki Neutrality Corpus pairs", self.wnc.table()]
        if self.email is not None:
            parts += [
                "",
                "Email check: deliverability risk, spam vs ham on SpamAssassin "
                "(weights tuned on `tune` only; quote `report`)",
                self.email.table(),
            ]
        if self.titles is not None:
            parts += [
                "",
                "Job titles (seniority, function, buying-center roles)",
                self.titles.table(),
            ]
        for report in self.segments:
            parts += [
                "",
                f"Contact exports (hygiene flag F1 per file variant; missing roles per account; "
                f"titles from the {report.split} half)",
                report.table(),
            ]
        parts += [f"note: {note}" for note in self.notes]
        return "\n".join(parts)


def run_evaluation(
    settings: Settings,
    eval_dir: Path | None = None,
    external: Path | None = None,
    halves: tuple[Half, ...] = ("tune",),
) -> EvaluationReport:
    """Ingest if the index is empty, then score every labelled set. Answer figures cover the
    tune half unless the report half is asked for. The sets default to the repository's
    (tests/eval_data, ../shared/data/external); absent external sets are named in `notes`."""
    if eval_dir is None:
        eval_dir = eval_data_dir()
        if not eval_dir.is_dir():
            raise InputError(
                f"{eval_dir}: the labelled sets ship with the repository (tests/eval_data), "
                "not with the installed package: run from a checkout or pass --eval-dir DIR",
                field="--eval-dir",
            )
    if external is None:
        external = external_data_dir()
    elif not external.is_dir():  # a folder named by hand must exist: checked before any work
        raise InputError(f"{external}: no such folder", field="--external")
    if Store.open(settings).count() == 0:
        ingest(settings)
    retriever = Retriever(settings)
    retrieval = evaluate_retrieval(retriever, load_questions(eval_dir))
    review = evaluate_review_sets(eval_dir)
    notes: list[str] = []
    answers = None
    if (eval_dir / "answers_en.jsonl").is_file():
        from assistant.chat import ChatEngine
        from assistant.evaluation.answers import load_answer_questions

        engine = ChatEngine(settings, retriever)
        answers = evaluate_answers(engine, load_answer_questions(eval_dir), halves)
    else:
        notes.append(f"answer evaluation skipped: {eval_dir / 'answers_en.jsonl'} not found")
    wnc = None
    wnc_dir = external / "wnc"
    if not (wnc_dir / "pre.train").is_file():
        notes.append(f"WNC comparison skipped: the optional set is absent ({wnc_dir})")
    elif importlib.util.find_spec("proselint") is None:
        notes.append("WNC comparison skipped: proselint is not installed (the dev extra)")
    else:
        from assistant.evaluation.review import evaluate_wnc

        wnc = evaluate_wnc(wnc_dir)
    email = None
    corpus = external / "spamassassin"
    if spamassassin_available(corpus):
        email = evaluate_email(corpus)
    else:
        notes.append(
            f"Email check AUC skipped: the optional SpamAssassin corpus is absent ({corpus}: "
            "folders easy-ham-1, easy-ham-2, hard-ham-1, spam-1, spam-2; --external DIR)"
        )
    titles = evaluate_titles(eval_dir)
    segments = [evaluate_segments(eval_dir, split=split) for split in ("tune", "report")]
    return EvaluationReport(
        retrieval=retrieval,
        review=review,
        answers=answers,
        wnc=wnc,
        email=email,
        titles=titles,
        segments=segments,
        notes=notes,
    )
