"""The README's command table, first column, rendered from the click commands themselves.

`tests/test_readme.py` fails when a row differs from what this renders; after changing a
command's options run `.venv/bin/python scripts/readme_cli.py` from the repository root to
rewrite the first column in place (the "what it does" column stays yours).

Notation: `[--opt V]` optional, `--opt V` required, `...` repeatable, `a|b` a choice (`\\|` in
the table). An argument is written bare: it is required unless `--batch` gives the input.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from pathlib import Path

import click

REPO = Path(__file__).resolve().parent.parent
README = REPO / "README.md"
ROW = re.compile(r"^\| `(assistant [^`]*)` \|(.*)$", re.M)


def commands(group: click.Group, path: str = "assistant") -> Iterator[tuple[str, click.Command]]:
    """Every leaf command with its full path, in definition order."""
    for name, command in group.commands.items():
        if command.hidden:
            continue
        if isinstance(command, click.Group):
            yield from commands(command, f"{path} {name}")
        else:
            yield f"{path} {name}", command


def value_of(option: click.Option) -> str:
    """What an option's value is called: its metavar, its choices, its default or its type."""
    if option.metavar:
        return option.metavar
    if isinstance(option.type, click.Choice):
        return "|".join(str(choice) for choice in option.type.choices)
    if isinstance(option.type, click.DateTime):
        return option.type.formats[0].replace("%Y", "YYYY").replace("%m", "MM").replace("%d", "DD")
    default = option.default
    if isinstance(default, int | float) and not isinstance(default, bool):
        return str(default)
    if isinstance(option.type, click.types.IntParamType | click.types.FloatParamType):
        return "N"
    if isinstance(option.type, click.Path):
        return "FILE"
    return (option.name or "VALUE").upper()


def usage(path: str, command: click.Command) -> str:
    """One command's line as the README's table shows it."""
    parts = [path]
    for param in command.params:
        if isinstance(param, click.Argument):
            parts.append(param.metavar or (param.name or "ARG").upper())
            continue
        if not isinstance(param, click.Option) or param.hidden:
            continue
        name = max(param.opts, key=len)
        text = name if param.is_flag else f"{name} {value_of(param)}"
        text = text if param.required else f"[{text}]"
        parts.append(f"{text}..." if param.multiple else text)
    return " ".join(parts)


def rendered() -> dict[str, str]:
    from assistant.cli import cli

    return {path: usage(path, command) for path, command in commands(cli)}


def documented(text: str) -> dict[str, str]:
    """The table's first column, keyed by command path (pipes unescaped)."""
    paths = rendered()
    found: dict[str, str] = {}
    for match in ROW.finditer(text):
        line = match.group(1).replace("\\|", "|")
        path = max((p for p in paths if line == p or line.startswith(f"{p} ")), key=len, default="")
        found[path or line] = line
    return found


def main() -> int:
    text = README.read_text(encoding="utf-8")
    lines = rendered()
    missing = set(lines) - set(documented(text))

    def rewrite(match: re.Match[str]) -> str:
        line = match.group(1).replace("\\|", "|")
        path = max((p for p in lines if line == p or line.startswith(f"{p} ")), key=len, default="")
        if not path:
            return match.group(0)
        return f"| `{lines[path].replace('|', chr(92) + '|')}` |{match.group(2)}"

    README.write_text(ROW.sub(rewrite, text), encoding="utf-8")
    for path in sorted(missing):
        print(f"add a row for `{lines[path]}` to the README's command table", file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.path.insert(0, str(REPO))
    raise SystemExit(main())
