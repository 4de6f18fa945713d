"""Reading a CRM contact export (HubSpot, Salesforce, Apollo or a hand-made sheet) into columns.

Formats: CSV in UTF-8 (with or without BOM), UTF-16 with BOM, Windows-1252 or Windows-1255
(Hebrew Excel), separated by `,` `;` tab or `|` (detected); XLSX (first sheet). Headers are
mapped to fields through the synonyms of rules/segments/columns.yaml (en/es/he), and the user
can override any of them. Empty rows keep their numbers. Only the mapped columns are held in
memory; `iter_rows` streams the whole file again when the annotated copy is written.
"""

from __future__ import annotations

import codecs
import csv
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from assistant.errors import InputError
from assistant.rules import RuleModel, load
from assistant.text import fold_accents

Field = Literal[
    "email",
    "first_name",
    "last_name",
    "name",
    "title",
    "company",
    "domain",
    "industry",
    "size",
    "country",
    "lifecycle",
    "consent",
    "last_activity",
]
REQUIRED: tuple[str, ...] = ("email", "title")
UNIQUE = frozenset({"email", "first_name", "last_name", "name"})  # rarely repeated per row
SAMPLE_BYTES = 1 << 20
DELIMITERS = ",;\t|"
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


class ColumnRules(RuleModel):
    """rules/segments/columns.yaml: header synonyms per field, in en/es/he."""

    fields: dict[Field, list[str]]


def column_rules() -> ColumnRules:
    return load("rules/segments/columns.yaml", ColumnRules)


def header_key(header: str) -> str:
    """A header as compared: case, accents, punctuation and spacing folded."""
    text = fold_accents(str(header).replace("\ufeff", "").lower())
    text = re.sub(r"[\"'״׳`]", "", text)
    return " ".join(re.sub(r"[^\w#+]+", " ", text).split())


@dataclass
class ContactTable:
    """The mapped columns of an export, one value per data row (empty rows included)."""

    name: str
    path: Path | None
    format: Literal["csv", "xlsx"]
    encoding: str
    delimiter: str
    headers: list[str]
    mapping: dict[str, str]
    rows: int
    values: dict[str, list[str]] = field(default_factory=dict)
    empty: list[bool] = field(default_factory=list)

    def column(self, name: str) -> list[str]:
        """Values of a field, or empty strings when the field is not mapped."""
        return self.values.get(name) or [""] * self.rows


# ---------------------------------------------------------------- detection


def detect_encoding(sample: bytes, name: str) -> str:
    """UTF-8 (BOM or not), UTF-16 with BOM, else Windows-1255 when the high bytes spell
    Hebrew words, else Windows-1252; anything else cannot be repaired."""
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if b"\x00" in sample:
        raise InputError(
            f"{name}: cannot tell the file's encoding (it holds NUL bytes: UTF-16 without a "
            "byte-order mark, or not a text file); save it as UTF-8 CSV or XLSX"
        )
    try:
        sample.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as error:
        if error.start >= len(sample) - 3 and len(sample) >= SAMPLE_BYTES:
            return "utf-8"  # a character cut at the end of the sample
    high = [byte for byte in sample if byte >= 0x80]
    hebrew_runs = len(re.findall(rb"[\xe0-\xfa]{3,}", sample))
    if high and hebrew_runs and sum(0xE0 <= b <= 0xFA for b in high) / len(high) > 0.8:
        return "cp1255"
    try:
        sample.decode("cp1252")
    except UnicodeDecodeError:
        raise InputError(
            f"{name}: cannot tell the file's encoding (not UTF-8, Windows-1252 or "
            "Windows-1255); save it as UTF-8 CSV or XLSX"
        ) from None
    return "cp1252"


def detect_delimiter(text: str, name: str) -> str:
    """The separator that splits the first lines into the same, largest number of cells."""
    lines = [line for line in text.splitlines()[:50] if line.strip()]
    if not lines:
        raise InputError(f"{name}: is empty")
    best, best_score = "", 0.0
    for delimiter in DELIMITERS:
        try:
            counts = [len(row) for row in csv.reader(lines, delimiter=delimiter)]
        except csv.Error:
            continue
        header = counts[0]
        if header < 2:
            continue
        agree = sum(count == header for count in counts) / len(counts)
        score = agree * header
        if score > best_score:
            best, best_score = delimiter, score
    if not best:
        raise InputError(
            f"{name}: not a table (no column separator found: expected , ; tab or | "
            "between columns, or an XLSX file)"
        )
    return best


def map_columns(headers: list[str], overrides: dict[str, str] | None, name: str) -> dict[str, str]:
    """field → header: exact synonyms first, then headers that contain a synonym; `--map`
    overrides win and must name a real column."""
    rules = column_rules().fields
    keys = [header_key(h) for h in headers]
    mapping: dict[str, str] = {}
    used: set[int] = set()
    synonyms = {f: {header_key(s) for s in words} for f, words in rules.items()}
    for fld, words in synonyms.items():
        for index, key in enumerate(keys):
            if index not in used and key in words:
                mapping[fld], _ = headers[index], used.add(index)
                break
    for fld, words in synonyms.items():
        if fld in mapping:
            continue
        best: tuple[int, int] | None = None
        for index, key in enumerate(keys):
            if index in used or not key:
                continue
            for word in words:
                long_enough = " " in word or len(word) >= 6
                better = best is None or len(word) > best[1]
                if long_enough and better and re.search(rf"(?<!\w){re.escape(word)}(?!\w)", key):
                    best = (index, len(word))
        if best is not None:
            mapping[fld] = headers[best[0]]
            used.add(best[0])
    for fld, column in (overrides or {}).items():
        if fld not in rules:
            known = ", ".join(rules)
            raise InputError(f"unknown field {fld!r} (use {known})", field="--map")
        match = next((h for h in headers if h == column), None) or next(
            (h for h in headers if header_key(h) == header_key(column)), None
        )
        if match is None:
            raise InputError(
                f"{name}: no column {column!r} (columns: {', '.join(headers)})", field="--map"
            )
        mapping = {f: h for f, h in mapping.items() if h != match}
        mapping[fld] = match
    for fld in REQUIRED:
        if fld not in mapping:
            raise InputError(
                f"{name}: no {fld} column found (columns: {', '.join(headers) or 'none'}); "
                f"name it with --map {fld}=COLUMN"
            )
    return {f: mapping[f] for f in rules if f in mapping}


# ---------------------------------------------------------------- reading


def _is_xlsx(path: Path, head: bytes) -> bool:
    return head.startswith(b"PK\x03\x04") or path.suffix.lower() in (".xlsx", ".xlsm")


def _cell(value: object) -> str:
    """An XLSX cell as text (integral floats without `.0`, dates as ISO)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, bool):
        return "true" if value else "false"
    if hasattr(value, "isoformat"):
        return value.isoformat()  # type: ignore[no-any-return]
    return str(value).strip()


def _xlsx_rows(path: Path, name: str) -> Iterator[list[str]]:
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_path(str(path))
        sheet = workbook.get_sheet_by_index(0)
        for row in sheet.iter_rows():
            yield [_cell(value) for value in row]
    except (CalamineError, ValueError, OSError) as error:
        raise InputError(f"{name}: not a readable XLSX file ({error})") from None


def _csv_rows(path: Path, encoding: str, delimiter: str) -> Iterator[list[str]]:
    with path.open(encoding=encoding, newline="", errors="strict") as handle:
        yield from csv.reader(handle, delimiter=delimiter)


@dataclass
class _Source:
    path: Path
    name: str
    format: Literal["csv", "xlsx"]
    encoding: str = ""
    delimiter: str = ""

    def rows(self) -> Iterator[list[str]]:
        if self.format == "xlsx":
            return _xlsx_rows(self.path, self.name)
        return _csv_rows(self.path, self.encoding, self.delimiter)


def open_source(path: Path, max_bytes: int, name: str | None = None) -> _Source:
    """Check size, format, encoding and separator; raises one clear line on a bad file."""
    name = name or str(path)
    if not path.is_file():
        raise InputError(f"file not found: {name}")
    size = path.stat().st_size
    if size > max_bytes:
        raise InputError(
            f"{name}: {size / 1e6:.1f} MB is over the {max_bytes / 1e6:.0f} MB limit "
            "(ASSISTANT_SEGMENT_MAX_MB)"
        )
    if size == 0:
        raise InputError(f"{name}: is empty")
    with path.open("rb") as handle:
        sample = handle.read(SAMPLE_BYTES)
    if _is_xlsx(path, sample[:4]):
        if not sample.startswith(b"PK\x03\x04"):
            raise InputError(f"{name}: not an XLSX file (an .xlsx must be a zip package)")
        return _Source(path, name, "xlsx")
    if path.suffix.lower() == ".xls" or sample.startswith(b"\xd0\xcf\x11\xe0"):
        raise InputError(f"{name}: old Excel .xls format; save it as .xlsx or CSV")
    if sample.lstrip()[:1] in (b"{", b"[") or sample.lstrip()[:5].lower() in (b"<html", b"<!doc"):
        raise InputError(f"{name}: not a table (JSON or HTML); export the contacts as CSV or XLSX")
    encoding = detect_encoding(sample, name)
    text = sample.decode(encoding if encoding != "utf-8-sig" else "utf-8-sig", errors="ignore")
    return _Source(path, name, "csv", encoding, detect_delimiter(text, name))


def read_contacts(
    path: Path,
    overrides: dict[str, str] | None = None,
    max_bytes: int = 300_000_000,
    name: str | None = None,
) -> ContactTable:
    """The mapped columns of an export. A file whose first lines decode but whose middle does
    not (a Windows-1252 file that starts with plain ASCII) is read again as Windows-1252."""
    source = open_source(path, max_bytes, name)
    try:
        return _read(source, overrides)
    except UnicodeDecodeError:
        if source.encoding not in ("utf-8", "utf-8-sig"):
            raise InputError(f"{source.name}: cannot decode it as {source.encoding}") from None
        source.encoding = "cp1252"
        try:
            return _read(source, overrides)
        except UnicodeDecodeError:
            raise InputError(
                f"{source.name}: mixed or unknown encoding; save it as UTF-8 CSV or XLSX"
            ) from None
    except csv.Error as error:
        raise InputError(f"{source.name}: not a readable CSV table ({error})") from None


def _read(source: _Source, overrides: dict[str, str] | None) -> ContactTable:
    rows = source.rows()
    headers: list[str] | None = None
    for row in rows:
        if any(cell.strip() for cell in row):
            headers = [cell.strip().lstrip("\ufeff") for cell in row]
            break
    if headers is None:
        raise InputError(f"{source.name}: is empty (no header row)")
    if len([h for h in headers if h]) < 2:
        raise InputError(f"{source.name}: not a table (the first row has fewer than 2 columns)")
    mapping = map_columns(headers, overrides, source.name)
    positions = {fld: headers.index(column) for fld, column in mapping.items()}
    values: dict[str, list[str]] = {fld: [] for fld in mapping}
    # repeated values (titles, companies, industries…) are stored once: a million rows fit
    shared: dict[str, dict[str, str]] = {fld: {} for fld in mapping if fld not in UNIQUE}
    empty: list[bool] = []
    width = len(headers)
    for row in rows:
        blank = not any(cell.strip() for cell in row)
        empty.append(blank)
        for fld, position in positions.items():
            value = row[position].strip() if position < len(row) and not blank else ""
            seen = shared.get(fld)
            if seen is not None:
                value = seen.setdefault(value, value)
            values[fld].append(value)
        if len(row) > width and any(cell.strip() for cell in row[width:]):
            width = len(row)
    while empty and empty[-1] and source.format == "xlsx":
        empty.pop()  # the sheet's used range may end with blank rows
        for column in values.values():
            column.pop()
    return ContactTable(
        name=source.name,
        path=source.path,
        format=source.format,
        encoding=source.encoding,
        delimiter=source.delimiter,
        headers=headers,
        mapping=mapping,
        rows=len(empty),
        values=values,
        empty=empty,
    )


def iter_rows(table: ContactTable) -> Iterator[tuple[int, list[str]]]:
    """(0-based data row, cells) of every data row of the original file, read again."""
    if table.path is None:
        raise InputError(f"{table.name}: the original file is gone")
    source = _Source(table.path, table.name, table.format, table.encoding, table.delimiter)
    rows = source.rows()
    for row in rows:
        if any(cell.strip() for cell in row):
            break
    for index, row in enumerate(rows):
        if index >= table.rows:
            break
        yield index, row


def read_upload(data: bytes, filename: str, folder: Path, **kwargs: object) -> ContactTable:
    """An uploaded file (page): written to a private temp folder, then read like any file."""
    safe = re.sub(r"[^\w.-]+", "_", Path(filename).name) or "contacts.csv"
    target = folder / safe
    target.write_bytes(data)
    return read_contacts(target, name=Path(filename).name, **kwargs)  # type: ignore[arg-type]
