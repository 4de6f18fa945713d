"""The README's import map: every module of `assistant/` (and app.py) with the modules it
imports, read from the code, lowest layer first.

`tests/test_readme.py` fails when the map in the README differs from what this renders or when
the modules import each other in a circle; after moving an import run
`.venv/bin/python scripts/readme_architecture.py` from the repository root to rewrite the block
between `<!-- imports:start -->` and `<!-- imports:end -->`.

Every import counts, the lazy ones inside functions included (they keep `assistant --help`
fast, but they are still dependencies); type-only imports under `if TYPE_CHECKING:` do not.
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
README = REPO / "README.md"
BLOCK = re.compile(r"(<!-- imports:start -->\n```\n)(.*?)(```\n<!-- imports:end -->)", re.S)


def module_files() -> dict[str, Path]:
    """Module name (without the `assistant.` prefix) → file; the page is `app`. A package
    whose `__init__.py` holds nothing but a docstring is a folder, not a module."""
    files = {"app": REPO / "app.py"}
    for path in sorted((REPO / "assistant").rglob("*.py")):
        parts = path.relative_to(REPO / "assistant").with_suffix("").parts
        if parts[-1] == "__init__":
            body = ast.parse(path.read_text(encoding="utf-8")).body
            if all(isinstance(n, ast.Expr) and isinstance(n.value, ast.Constant) for n in body):
                continue
            parts = parts[:-1]
        files[".".join(parts) or "assistant"] = path
    return files


def type_only(tree: ast.Module) -> set[int]:
    """Ids of the nodes inside `if TYPE_CHECKING:` blocks."""
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped.update(id(child) for stmt in node.body for child in ast.walk(stmt))
    return skipped


def imports_of(name: str, path: Path, known: set[str]) -> set[str]:
    """The known modules this file imports (any depth, lazy ones included)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = type_only(tree)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = ("assistant." + package).strip(".").split(".")
                base = base[: len(base) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            targets = [f"{module}.{alias.name}" for alias in node.names]
        for target in targets:
            if not target.startswith("assistant"):
                continue
            short = target.removeprefix("assistant").lstrip(".") or "assistant"
            while short and short not in known:  # `assistant.x.Name` → `x`
                short = short.rpartition(".")[0]
            if short and short != name:
                found.add(short)
    return found


def graph() -> dict[str, list[str]]:
    files = module_files()
    known = set(files)
    return {name: sorted(imports_of(name, path, known)) for name, path in files.items()}


def cycles(edges: dict[str, list[str]]) -> list[list[str]]:
    """Every group of modules that import each other in a circle (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in edges.get(node, []):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    sys.setrecursionlimit(10_000)
    for node in edges:
        if node not in index:
            visit(node)
    return found


def layers(edges: dict[str, list[str]]) -> dict[str, int]:
    """0 for a module that imports none of ours, else one above its highest import."""
    depth: dict[str, int] = {}

    def layer(node: str) -> int:
        if node not in depth:
            depth[node] = 0  # a cycle (reported separately) must not recurse forever
            depth[node] = 1 + max((layer(d) for d in edges[node]), default=-1)
        return depth[node]

    for node in edges:
        layer(node)
    return depth


def rendered() -> str:
    """The block's text: one line per module, lowest layer first, then by name."""
    edges = graph()
    depth = layers(edges)
    width = max(len(name) for name in edges) + 2
    lines = [f"{'layer module'.ljust(width + 6)}imports"]
    for name in sorted(edges, key=lambda n: (depth[n], n)):
        imported = ", ".join(edges[name]) or "-"
        lines.append(f"{depth[name]:>5} {name.ljust(width)}{imported}")
    return "\n".join(lines) + "\n"


def documented(text: str) -> str | None:
    match = BLOCK.search(text)
    return match.group(2) if match else None


def main() -> int:
    edges = graph()
    for group in cycles(edges):
        print(f"import cycle: {' ⇄ '.join(group)}", file=sys.stderr)
    text = README.read_text(encoding="utf-8")
    if documented(text) is None:
        print("README has no <!-- imports:start --> block", file=sys.stderr)
        return 1
    README.write_text(BLOCK.sub(lambda m: m.group(1) + rendered() + m.group(3), text), "utf-8")
    return 1 if cycles(edges) else 0


if __name__ == "__main__":
    raise SystemExit(main())
