"""What `assistant segment` writes: the contract's JSON (streamed, so a million contacts never
become one string), the annotated copy of the export (CSV or XLSX) and the text summary."""

from __future__ import annotations

import csv
import json
import os
import tempfile
from collections.abc import Iterator
from json.encoder import encode_basestring  # type: ignore[attr-defined]
from pathlib import Path
from typing import IO, Any

from assistant.contacts import iter_rows
from assistant.domain import label
from assistant.errors import InputError
from assistant.hygiene import FLAGS
from assistant.segment_model import ContactRow, Segmentation, messages

ADDED_COLUMNS: tuple[str, ...] = (
    "account",
    "seniority",
    "function",
    "roles",
    "evidence",
    "confidence",
    "flags",
)
_MARKER = '"contacts":[]'


def write_json(seg: Segmentation, stream: IO[str], batch: int = 2000) -> None:
    """`SegmentReport.model_dump_json()` with the contacts written in batches: each contact is
    assembled from JSON pieces computed once per distinct title, account and flag set."""
    head, _, tail = seg.report.model_dump_json().partition(_MARKER)
    stream.write(head + '"contacts":[')
    quote = encode_basestring
    dumps = json.dumps
    title_parts = [
        f',"seniority":{quote(t.seniority)},"function":{quote(t.function)},'
        f'"roles":{_list(t.roles)},"evidence":{quote(t.evidence)},'
        f'"confidence":{dumps(t.confidence)}'
        for t in seg.titles
    ]
    account_parts = [',"account":' + quote(name) for name in seg.account_names]
    no_account = ',"account":null'
    flag_parts: dict[int, str] = {}
    emails, titles = seg.table.column("email"), seg.table.column("title")
    companies = seg.table.column("company")
    pieces: list[str] = []
    separator = ""
    for index in range(seg.table.rows):
        title_index = seg.title_of[index]
        if title_index < 0:
            continue
        mask = seg.flags_of[index]
        flags = flag_parts.get(mask)
        if flags is None:
            flags = flag_parts[mask] = ',"flags":' + _list(
                [flag for i, flag in enumerate(FLAGS) if mask >> i & 1]
            )
        account = seg.account_of[index]
        pieces.append(
            f'{separator}{{"row":{index + 1},"email":{quote(emails[index])},'
            f'"title":{quote(titles[index])},"company":{quote(companies[index])}'
            f"{account_parts[account] if account >= 0 else no_account}"
            f"{title_parts[title_index]}{flags}}}"
        )
        separator = ","
        if len(pieces) >= batch:
            stream.write("".join(pieces))
            pieces.clear()
    stream.write("".join(pieces) + "]" + tail + "\n")


def _list(items: list[str]) -> str:
    return "[" + ",".join(encode_basestring(item) for item in items) + "]"


def _contact_json(contact: dict[str, Any]) -> str:
    """One contact exactly as pydantic would print it (compact, UTF-8, same key order)."""
    return json.dumps(contact, ensure_ascii=False, separators=(",", ":"))


def report_with_contacts(seg: Segmentation) -> str:
    """The whole document in memory (small files, tests): the same text `write_json` streams."""
    report = seg.report.model_copy(update={"contacts": seg.contacts()})
    return report.model_dump_json()


def annotation(seg: Segmentation, index: int) -> list[str]:
    """The added cells of one row (blank for an empty row)."""
    contact = seg.contact(index)
    if contact is None:
        return [""] * len(ADDED_COLUMNS)
    return [
        contact["account"] or "",
        contact["seniority"],
        contact["function"],
        ";".join(contact["roles"]),
        contact["evidence"],
        f"{contact['confidence']:.2f}",
        ";".join(contact["flags"]),
    ]


def annotated_rows(seg: Segmentation) -> Iterator[list[str]]:
    """The header, then every row of the original file with the added cells."""
    width = len(seg.table.headers)
    yield [*seg.table.headers, *ADDED_COLUMNS]
    for index, row in iter_rows(seg.table):
        cells = (list(row) + [""] * width)[:width] if len(row) < width else list(row)
        yield [*cells[:width], *annotation(seg, index)]


def write_annotated(seg: Segmentation, target: Path) -> Path:
    """The input with the contact columns added, as CSV (UTF-8 with BOM, the input's separator)
    or XLSX; written to a temporary file first, so a failure leaves nothing behind."""
    suffix = target.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise InputError(f"{target}: --output must end in .csv or .xlsx", field="--output")
    if not target.parent.exists():
        raise InputError(f"{target.parent}: folder not found", field="--output")
    handle, temporary = tempfile.mkstemp(prefix=".segment-", suffix=suffix, dir=target.parent)
    os.close(handle)
    try:
        if suffix == ".csv":
            delimiter = seg.table.delimiter or ","
            with open(temporary, "w", encoding="utf-8-sig", newline="") as out:
                writer = csv.writer(out, delimiter=delimiter)
                writer.writerows(annotated_rows(seg))
        else:
            write_xlsx(annotated_rows(seg), Path(temporary))
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target


def write_xlsx(rows: Iterator[list[str]], path: Path) -> None:
    """Rows into one sheet, in constant memory (xlsxwriter streams row by row)."""
    import xlsxwriter

    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_urls": False})
    sheet = workbook.add_worksheet("contacts")
    for number, row in enumerate(rows):
        for column, value in enumerate(row):
            if value != "":
                sheet.write_string(number, column, value)
    workbook.close()


def annotated_bytes(seg: Segmentation, suffix: str) -> bytes:
    """The annotated copy in memory (the page's download button)."""
    with tempfile.TemporaryDirectory() as folder:
        path = write_annotated(seg, Path(folder) / f"annotated{suffix}")
        return path.read_bytes()


def render_text(seg: Segmentation, limit: int = 15) -> str:
    """The summary a person reads, in the report's language: mapping, hygiene, accounts with
    gaps, segments, warnings."""
    from assistant.segment_groups import segment_name

    report = seg.report
    lang = seg.language
    text = messages()
    words = {key: str(getattr(entry, lang)) for key, entry in text.summary.items()}

    def say(key: str, **values: Any) -> str:
        return text.summary[key].get(lang, **values)

    contacts = sum(1 for i in range(report.rows) if seg.title_of[i] >= 0)
    hygiene = ", ".join(
        f"{text.hygiene_labels[key].get(lang)} {value}" for key, value in report.hygiene
    )
    lines = [
        say(
            "headline",
            file=report.file,
            rows=report.rows,
            contacts=contacts,
            accounts=len(report.accounts),
            segments=len(report.segments),
        ),
        f"{words['columns']}: "
        + ", ".join(f"{field} ← {column}" for field, column in report.columns.items()),
        f"  {words['override']}",
        f"{words['hygiene']}: {hygiene}",
        "",
        words["accounts"],
    ]
    for account in report.accounts[:limit]:
        missing = ", ".join(label("roles", r, lang) for r in account.roles_missing) or "—"
        lines.append(
            "  "
            + say(
                "account",
                account=account.account,
                contacts=account.contacts,
                coverage=f"{account.coverage:.0%}",
                missing=missing,
            )
        )
    if len(report.accounts) > limit:
        lines.append("  " + say("more_accounts", n=len(report.accounts) - limit))
    lines += ["", words["segments"]]
    for segment in report.segments[:limit]:
        name = segment_name(segment.industry, segment.size_band, segment.role, segment.stage, lang)
        lines.append(
            "  " + say("segment", name=name, contacts=segment.contacts, accounts=segment.accounts)
        )
        if segment.warning:
            lines.append(f"    ! {segment.warning}")
    if len(report.segments) > limit:
        lines.append("  " + say("more", n=len(report.segments) - limit))
    if report.warnings:
        lines += ["", words["warnings"]] + [f"  - {warning}" for warning in report.warnings]
    return "\n".join(lines)


__all__ = ["ADDED_COLUMNS", "ContactRow", "write_annotated", "write_json"]
