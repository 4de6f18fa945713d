"""Hybrid retrieval: dense (Chroma) + BM25, fused by reciprocal rank; language and persona aware."""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np
from pydantic import BaseModel

from assistant.config import Settings
from assistant.errors import IndexNotReady, InputError, NoIndexError
from assistant.index import (
    DIRTY,
    Store,
    collection_name,
    forget_embedded_state,
    ingest_running,
    not_ready_message,
    store_error,
)
from assistant.knowledge import citation_label, title_from_name
from assistant.language import detect_language, index_terms, phrase_terms, translate_to_english
from assistant.llm import make_embeddings
from assistant.rules import RuleModel, load
from assistant.text import split_sentences

logger = logging.getLogger(__name__)
Mode = Literal["hybrid", "dense", "bm25"]
NEAREST_BATCH = 256  # sentences embedded and looked up together by nearest_passages


class PerLanguage(RuleModel):
    en: float
    es: float
    he: float

    def of(self, language: str) -> float:
        return float(getattr(self, language, self.en))


class FusionWeights(RuleModel):
    """rules/retrieval.yaml: reciprocal-rank-fusion constants, justified by the eval table."""

    rrf_k: int
    candidates: int
    dense_weight: PerLanguage
    bm25_weight: PerLanguage
    other_language_weight: float
    file_weight: PerLanguage
    translated_weight: PerLanguage
    translated_topics: int
    phrase_weight: PerLanguage


def fusion_weights() -> FusionWeights:
    return load("rules/retrieval.yaml", FusionWeights)


class Hit(BaseModel):
    """One retrieved passage, with everything a citation needs."""

    id: str
    text: str
    source: str
    topic: str
    section: str
    language: str
    score: float
    persona_id: str
    title: str = ""
    label: str = ""


class Citation(BaseModel):
    """What an answer or suggestion may cite: a passage retrieval returned (or a persona file).

    `label` ("Title › Section", in the passage's language) is what a reader sees; `passage` is
    the cited text itself, so nobody has to reach back into the index to show it.
    """

    chunk_id: str
    source: str
    topic: str = ""
    section: str = ""
    language: str = ""
    label: str = ""
    passage: str = ""

    @classmethod
    def of(cls, hit: Hit) -> Citation:
        return cls(
            chunk_id=hit.id,
            source=hit.source,
            topic=hit.topic,
            section=hit.section,
            language=hit.language,
            label=hit.label,
            passage=hit.text,
        )

    def reader_label(self) -> str:
        """The label, or for citations saved before labels existed, the best stand-in."""
        return self.label or citation_label("", self.section) or self.source


# (query, language, how many) → citations: what plans and proof packs cite from.
Retrieve = Callable[[str, str, int], list[Citation]]


class RetrievalResult(BaseModel):
    query: str
    language: str
    hits: list[Hit]


@dataclass
class LexicalIndex:
    """BM25 over every chunk, cached on disk and rebuilt when the store's revision moves."""

    revision: str
    ids: list[str]
    documents: list[str]
    metadatas: list[dict[str, Any]]
    bm25: Any
    file_bm25: Any = None
    file_chunks: list[list[int]] | None = None
    phrase_bm25: Any = None
    _columns: tuple[np.ndarray, np.ndarray] | None = None
    _topics: dict[str, dict[str, np.ndarray]] | None = None
    _positions: dict[str, int] | None = None
    _chunk_files: np.ndarray | None = None
    _masks: dict[tuple[str | None, tuple[str, ...] | None], np.ndarray] | None = None
    _sentence_terms: dict[int, list[frozenset[str]]] | None = None

    def sentence_terms(self, position: int) -> list[frozenset[str]]:
        """The term set of each sentence of one chunk, computed once per index: the review's
        nothing-new check asks about the same few passages for thousands of sentences."""
        if self._sentence_terms is None:
            self._sentence_terms = {}
        cached = self._sentence_terms.get(position)
        if cached is None:
            language = str(self.metadatas[position].get("language", "en"))
            cached = [
                frozenset(index_terms(sentence, language))
                for sentence in split_sentences(self.documents[position], language)
            ]
            self._sentence_terms[position] = cached
        return cached

    def positions(self) -> dict[str, int]:
        """chunk id -> position, built once per index (a search must not loop over chunks)."""
        if self._positions is None:
            self._positions = {chunk_id: i for i, chunk_id in enumerate(self.ids)}
        return self._positions

    def allowed(self, persona_id: str | None, kinds: tuple[str, ...] | None) -> np.ndarray:
        """Guidance and documents always; persona chunks only of the persona asked for.
        Cached per filter: the same few filters come back on every question."""
        if self._masks is None:
            self._masks = {}
        key = (persona_id or None, tuple(kinds) if kinds else None)
        if key not in self._masks:
            owners, chunk_kinds = self.columns()
            mask = np.ones(len(self.ids), dtype=bool)
            if persona_id:
                mask &= (owners == "") | (owners == persona_id)
            if kinds:
                mask &= np.isin(chunk_kinds, list(kinds))
            mask.flags.writeable = False  # shared by every search that uses this filter
            self._masks[key] = mask
        return self._masks[key]

    def columns(self) -> tuple[np.ndarray, np.ndarray]:
        """persona_id and kind of every chunk as arrays, so filters are vector operations."""
        if self._columns is None:
            owners = np.array([str(m.get("persona_id", "")) for m in self.metadatas], dtype=object)
            kinds = np.array([str(m.get("kind", "")) for m in self.metadatas], dtype=object)
            self._columns = (owners, kinds)
        return self._columns

    def topic_positions(self, language: str) -> dict[str, np.ndarray]:
        """Chunks with a topic, per topic, in one language (cached per language)."""
        if self._topics is None:
            self._topics = {}
        if language not in self._topics:
            grouped: dict[str, list[int]] = {}
            for position, metadata in enumerate(self.metadatas):
                if metadata.get("language") == language and metadata.get("topic"):
                    grouped.setdefault(str(metadata["topic"]), []).append(position)
            self._topics[language] = {
                topic: np.asarray(positions, dtype=np.int64) for topic, positions in grouped.items()
            }
        return self._topics[language]

    def scores(self, query: str, language: str) -> np.ndarray:
        if not self.ids:  # an empty index has no vocabulary at all
            return np.zeros(0, dtype=np.float32)
        vocabulary = self.bm25.vocab_dict
        terms = [term for term in index_terms(query, language) if term in vocabulary]
        if not terms:
            return np.zeros(len(self.ids), dtype=np.float32)
        scores = np.asarray(self.bm25.get_scores(terms), dtype=np.float32)
        return scores + self.phrase_scores(query, language)

    def phrase_scores(self, query: str, language: str) -> np.ndarray:
        """BM25 of the query's adjacent word pairs, scaled by the language's phrase_weight.

        A separate index, so word scores (and languages without a phrase weight) stay as
        they were; pairs reward a query phrase found as a phrase, e.g. in a keyword.
        """
        weight = fusion_weights().phrase_weight.of(language)
        scores = np.zeros(len(self.ids), dtype=np.float32)
        if not weight or self.phrase_bm25 is None:
            return scores
        vocabulary = self.phrase_bm25.vocab_dict
        pairs = [pair for pair in phrase_terms(query, language) if pair in vocabulary]
        if pairs:
            scores += weight * np.asarray(self.phrase_bm25.get_scores(pairs), dtype=np.float32)
        return scores

    def file_scores(self, query: str, language: str) -> np.ndarray:
        """BM25 of whole files, spread to their chunks: evidence spread over a file counts."""
        if self.file_bm25 is None or not self.file_chunks:
            return np.zeros(len(self.ids), dtype=np.float32)
        vocabulary = self.file_bm25.vocab_dict
        terms = [term for term in index_terms(query, language) if term in vocabulary]
        if not terms:
            return np.zeros(len(self.ids), dtype=np.float32)
        if self._chunk_files is None:
            chunk_files = np.zeros(len(self.ids), dtype=np.int64)
            for file_index, positions in enumerate(self.file_chunks):
                chunk_files[positions] = file_index
            self._chunk_files = chunk_files
        per_file = np.asarray(self.file_bm25.get_scores(terms), dtype=np.float32)
        return per_file[self._chunk_files]


def top_positions(scores: np.ndarray, count: int) -> list[int]:
    """Positions of the `count` best positive scores, best first, ties by position: what a
    stable argsort would give, without sorting every chunk (O(n) at 100k chunks)."""
    positive = np.flatnonzero(scores > 0)
    if len(positive) > count:
        values = scores[positive]
        kth = np.partition(values, len(values) - count)[len(values) - count]
        above = positive[values > kth]
        ties = positive[values == kth][: count - len(above)]
        positive = np.concatenate([above, ties])
    order = np.lexsort((positive, -scores[positive]))
    return [int(position) for position in positive[order]]


def build_lexical(store: Store, revision: str) -> LexicalIndex:
    import bm25s

    records = store.all_records(include_documents=True)
    ids = [record[0] for record in records]
    documents = [record[1] or "" for record in records]
    metadatas = [record[2] or {} for record in records]
    corpus = [lexical_terms(doc, meta) for doc, meta in zip(documents, metadatas, strict=True)]
    bm25 = bm25s.BM25()
    if corpus:
        bm25.index(corpus, show_progress=False)
    index = LexicalIndex(revision, ids, documents, metadatas, bm25)
    index.file_bm25, index.file_chunks = build_file_level(corpus, metadatas)
    index.phrase_bm25 = build_phrase_level(documents, metadatas)
    return index


def build_phrase_level(documents: list[str], metadatas: list[dict[str, Any]]) -> Any:
    """BM25 over each chunk's adjacent word pairs (title, section, each keyword, body)."""
    import bm25s

    if not documents:
        return None
    corpus = []
    for document, metadata in zip(documents, metadatas, strict=True):
        language = str(metadata.get("language", "en"))
        fields = [str(metadata.get("title", "")), str(metadata.get("section", "")), document]
        fields += str(metadata.get("keywords", "")).split(";")
        corpus.append([pair for field in fields for pair in phrase_terms(field, language)])
    phrase_bm25 = bm25s.BM25()
    phrase_bm25.index([pairs or ["\u2205"] for pairs in corpus], show_progress=False)
    return phrase_bm25


def build_file_level(corpus: list[list[str]], metadatas: list[dict[str, Any]]) -> tuple[Any, list]:
    import bm25s

    groups: dict[str, list[int]] = {}
    for position, metadata in enumerate(metadatas):
        groups.setdefault(str(metadata.get("source", "")), []).append(position)
    file_chunks = list(groups.values())
    if not file_chunks:
        return None, []
    file_corpus = [[term for p in positions for term in corpus[p]] for positions in file_chunks]
    file_bm25 = bm25s.BM25()
    file_bm25.index(file_corpus, show_progress=False)
    return file_bm25, file_chunks


def lexical_terms(document: str, metadata: dict[str, Any]) -> list[str]:
    """Title, section and the file's keywords count as words of every chunk of the file."""
    fields = (metadata.get("title", ""), metadata.get("section", ""), metadata.get("keywords", ""))
    text = " ".join(str(field) for field in fields) + " " + document
    return index_terms(text, str(metadata.get("language", "en"))) or ["\u2205"]


# The file-level and phrase-level indexes are cached beside the chunk-level one: rebuilding
# them stems and pairs every word of the corpus again, most of the cost of opening a search
# (about a second per process on the bundled pack, paid by every CLI command and page start).
FILE_LEVEL, PHRASE_LEVEL = "bm25_files", "bm25_phrases"


def save_lexical(index: LexicalIndex, settings: Settings) -> None:
    folder = settings.data_dir / "bm25" / collection_name(settings)
    folder.mkdir(parents=True, exist_ok=True)
    if index.ids:
        index.bm25.save(str(folder / "bm25"))
        index.file_bm25.save(str(folder / FILE_LEVEL))
        index.phrase_bm25.save(str(folder / PHRASE_LEVEL))
    payload = {
        "ids": index.ids,
        "documents": index.documents,
        "metadatas": index.metadatas,
        "file_chunks": index.file_chunks or [],
    }
    (folder / "corpus.json").write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
    # Written last: a half-saved cache never claims to be current.
    (folder / "revision").write_text(index.revision, encoding="utf-8")


def load_lexical(settings: Settings, revision: str) -> LexicalIndex | None:
    """The cached BM25 index of this revision, or None (missing, stale or damaged: the caller
    rebuilds it from the store, so a bad cache costs one rebuild, never an error per call)."""
    folder = settings.data_dir / "bm25" / collection_name(settings)
    try:
        if (folder / "revision").read_text(encoding="utf-8") != revision:
            return None
    except OSError:
        return None  # no cache yet
    if (
        not all((folder / part).is_dir() for part in (FILE_LEVEL, PHRASE_LEVEL))
        and (folder / "bm25").is_dir()
    ):
        return None  # a cache written before the file and phrase levels were kept: rebuilt
    try:
        return _read_lexical(folder, revision)
    except (OSError, ValueError, KeyError, TypeError, AttributeError, IndexError) as error:
        logger.warning(
            "the search cache is damaged (%s); rebuilding it from the index",
            str(error).splitlines()[0][:200] if str(error) else type(error).__name__,
        )
        return None


def _read_lexical(folder: Path, revision: str) -> LexicalIndex:
    """Read and check a cached BM25 index: raises ValueError when any part disagrees."""
    import bm25s

    payload = json.loads((folder / "corpus.json").read_text(encoding="utf-8"))
    if not isinstance(payload, dict):
        raise ValueError("corpus.json is not an object")
    ids, documents, metadatas = payload["ids"], payload["documents"], payload["metadatas"]
    if not all(isinstance(part, list) for part in (ids, documents, metadatas)):
        raise ValueError("corpus.json: ids, documents and metadatas must be lists")
    if not len(ids) == len(documents) == len(metadatas) or len(set(map(str, ids))) != len(ids):
        raise ValueError("corpus.json: ids, documents and metadatas disagree")
    if not all(isinstance(m, dict) for m in metadatas) or not all(
        isinstance(d, str) for d in documents
    ):
        raise ValueError("corpus.json: a document or its metadata has the wrong type")
    bm25 = _load_bm25(folder / "bm25", len(ids)) if ids else bm25s.BM25()
    index = LexicalIndex(revision, [str(i) for i in ids], documents, metadatas, bm25)
    if ids:
        file_chunks = payload.get("file_chunks")
        if not isinstance(file_chunks, list) or not all(
            isinstance(chunk, list) and all(type(p) is int for p in chunk) for chunk in file_chunks
        ):
            raise ValueError("corpus.json: file_chunks must be lists of positions")
        if sorted(p for chunk in file_chunks for p in chunk) != list(range(len(ids))):
            raise ValueError("corpus.json: file_chunks do not cover the chunks once each")
        index.file_chunks = file_chunks
        index.file_bm25 = _load_bm25(folder / FILE_LEVEL, len(file_chunks))
        index.phrase_bm25 = _load_bm25(folder / PHRASE_LEVEL, len(ids))
    return index


def _load_bm25(path: Path, documents: int) -> Any:
    """A saved BM25 index that holds exactly `documents` documents (ValueError otherwise)."""
    import bm25s

    bm25 = bm25s.BM25.load(str(path))
    if int(bm25.scores["num_docs"]) != documents or not bm25.vocab_dict:
        raise ValueError(f"the BM25 index {path.name} does not match corpus.json")
    probe = next(iter(bm25.vocab_dict))
    if len(bm25.get_scores([probe])) != documents:
        raise ValueError(f"the BM25 index {path.name} does not match corpus.json")
    return bm25


def term_containment(terms: set[str], lexical: LexicalIndex, position: int) -> float:
    """Share of a sentence's terms that one sentence of the passage already contains."""
    if len(terms) < 3:
        return 0.0
    best = max((len(terms & known) for known in lexical.sentence_terms(position)), default=0)
    return best / len(terms)


def reciprocal_rank_fusion(rankings: list[tuple[float, list[int]]], rrf_k: int) -> dict[int, float]:
    """Weighted RRF: each list adds weight / (rrf_k + rank) to the passages it ranks (rank from
    1). A small rrf_k lets a list's clear first place count against consensus of middling ranks."""
    fused: dict[int, float] = {}
    for weight, ranking in rankings:
        for rank, position in enumerate(ranking, 1):
            fused[position] = fused.get(position, 0.0) + weight / (rrf_k + rank)
    return fused


class Retriever:
    """Loads the store, embeddings and BM25 once; answers many queries (batch mode, the page)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._store: Store | None = None
        self._lexical: LexicalIndex | None = None
        self._guidance: tuple[str, list[str], np.ndarray] | None = None
        self._lock = threading.Lock()

    @property
    def store(self) -> Store:
        if self._store is None:
            try:
                self._store = Store.open(self.settings, create=False)
            except NoIndexError:
                if ingest_running(self.settings):  # the first ingest has not created it yet
                    raise IndexNotReady(not_ready_message(self.settings, dirty=False)) from None
                raise
        return self._store

    def lexical(self) -> LexicalIndex:
        """The BM25 index matching the store's current revision."""
        with self._lock:
            revision = self.store.revision
            if self._lexical is not None and self._lexical.revision == revision:
                return self._lexical
            index = load_lexical(self.settings, revision)
            if index is None:
                index = build_lexical(self.store, revision)
                if not revision.startswith(DIRTY):  # mid-ingest: never cache a partial index
                    save_lexical(index, self.settings)
            self._lexical = index
            return index

    def ready_lexical(self) -> LexicalIndex:
        """The BM25 index when it has passages; else one line saying why there are none (an
        ingest is building it, or the knowledge folder has nothing indexed yet)."""
        lexical = self.lexical()
        if not lexical.ids:
            raise IndexNotReady(
                not_ready_message(self.settings, dirty=lexical.revision.startswith(DIRTY))
            )
        return lexical

    def search(
        self,
        query: str,
        k: int = 5,
        persona_id: str | None = None,
        language: str | None = None,
        mode: Mode = "hybrid",
        kinds: tuple[str, ...] | None = None,
    ) -> RetrievalResult:
        if not query.strip():
            raise InputError("empty query", field="query")
        if k < 1 or k > 100:
            raise InputError("must be between 1 and 100", field="k")
        language = language or detect_language(query)
        lexical = self.ready_lexical()
        allowed = lexical.allowed(persona_id, kinds)
        weights = fusion_weights()
        candidates = max(weights.candidates, 3 * k)
        rankings: list[tuple[float, list[int]]] = []
        if mode in ("hybrid", "dense"):
            dense = self._dense(query, lexical, candidates, persona_id, allowed)
            rankings.append((weights.dense_weight.of(language), dense))
        if mode in ("hybrid", "bm25"):
            scores = lexical.scores(query, language)
            scores[~allowed] = 0.0
            lexical_ranking = top_positions(scores, candidates)
            rankings.append((weights.bm25_weight.of(language), lexical_ranking))
            file_weight = weights.file_weight.of(language)
            translated_weight = weights.translated_weight.of(language)
            if translated_weight and mode == "hybrid":
                translated = self._translated(query, language, lexical, scores, allowed)
                rankings.append((translated_weight, translated))
            if file_weight:
                file_scores = lexical.file_scores(query, language)
                file_scores[~allowed] = 0.0
                rankings.append((file_weight, top_positions(file_scores, candidates)))
        fused = reciprocal_rank_fusion(rankings, weights.rrf_k)
        for position in fused:
            if lexical.metadatas[position].get("language") != language:
                fused[position] *= weights.other_language_weight
        best = sorted(fused.items(), key=lambda item: (-item[1], item[0]))[:k]
        hits = [self._hit(lexical, position, score) for position, score in best]
        return RetrievalResult(query=query, language=language, hits=hits)

    def _dense(
        self,
        query: str,
        lexical: LexicalIndex,
        candidates: int,
        persona_id: str | None,
        allowed: np.ndarray,
    ) -> list[int]:
        if not lexical.ids:
            return []
        vector = make_embeddings(self.settings).embed_query(query)
        where = {"persona_id": {"$in": ["", persona_id]}} if persona_id else None
        result = self._vector_query(
            lexical,
            query_embeddings=[vector],
            n_results=min(candidates * 2, len(lexical.ids)),
            where=where,
            include=["distances"],
        )
        if result is None:
            return []
        positions = lexical.positions()
        ranked = [positions[i] for i in result["ids"][0] if i in positions]
        return [position for position in ranked if allowed[position]][:candidates]

    def _vector_query(self, lexical: LexicalIndex, **query: Any) -> dict[str, Any] | None:
        return self._read_vectors(lexical, lambda collection: collection.query(**query))

    def _read_vectors(
        self, lexical: LexicalIndex, read: Callable[[Any], dict[str, Any]]
    ) -> dict[str, Any] | None:
        """A Chroma query; None when the vectors cannot be read while an ingest writes them
        (answers then come from the words index alone: what is indexed, never an error).

        An embedded store that fails is reopened once with fresh state: a process that read
        it during another process's ingest otherwise fails until it restarts.
        """
        for attempt in (1, 2):
            try:
                return read(self.store.collection)
            except Exception as error:  # server gone, store damaged, or being written
                if attempt == 1 and not self.settings.uses_chroma_server:
                    forget_embedded_state(self.settings)
                    self._store = None
                    continue
                if lexical.revision.startswith(DIRTY) or ingest_running(self.settings):
                    logger.info("the index is being written: vector search skipped")
                    return None
                raise store_error(self.settings, error) from None
        return None  # pragma: no cover - the loop always returns or raises

    def nearest_passages(self, sentences: list[str]) -> list[tuple[Hit, float] | None]:
        """For each sentence, the team-knowledge passage that says the most of it, and how much.

        Similarity is the larger of the dense cosine and the share of the sentence's terms found
        in one sentence of the passage (lexical, so Spanish and Hebrew work too).
        """
        if not sentences:
            return []
        lexical = self.lexical()
        if not lexical.ids:
            return [None] * len(sentences)
        results: list[tuple[Hit, float] | None] = []
        for start in range(0, len(sentences), NEAREST_BATCH):  # bounded memory at any length
            results += self._nearest_batch(sentences[start : start + NEAREST_BATCH], lexical)
        return results

    def _nearest_batch(
        self, sentences: list[str], lexical: LexicalIndex
    ) -> list[tuple[Hit, float] | None]:
        allowed = lexical.allowed(None, ("guidance", "content", "document"))
        vectors = make_embeddings(self.settings).embed_documents(sentences)
        dense = self._vector_query(
            lexical,
            query_embeddings=vectors,
            n_results=min(3, len(lexical.ids)),
            where={"kind": {"$ne": "persona"}},
            include=["distances"],
        ) or {"ids": [[] for _ in sentences], "distances": [[] for _ in sentences]}
        positions = lexical.positions()
        results: list[tuple[Hit, float] | None] = []
        for index, sentence in enumerate(sentences):
            language = detect_language(sentence)
            candidates: dict[int, float] = {}
            for chunk_id, distance in zip(
                dense["ids"][index], dense["distances"][index], strict=True
            ):
                if chunk_id in positions:
                    candidates[positions[chunk_id]] = 1.0 - float(distance)
            scores = lexical.scores(sentence, language)
            scores[~allowed] = 0.0
            for position in top_positions(scores, 3):
                candidates.setdefault(position, 0.0)
            best: tuple[int, float] | None = None
            terms = set(index_terms(sentence, language))
            for position, cosine in candidates.items():
                similarity = max(cosine, term_containment(terms, lexical, position))
                if best is None or similarity > best[1]:
                    best = (position, similarity)
            results.append((self._hit(lexical, best[0], best[1]), best[1]) if best else None)
        return results

    def _translated(
        self,
        query: str,
        language: str,
        lexical: LexicalIndex,
        scores: np.ndarray,
        allowed: np.ndarray,
    ) -> list[int]:
        """Cross-language evidence for es/he, which the English embedder cannot read.

        The glossary's English rendering of the query is matched densely against English
        guidance; the nearest topic (or `translated_topics` topics) gets one vote, given to the
        query language's chunks of that topic in the order of their own lexical `scores`. A
        vote spread over every chunk of several topics outweighed a clear BM25 winner.
        """
        pseudo = translate_to_english(query, language)
        if not pseudo.strip() or not lexical.ids:
            return []
        topics, matrix = self._english_guidance(lexical)
        if not topics:  # no English guidance to borrow topics from
            return []
        vector = np.asarray(make_embeddings(self.settings).embed_query(pseudo), dtype=np.float32)
        nearest = np.argsort(-(matrix @ vector), kind="stable")
        voted = list(dict.fromkeys(topics[i] for i in nearest))[
            : fusion_weights().translated_topics
        ]
        by_topic = lexical.topic_positions(language)
        ranking: list[int] = []
        for topic in voted:
            positions = by_topic.get(topic)
            if positions is not None:
                positions = positions[allowed[positions]]
                order = np.lexsort((positions, -scores[positions]))  # best lexical first
                ranking.extend(int(p) for p in positions[order])
        return ranking

    def _english_guidance(self, lexical: LexicalIndex) -> tuple[list[str], np.ndarray]:
        """Topics and vectors of the English guidance, read once per index revision: an exact
        in-memory match, where a filtered store query scanned every chunk's metadata."""
        if self._guidance is None or self._guidance[0] != lexical.revision:
            found = self._read_vectors(
                lexical,
                lambda collection: collection.get(
                    where={"$and": [{"language": "en"}, {"kind": "guidance"}]},
                    include=["embeddings", "metadatas"],
                ),
            ) or {"metadatas": [], "embeddings": []}
            topics = [str((m or {}).get("topic", "")) for m in found["metadatas"]]
            vectors = np.asarray(found["embeddings"], dtype=np.float32)
            if not topics:
                vectors = np.zeros((0, 0), dtype=np.float32)
            self._guidance = (lexical.revision, topics, vectors)
        return self._guidance[1], self._guidance[2]

    def passage(self, chunk_id: str) -> Hit | None:
        """The indexed passage of a chunk id (None when it is no longer indexed)."""
        lexical = self.lexical()
        position = lexical.positions().get(chunk_id)
        return None if position is None else self._hit(lexical, position, 0.0)

    @staticmethod
    def _hit(lexical: LexicalIndex, position: int, score: float) -> Hit:
        metadata = lexical.metadatas[position]
        source = str(metadata.get("source", ""))
        title = str(metadata.get("title", "")) or title_from_name(source)
        section = str(metadata.get("section", ""))
        return Hit(
            id=lexical.ids[position],
            text=lexical.documents[position],
            source=source,
            topic=str(metadata.get("topic", "")),
            section=section,
            language=str(metadata.get("language", "")),
            score=round(score, 6),
            persona_id=str(metadata.get("persona_id", "")),
            title=title,
            # Chunks indexed before labels existed get one composed from title and section.
            label=str(metadata.get("label", "")) or citation_label(title, section),
        )
