"""`assistant eval`: every evaluation in one report (retrieval now; review when present)."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel

from assistant.config import Settings
from assistant.evaluation.retrieval import (
    RetrievalEvalReport,
    evaluate_retrieval,
    load_questions,
)
from assistant.index import Store, ingest
from assistant.retrieval import Retriever


class EvaluationReport(BaseModel):
    retrieval: RetrievalEvalReport

    def table(self) -> str:
        return "Retrieval (guidance topic of the first hit)\n" + self.retrieval.table()


def run_evaluation(settings: Settings, eval_dir: Path, external: Path) -> EvaluationReport:
    """Ingest if the index is empty, then score every labelled set."""
    if Store.open(settings).count() == 0:
        ingest(settings)
    retriever = Retriever(settings)
    retrieval = evaluate_retrieval(retriever, load_questions(eval_dir))
    return EvaluationReport(retrieval=retrieval)
