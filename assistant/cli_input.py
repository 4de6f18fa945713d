"""How the `assistant` command reads what users give it and says what is wrong with it.

The error contract: whatever a user can get wrong (an option, a setting, a file, stdin, a
batch line) ends as one line `error: <where>: <reason>` on stderr with exit code 2; the
commands themselves live in assistant/cli.py.
"""

from __future__ import annotations

import errno
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import click
from pydantic import BaseModel

from assistant.config import load_settings
from assistant.errors import AssistantError, InputError, ascii_safe, from_os_error, one_line

if TYPE_CHECKING:
    from assistant.requests import CommandRequest

EXIT_BAD_INPUT = 2


def fail(message: str) -> None:
    """The error contract: one line `error: <where>: <reason>` on stderr, exit code 2."""
    click.echo(f"error: {one_line(message)}", err=True)
    sys.exit(EXIT_BAD_INPUT)


def usage_problem(error: click.ClickException) -> str:
    """Click's usage errors as `<where>: <reason>` (click prints three lines of its own)."""
    if isinstance(error, click.BadParameter):
        hint = error.param_hint
        if hint is None and error.param is not None:
            hint = error.param.get_error_hint(error.ctx) if error.ctx else error.param.name
        where = ascii_safe(str(hint or "argument")).replace("'", "").replace('"', "")
        if isinstance(error, click.MissingParameter):
            return f"{where}: missing"
        return f"{where}: {ascii_safe(error.message)}"
    if isinstance(error, click.UsageError) and error.ctx is not None:
        path = error.ctx.command_path
        return f"{path}: {ascii_safe(error.message)} (see `{path} --help`)"
    return f"assistant: {ascii_safe(error.format_message())}"


def parameter_name(param: click.Parameter) -> str:
    """How the user wrote a parameter: `QUERY` for an argument, `--persona` for an option."""
    if isinstance(param, click.Option) and param.opts:
        return max(param.opts, key=len)
    return param.human_readable_name


def check_arguments(ctx: click.Context) -> None:
    """Arguments that were not valid UTF-8 arrive as lone surrogates: refuse them by name."""
    for param in ctx.command.params:
        value = ctx.params.get(param.name or "")
        for item in value if isinstance(value, tuple | list) else (value,):
            if isinstance(item, str | Path) and any(
                "\ud800" <= char <= "\udfff" for char in str(item)
            ):
                raise InputError("is not valid UTF-8", field=parameter_name(param))


class AssistantCommand(click.Command):
    """Checks what every command shares before it runs: its arguments and the settings (a bad
    variable is reported by every command alike, even one that would not have read it)."""

    def invoke(self, ctx: click.Context) -> Any:
        check_arguments(ctx)
        load_settings()
        return super().invoke(ctx)


class AssistantGroup(click.Group):
    """Every failure a user can cause ends as one line on stderr and exit code 2."""

    command_class = AssistantCommand
    group_class = type  # subgroups (`history`) behave the same

    def main(  # type: ignore[override]
        self,
        args: Any = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        try:
            result = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.ClickException as error:
            fail(usage_problem(error))
        except click.Abort:
            click.echo("Aborted!", err=True)
            sys.exit(1)
        except AssistantError as error:
            fail(str(error))
        except OSError as error:
            if error.errno == errno.EPIPE:  # `assistant … | head`: the reader left, not an error
                sys.stderr.close()
                sys.exit(1)
            fail(str(from_os_error(error)))
        if not standalone_mode:
            return result
        sys.exit(result if isinstance(result, int) else 0)


def run_batch(
    path: str,
    model: type[CommandRequest],
    answer: Callable[[Any], BaseModel],
    text_chars: int = 0,
) -> None:
    """One JSON result per request line, in order; a bad line gives {"error": "line N: ..."}
    and the batch goes on. Lines are validated by the command's request model."""
    from assistant.requests import batch_line_limit, batch_lines, parse_batch_line

    limit = batch_line_limit(text_chars)
    with open_batch(path) as stream:
        for number, raw in batch_lines(stream, limit):
            request = parse_batch_line(number, raw, model, limit)
            if request is None:
                continue
            if isinstance(request, str):
                error = request
            else:
                try:
                    click.echo(answer(request).model_dump_json())
                    continue
                except AssistantError as failure:
                    error = f"line {number}: {failure}"
                except OSError as failure:
                    error = f"line {number}: {from_os_error(failure)}"
            click.echo(json.dumps({"error": one_line(error)}, ensure_ascii=False))


def open_batch(path: str) -> IO[bytes]:
    """The batch file (or stdin for `-`) as bytes: each line is decoded on its own."""
    if path == "-":
        return _Unclosed(sys.stdin.buffer)
    file = Path(path)
    if not file.is_file():
        raise InputError("file not found" if not file.exists() else "is not a file", field=path)
    return file.open("rb")


class _Unclosed:
    """stdin in a `with`: leaving the block must not close the process's stdin."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream = stream

    def __enter__(self) -> IO[bytes]:
        return self.stream

    def __exit__(self, *exc: object) -> None:
        return None


def read_limited(stream: IO[bytes], max_bytes: int, name: str, limit_note: str) -> bytes:
    """At most `max_bytes` of a stream; more is refused without reading it all."""
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise InputError(f"larger than {max_bytes:,} bytes ({limit_note})", field=name)
    return data


def read_input_text(source: str, max_chars: int, setting: str) -> tuple[str, str]:
    """Text from a file path or `-` (stdin), strict UTF-8, at most `max_chars` characters
    (`setting` names the variable that raises it); returns (text, name)."""
    max_bytes = max_chars * 4  # UTF-8 spends at most four bytes on a character
    note = f"the limit is {max_chars:,} characters, {setting}"
    if source == "-":
        name = "<stdin>"
        data = read_limited(sys.stdin.buffer, max_bytes, name, note)
    else:
        path = Path(source)
        name = ascii_safe(source)
        if not path.exists():
            raise InputError("file not found", field=name)
        if not path.is_file():
            raise InputError("is not a file", field=name)
        with path.open("rb") as file:
            data = read_limited(file, max_bytes, name, note)
    if b"\x00" in data[:4096]:
        raise InputError("looks like a binary file, expected text", field=name)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InputError(
            f"not valid UTF-8 (byte 0x{data[error.start]:02x} at offset {error.start}); "
            "save it as UTF-8",
            field=name,
        ) from None
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise InputError("is empty", field=name)
    if len(text) > max_chars:
        raise InputError(f"is {len(text):,} characters; {note}", field=name)
    return text, name


def check_length(text: str, limit: int, field: str, setting: str) -> None:
    """An input cap the user can read and raise: `field: is N characters; the limit is …`."""
    if len(text) > limit:
        raise InputError(
            f"is {len(text):,} characters; the limit is {limit:,} ({setting})", field=field
        )


def check_output_file(path: Path) -> None:
    """Refuse an output path that cannot be written before doing the work."""
    name = ascii_safe(str(path))
    if path.is_dir():
        raise InputError(f"{name} is a folder; give a file name inside it", field="--output")
    if not path.parent.is_dir():
        raise InputError(f"folder {ascii_safe(str(path.parent))} does not exist", field="--output")


def prompt_message(max_chars: int) -> str | None:
    """The next message (None at the end of input). Piped input is read line by line with a
    byte cap and strict UTF-8, so neither a huge line nor a bad byte ends the conversation."""
    if sys.stdin.isatty():
        try:
            return click.prompt("you", prompt_suffix="> ", default="", show_default=False)
        except (EOFError, click.Abort):
            return None
    click.echo("you> ", nl=False)
    max_bytes = max_chars * 4
    line = sys.stdin.buffer.readline(max_bytes + 1)
    if not line:
        return None
    if len(line) > max_bytes:
        while not line.endswith(b"\n"):
            line = sys.stdin.buffer.readline(1 << 20)
            if not line:
                break
        raise InputError(
            f"longer than {max_chars:,} characters (ASSISTANT_MAX_MESSAGE_CHARS)", field="message"
        )
    try:
        return line.decode("utf-8").rstrip("\r\n")
    except UnicodeDecodeError as error:
        raise InputError(
            f"not valid UTF-8 (byte 0x{line[error.start]:02x} at offset {error.start})",
            field="message",
        ) from None
