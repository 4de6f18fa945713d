"""Answer quality on labelled questions: do answers state the asked facts, and state them first?

Each question (tests/eval_data/answers_<language>.jsonl) lists the facts a correct answer must
contain as groups of alternatives; a group is matched when one alternative occurs in the
answer (case-insensitive substring; Spanish accents folded; Hebrew as a substring, so attached
prefixes match; gershayim " ״ unified). Figures per language and per half:

- facts: share of fact groups matched anywhere in the answer;
- lead: share of fact groups matched in the answer's first 300 characters;
- all_facts: share of in-scope questions with every group matched;
- out_of_scope: share of out-of-scope questions answered "not in the knowledge";
- answered: share of in-scope questions that were answered (not declined).

Follow-ups replay their earlier messages in one conversation first. The report half is
scored only when asked for (`--half report` or `both`): tune on one half, report the other.
"""

from __future__ import annotations

import json
import time
import unicodedata
from pathlib import Path

from pydantic import BaseModel, Field

from assistant.chat import ChatEngine, TurnContext
from assistant.domain import LANGUAGES
from assistant.errors import InputError
from assistant.evaluation import Half

LEAD_CHARS = 300
GERSHAYIM = str.maketrans({"״": '"', "”": '"', "“": '"', "׳": "'", "’": "'"})


class AnswerQuestion(BaseModel):
    id: str
    split: Half
    kind: str
    topic: str
    question: str
    history: list[str] = Field(default_factory=list)
    persona: str | None = None
    facts: list[list[str]] = Field(default_factory=list)
    out_of_scope: bool = False


class AnswerMiss(BaseModel):
    id: str
    question: str
    missing: list[list[str]]
    late: list[list[str]]
    answer: str


class AnswerScore(BaseModel):
    language: str
    half: Half
    n: int
    facts: float
    lead: float
    all_facts: float
    out_of_scope: float | None
    answered: float
    p95_ms: float
    misses: list[AnswerMiss] = Field(default_factory=list)


class AnswerEvalReport(BaseModel):
    scores: list[AnswerScore]

    def table(self) -> str:
        lines = ["language  half     n   facts  lead   all    oos    answered  p95 ms"]
        for s in self.scores:
            oos = f"{s.out_of_scope:.3f}" if s.out_of_scope is not None else "  -  "
            lines.append(
                f"{s.language:<9} {s.half:<7} {s.n:>3}  {s.facts:.3f}  {s.lead:.3f}  "
                f"{s.all_facts:.3f}  {oos}  {s.answered:.3f}     {s.p95_ms:.0f}"
            )
        return "\n".join(lines)


def normalise(text: str) -> str:
    """Lower case, accents folded, one form of gershayim and geresh, Markdown bold removed."""
    text = text.replace("**", "").translate(GERSHAYIM).casefold()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def group_matched(group: list[str], text: str) -> bool:
    haystack = normalise(text)
    return any(normalise(alternative) in haystack for alternative in group)


def load_answer_questions(eval_dir: Path) -> list[tuple[str, AnswerQuestion]]:
    """The labelled set `answers_<language>.jsonl` (written blind by other engineers) and every
    further batch `answers_<batch>_<language>.jsonl` beside it (tune-only or report-only
    questions, each batch described in tests/eval_data/ANSWERS.md). A glob, not a list of batch
    names: a batch written into the folder is scored without anyone remembering to register it."""
    found: list[tuple[str, AnswerQuestion]] = []
    for language in LANGUAGES:
        path = eval_dir / f"answers_{language}.jsonl"
        if not path.is_file():
            raise InputError(f"{path}: question set not found", field="--eval-dir")
        batches = sorted(eval_dir.glob(f"answers_*_{language}.jsonl"))
        for source in [path, *batches]:
            found += read_questions(source, language)
    return found


def read_questions(path: Path, language: str) -> list[tuple[str, AnswerQuestion]]:
    found: list[tuple[str, AnswerQuestion]] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                found.append((language, AnswerQuestion.model_validate_json(line)))
            except ValueError as error:
                raise InputError(f"{path}:{number}: {error}".splitlines()[0]) from None
    return found


def ask(engine: ChatEngine, question: AnswerQuestion) -> tuple[str, bool, float]:
    """The answer to a question after its earlier messages, whether it was answered, and the
    time the question itself took (ms)."""
    context = TurnContext()
    for earlier in question.history:
        context = engine.answer(earlier, question.persona, context).context
    start = time.perf_counter()
    answer = engine.answer(question.question, question.persona, context)
    elapsed = (time.perf_counter() - start) * 1000
    return answer.answer, answer.in_knowledge, elapsed


def evaluate_answers(
    engine: ChatEngine,
    questions: list[tuple[str, AnswerQuestion]],
    halves: tuple[Half, ...] = ("tune",),
) -> AnswerEvalReport:
    scores: list[AnswerScore] = []
    for half in halves:
        for language in LANGUAGES:
            subset = [q for lang, q in questions if lang == language and q.split == half]
            if not subset:
                continue
            scores.append(score_subset(engine, language, half, subset))
    return AnswerEvalReport(scores=scores)


def score_subset(
    engine: ChatEngine, language: str, half: Half, subset: list[AnswerQuestion]
) -> AnswerScore:
    groups = matched = led = complete = answered = in_scope = declined = oos = 0
    times: list[float] = []
    misses: list[AnswerMiss] = []
    for question in subset:
        text, in_knowledge, elapsed = ask(engine, question)
        times.append(elapsed)
        if question.out_of_scope:
            oos += 1
            declined += not in_knowledge
            continue
        in_scope += 1
        answered += in_knowledge
        missing = [g for g in question.facts if not group_matched(g, text)]
        late = [g for g in question.facts if g not in missing]
        late = [g for g in late if not group_matched(g, text[:LEAD_CHARS])]
        groups += len(question.facts)
        matched += len(question.facts) - len(missing)
        led += len(question.facts) - len(missing) - len(late)
        complete += not missing
        if half == "tune" and (missing or late or not in_knowledge):
            # Misses are listed for the tune half only: report questions stay unread.
            misses.append(
                AnswerMiss(
                    id=question.id,
                    question=question.question,
                    missing=missing,
                    late=late,
                    answer=text,
                )
            )
    times.sort()
    p95 = times[min(len(times) - 1, int(0.95 * len(times)))] if times else 0.0
    return AnswerScore(
        language=language,
        half=half,
        n=len(subset),
        facts=round(matched / groups, 3) if groups else 0.0,
        lead=round(led / groups, 3) if groups else 0.0,
        all_facts=round(complete / in_scope, 3) if in_scope else 0.0,
        out_of_scope=round(declined / oos, 3) if oos else None,
        answered=round(answered / in_scope, 3) if in_scope else 0.0,
        p95_ms=round(p95, 1),
        misses=misses,
    )


def dumps(report: AnswerEvalReport) -> str:
    return json.dumps(report.model_dump(), ensure_ascii=False, indent=1)
