"""Every test runs isolated: temp data dir, temp knowledge folder, no keys, no network."""

from __future__ import annotations

import importlib
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parent.parent

ISOLATED_ENV = (
    "OPENAI_API_KEY",
    "OPENAI_BASE_URL",
    "OPENAI_API_BASE",
    "LANGSMITH_GATEWAY",
    "LANGSMITH_API_KEY",
    "ASSISTANT_CHAT_MODEL",
    "ASSISTANT_EMBEDDINGS",
    "CHROMA_HOST",
    "CHROMA_PORT",
)


# The heaviest modules first (seconds per module measured with `--durations=0`: browsers,
# servers, child processes, the page in every view). `make test` hands whole modules to its two
# workers in collection order (`--dist loadscope --no-loadscope-reorder`), so the long ones
# start at once and the short ones fill the gaps at the end; xdist's default order (most tests
# first) left the browser modules, with few tests each, running alone at the end.
HEAVY_FIRST = (
    "test_hostile_inputs.py",
    "test_e2e.py",
    "test_app.py",
    "test_answers.py",
    "test_cli_contract.py",
    "test_chat.py",
    "test_llm_limits.py",
    "test_planner.py",
    "test_failures.py",
    "test_page_languages.py",
    "test_page_shutdown.py",
    "test_packaging.py",
    "test_chroma_server.py",
)


# On a fresh clone nothing is compiled yet (pip installs without bytecode) and both workers
# collect the same modules in the same order, so both compile the same ~1,600 files of the
# stack at once. Starting each worker on a different half lets each find the other's half
# compiled: measured with two cold processes, 15 s of CPU instead of 19 s, 33 s wall instead
# of 41 s under load. Everything here is imported by the test modules anyway.
WARM_FIRST = {
    "gw0": ("streamlit.testing.v1", "pandas", "pyarrow"),
    "gw1": ("chromadb", "langchain_openai", "langgraph", "onnxruntime", "playwright.sync_api"),
}


def pytest_configure(config: pytest.Config) -> None:
    for module in WARM_FIRST.get(os.environ.get("PYTEST_XDIST_WORKER", ""), ()):
        importlib.import_module(module)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Order modules heaviest first (a stable sort: each module's tests keep their order)."""
    rank = {name: number for number, name in enumerate(HEAVY_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))


@pytest.fixture(scope="session", autouse=True)
def one_component_scan() -> Iterator[None]:
    """Streamlit's AppTest looks for installed page components on every new page: it parses
    the metadata of all ~500 installed distributions (0.3 s of CPU and a second or two of
    wall time each, ~100 pages in the suite). Nothing is installed during a run, so each
    worker scans once and every page gets the same answer."""
    from streamlit.components.v2 import manifest_scanner

    original = manifest_scanner.scan_component_manifests
    found: list[Any] = []

    def scan_once(max_workers: int | None = None) -> list[Any]:
        if not found:
            found.append(original(max_workers))
        return list(found[0])

    manifest_scanner.scan_component_manifests = scan_once
    yield
    manifest_scanner.scan_component_manifests = original


@pytest.fixture(autouse=True)
def isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the product at throwaway folders; run from tmp so no stray .env is read."""
    for name in ISOLATED_ENV:
        monkeypatch.delenv(name, raising=False)
    data_dir = tmp_path / "data"
    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(data_dir))
    monkeypatch.setenv("ASSISTANT_KNOWLEDGE_DIR", str(tmp_path / "knowledge"))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("ANONYMIZED_TELEMETRY", "False")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def knowledge_dir(tmp_path: Path) -> Path:
    """A writable copy of the bundled knowledge pack."""
    target = tmp_path / "knowledge"
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(REPO / "knowledge", target)
    return target


@pytest.fixture
def small_knowledge(tmp_path: Path) -> Path:
    """A tiny knowledge folder: two guidance files in two languages and one persona."""
    root = tmp_path / "knowledge"
    (root / "guidance" / "en").mkdir(parents=True, exist_ok=True)
    (root / "guidance" / "es").mkdir(parents=True, exist_ok=True)
    (root / "personas").mkdir(parents=True, exist_ok=True)
    (root / "guidance" / "en" / "buying-center.md").write_text(
        "---\ntopic: buying-center\nlanguage: en\ntitle: The buying center\nsource: test\n"
        "practice: Our guidance\n---\n"
        "# The buying center\n\n## Roles\n\nPrescribers write the specification; buyers compare "
        "suppliers and collect quotes; deciders sign the offer.\n\n"
        "## Our guidance: the filter\n\nThe filter is the gatekeeper who decides which vendor "
        "email reaches the team. Keep it short and relevant.\n",
        encoding="utf-8",
    )
    (root / "guidance" / "es" / "email-html.md").write_text(
        "---\ntopic: email-html\nlanguage: es\ntitle: HTML básico\nsource: prueba\n---\n"
        "# HTML básico\n\n## Clientes de correo lentos\n\nLos departamentos de TI actualizan el "
        "software de correo con retraso, así que conviene usar tablas y HTML sencillo.\n",
        encoding="utf-8",
    )
    (root / "personas" / "tiny-co.yaml").write_text(
        "id: tiny-co\ncompany: Tiny Co\nindustry: Logistics\nsize: 20 employees\nregion: EU\n"
        "language: en\nsegment: small-logistics\npurchase:\n  type: new\n  strategic: false\n"
        "  offering: Route planning SaaS\nbuying_center:\n"
        "  - role: buyer\n    title: Purchasing lead\n"
        "    goals: [lower freight cost per pallet]\n    pains: [quotes arrive late]\n"
        "    objections: [switching cost]\n    channels: [email]\n",
        encoding="utf-8",
    )
    return root


@pytest.fixture(scope="session")
def indexed_template(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Path:
    """The bundled pack ingested once per run; tests get copies. Under xdist the first worker
    that needs it builds it (the others wait on a file lock and reuse it): embedding and the
    BM25 build cost seconds of CPU each time."""
    from filelock import FileLock

    if worker_id == "master":  # no xdist: this process is the only one
        return _build_indexed(tmp_path_factory.mktemp("indexed"))
    shared = tmp_path_factory.getbasetemp().parent  # the run's folder, common to all workers
    root = shared / "indexed"
    with FileLock(str(shared / "indexed.lock")):
        if not (root / "ready").is_file():
            if root.exists():
                shutil.rmtree(root)  # a worker died mid-build
            _build_indexed(root)
            (root / "ready").touch()
    return root


def _build_indexed(root: Path) -> Path:
    from assistant.config import Settings
    from assistant.index import ingest
    from assistant.retrieval import Retriever

    shutil.copytree(REPO / "knowledge", root / "knowledge")
    settings = Settings(knowledge_dir=root / "knowledge", data_dir=root / "data")
    report = ingest(settings)
    assert not report.errors, report.errors
    Retriever(settings).lexical()  # build the BM25 cache into the template too
    return root


@pytest.fixture
def indexed_knowledge(indexed_template: Path, tmp_path: Path) -> Path:
    """A private copy of the indexed bundled pack: knowledge folder and data dir."""
    for name in ("knowledge", "data"):
        target = tmp_path / name
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(indexed_template / name, target)
    return tmp_path / "knowledge"


@pytest.fixture
def engine(indexed_knowledge: Path) -> Any:
    """The offline chat engine over a private copy of the indexed bundled pack (imported here,
    like every fixture's use of the library, after the test environment is set)."""
    from assistant.chat import ChatEngine
    from assistant.config import load_settings

    return ChatEngine(load_settings())
