"""Docs that cannot drift: every `assistant` command in the README's examples runs as written."""

from __future__ import annotations

import importlib.util
import re
import shlex
import shutil
from pathlib import Path
from types import ModuleType

import click
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


def script(name: str) -> ModuleType:
    """A README renderer of scripts/ (readme_cli: the command table's first column;
    readme_architecture: the import map)."""
    path = README.parent / "scripts" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_command_table_is_what_the_click_commands_render() -> None:
    """One row per command, each exactly its rendered usage: every argument and option (a new
    option fails here until `python scripts/readme_cli.py` rewrites the first column)."""
    renderer = script("readme_cli")
    rendered = renderer.rendered()
    documented = renderer.documented(README.read_text(encoding="utf-8"))
    assert set(documented) == set(rendered), "rows missing or unknown: run scripts/readme_cli.py"
    for path, line in rendered.items():
        assert documented[path] == line, f"run scripts/readme_cli.py: {path}"
    for path, command in renderer.commands(cli):
        for param in command.params:
            if isinstance(param, click.Option) and not param.hidden:
                assert f"{max(param.opts, key=len)}" in documented[path], (path, param.opts)


def test_the_import_map_is_the_code_and_has_no_cycle() -> None:
    """The architecture's "who imports whom" block is what the code imports (rerun
    `python scripts/readme_architecture.py` after moving an import), and no modules import
    each other in a circle, lazily or not."""
    architecture = script("readme_architecture")
    edges = architecture.graph()
    assert architecture.cycles(edges) == []
    depth = architecture.layers(edges)
    assert all(depth[name] > depth[other] for name in edges for other in edges[name])
    shown = architecture.documented(README.read_text(encoding="utf-8"))
    assert shown == architecture.rendered(), "run scripts/readme_architecture.py"


def test_the_architecture_describes_every_module() -> None:
    """Each module of assistant/ has its line (or its folder's) in the architecture drawing."""
    architecture = script("readme_architecture")
    section = README.read_text(encoding="utf-8").split("## Architecture", 1)[1]
    drawing = section.split("```", 2)[1]
    for name, path in architecture.module_files().items():
        folder = path.parent.name + "/"
        assert path.name in drawing or folder in drawing, name
