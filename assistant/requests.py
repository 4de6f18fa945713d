"""What each command accepts, as one pydantic model: the CLI's options and every `--batch`
line are validated by the same model, so a value refused as an option is refused in a batch.

Batch lines are read with a byte cap, decoded as strict UTF-8 and parsed with a nesting
guard; whatever is wrong with one line becomes that line's one-sentence error.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import IO, Annotated, Any, TypeVar

from pydantic import (
    AfterValidator,
    AliasChoices,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
)

from assistant.domain import CHANNELS, LANGUAGES, ROLES, Channel, Language, Role
from assistant.errors import InputError, one_line

BATCH_LINE_OVERHEAD = 64 * 1024  # bytes a batch line may hold beyond its text fields
JSON_BYTES_PER_CHAR = 6  # worst case: every character written as a \uXXXX escape


def valid_text(value: str) -> str:
    """Text that came from outside: no lone surrogates (invalid UTF-8) and no NUL bytes."""
    if any("\ud800" <= char <= "\udfff" for char in value):
        raise ValueError("is not valid UTF-8")
    if "\x00" in value:
        raise ValueError("contains a NUL byte")
    return value


def non_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("is empty")
    return value


def one_of(kind: str, known: tuple[str, ...]) -> BeforeValidator:
    """A choice checked before its type, so the message lists what is allowed, the same for
    an option and a batch line: `unknown language 'zz' (known: en, es, he)`."""

    def check(value: object) -> object:
        if value is not None and value not in known:
            raise ValueError(f"unknown {kind} {value!r} (known: {', '.join(known)})")
        return value

    return BeforeValidator(check)


Text = Annotated[str, AfterValidator(valid_text)]
RequiredText = Annotated[str, AfterValidator(valid_text), AfterValidator(non_blank)]
LanguageChoice = Annotated[Language, one_of("language", LANGUAGES)]
ChannelChoice = Annotated[Channel, one_of("channel", CHANNELS)]
RoleChoice = Annotated[Role, one_of("role", ROLES)]


class CommandRequest(BaseModel):
    """Strict: a number is not a string, unknown fields are refused, nothing is coerced."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class RetrieveRequest(CommandRequest):
    query: RequiredText
    k: int = Field(5, ge=1, le=100)
    persona: Text | None = None
    lang: LanguageChoice | None = None


class AskRequest(CommandRequest):
    question: RequiredText
    persona: Text | None = None


class ReviewRequest(CommandRequest):
    text: RequiredText
    channel: ChannelChoice | None = None
    role: RoleChoice | None = None
    lang: LanguageChoice | None = Field(None, validation_alias=AliasChoices("lang", "language"))


class EmailCheckRequest(CommandRequest):
    path: RequiredText
    lang: LanguageChoice | None = None


Request = TypeVar("Request", bound=CommandRequest)


def validated(
    model: type[Request], values: dict[str, Any], names: dict[str, str] | None = None
) -> Request:
    """The request, or InputError naming the field (`names` maps fields to option names)."""
    try:
        return model.model_validate(values)
    except ValidationError as error:
        raise InputError(validation_problem(error, model, names or {})) from None


PLAIN_REASONS = {
    "missing": "missing",
    "string_type": "must be text (a JSON string)",
    "int_type": "must be a whole number",
    "int_parsing": "must be a whole number",
    "int_from_float": "must be a whole number",
}


def validation_problem(
    error: ValidationError, model: type[CommandRequest], names: dict[str, str]
) -> str:
    """`field: reason` for each problem, on one line, in words a user reads."""
    problems = []
    for item in error.errors(include_url=False):
        field = ".".join(str(part) for part in item["loc"]) or "request"
        field = names.get(field, field)
        reason = PLAIN_REASONS.get(item["type"], item["msg"].removeprefix("Value error, "))
        if item["type"] == "extra_forbidden":
            reason = f"unknown field (known: {', '.join(model.model_fields)})"
        problems.append(f"{field}: {reason}")
    return one_line("; ".join(problems))


def batch_lines(stream: IO[bytes], max_bytes: int) -> Iterator[tuple[int, bytes | None]]:
    """(line number, raw line) for each line; None for a line longer than `max_bytes`, whose
    rest is skipped without being held in memory."""
    number = 0
    while True:
        line = stream.readline(max_bytes + 1)
        if not line:
            return
        number += 1
        if len(line) > max_bytes:
            while not line.endswith(b"\n"):
                line = stream.readline(1 << 20)
                if not line:
                    break
            yield number, None
            continue
        yield number, line


def parse_batch_line(
    number: int, raw: bytes | None, model: type[Request], max_bytes: int
) -> Request | str | None:
    """The validated request of one batch line, its error sentence, or None for a blank line."""
    where = f"line {number}"
    if raw is None:
        return f"{where}: longer than {max_bytes:,} bytes"
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        return f"{where}: not valid UTF-8 (byte 0x{raw[error.start]:02x} at offset {error.start})"
    if number == 1:
        line = line.removeprefix("\ufeff")
    if not line.strip():
        return None
    try:
        request = json.loads(line)
    except json.JSONDecodeError as error:
        return f"{where}: invalid JSON ({error.msg} at column {error.colno})"
    except RecursionError:
        return f"{where}: invalid JSON (nested too deeply)"
    except ValueError as error:  # e.g. an integer with more digits than Python converts
        return f"{where}: invalid JSON ({one_line(str(error))})"
    if not isinstance(request, dict):
        fields = ", ".join(model.model_fields)
        return f"{where}: expected a JSON object with the fields {fields}"
    try:
        return validated(model, request)
    except InputError as error:
        return f"{where}: {error}"


def batch_line_limit(text_chars: int) -> int:
    """Bytes one batch line may hold when one of its fields may be `text_chars` long."""
    return text_chars * JSON_BYTES_PER_CHAR + BATCH_LINE_OVERHEAD
