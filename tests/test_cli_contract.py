"""The error contract, walked: every command × every class of bad input ends in a result or in
one line `error: <where>: <reason>` with exit code 2, never a traceback.

Inputs are generated here from the commands' own parameters (so a new option is walked too);
the CLI runs through CliRunner with `catch_exceptions=False`, so an uncaught exception fails
the test instead of being recorded as exit code 1.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner, Result

from assistant.cli import cli
from assistant.config import Settings

REPO = Path(__file__).resolve().parent.parent
BAD_UTF8 = b"\xff\xfe bad".decode("utf-8", "surrogateescape")  # what argv holds for bad bytes


def commands(group: click.Group = cli, prefix: tuple[str, ...] = ()) -> Iterator[Any]:
    """(command path, command) for every leaf command, sub-groups included."""
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            yield from commands(command, (*prefix, name))
        else:
            yield (*prefix, name), command


def invoke(args: list[str], stdin: bytes | str | None = None, env: dict | None = None) -> Result:
    return CliRunner().invoke(
        cli, args, input=stdin, env=env, catch_exceptions=False, prog_name="assistant"
    )


def assert_contract(result: Result, args: list[str]) -> None:
    """A result (exit 0) or exactly one `error: <where>: <reason>` line with exit code 2."""
    shown = f"{args!r}\nexit {result.exit_code}\n{result.stderr}"
    assert "Traceback" not in result.stderr + result.stdout, shown
    if result.exit_code == 0:
        return
    assert result.exit_code == 2, shown
    lines = [line for line in result.stderr.splitlines() if not line.startswith("note: ")]
    assert len(lines) == 1, shown
    assert lines[0].startswith("error: ") and ": " in lines[0][len("error: ") :], shown


def bad_values(param: click.Parameter) -> list[str]:
    """Values a user can type that this parameter must refuse (or accept) cleanly."""
    values = [BAD_UTF8, "", "x" * 5000, "line\nbreak"]
    kind = getattr(param.type, "name", "")
    if kind in ("integer", "integer range"):
        values += ["abc", "-1", "0", "1e3", "9" * 40]
    elif kind == "float":
        values += ["abc", "nan", "inf", "-inf", "-5", "0", "1e308", "1e-308"]
    else:
        values += ["zz", "../../etc/passwd", "-"]
    return values


# What each command needs to get past its own checks, so the walked value is really used
# (None: walked bare, e.g. eval would run the whole evaluation).
BASE: dict[tuple[str, ...], tuple[list[str], str] | None] = {
    ("retrieve",): (["buyer"], ""),
    ("ask",): (["What does a buyer need at negotiation?"], ""),
    ("review",): (["-", "--no-index"], "Our platform cut dock waiting time by 40% in 2024."),
    ("email-check",): (["-"], "<table><tr><td><p>Hello</p></td></tr></table>"),
    ("plan",): None,  # a plan or brief takes seconds: their numbers and paths have own tests
    ("brief",): None,
    ("chat",): ([], "What is a buying center?\n\n"),
    ("history", "show"): (["missing-id"], ""),
    ("history", "rename"): (["missing-id", "New title"], ""),
    ("history", "delete"): (["missing-id"], ""),
    ("history", "list"): ([], ""),
    ("gaps",): ([], ""),
    ("ingest",): None,
    ("eval",): None,
    ("segment",): None,
}


def with_value(path: tuple[str, ...], param: click.Parameter, value: str) -> tuple[list[str], str]:
    """The command's base invocation with `param` set to `value` (replacing its base value)."""
    base, stdin = BASE.get(path) or ([], "")
    if isinstance(param, click.Argument):
        arguments = [a for a in base if not a.startswith("-")]
        options = [a for a in base if a.startswith("-")]
        position = [p for p in walked_params(path) if isinstance(p, click.Argument)].index(param)
        if path == ("review",) or path == ("email-check",):
            return [*path, value, *options], stdin
        arguments[position : position + 1] = [value]
        return [*path, *arguments, *options], stdin
    name = max(param.opts, key=len)
    kept: list[str] = []
    skip = False
    for item in base:
        if skip:
            skip = False
            continue
        if item in param.opts:
            skip = True
            continue
        kept.append(item)
    return [*path, *kept, name, value], stdin


def walked_params(path: tuple[str, ...]) -> list[click.Parameter]:
    command = dict(commands())[path]
    return [
        p
        for p in command.params
        if not (isinstance(p, click.Option) and (p.is_flag or p.name == "help"))
    ]


def walked_cases() -> list[tuple[list[str], str]]:
    cases = []
    for path, _ in commands():
        cases.append(([*path, "--no-such-option"], ""))
        for param in walked_params(path):
            for value in bad_values(param):
                cases.append(with_value(path, param, value))
    return cases


@pytest.fixture(scope="module")
def walk_data(indexed_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One indexed copy for the whole walk (copying it per case would dominate the run)."""
    root = tmp_path_factory.mktemp("walk")
    for name in ("knowledge", "data"):
        shutil.copytree(indexed_template / name, root / name)
    return root


@pytest.mark.parametrize(("args", "stdin"), walked_cases(), ids=lambda v: str(v)[:70])
def test_every_parameter_refuses_bad_values_in_one_line(
    args: list[str], stdin: str, walk_data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if args[0] != "ingest":  # ingest walks its own empty folders, never the shared index
        monkeypatch.setenv("ASSISTANT_KNOWLEDGE_DIR", str(walk_data / "knowledge"))
        monkeypatch.setenv("ASSISTANT_DATA_DIR", str(walk_data / "data"))
    assert_contract(invoke(args, stdin=stdin), args)


def test_the_walk_covers_every_command_and_parameter() -> None:
    assert {path for path, _ in commands()} == set(BASE)
    walked = {" ".join(args) for args, _ in walked_cases()}
    for path, _ in commands():
        for param in walked_params(path):
            value = bad_values(param)[-1]
            assert " ".join(with_value(path, param, value)[0]) in walked


# --------------------------------------------------------------- settings, for every command

BAD_SETTINGS = {
    "ASSISTANT_MAX_FILE_MB": ["abc", "-1", "0", "nan", "1e999"],
    "ASSISTANT_LLM_TIMEOUT": ["x", "-3", "0", "inf"],
    "ASSISTANT_LLM_DEADLINE": ["soon", "-1", "0"],
    "ASSISTANT_LLM_MAX_ANSWER_CHARS": ["lots", "-5", "10"],
    "ASSISTANT_LLM_MAX_RETRIES": ["-1", "two", "1000"],
    "ASSISTANT_MAX_REVIEW_CHARS": ["-1", "big", "5"],
    "ASSISTANT_MAX_MESSAGE_CHARS": ["-1", "big"],
    "ASSISTANT_SEGMENT_MAX_MB": ["-1", "abc"],
    "CHROMA_PORT": ["http", "99999", "-1", "0"],
    "CHROMA_SSL": ["maybe"],
    "ASSISTANT_EMBEDDINGS": ["foo", ""],
}


def test_bad_settings_cover_every_numeric_or_choice_setting() -> None:
    constrained = {
        str(field.validation_alias)
        for field in Settings.model_fields.values()
        if field.annotation in (int, float, bool) or "Literal" in str(field.annotation)
    }
    assert constrained <= set(BAD_SETTINGS), constrained - set(BAD_SETTINGS)


@pytest.mark.parametrize(
    ("variable", "value"),
    [(variable, value) for variable, values in BAD_SETTINGS.items() for value in values],
)
def test_a_bad_setting_is_one_line_naming_the_variable_for_every_command(
    variable: str, value: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(variable, value)
    existing = tmp_path / "input.txt"
    existing.write_text("Some copy.", encoding="utf-8")
    for path, command in commands():
        required = [p for p in command.params if isinstance(p, click.Argument) and p.required]
        args = [*path, *(str(existing) for _ in required)]
        result = invoke(args, stdin="")
        assert_contract(result, args)
        assert result.exit_code == 2
        assert result.stderr.startswith(f"error: {variable}: "), (path, result.stderr)


def test_a_dotenv_with_bad_utf8_is_one_line(tmp_path: Path) -> None:
    (tmp_path / ".env").write_bytes(b"# models\nASSISTANT_CHAT_MODEL=caf\xe9\n")
    result = invoke(["history", "list"])
    assert_contract(result, ["history", "list"])
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "error: .env: line 2 is not valid UTF-8 (byte 0xe9); save the file as UTF-8"
    )


def test_a_data_dir_that_is_a_file_is_one_line(tmp_path: Path) -> None:
    blocker = tmp_path / "state.txt"
    blocker.write_text("not a folder", encoding="utf-8")
    for args in (["retrieve", "x"], ["history", "list"], ["ingest"]):
        result = invoke(args, env={"ASSISTANT_DATA_DIR": str(blocker / "sub")})
        assert_contract(result, args)
        assert result.stderr.startswith("error: ASSISTANT_DATA_DIR: "), result.stderr
        assert "is a file, not a folder" in result.stderr


# --------------------------------------------------------------- files, stdin, output paths


def unprivileged() -> list[str]:
    """A prefix that makes file permissions apply even when the tests run as root."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: permissions cannot be tested")
    return [setpriv, "--bounding-set=-dac_override,-dac_read_search"]


def run_cli(
    args: list[str], stdin: bytes = b"", cwd: Path | None = None
) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*unprivileged(), sys.executable, "-m", "assistant", *args],
        input=stdin,
        capture_output=True,
        cwd=cwd,
        timeout=120,
        env=os.environ.copy(),
    )


def one_line_error(completed: subprocess.CompletedProcess) -> str:
    stderr = completed.stderr.decode("utf-8", "replace")
    assert b"Traceback" not in completed.stderr, stderr
    assert completed.returncode == 2, stderr
    lines = [line for line in stderr.splitlines() if not line.startswith("note: ")]
    assert len(lines) == 1 and lines[0].startswith("error: "), stderr
    return lines[0]


def test_unreadable_files_are_one_line_naming_the_file(tmp_path: Path) -> None:
    locked = tmp_path / "locked.txt"
    locked.write_text("Our platform helps teams.", encoding="utf-8")
    locked.chmod(0)
    try:
        for args in (
            ["review", str(locked), "--no-index"],
            ["email-check", str(locked)],
            ["review", "--batch", str(locked), "--no-index"],
            ["plan", "--persona-file", str(locked)],
        ):
            line = one_line_error(run_cli(args, cwd=tmp_path))
            assert "locked.txt" in line, (args, line)
            assert "permission denied" in line.lower() or "not readable" in line, (args, line)
    finally:
        locked.chmod(0o644)


def test_a_read_only_data_dir_is_one_line(tmp_path: Path) -> None:
    data = tmp_path / "ro-data"
    data.mkdir()
    data.chmod(0o555)
    try:
        os.environ["ASSISTANT_DATA_DIR"] = str(data)
        line = one_line_error(run_cli(["history", "list"], cwd=tmp_path))
        assert line == f"error: ASSISTANT_DATA_DIR: {data} is not writable"
    finally:
        data.chmod(0o755)


def test_invalid_utf8_in_arguments_and_stdin(small_knowledge: Path, tmp_path: Path) -> None:
    bad = b"\xff\xfe"
    completed = subprocess.run(
        [sys.executable, "-m", "assistant", "retrieve", bad + b" query"],
        capture_output=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert one_line_error(completed) == "error: QUERY: is not valid UTF-8"
    completed = run_cli(["review", "-", "--no-index"], stdin=b"Good copy " + bad, cwd=tmp_path)
    assert one_line_error(completed).startswith("error: <stdin>: not valid UTF-8 (byte 0xff")
    result = invoke(["chat"], stdin=b"caf\xe9?\n\n")
    assert "error: message: not valid UTF-8 (byte 0xe9 at offset 3)" in result.stderr
    assert result.exit_code == 0  # the conversation goes on after the bad line


@pytest.mark.parametrize(
    "target", ["a-folder", "missing-folder/brief.docx"], ids=["directory", "missing folder"]
)
def test_output_to_a_folder_or_a_missing_folder(
    indexed_knowledge: Path, tmp_path: Path, target: str
) -> None:
    (tmp_path / "a-folder").mkdir()
    args = ["brief", "--persona", "northbridge-3pl", "--format", "docx", "--output", target]
    result = invoke(args)
    assert_contract(result, args)
    assert result.exit_code == 2 and result.stderr.startswith("error: --output: ")


@pytest.mark.parametrize(
    ("budget", "cpl", "reason"),
    [
        ("1e308", "1e-308", "not an amount"),
        ("9" * 22, "0.0000000001", "buys more than 1,000,000,000,000 leads"),
        ("9" * 400, "120", "must be a positive amount"),  # inf once parsed
    ],
    ids=["exponents", "leads overflow", "400 digits"],
)
def test_overflowing_budget_and_cpl(
    indexed_knowledge: Path, budget: str, cpl: str, reason: str
) -> None:
    args = ["brief", "--persona", "northbridge-3pl", "--budget", budget, "--cpl", cpl]
    result = invoke(args)
    assert_contract(result, args)
    assert result.stderr.startswith("error: --budget: ") and reason in result.stderr


def test_usage_errors_are_one_line() -> None:
    cases = {
        ("retrieve", "--nope"): "error: assistant retrieve: No such option '--nope'.",
        ("frobnicate",): "error: assistant: No such command 'frobnicate'.",
        ("retrieve", "x", "--k", "abc"): "error: --k: 'abc' is not a valid integer.",
        ("history", "show"): "error: ID: missing",  # the usage line names it ID
    }
    for args, start in cases.items():
        result = invoke(list(args))
        assert result.exit_code == 2 and result.stderr.startswith(start), result.stderr
        assert len(result.stderr.splitlines()) == 1


def test_history_delete_of_an_unknown_id_is_exit_2() -> None:
    result = invoke(["history", "delete", "nope"])
    assert result.exit_code == 2
    assert result.stderr.strip() == "error: conversation: no conversation 'nope'"


# --------------------------------------------------------------- batch lines


def batch(command: list[str], lines: list[bytes]) -> list[dict[str, Any]]:
    result = invoke([*command, "--batch", "-"], stdin=b"\n".join(lines) + b"\n")
    assert_contract(result, command)
    assert result.exit_code == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_every_batch_line_gets_its_result_or_its_error(small_knowledge: Path) -> None:
    invoke(["ingest"])
    good = b'{"query": "supplier quotes", "k": 1}'
    lines = [
        b'{"query": 123}',
        b'{"query": ' + b"[" * 5000 + b"]" * 5000 + b"}",
        b'{"query": "buyer", "lang": "zz"}',
        b'{"query": "buyer", "k": "5"}',
        b'{"query": "buyer", "k": true}',
        b'{"query": "buyer", "k": 1000}',
        b'{"query": "buyer", "nope": 1}',
        b'{"query": "\\udcff"}',
        b'{"query": "buyer" ',
        b"[1, 2]",
        b"\xff\xfe",
        b'{"query": 1' + b"0" * 5000 + b"}",
        b'{"query": "   "}',
        good,
    ]
    outputs = batch(["retrieve"], lines)
    assert len(outputs) == len(lines)
    errors = [o.get("error", "") for o in outputs[:-1]]
    assert errors[0] == "line 1: query: must be text (a JSON string)"
    assert errors[1] == "line 2: invalid JSON (nested too deeply)"
    assert errors[2] == "line 3: lang: unknown language 'zz' (known: en, es, he)"
    assert errors[3] == "line 4: k: must be a whole number"
    assert errors[4] == "line 5: k: must be a whole number"
    assert errors[5] == "line 6: k: Input should be less than or equal to 100"
    assert errors[6] == "line 7: nope: unknown field (known: query, k, persona, lang)"
    assert errors[7] == "line 8: query: is not valid UTF-8"
    assert errors[8].startswith("line 9: invalid JSON (")
    assert errors[9] == "line 10: expected a JSON object with the fields query, k, persona, lang"
    assert errors[10] == "line 11: not valid UTF-8 (byte 0xff at offset 0)"
    assert errors[11].startswith("line 12: invalid JSON (")
    assert errors[12] == "line 13: query: is empty"
    assert outputs[-1]["hits"][0]["topic"] == "buying-center"


def test_a_batch_value_refused_as_an_option_is_refused_in_a_batch(small_knowledge: Path) -> None:
    option = invoke(["retrieve", "buyer", "--lang", "zz"])
    line = batch(["retrieve"], [b'{"query": "buyer", "lang": "zz"}'])[0]["error"]
    assert option.stderr.strip() == "error: --lang: unknown language 'zz' (known: en, es, he)"
    assert line == "line 1: lang: unknown language 'zz' (known: en, es, he)"
    option = invoke(["review", "-", "--channel", "fax", "--no-index"], stdin="Some copy.")
    line = batch(["review", "--no-index"], [b'{"text": "Some copy.", "channel": "fax"}'])[0]
    assert option.stderr.strip().removeprefix("error: --channel: ") == line["error"].removeprefix(
        "line 1: channel: "
    )


def test_batch_lines_for_every_batch_command(small_knowledge: Path, tmp_path: Path) -> None:
    invoke(["ingest"])
    mail = tmp_path / "mail.html"
    mail.write_text("<p>Hello</p>", encoding="utf-8")
    (tmp_path / "folder").mkdir()
    cases = {
        ("ask",): [b'{"question": ["a"]}', b'{"question": "What is a buyer?"}'],
        ("review", "--no-index"): [b'{"text": 5}', b'{"text": "Contact us today for more."}'],
        ("email-check",): [
            json.dumps({"path": str(tmp_path / "folder")}).encode(),
            json.dumps({"path": str(mail)}).encode(),
        ],
    }
    for command, lines in cases.items():
        outputs = batch(list(command), lines)
        assert len(outputs) == 2 and outputs[0]["error"].startswith("line 1: "), outputs
        assert "error" not in outputs[1], outputs[1]


def test_an_oversized_batch_line_is_skipped_without_holding_it(small_knowledge: Path) -> None:
    huge = b'{"text": "' + b"word " * 400_000 + b'"}'
    outputs = batch(["review", "--no-index"], [huge, b'{"text": "Contact us by 5 May."}'])
    assert outputs[0]["error"].startswith("line 1: ")
    assert "score" in outputs[1]


def test_review_of_5_mb_on_stdin_is_refused_without_reading_it_all() -> None:
    result = invoke(["review", "-", "--no-index"], stdin=b"Buyers compare suppliers. " * 200_000)
    assert_contract(result, ["review", "-"])
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "error: <stdin>: larger than 400,000 bytes "
        "(the limit is 100,000 characters, ASSISTANT_MAX_REVIEW_CHARS)"
    )
