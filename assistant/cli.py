"""The `assistant` command: parses options, calls one library function, prints JSON or text."""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import click
from pydantic import BaseModel

from assistant.brief_rules import OBJECTIVES
from assistant.cli_input import (
    AssistantGroup,
    check_length,
    check_output_file,
    prompt_message,
    read_input_text,
    run_batch,
)
from assistant.config import Settings, load_settings
from assistant.domain import CHANNELS, LANGUAGES, PURCHASE_KINDS, ROLES
from assistant.errors import AssistantError, InputError, one_line
from assistant.evaluation import HALVES


def one_of(ids: tuple[str, ...]) -> str:
    """The metavar of an option that takes one id (a|b|c); the request models check it."""
    return "|".join(ids)


@click.group(cls=AssistantGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="b2b-marketing-assistant")
def cli() -> None:
    """B2B marketing assistant: knowledge, content plans, copy review, email checks, briefs."""


def settings_from(knowledge: Path | None = None) -> Settings:
    return load_settings(knowledge_dir=knowledge)


def emit(result: BaseModel, as_json: bool, render: Callable[[Any], str]) -> None:
    """One JSON document on stdout with --json, else the human rendering."""
    if as_json:
        click.echo(result.model_dump_json())
    else:
        click.echo(render(result))


def progress_bar(as_json: bool) -> Callable[[str, int, int], None]:
    """A tqdm bar on stderr (only on a terminal), so stdout stays one JSON document."""
    from tqdm import tqdm

    bars: dict[str, Any] = {}

    def update(phase: str, done: int, total: int) -> None:
        if not sys.stderr.isatty():
            return
        bar = bars.get(phase)
        if bar is None:
            label = {"read": "reading files", "embed": "embedding chunks"}.get(phase, phase)
            bar = bars[phase] = tqdm(total=total, desc=label, unit="", leave=not as_json)
        bar.n = done
        bar.refresh()
        if done >= total:
            bar.close()

    return update


@cli.command()
@click.option(
    "--knowledge", type=click.Path(path_type=Path), metavar="DIR", help="Knowledge folder."
)
@click.option(
    "--rebuild",
    is_flag=True,
    help="Delete the search index (only the index: documents and chat history are kept) and "
    "embed everything again. A plain ingest already repairs an index it cannot open.",
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document.")
def ingest(knowledge: Path | None, rebuild: bool, as_json: bool) -> None:
    """Sync the index with the knowledge folder (unchanged files are skipped)."""
    from assistant.index import ingest as run_ingest

    report = run_ingest(settings_from(knowledge), rebuild=rebuild, progress=progress_bar(as_json))
    emit(report, as_json, render_ingest)


def render_ingest(report: Any) -> str:
    lines = [
        f"added {report.added} · updated {report.updated} · deleted {report.deleted} · "
        f"unchanged {report.unchanged} · {report.chunks} chunks in the index"
    ]
    lines += [f"  error: {error.path}: {error.message}" for error in report.errors]
    return "\n".join(lines)


@cli.command()
@click.argument("query", required=False)
@click.option("--k", "k", type=int, default=5, show_default=True, help="Passages, 1-100.")
@click.option("--persona", "persona", metavar="ID", help="Also search this persona's file.")
@click.option("--lang", metavar=one_of(LANGUAGES), help="Preferred language.")
@click.option("--batch", "batch", metavar="FILE", help="JSON Lines of {query, k, persona, lang}.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document.")
def retrieve(
    query: str | None,
    k: int,
    persona: str | None,
    lang: str | None,
    batch: str | None,
    as_json: bool,
) -> None:
    """Find the passages that best answer QUERY (dense + BM25, fused)."""
    from assistant.requests import RetrieveRequest, validated
    from assistant.retrieval import Retriever

    settings = settings_from()
    retriever = Retriever(settings)
    check_persona = persona_checker(settings)

    def search(request: RetrieveRequest) -> BaseModel:
        check_length(
            request.query, settings.max_message_chars, "query", "ASSISTANT_MAX_MESSAGE_CHARS"
        )
        return retriever.search(
            request.query,
            k=request.k,
            persona_id=check_persona(request.persona),
            language=request.lang,
        )

    if batch:
        run_batch(batch, RetrieveRequest, search, settings.max_message_chars)
        return
    if query is None:
        raise InputError("give a QUERY or --batch FILE", field="QUERY")
    options = {"query": query, "k": k, "persona": persona, "lang": lang}
    names = {"query": "QUERY", "k": "--k", "persona": "--persona", "lang": "--lang"}
    emit(search(validated(RetrieveRequest, options, names)), as_json, render_hits)


def persona_checker(settings: Settings) -> Callable[[str | None], str | None]:
    """Validates persona ids against the knowledge folder (loaded once per command)."""
    known: set[str] | None = None

    def check(persona_id: str | None) -> str | None:
        nonlocal known
        if not persona_id:
            return None
        if known is None:
            from assistant.personas import load_personas

            known = {p.id for p in load_personas(settings.knowledge_dir / "personas")[0]}
        if persona_id not in known:
            names = ", ".join(sorted(known)) or "none"
            raise InputError(f"unknown persona {persona_id!r} (known: {names})", field="persona")
        return persona_id

    return check


def render_hits(result: Any) -> str:
    lines = [f"{len(result.hits)} passages for “{result.query}” ({result.language})"]
    for number, hit in enumerate(result.hits, 1):
        snippet = " ".join(hit.text.split())[:160]
        lines.append(f"[{number}] {hit.label or hit.section or hit.source}")
        lines.append(f"    {snippet}")
    return "\n".join(lines)


@cli.command("eval")
@click.option(
    "--eval-dir",
    type=click.Path(path_type=Path),
    metavar="DIR",
    default=None,
    help="Folder with the labelled *.jsonl sets (default: the repository's tests/eval_data).",
)
@click.option(
    "--external",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    metavar="DIR",
    default=None,
    help="Optional external sets: WNC pairs (review comparison), SpamAssassin mail (email "
    "check) (default: ../shared/data/external beside the repository).",
)
@click.option(
    "--half",
    type=click.Choice([*HALVES, "both"]),
    default="tune",
    show_default=True,
    help="Which half of the answer questions to score (tune while developing).",
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document.")
def evaluate(eval_dir: Path | None, external: Path | None, half: str, as_json: bool) -> None:
    """Score retrieval (hit@1, hit@3, MRR), review (accuracy, F1), answers (facts, lead,
    out-of-scope honesty) on labelled sets, and the email risk (ROC AUC) on SpamAssassin."""
    from assistant.evaluation.report import run_evaluation

    halves = ("tune", "report") if half == "both" else (half,)
    report = run_evaluation(settings_from(), eval_dir, external, halves)  # type: ignore[arg-type]
    emit(report, as_json, lambda r: r.table())


@cli.command()
@click.option("--persona", "persona_id", metavar="ID", help="A persona of the knowledge folder.")
@click.option(
    "--persona-file", type=click.Path(path_type=Path), help="A persona YAML anywhere on disk."
)
@click.option("--role", "roles", multiple=True, metavar="ROLE", help="Only this role (repeat).")
@click.option("--stage", "stages", multiple=True, metavar="STAGE", help="Only this stage (repeat).")
@click.option("--lang", metavar=one_of(LANGUAGES), help="Output language (default: the persona's).")
@click.option(
    "--format", "output", type=click.Choice(["md", "csv"]), help="Export instead of text."
)
@click.option("--segment", metavar="N|NAME", help="A segment of the last `assistant segment`.")
@click.option("--account", metavar="NAME", help="Plan for the roles this account is missing.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document.")
def plan(
    persona_id: str | None,
    persona_file: Path | None,
    roles: tuple[str, ...],
    stages: tuple[str, ...],
    lang: str | None,
    output: str | None,
    segment: str | None,
    account: str | None,
    as_json: bool,
) -> None:
    """Suggest high-value content per buying-center role and buying stage for a persona (or a
    segment, or an account's missing roles, from the last `assistant segment`)."""
    from assistant.plan_export import plan_to_csv, plan_to_markdown
    from assistant.planner import make_plan, validate_filters

    settings = settings_from()
    validate_filters(list(roles), list(stages), lang)
    if segment or account:
        from assistant.segment_plans import plan_from_option

        result = plan_from_option(settings, segment, account, language=lang)
    else:
        from assistant.personas import resolve

        persona = resolve(settings, persona_id, persona_file)
        result = make_plan(settings, persona, roles=list(roles), stages=list(stages), language=lang)
    if output == "csv" and not as_json:
        click.echo(plan_to_csv(result), nl=False)
        return
    emit(result, as_json, plan_to_markdown)


@cli.command()
@click.argument("question", required=False)
@click.option("--persona", "persona", metavar="ID", help="Scope the answer to this persona.")
@click.option("--batch", "batch", metavar="FILE", help="JSON Lines of {question, persona}.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document.")
def ask(question: str | None, persona: str | None, batch: str | None, as_json: bool) -> None:
    """Answer a question (or plan, review, check, brief) from the knowledge, with citations."""
    from assistant.agent import make_assistant
    from assistant.requests import AskRequest, validated

    settings = settings_from()
    check_persona = persona_checker(settings)
    assistant = make_assistant(settings)

    def answer(request: AskRequest) -> BaseModel:
        limit = settings.max_message_chars
        check_length(request.question, limit, "question", "ASSISTANT_MAX_MESSAGE_CHARS")
        return assistant.answer(request.question, check_persona(request.persona))

    if batch:
        run_batch(batch, AskRequest, answer, settings.max_message_chars)
        return
    if question is None:
        raise InputError("give a QUESTION or --batch FILE", field="QUESTION")
    options = {"question": question, "persona": persona}
    request = validated(AskRequest, options, {"question": "QUESTION", "persona": "--persona"})
    emit(answer(request), as_json, render_answer)


def model_name(assistant: Any, answer: Any) -> str:
    """The chat model's name when it answered (kept with the answer in history)."""
    return assistant.mode_label if answer.mode == "llm" else ""


def render_answer(answer: Any) -> str:
    lines = [answer.notice] if answer.notice else []
    lines.append(answer.answer)
    for number, citation in enumerate(answer.citations, 1):
        lines.append(f"[{number}] {citation.reader_label()}")
    return "\n".join(lines)


@cli.command()
@click.option("--persona", "persona", metavar="ID", help="Scope answers to this persona.")
@click.option("--resume", "resume", metavar="ID", help="Continue a saved conversation.")
def chat(persona: str | None, resume: str | None) -> None:
    """An interactive conversation in the terminal (saved to history; empty line or Ctrl-D ends)."""
    from assistant.agent import make_assistant
    from assistant.history import History
    from assistant.language import detect_language
    from assistant.requests import AskRequest, validated

    settings = settings_from()
    persona = persona_checker(settings)(persona)
    assistant = make_assistant(settings)
    history = History(settings.data_dir)
    conversation = history.get(resume) if resume else history.create()
    # A resumed conversation continues where it stopped: follow-ups and a waiting request.
    context = history.last_context(conversation.id) if resume else None
    click.echo(f"conversation {conversation.id} · mode {assistant.mode_label}", err=True)
    limit = settings.max_message_chars
    while True:
        try:
            message = prompt_message(limit)
        except InputError as error:
            click.echo(f"error: {one_line(str(error))}", err=True)
            continue
        if message is None or not message.strip():
            break
        try:
            request = validated(AskRequest, {"question": message}, {"question": "message"})
            check_length(request.question, limit, "message", "ASSISTANT_MAX_MESSAGE_CHARS")
        except InputError as error:
            click.echo(f"error: {one_line(str(error))}", err=True)
            continue
        history.add_message(conversation.id, "user", message, language=detect_language(message))
        try:
            answer = assistant.answer(message, persona, context)
        except AssistantError as error:
            click.echo(f"error: {one_line(str(error))}", err=True)
            continue
        context = answer.context
        history.add_answer(conversation.id, answer, model=model_name(assistant, answer))
        click.echo(render_answer(answer))


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document.")
def gaps(as_json: bool) -> None:
    """Knowledge gaps: answers marked thumbs-down with a reason."""
    from assistant.history import History, KnowledgeGap

    class GapList(BaseModel):
        gaps: list[KnowledgeGap]

    found = GapList(gaps=History(settings_from().data_dir).gaps())
    emit(
        found,
        as_json,
        lambda r: "\n".join(f"- {g.question} → {g.reason}" for g in r.gaps) or "no gaps recorded",
    )


@cli.command()
@click.option("--persona", "persona_id", metavar="ID", help="A persona of the knowledge folder.")
@click.option("--persona-file", type=click.Path(path_type=Path), help="A persona YAML on disk.")
@click.option(
    "--objective",
    type=click.Choice(OBJECTIVES),
    default="lead-generation",
    show_default=True,
)
@click.option("--stage", metavar="STAGE", help="Buying stage (default: the objective's).")
@click.option("--channel", "channels", multiple=True, metavar="C", help="Channel (repeat).")
@click.option(
    "--budget",
    metavar="AMOUNT",
    help="Budget for the CPL/CPA funnel, e.g. 15000, €15,000, 15000 EUR, $20k "
    "(default currency: ASSISTANT_CURRENCY).",
)
@click.option("--cpl", type=float, help="Assumed cost per lead.")
@click.option("--target-leads", type=int, help="Flag when the budget cannot reach it.")
@click.option("--target-deals", type=int, help="Flag when the budget cannot reach it.")
@click.option(
    "--start-date",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="First day of the timeline, YYYY-MM-DD (default: today).",
)
@click.option(
    "--owner", default="", metavar="NAME", help="Who runs the campaign (blank line when not given)."
)
@click.option(
    "--approver",
    default="",
    metavar="NAME",
    help="Who signs the brief off (blank line when not given).",
)
@click.option("--lang", metavar=one_of(LANGUAGES), help="Output language (default: the persona's).")
@click.option("--format", "output", type=click.Choice(["md", "docx"]), help="Export format.")
@click.option("--output", "output_file", type=click.Path(path_type=Path), help="File for docx.")
@click.option("--segment", metavar="N|NAME", help="A segment of the last `assistant segment`.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document.")
def brief(
    persona_id: str | None,
    persona_file: Path | None,
    objective: str,
    stage: str | None,
    channels: tuple[str, ...],
    budget: str | None,
    cpl: float | None,
    target_leads: int | None,
    target_deals: int | None,
    start_date: datetime | None,
    owner: str,
    approver: str,
    lang: str | None,
    output: str | None,
    output_file: Path | None,
    segment: str | None,
    as_json: bool,
) -> None:
    """Draft a campaign brief for a persona (or a segment of the last `assistant segment`):
    messages per role, content, KPIs, funnel, checks."""
    from assistant.brief_export import brief_to_docx, brief_to_markdown
    from assistant.briefs import BriefOptions, make_brief
    from assistant.personas import resolve

    if output == "docx" and output_file is None:
        raise InputError("--format docx needs --output FILE.docx", field="--output")
    if output_file is not None:
        check_output_file(output_file)
    settings = settings_from()
    options = BriefOptions(
        objective=objective,
        stage=stage,
        channels=list(channels),
        budget=budget,
        cpl=cpl,
        target_leads=target_leads,
        target_deals=target_deals,
        language=lang,
        start_date=start_date.date() if start_date else None,
        owner=owner,
        approver=approver,
    )
    if segment:
        from assistant.segment_plans import segment_from_option, segment_persona

        summary, index = segment_from_option(settings.data_dir, segment)
        persona = segment_persona(summary, index, language=lang)
    else:
        persona = resolve(settings, persona_id, persona_file)
    result = make_brief(settings, persona, options)
    if output == "docx":
        output_file.write_bytes(brief_to_docx(result))
        click.echo(str(output_file), err=True)
        return
    emit(result, as_json, brief_to_markdown)


@cli.group()
def history() -> None:
    """Saved conversations: list, show or export, rename, delete."""


@history.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document.")
def history_list(as_json: bool) -> None:
    """Conversations, most recent first."""
    from assistant.history import Conversation, History

    class ConversationList(BaseModel):
        conversations: list[Conversation]

    found = ConversationList(conversations=History(settings_from().data_dir).list())
    emit(
        found,
        as_json,
        lambda r: (
            "\n".join(f"{c.id}  {c.updated}  {c.title}" for c in r.conversations)
            or "no conversations yet"
        ),
    )


@history.command("show")
@click.argument("conversation_id", metavar="ID")
@click.option(
    "--format", "output", type=click.Choice(["md", "json"]), default="md", show_default=True
)
def history_show(conversation_id: str, output: str) -> None:
    """Print (export) one conversation as Markdown or JSON."""
    from assistant.history import History, conversation_to_markdown

    conversation = History(settings_from().data_dir).get(conversation_id)
    if output == "json":
        click.echo(conversation.model_dump_json(indent=2))
    else:
        click.echo(conversation_to_markdown(conversation))


@history.command("rename")
@click.argument("conversation_id", metavar="ID")
@click.argument("title")
def history_rename(conversation_id: str, title: str) -> None:
    """Give a conversation a new title."""
    from assistant.history import History

    History(settings_from().data_dir).rename(conversation_id, title)


@history.command("delete")
@click.argument("conversation_id", metavar="ID")
def history_delete(conversation_id: str) -> None:
    """Delete a conversation and its feedback."""
    from assistant.history import History

    if not History(settings_from().data_dir).delete(conversation_id):
        raise InputError(f"no conversation {conversation_id!r}", field="conversation")


@cli.command()
@click.argument("source", required=False, metavar="(FILE | -)")
@click.option("--channel", metavar=one_of(CHANNELS), help="Channel whose length norm applies.")
@click.option("--role", metavar=one_of(ROLES), help="What this role needs.")
@click.option(
    "--lang", metavar=one_of(LANGUAGES), help="Language of the copy (detected when omitted)."
)
@click.option("--no-index", is_flag=True, help="Skip the nothing-new check against the index.")
@click.option("--batch", "batch", metavar="FILE", help="JSON Lines of {text, channel, role, lang}.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document.")
def review(
    source: str | None,
    channel: str | None,
    role: str | None,
    lang: str | None,
    no_index: bool,
    batch: str | None,
    as_json: bool,
) -> None:
    """Score copy for soft content and explain every finding (FILE or - for stdin).

    When an index exists, sentences that only repeat the team's knowledge are flagged.
    Copy longer than ASSISTANT_MAX_REVIEW_CHARS characters is refused.
    """
    from assistant.requests import ReviewRequest, validated
    from assistant.retrieval import Retriever
    from assistant.review import knowledge_lookup, review_copy

    def skipped(reason: str) -> None:
        click.echo(f"note: nothing-new check skipped: {reason}", err=True)

    if not batch and not source:
        raise InputError("give a FILE, - for stdin, or --batch FILE", field="SOURCE")
    settings = settings_from()
    limit = settings.max_review_chars
    request = None
    if not batch:
        text, name = read_input_text(source or "-", limit, "ASSISTANT_MAX_REVIEW_CHARS")
        options = {"text": text, "channel": channel, "role": role, "lang": lang}
        request = validated(ReviewRequest, options, {"text": name, **OPTION_NAMES})
    known = None if no_index else knowledge_lookup(Retriever(settings), on_skip=skipped)

    def reviewed(request: ReviewRequest) -> BaseModel:
        return review_copy(
            request.text,
            channel=request.channel,
            role=request.role,
            language=request.lang,
            known_passages=known,
            max_chars=limit,
        )

    if request is None:
        run_batch(batch or "-", ReviewRequest, reviewed, limit)
        return
    emit(reviewed(request), as_json, render_review)


OPTION_NAMES = {"channel": "--channel", "role": "--role", "lang": "--lang"}


@cli.command("email-check")
@click.argument("source", required=False, metavar="(FILE.html | FILE.eml | -)")
@click.option("--batch", "batch", metavar="FILE", help="JSON Lines of {path, lang}.")
@click.option(
    "--lang", metavar=one_of(LANGUAGES), help="Language of findings (default: the mail's)."
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document.")
def email_check(source: str | None, batch: str | None, lang: str | None, as_json: bool) -> None:
    """Check an email (FILE.html, FILE.eml or - for stdin): verdict, risk and findings."""
    from assistant.email_check import check_email, check_email_file, read_email_stream
    from assistant.requests import EmailCheckRequest, validated

    if lang is not None:  # the option is checked by the model that checks batch lines
        options = {"path": source or "-", "lang": lang}
        lang = validated(EmailCheckRequest, options, {"path": "SOURCE", "lang": "--lang"}).lang
    if batch:
        run_batch(
            batch,
            EmailCheckRequest,
            lambda r: check_email_file(Path(r.path), language=r.lang or lang),
        )
        return
    if not source:
        raise InputError("give FILE.html, FILE.eml, - for stdin, or --batch FILE", field="SOURCE")
    if source == "-":
        raw = read_email_stream(sys.stdin.buffer)  # never more than the size limit + 1 byte
        report = check_email(raw, name="<stdin>", language=lang)
    else:
        report = check_email_file(Path(source), language=lang)
    emit(report, as_json, render_email_report)


def render_review(result: Any) -> str:
    lines = [f"score {result.score}/100 · {result.verdict} · language {result.language}"]
    for finding in result.findings:
        lines.append(
            f"  [{finding.severity}] {finding.rule} @{finding.start}-{finding.end} "
            f"“{finding.excerpt}”: {finding.message} → {finding.suggestion}"
        )
    return "\n".join(lines)


def render_email_report(result: Any) -> str:
    """Verdict and risk, the findings that matter most, then every finding, in the report's
    language: `[severity] title (+points risk): message suggestion (evidence)`."""
    from assistant.email_check import headline, word

    stats, language = result.stats, result.language
    lines = [
        headline(result),
        word(
            "stats",
            language,
            findings=len(result.findings),
            html_bytes=stats.html_bytes,
            images=stats.images,
            links=stats.links,
            mail_language=stats.language,
        ),
    ]

    def line(finding: Any) -> str:
        points = f" ({word('points', language, points=finding.points)})" if finding.points else ""
        return (
            f"[{word('severity-' + finding.severity, language)}] {finding.title}{points}: "
            f"{finding.message} "
            f"{finding.suggestion} ({finding.evidence})"
        )

    if result.top_findings:
        lines.append(word("top", language))
        lines += [f"  {number}. {line(f)}" for number, f in enumerate(result.top_findings, 1)]
    if result.findings:
        lines.append(word("all", language))
        lines += [f"  {line(finding)}" for finding in result.findings]
    else:
        lines.append(word("clean", language))
    return "\n".join(lines)


@cli.command()
@click.argument("file", type=click.Path(path_type=Path), metavar="FILE.csv|FILE.xlsx")
@click.option(
    "--purchase",
    type=click.Choice(PURCHASE_KINDS),
    default="new",
    show_default=True,
    help="Which roles each account needs (new: all six).",
)
@click.option(
    "--map",
    "mappings",
    multiple=True,
    metavar="FIELD=COLUMN",
    help="Read FIELD from COLUMN (repeat), e.g. --map title='Cargo actual'.",
)
@click.option("--min-segment", type=int, help="Smaller segments merge into the closest (50).")
@click.option(
    "--output",
    type=click.Path(path_type=Path),
    metavar="FILE.csv|FILE.xlsx",
    help="Write FILE.csv or FILE.xlsx: the input "
    "with account, seniority, function, roles, evidence, confidence and flags added.",
)
@click.option(
    "--lang", type=click.Choice(LANGUAGES), help="Language of warnings (default: the titles')."
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document (streamed).")
def segment(
    file: Path,
    purchase: str,
    mappings: tuple[str, ...],
    min_segment: int | None,
    output: Path | None,
    lang: str | None,
    as_json: bool,
) -> None:
    """Segment a contact export (CSV/XLSX): roles from titles, account coverage, segments,
    list hygiene."""
    from assistant.segment_output import render_text, write_annotated, write_json
    from assistant.segment_plans import save_last
    from assistant.segments import segment_file

    overrides: dict[str, str] = {}
    for mapping in mappings:
        name, sep, column = mapping.partition("=")
        if not sep or not name.strip() or not column.strip():
            raise InputError(f"expected FIELD=COLUMN, got {mapping!r}", field="--map")
        overrides[name.strip()] = column.strip()
    if output is not None and output.suffix.lower() not in (".csv", ".xlsx"):
        raise InputError(f"{output}: must end in .csv or .xlsx", field="--output")
    if output is not None:
        check_output_file(output)
    settings = settings_from()
    result = segment_file(
        file,
        purchase=purchase,
        overrides=overrides,
        min_segment=min_segment,
        language=lang,
        max_bytes=settings.segment_max_bytes,
    )
    save_last(settings.data_dir, result)  # `plan --segment` and `brief --segment` start here
    if output is not None:
        write_annotated(result, output)
        click.echo(f"wrote {output}", err=True)
    if as_json:
        write_json(result, click.get_text_stream("stdout"))
    else:
        click.echo(render_text(result))


def main() -> None:
    cli(prog_name="assistant")
