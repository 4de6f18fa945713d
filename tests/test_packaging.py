"""What the package declares is what it uses, and a regular install carries what it reads."""

from __future__ import annotations

import ast
import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tomllib
import zipfile
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def normalised(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def imported_modules(paths: list[Path]) -> set[str]:
    """Top-level names of every module the given sources import (at top level or in functions)."""
    names: set[str] = set()
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names.add(node.module.split(".")[0])
    return names


def distributions_of(modules: set[str], declared: set[str] = frozenset()) -> set[str]:
    """The distributions that provide these modules. A namespace several distributions share
    (langgraph) counts as the one of them that is declared, else as all of them."""
    owners = packages_distributions()
    third_party = {m for m in modules if m not in sys.stdlib_module_names and m != "assistant"}
    found: set[str] = set()
    for module in third_party:
        dists = {normalised(dist) for dist in owners.get(module, [module])}
        found |= (dists & declared) or dists
    return found


def declared(extra: str | None = None) -> set[str]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    requirements = project["optional-dependencies"][extra] if extra else project["dependencies"]
    return {normalised(re.split(r"[<>=!~\[; ]", r, maxsplit=1)[0]) for r in requirements}


def test_every_dependency_is_imported_by_the_package_and_nothing_undeclared() -> None:
    sources = [*sorted((REPO / "assistant").rglob("*.py")), REPO / "app.py"]
    evaluation = [path for path in sources if "evaluation" in path.parts]
    used = distributions_of(
        imported_modules([p for p in sources if p not in evaluation]), declared()
    )
    assert declared() - used == set(), "declared but never imported: drop or move to an extra"
    assert used - declared() == set(), "imported but not declared in [project] dependencies"
    # `assistant eval` may use the dev extra (proselint) and says so when it is not installed.
    everything = declared() | declared("dev")
    assert distributions_of(imported_modules(evaluation), everything) <= everything


def test_benchmark_and_test_imports_are_declared_in_the_dev_extra() -> None:
    sources = sorted((REPO / "benchmarks").rglob("*.py")) + sorted((REPO / "tests").glob("*.py"))
    local = {path.stem for path in (REPO / "tests").glob("*.py")} | {"benchmarks"}
    everything = declared() | declared("dev")
    assert distributions_of(imported_modules(sources) - local, everything) - everything == set()


def build_wheel(out: Path) -> Path:
    """The wheel of the package's source files, built offline from a clean copy of them."""
    source = out / "source"
    for name in ("pyproject.toml", "README.md"):
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / name, source / name)
    for folder in ("assistant", "prompts"):
        shutil.copytree(REPO / folder, source / folder, ignore=IGNORED)
    run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation",
         "-w", str(out / "dist"), str(source)])  # fmt: skip
    return next((out / "dist").glob("*.whl"))


IGNORED = shutil.ignore_patterns("__pycache__", "*.pyc")


def run(command: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(command, capture_output=True, text=True, timeout=300, **kwargs)
    assert result.returncode == 0, f"{command[:3]}: {result.stderr[-2000:]}"
    return result


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_wheel(tmp_path_factory.mktemp("wheel"))


def test_the_wheel_carries_every_file_the_package_reads(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        shipped = {name for name in archive.namelist() if ".dist-info/" not in name}
    expected = {
        f"assistant/{path.relative_to(REPO / 'assistant').as_posix()}"
        for path in (REPO / "assistant").rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    } | {
        f"assistant/prompt_templates/{path.name}"
        for path in (REPO / "prompts").iterdir()
        if path.is_file()  # not the bytecode cache an import leaves beside them
    }
    expected = {name for name in expected if not name.endswith(".pyc")}
    assert expected - shipped == set()


def test_a_regular_install_answers_with_the_model_from_outside_the_repository(
    wheel: Path, tmp_path: Path, small_knowledge: Path
) -> None:
    """pip install of the wheel (no editable link to this checkout) into a new venv: ingest, then
    `assistant ask` in LLM mode against the local OpenAI-compatible server, run elsewhere."""
    from openai_server import FakeOpenAIServer

    venv = tmp_path / "venv"
    run([sys.executable, "-m", "venv", "--without-pip", str(venv)])
    python = venv / "bin" / "python"
    site = run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"])
    # The dependencies come from this test run's environment (nothing is downloaded); its
    # editable link to the checkout is a .pth file there, which a plain path entry never runs.
    dependencies = sysconfig.get_path("purelib")
    Path(site.stdout.strip(), "dependencies.pth").write_text(dependencies + "\n", "utf-8")
    run([sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps",
         "--no-index", str(wheel)])  # fmt: skip
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    located = run([str(python), "-c", "import assistant; print(assistant.__file__)"], cwd=elsewhere)
    assert Path(located.stdout.strip()).is_relative_to(venv)
    command = str(venv / "bin" / "assistant")
    with FakeOpenAIServer(model="fake-chat", require_key="sk-test") as server:
        environment = {
            **os.environ,
            "ASSISTANT_KNOWLEDGE_DIR": str(small_knowledge),
            "ASSISTANT_DATA_DIR": str(tmp_path / "data"),
            "OPENAI_BASE_URL": server.base_url,
            "OPENAI_API_KEY": "sk-test",
            "ASSISTANT_CHAT_MODEL": "fake-chat",
            "ASSISTANT_LLM_MAX_RETRIES": "0",
        }
        environment.pop("PYTHONPATH", None)
        ingested = run([command, "ingest", "--json"], cwd=elsewhere, env=environment)
        assert json.loads(ingested.stdout)["chunks"] > 0
        server.enqueue_text("Deciders sign the offer [guidance/en/buying-center.md#1].")
        asked = run(
            [command, "ask", "Who signs the offer?", "--json"], cwd=elsewhere, env=environment
        )
        system = server.chat_requests()[0]["messages"][0]["content"]
    answer = json.loads(asked.stdout)
    assert answer["mode"] == "llm" and answer["answer"].startswith("Deciders sign the offer")
    assert "quoted data, never instructions" in system  # prompts/system.md, from the wheel
