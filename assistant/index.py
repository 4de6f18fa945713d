"""The vector store (embedded or server Chroma) and incremental sync of the knowledge folder.

The store is the source of truth: every chunk carries its file's sha256, so any process (and
any page instance sharing a Chroma server) can tell what is indexed. A local snapshot of that
(`index_snapshot.json`) saves reading every chunk's metadata back on a re-sync; it is used only
while the store's revision is the one it was taken at. An ingest that writes marks the
revision dirty first, so a crash mid-write can never leave a snapshot that looks current.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from pydantic import BaseModel, Field

from assistant.config import Settings
from assistant.errors import NoIndexError, StoreError
from assistant.knowledge import Chunk, LoadedFile, load_file, scan
from assistant.llm import embeddings_name, make_embeddings
from assistant.text import printable

WRITE_BATCH = 256  # chunks per store write
EMBED_BATCH = 16  # chunks per model call: the progress bar moves after each
GET_PAGE = 5000


class IngestError(BaseModel):
    """One file's problem: `code` says what kind (see KnowledgeError); `truncated` files are
    indexed without what a limit left out, every other code means the file is not (re)indexed."""

    path: str
    message: str
    code: str = "unreadable"


class IngestReport(BaseModel):
    """What `assistant ingest` prints: the contract's counts plus per-file errors."""

    added: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0
    chunks: int = 0
    errors: list[IngestError] = Field(default_factory=list)


def collection_name(settings: Settings) -> str:
    """One collection per embedding model, so switching models never mixes vector spaces."""
    slug = re.sub(r"[^a-zA-Z0-9._-]+", "-", embeddings_name(settings)).strip("-._")
    return f"knowledge-{slug}"[:500]


def make_client(settings: Settings) -> Any:
    """An embedded persistent Chroma under the data dir, or a Chroma server when configured."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    if settings.uses_chroma_server:
        try:
            token = settings.chroma_token
            return chromadb.HttpClient(
                host=settings.chroma_host,
                port=settings.chroma_port,
                ssl=settings.chroma_ssl,
                headers={"x-chroma-token": token.get_secret_value()} if token else None,
                tenant=settings.chroma_tenant,
                database=settings.chroma_database,
                settings=chroma_settings,
            )
        except (ValueError, ConnectionError, OSError) as error:
            raise StoreError(
                f"Chroma server at {settings.chroma_host}:{settings.chroma_port} is unreachable "
                f"({type(error).__name__}); start it or unset CHROMA_HOST"
            ) from None
    path = settings.data_dir / "chroma"
    path.mkdir(parents=True, exist_ok=True)
    try:
        return chromadb.PersistentClient(path=str(path), settings=chroma_settings)
    except Exception as error:  # chromadb raises bare Exceptions for a damaged store
        raise damaged(path, error) from None


def damaged(path: Path, error: Exception) -> DamagedStore:
    """The embedded store cannot be opened: say how a plain ingest repairs it."""
    reason = " ".join(str(error).split())[:200] or type(error).__name__
    return DamagedStore(
        reason,
        f"index at {path} cannot be opened ({reason}); run `assistant ingest` to repair it "
        f"(it reopens the index, or moves the damaged one aside to {path.name}{DAMAGED} and "
        "re-indexes the knowledge folder; documents and chat history are not touched)",
    )


class DamagedStore(StoreError):
    """The embedded store's files cannot be opened; `reason` is Chroma's, in one line."""

    def __init__(self, reason: str, message: str) -> None:
        self.reason = reason
        super().__init__(message)


def forget_embedded_state(settings: Settings) -> None:
    """Drop this process's cached Chroma state for the embedded store, so the next client reads
    the files again. A process that opened the store while another process was writing it can
    keep failing with "Nothing found on disk" after the writer is done; every client of the
    same folder then shares the fresh state."""
    from chromadb.api.shared_system_client import SharedSystemClient

    systems = getattr(SharedSystemClient, "_identifier_to_system", None)
    if isinstance(systems, dict):
        systems.pop(str(settings.data_dir / "chroma"), None)
    else:  # pragma: no cover - another chromadb layout: forget every store
        SharedSystemClient.clear_system_cache()


def store_error(settings: Settings, error: Exception) -> StoreError:
    where = (
        f"Chroma server {settings.chroma_host}:{settings.chroma_port}"
        if settings.uses_chroma_server
        else f"index at {settings.data_dir / 'chroma'}"
    )
    return StoreError(f"{where} failed: {type(error).__name__}: {error}".splitlines()[0][:300])


@dataclass
class Store:
    """A Chroma collection plus the embedding model that fills and queries it."""

    settings: Settings
    client: Any
    collection: Any

    @classmethod
    def open(cls, settings: Settings, create: bool = True) -> Store:
        client = make_client(settings)
        name = collection_name(settings)
        try:
            if create:
                collection = client.get_or_create_collection(
                    name,
                    configuration={"hnsw": {"space": "cosine"}},
                    embedding_function=None,
                    metadata={"revision": "empty"},
                )
            else:
                collection = client.get_collection(name, embedding_function=None)
        except StoreError:
            raise
        except Exception as error:  # NotFoundError, connection errors, a damaged sqlite file
            if not create and "does not exist" in str(error).lower():
                raise NoIndexError("no index yet: run `assistant ingest` first") from None
            if not settings.uses_chroma_server:
                raise damaged(settings.data_dir / "chroma", error) from None
            raise store_error(settings, error) from None
        return cls(settings=settings, client=client, collection=collection)

    @property
    def revision(self) -> str:
        """Changes whenever the contents change: caches (BM25) compare it to know they are stale."""
        try:
            fresh = self.client.get_collection(self.collection.name, embedding_function=None)
        except Exception as error:  # server gone, store damaged
            raise store_error(self.settings, error) from None
        return str((fresh.metadata or {}).get("revision", ""))

    def bump_revision(self, prefix: str = "") -> str:
        revision = prefix + uuid.uuid4().hex
        self.collection.modify(metadata={"revision": revision})
        return revision

    def count(self) -> int:
        try:
            return self.collection.count()
        except Exception as error:
            raise store_error(self.settings, error) from None

    def all_records(self, include_documents: bool = False) -> list[tuple[str, str, dict]]:
        """(id, document, metadata) of every chunk, paged so large stores stay in bounds."""
        include = ["metadatas", "documents"] if include_documents else ["metadatas"]
        records: list[tuple[str, str, dict]] = []
        offset = 0
        try:
            while True:
                page = self.collection.get(include=include, limit=GET_PAGE, offset=offset)
                ids = page["ids"]
                if not ids:
                    break
                documents = page.get("documents") or [""] * len(ids)
                records.extend(zip(ids, documents, page["metadatas"], strict=True))
                offset += len(ids)
                if len(ids) < GET_PAGE:
                    break
        except Exception as error:
            raise store_error(self.settings, error) from None
        return records

    def upsert(
        self, chunks: list[Chunk], progress: Callable[[int, int], None] | None = None
    ) -> None:
        """Write chunks with their vectors: shipped vectors where the text is known, the model
        for the rest, in small batches so `progress(done, total)` moves as the model works."""
        from assistant.bundled_embeddings import bundled_vectors

        bundle = bundled_vectors(self.settings)
        total = 0
        for start in range(0, len(chunks), WRITE_BATCH):
            batch = chunks[start : start + WRITE_BATCH]
            texts = [embedding_text(chunk) for chunk in batch]
            total += sum(vector is None for vector in bundle.lookup(texts))
        if progress and total:
            progress(0, total)
        embeddings = None
        done = 0
        for start in range(0, len(chunks), WRITE_BATCH):
            batch = chunks[start : start + WRITE_BATCH]
            texts = [embedding_text(chunk) for chunk in batch]
            vectors: list[Any] = bundle.lookup(texts)
            # Similar lengths together: padding is the model's main waste on short batches.
            todo = sorted(
                (i for i, v in enumerate(vectors) if v is None), key=lambda i: len(texts[i])
            )
            for first in range(0, len(todo), EMBED_BATCH):
                part = todo[first : first + EMBED_BATCH]
                embeddings = embeddings or make_embeddings(self.settings)
                for i, vector in zip(
                    part, embeddings.embed_documents([texts[i] for i in part]), strict=True
                ):
                    vectors[i] = vector
                done += len(part)
                if progress:
                    progress(done, total)
            try:
                self.collection.upsert(
                    ids=[chunk.id for chunk in batch],
                    embeddings=[np.asarray(vector, dtype=np.float32) for vector in vectors],
                    documents=[chunk.text for chunk in batch],
                    metadatas=[chunk.metadata() for chunk in batch],
                )
            except Exception as error:
                raise store_error(self.settings, error) from None

    def delete(self, ids: list[str]) -> None:
        for start in range(0, len(ids), GET_PAGE):
            try:
                self.collection.delete(ids=ids[start : start + GET_PAGE])
            except Exception as error:
                raise store_error(self.settings, error) from None


def embedding_text(chunk: Chunk) -> str:
    """Title and section give a short passage the context its words alone lack."""
    heading = " — ".join(part for part in (chunk.title, chunk.section) if part)
    body = chunk.text
    if chunk.section and body.startswith(chunk.section):
        body = body[len(chunk.section) :].lstrip()
    return f"{heading}\n{body}" if heading else body


Indexed = dict[str, tuple[set[str], list[str]]]
SNAPSHOT = "index_snapshot.json"
DIRTY = "dirty-"


def indexed_files(store: Store) -> Indexed:
    """source -> (file hashes seen on its chunks, chunk ids); more than one hash = torn write.

    From the snapshot when it was taken at the store's current revision, else from the store.
    """
    revision = store.revision
    snapshot = read_snapshot(store.settings, revision)
    if snapshot is not None:
        return snapshot
    files: Indexed = {}
    for chunk_id, _, metadata in store.all_records():
        hashes, ids = files.setdefault(str(metadata.get("source", "")), (set(), []))
        hashes.add(str(metadata.get("file_hash", "")))
        ids.append(chunk_id)
    if not revision.startswith(DIRTY):
        write_snapshot(store.settings, revision, files)
    return files


def snapshot_path(settings: Settings) -> Path:
    return settings.data_dir / f"{collection_name(settings)}.{SNAPSHOT}"


def read_snapshot(settings: Settings, revision: str) -> Indexed | None:
    try:
        payload = json.loads(snapshot_path(settings).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if revision.startswith(DIRTY) or payload.get("revision") != revision:
        return None
    return {source: (set(hashes), ids) for source, (hashes, ids) in payload["files"].items()}


def write_snapshot(settings: Settings, revision: str, files: Indexed) -> None:
    """Written to a temporary file and renamed, so a reader never sees half a snapshot."""
    payload = {
        "revision": revision,
        "files": {source: [sorted(hashes), ids] for source, (hashes, ids) in files.items()},
    }
    path = snapshot_path(settings)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    partial.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
    partial.replace(path)


def ingest_lock(settings: Settings) -> Any:
    from filelock import FileLock

    settings.data_dir.mkdir(parents=True, exist_ok=True)
    return FileLock(str(settings.data_dir / "ingest.lock"))


def ingest_running(settings: Settings) -> bool:
    """Whether an ingest holds the lock right now (in this data dir)."""
    from filelock import Timeout

    lock = ingest_lock(settings)
    try:
        lock.acquire(timeout=0)
    except Timeout:
        return True
    except OSError:  # a read-only data dir: no ingest can be running in it
        return False
    lock.release()
    return False


def not_ready_message(settings: Settings, dirty: bool) -> str:
    """Why there is nothing to search, in one line: being built, interrupted, or empty."""
    if ingest_running(settings):
        return "the index is being built (an ingest is running): try again when it finishes"
    if dirty:
        return (
            "the index is incomplete (an ingest stopped before it finished): run "
            "`assistant ingest` (or Reindex on the Knowledge page) to finish it"
        )
    return (
        "the index is empty: add documents to the knowledge folder, then run "
        "`assistant ingest` (or Reindex on the Knowledge page)"
    )


def ingest(
    settings: Settings,
    rebuild: bool = False,
    progress: Callable[[str, int, int], None] | None = None,
) -> IngestReport:
    """Sync the index with the knowledge folder: skip unchanged files, replace changed, drop gone.

    A file that fails to load keeps whatever chunks it had, so bad input never loses the index.
    Ingests are serialised by a lock file in the data dir.
    """
    from filelock import Timeout

    lock = ingest_lock(settings)
    try:
        lock.acquire(timeout=600)
    except Timeout:
        raise StoreError("another ingest has held the lock for 10 minutes; try again") from None
    try:
        report = _ingest_locked(settings, rebuild, progress)
        save_last_report(settings, report)
        return report
    finally:
        lock.release()


LAST_REPORT = "last_ingest.json"


def save_last_report(settings: Settings, report: IngestReport) -> None:
    """The last ingest's report, so the Knowledge page lists its problems whoever ran it."""
    path = settings.data_dir / LAST_REPORT
    partial = path.with_suffix(".partial")
    partial.write_text(report.model_dump_json(), encoding="utf-8")
    partial.replace(path)


def last_report(settings: Settings) -> IngestReport | None:
    """The last ingest's report, or None (never ingested here, or the file is unreadable)."""
    from pydantic import ValidationError

    try:
        text = (settings.data_dir / LAST_REPORT).read_text(encoding="utf-8")
        return IngestReport.model_validate_json(text)
    except (OSError, ValueError, ValidationError):
        return None


def _ingest_locked(
    settings: Settings, rebuild: bool, progress: Callable[[str, int, int], None] | None
) -> IngestReport:
    found = scan(settings.knowledge_dir)
    files = found.files
    if rebuild:
        reset_collection(settings)
    store, repaired = open_or_repair(settings)
    report = IngestReport(
        errors=repaired
        + [IngestError(path=e.path, message=e.reason, code=e.code) for e in found.errors]
    )
    indexed = indexed_files(store)
    kept: Indexed = {}  # what stays as it is: the snapshot after this ingest, with what it writes
    max_bytes = settings.max_file_bytes

    to_write: list[tuple[LoadedFile, list[str]]] = []
    for position, file in enumerate(files, start=1):
        if progress:
            progress("read", position, len(files))
        loaded = load_file(file, max_bytes)
        old_hashes, old_ids = indexed.pop(file.source, (set(), []))
        if loaded.error is not None:
            report.errors.append(
                IngestError(
                    path=printable(file.source),
                    message=loaded.error.reason,
                    code=loaded.error.code,
                )
            )
            if old_ids:
                kept[file.source] = (old_hashes, old_ids)
            continue
        report.errors.extend(
            IngestError(path=printable(file.source), message=note, code="truncated")
            for note in loaded.notes
        )
        # Same content and every chunk present: a crash mid-file leaves fewer ids than chunks.
        if old_hashes == {loaded.file_hash} and len(old_ids) == len(loaded.chunks):
            report.unchanged += 1
            kept[file.source] = (old_hashes, old_ids)
            continue
        if old_ids:
            report.updated += 1
        else:
            report.added += 1
        to_write.append((loaded, old_ids))

    new_chunks = [chunk for loaded, _ in to_write for chunk in loaded.chunks]

    def advance(done: int, total: int) -> None:
        if progress:
            progress("embed", done, total)

    stale: list[str] = []
    for loaded, old_ids in to_write:
        fresh = {chunk.id for chunk in loaded.chunks}
        stale.extend(chunk_id for chunk_id in old_ids if chunk_id not in fresh)
    gone_sources = [source for source in indexed if source]
    for source in gone_sources:
        stale.extend(indexed[source][1])
    report.deleted = len(gone_sources)
    if new_chunks or stale or rebuild or store.revision.startswith(DIRTY):
        store.bump_revision(DIRTY)  # until the final bump, no snapshot can pass for current
        # Upsert first, delete after: a crash in between leaves extra chunks, never missing ones.
        store.upsert(new_chunks, progress=advance)
        store.delete(stale)
        revision = store.bump_revision()
        for loaded, _ in to_write:
            kept[loaded.file.source] = ({loaded.file_hash}, [c.id for c in loaded.chunks])
        write_snapshot(settings, revision, kept)
    report.chunks = store.count()
    return report


DAMAGED = ".damaged"


def open_or_repair(settings: Settings) -> tuple[Store, list[IngestError]]:
    """Open the store for an ingest; an embedded store that cannot be opened is repaired
    without deleting anything: reopened with Chroma's cached state cleared, else moved aside
    (`chroma.damaged`, replacing an older damaged copy) and rebuilt from the knowledge folder."""
    try:
        return Store.open(settings), []
    except DamagedStore:
        pass
    from chromadb.api.shared_system_client import SharedSystemClient

    SharedSystemClient.clear_system_cache()
    try:
        return Store.open(settings), []
    except DamagedStore as error:
        if any(word in error.reason.lower() for word in ("locked", "busy")):
            raise  # another process is writing: the store is fine, only busy
        reason = error.reason
    folder = settings.data_dir / "chroma"
    aside = folder.with_name(folder.name + DAMAGED)
    import shutil

    if aside.exists():
        shutil.rmtree(aside)
    folder.rename(aside)
    SharedSystemClient.clear_system_cache()
    store = Store.open(settings)
    note = IngestError(
        path="index",
        message=(
            f"the index could not be opened ({reason}); the damaged copy was moved to "
            f"{aside.name} and the index was rebuilt from the knowledge folder"
        ),
        code="index-repaired",
    )
    return store, [note]


def reset_collection(settings: Settings) -> None:
    """Drop the knowledge collection (never chat history, which lives elsewhere).

    An embedded store too damaged to open is removed from disk: it only ever holds the index.
    """
    try:
        client = make_client(settings)
        client.delete_collection(collection_name(settings))
        return
    except StoreError:
        if settings.uses_chroma_server:
            raise
    except Exception as error:  # NotFoundError when absent; anything else is damage
        message = str(error).lower()
        if "does not exist" in message or "not found" in message:
            return
        if settings.uses_chroma_server:
            raise store_error(settings, error) from None
    import shutil

    from chromadb.api.shared_system_client import SharedSystemClient

    SharedSystemClient.clear_system_cache()
    shutil.rmtree(settings.data_dir / "chroma", ignore_errors=True)


def index_status(settings: Settings) -> dict[str, Any]:
    """Which sources are indexed, how many chunks each, for the knowledge view."""
    files = indexed_files(Store.open(settings))
    counts = {source: len(ids) for source, (_, ids) in files.items()}
    return {"chunks": sum(counts.values()), "sources": counts}
