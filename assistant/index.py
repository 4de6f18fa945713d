"""The vector store (embedded or server Chroma) and incremental sync of the knowledge folder.

The store is the source of truth: every chunk carries its file's sha256, so any process (and
any page instance sharing a Chroma server) can tell what is indexed without a local manifest.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from assistant.config import Settings
from assistant.errors import StoreError
from assistant.knowledge import Chunk, LoadedFile, discover, load_file
from assistant.llm import embeddings_name, make_embeddings

EMBED_BATCH = 256
GET_PAGE = 5000


class IngestError(BaseModel):
    path: str
    message: str


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
        raise StoreError(
            f"index at {path} cannot be opened ({error}); run `assistant ingest --rebuild`"
        ) from None


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
                raise StoreError("no index yet: run `assistant ingest` first") from None
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

    def bump_revision(self) -> None:
        self.collection.modify(metadata={"revision": uuid.uuid4().hex})

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

    def upsert(self, chunks: list[Chunk], progress: Callable[[int], None] | None = None) -> None:
        embeddings = make_embeddings(self.settings)
        for start in range(0, len(chunks), EMBED_BATCH):
            batch = chunks[start : start + EMBED_BATCH]
            vectors = embeddings.embed_documents([embedding_text(chunk) for chunk in batch])
            try:
                self.collection.upsert(
                    ids=[chunk.id for chunk in batch],
                    embeddings=vectors,
                    documents=[chunk.text for chunk in batch],
                    metadatas=[chunk.metadata() for chunk in batch],
                )
            except Exception as error:
                raise store_error(self.settings, error) from None
            if progress:
                progress(len(batch))

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


def indexed_files(store: Store) -> dict[str, tuple[set[str], list[str]]]:
    """source -> (file hashes seen on its chunks, chunk ids); more than one hash = torn write."""
    files: dict[str, tuple[set[str], list[str]]] = {}
    for chunk_id, _, metadata in store.all_records():
        hashes, ids = files.setdefault(str(metadata.get("source", "")), (set(), []))
        hashes.add(str(metadata.get("file_hash", "")))
        ids.append(chunk_id)
    return files


def ingest(
    settings: Settings,
    rebuild: bool = False,
    progress: Callable[[str, int, int], None] | None = None,
) -> IngestReport:
    """Sync the index with the knowledge folder: skip unchanged files, replace changed, drop gone.

    A file that fails to load keeps whatever chunks it had, so bad input never loses the index.
    Ingests are serialised by a lock file in the data dir.
    """
    from filelock import FileLock, Timeout

    settings.data_dir.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(settings.data_dir / "ingest.lock"))
    try:
        lock.acquire(timeout=600)
    except Timeout:
        raise StoreError("another ingest has held the lock for 10 minutes; try again") from None
    try:
        return _ingest_locked(settings, rebuild, progress)
    finally:
        lock.release()


def _ingest_locked(
    settings: Settings, rebuild: bool, progress: Callable[[str, int, int], None] | None
) -> IngestReport:
    files = discover(settings.knowledge_dir)
    if rebuild:
        reset_collection(settings)
    store = Store.open(settings)
    report = IngestReport()
    indexed = indexed_files(store)
    max_bytes = int(settings.max_file_mb * 1_000_000)

    to_write: list[tuple[LoadedFile, list[str]]] = []
    for position, file in enumerate(files, start=1):
        if progress:
            progress("read", position, len(files))
        loaded = load_file(file, max_bytes)
        old_hashes, old_ids = indexed.pop(file.source, (set(), []))
        if loaded.error is not None:
            report.errors.append(IngestError(path=file.source, message=loaded.error.reason))
            continue
        # Same content and every chunk present: a crash mid-file leaves fewer ids than chunks.
        if old_hashes == {loaded.file_hash} and len(old_ids) == len(loaded.chunks):
            report.unchanged += 1
            continue
        if old_ids:
            report.updated += 1
        else:
            report.added += 1
        to_write.append((loaded, old_ids))

    new_chunks = [chunk for loaded, _ in to_write for chunk in loaded.chunks]
    written = 0

    def advance(count: int) -> None:
        nonlocal written
        written += count
        if progress:
            progress("embed", written, len(new_chunks))

    # Upsert first, delete after: a crash in between leaves extra chunks, never missing ones.
    store.upsert(new_chunks, progress=advance)
    stale: list[str] = []
    for loaded, old_ids in to_write:
        fresh = {chunk.id for chunk in loaded.chunks}
        stale.extend(chunk_id for chunk_id in old_ids if chunk_id not in fresh)
    gone_sources = [source for source in indexed if source]
    for source in gone_sources:
        stale.extend(indexed[source][1])
    report.deleted = len(gone_sources)
    store.delete(stale)
    if new_chunks or stale or rebuild:
        store.bump_revision()
    report.chunks = store.count()
    return report


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
    store = Store.open(settings)
    counts: dict[str, int] = {}
    for _, _, metadata in store.all_records():
        source = str(metadata.get("source", ""))
        counts[source] = counts.get(source, 0) + 1
    return {"chunks": sum(counts.values()), "sources": counts}


def data_path(settings: Settings, *parts: str) -> Path:
    path = settings.data_dir.joinpath(*parts)
    path.parent.mkdir(parents=True, exist_ok=True)
    return path
