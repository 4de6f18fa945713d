"""Docs that cannot drift: every `assistant` command in the README's examples runs as written."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

from click.testing import CliRunner

from assistant.cli import cli

README = Path(__file__).resolve().parent.parent / "README.md"


def readme_commands() -> list[str]:
    """Lines of ```bash blocks that run `assistant` (directly or fed by echo)."""
    blocks = re.findall(r"```bash\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
    commands = []
    for block in blocks:
        for line in block.splitlines():
            line = line.split("  #", 1)[0].strip()
            if line.startswith("assistant ") or re.match(r"echo .* \| assistant ", line):
                commands.append(line)
    return commands


def test_readme_shows_commands() -> None:
    assert len(readme_commands()) >= 5


def test_every_readme_command_runs(indexed_knowledge: Path) -> None:
    examples = README.parent / "docs" / "examples"  # sample exports the README segments
    shutil.copytree(examples, Path.cwd() / "docs" / "examples", dirs_exist_ok=True)
    runner = CliRunner()
    for line in readme_commands():
        stdin = None
        if line.startswith("echo "):
            echoed, line = line.split(" | ", 1)
            stdin = shlex.split(echoed)[1] + "\n"
        args = shlex.split(line)[1:]
        result = runner.invoke(cli, args, input=stdin)
        assert result.exit_code == 0, f"{line}\n{result.output}"
        assert result.stdout.strip(), line


ANSWERS_BLOCK = re.compile(r"<!-- answers:start -->\n(.*?)<!-- answers:end -->", re.S)


def readme_answers() -> list[tuple[str, str]]:
    """(command, printed answer) pairs of the README's example answers."""
    block = ANSWERS_BLOCK.search(README.read_text(encoding="utf-8"))
    assert block, "README has no answers block"
    pairs = re.findall(r"```console\n\$ (assistant ask .*?)\n(.*?)```", block.group(1), re.S)
    return [(command, output.rstrip("\n")) for command, output in pairs]


def test_readme_answers_are_what_the_code_answers(indexed_knowledge: Path) -> None:
    """The three example answers (en, es, he) are the current code's output, word for word
    (regenerate them with `python scripts/readme_answers.py`)."""
    pairs = readme_answers()
    assert len(pairs) == 3
    runner = CliRunner()
    for command, expected in pairs:
        result = runner.invoke(cli, shlex.split(command)[1:])
        assert result.exit_code == 0, command
        assert result.stdout.rstrip("\n") == expected, f"{command}\n{result.stdout}"


def test_the_configuration_table_lists_every_setting_with_its_default() -> None:
    """The README's variables are exactly the Settings fields, each default stated."""
    from assistant.config import Settings

    section = README.read_text(encoding="utf-8").split("## Configuration", 1)[1]
    table = section.split("| variable |", 1)[1].split("\n\n", 1)[0]
    rows = [line for line in table.splitlines() if line.startswith("| `")]
    documented: dict[str, str] = {}
    for row in rows:
        cells = [cell.strip() for cell in row.strip("|").split(" | ")]
        for name in re.findall(r"`([A-Z_]+)`", cells[0]):
            documented[name] = cells[-1]
    fields = {str(f.validation_alias): f for f in Settings.model_fields.values()}
    assert set(documented) == set(fields)
    for name, field in fields.items():
        default = field.default
        if isinstance(default, int | float) and not isinstance(default, bool):
            shown = f"{default:g}" if isinstance(default, float) else str(default)
            assert shown in documented[name].replace(",", ""), (name, documented[name])
