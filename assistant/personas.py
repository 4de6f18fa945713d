"""Persona files (`knowledge/personas/<id>.yaml`): the contract's schema, validated strictly."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationError,
    field_validator,
)

from assistant.domain import Language, PurchaseType, Role, label, persona_text
from assistant.errors import InputError, PersonaError
from assistant.safe_yaml import YamlError, parse_yaml
from assistant.text import printable

if TYPE_CHECKING:
    from assistant.config import Settings

SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
# A segment is a slug too, in any script (a Hebrew team names its segments in Hebrew).
SEGMENT_RE = re.compile(r"^[^\W_][\w-]{0,79}$")


class Purchase(BaseModel):
    model_config = ConfigDict(extra="forbid")

    type: PurchaseType
    strategic: bool = False
    offering: str = Field(min_length=1)


class BuyingCenterMember(BaseModel):
    model_config = ConfigDict(extra="forbid")

    role: Role
    title: str = Field(min_length=1)
    goals: list[str] = Field(default_factory=list)
    pains: list[str] = Field(default_factory=list)
    objections: list[str] = Field(default_factory=list)
    channels: list[str] = Field(default_factory=list)

    @field_validator("goals", "pains", "objections", "channels", mode="before")
    @classmethod
    def _none_is_empty(cls, value: object) -> object:
        return [] if value is None else value


class Persona(BaseModel):
    """A company account and its buying center: what plans, reviews and briefs are built for."""

    model_config = ConfigDict(extra="forbid")

    id: str
    company: str = Field(min_length=1)
    industry: str = Field(min_length=1)
    size: str = ""
    region: str = ""
    language: Language = "en"
    segment: str
    purchase: Purchase
    buying_center: list[BuyingCenterMember] = Field(min_length=1)
    notes: str = ""
    _source: str = PrivateAttr("")

    @property
    def source(self) -> str:
        """Where the persona was read from, as the index names it (`personas/<file>`)."""
        return self._source or f"personas/{self.id}.yaml"

    @field_validator("id")
    @classmethod
    def _slug(cls, value: str) -> str:
        if not SLUG_RE.match(value):
            raise ValueError("must be a slug: lower-case letters, digits and hyphens")
        return value

    @field_validator("segment")
    @classmethod
    def _segment_slug(cls, value: str) -> str:
        if not SEGMENT_RE.match(value) or "_" in value or value != value.lower():
            raise ValueError("must be a slug: lower-case letters, digits and hyphens")
        return value

    @field_validator("size", "region", "notes", mode="before")
    @classmethod
    def _text(cls, value: object) -> object:
        return "" if value is None else str(value) if isinstance(value, int | float) else value

    @property
    def roles(self) -> list[str]:
        return list(dict.fromkeys(member.role for member in self.buying_center))

    def as_text(self) -> str:
        """A readable summary in the persona's language, indexed so retrieval finds the account
        (labels, never ids: this is the passage a citation of the account shows)."""
        words = persona_text(self.language)
        kind = label("purchase_types", self.purchase.type, self.language)
        strategic = f", {words.strategic}" if self.purchase.strategic else ""
        lines = [
            f"{self.company} ({self.industry}, {self.size}, {self.region}).",
            f"{kind}{strategic}. {words.offering}: {sentence(self.purchase.offering)}",
        ]
        if self.notes:
            lines.append(self.notes)
        return "\n".join(lines)

    def member_text(self, member: BuyingCenterMember) -> str:
        words = persona_text(self.language)
        role = label("roles", member.role, self.language)
        parts = [sentence(words.member.format(title=member.title, role=role, company=self.company))]
        for name, values in (
            (words.goals, member.goals),
            (words.pains, member.pains),
            (words.objections, member.objections),
            (words.channels, member.channels),
        ):
            if values:
                parts.append(f"{name}: " + sentence("; ".join(values)))
        return "\n".join(parts)


def sentence(text: str) -> str:
    """The text ending in one full stop (a company name may already end with one)."""
    return text if text.endswith((".", "!", "?")) else f"{text}."


def slugify(text: str, any_script: bool = False) -> str:
    """A slug from free text ("Acme Logística GmbH" → "acme-logistica-gmbh"): accents folded,
    lower case, anything else a hyphen; Latin letters only unless `any_script` (segments)."""
    from assistant.text import fold_accents

    folded = fold_accents(str(text)).lower()
    pattern = r"[\W_]+" if any_script else r"[^a-z0-9]+"
    return re.sub(pattern, "-", folded).strip("-")[: 80 if any_script else 64].strip("-")


def persona_id_for(company: str) -> str:
    """The id (and file name) a new persona gets from its company name; a name with no Latin
    letters (Hebrew) gets a stable short id instead, which the user may still edit."""
    slug = slugify(company)
    if slug or not company.strip():
        return slug
    import hashlib

    return "persona-" + hashlib.sha256(company.strip().encode("utf-8")).hexdigest()[:6]


ProblemKind = Literal["required", "slug", "choice", "taken", "invalid"]


class PersonaProblem(BaseModel):
    """One field a persona fails on: where (dotted path), what kind of problem, pydantic's words."""

    field: str
    kind: ProblemKind
    detail: str


def _problem_kind(error: dict) -> ProblemKind:
    kind = str(error.get("type", ""))
    if kind in {"missing", "string_too_short", "too_short"}:
        return "required"
    if kind in {"literal_error", "enum"}:
        return "choice"
    if kind == "value_error" and "slug" in str(error.get("msg", "")):
        return "slug"
    return "invalid"


def persona_problems(raw: dict) -> list[PersonaProblem]:
    """Every problem of a persona at once (a form shows each next to its field)."""
    try:
        Persona.model_validate(raw)
    except ValidationError as error:
        return [
            PersonaProblem(field=_field_path(e), kind=_problem_kind(e), detail=e["msg"])
            for e in error.errors()
        ]
    return []


def _field_path(error: dict) -> str:
    return ".".join(str(part) for part in error["loc"]) or "file"


def parse_persona(text: str, path: Path | str) -> Persona:
    """Validate one persona file's text; the error names the file and the field at fault."""
    try:
        raw = parse_yaml(text, str(path))
    except YamlError as error:
        where, _, problem = error.reason.partition(": ")
        if not where.startswith("line "):
            where, problem = "file", error.reason
        raise PersonaError(path, where, f"YAML error: {problem}") from None
    if not isinstance(raw, dict):
        raise PersonaError(path, "file", "expected a mapping of persona fields")
    try:
        return Persona.model_validate(raw)
    except ValidationError as error:
        first = error.errors()[0]
        raise PersonaError(path, _field_path(first), first["msg"]) from None


def load_persona_file(path: Path, source: str | None = None) -> Persona:
    """One persona file, refused before parsing when it is too big to be a persona; `source`
    is the name citations use (default: the file's name)."""
    from assistant.extraction import ingest_limits

    limit = ingest_limits().max_persona_kb * 1000
    try:
        with path.open("rb") as stream:
            data = stream.read(limit + 1)
    except OSError as error:
        raise PersonaError(path, "file", f"cannot read: {error.strerror or error}") from None
    if len(data) > limit:
        raise PersonaError(path, "file", f"over {limit // 1000} KB: not a persona file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise PersonaError(path, "file", "not UTF-8 text") from None
    persona = parse_persona(text, path)
    persona._source = source or path.name
    return persona


def inside(path: Path, root: Path) -> bool:
    """Whether `path`, links followed, lies in `root` (already resolved)."""
    try:
        return path.resolve().is_relative_to(root)
    except (OSError, RuntimeError):  # a link loop
        return False


def valid_name(name: str) -> bool:
    """False for names with bytes that are not UTF-8 (Python holds them as lone surrogates)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def load_personas(folder: Path) -> tuple[list[Persona], list[PersonaError]]:
    """All valid personas in a folder; bad files are returned as errors, never stop the rest."""
    personas: list[Persona] = []
    errors: list[PersonaError] = []
    seen: dict[str, Path] = {}
    if not folder.is_dir():
        return personas, errors
    root = folder.resolve().parent  # the knowledge folder: links never lead out of it
    for path in sorted(folder.glob("*.y*ml")):
        if path.is_symlink() and not inside(path, root):
            errors.append(PersonaError(path, "file", "link to outside the knowledge folder"))
            continue
        if not valid_name(path.name):
            shown = path.with_name(printable(path.name))
            errors.append(PersonaError(shown, "file", "file name is not valid UTF-8: rename it"))
            continue
        if not path.is_file():
            continue
        try:
            persona = load_persona_file(path, source=f"personas/{path.name}")
        except PersonaError as error:
            errors.append(error)
            continue
        if persona.id in seen:
            errors.append(
                PersonaError(path, "id", f"duplicate id {persona.id!r} ({seen[persona.id].name})")
            )
            continue
        seen[persona.id] = path
        personas.append(persona)
    return personas, errors


def find_persona(folder: Path, persona_id: str) -> Persona:
    """The persona with this id, or an error listing the ids that exist."""
    return pick(load_personas(folder)[0], persona_id)


def pick(personas: list[Persona], persona_id: str) -> Persona:
    for persona in personas:
        if persona.id == persona_id:
            return persona
    known = ", ".join(sorted(p.id for p in personas)) or "none"
    raise InputError(f"unknown persona {persona_id!r} (known: {known})", field="--persona")


# (folder, index revision, file signature) → the folder's personas and their errors.
_CACHE: dict[tuple[str, str, tuple], tuple[list[Persona], list[PersonaError]]] = {}
_CACHE_SIZE = 4


def folder_signature(paths: list[Path]) -> tuple:
    """Name, size and modification time of each file: changes whenever a file does."""
    signature = []
    for path in paths:
        try:
            info = path.stat()
        except OSError:
            continue
        signature.append((str(path), info.st_size, info.st_mtime_ns))
    return tuple(signature)


def knowledge_personas(
    settings: Settings, revision: str | None = None
) -> tuple[list[Persona], list[PersonaError]]:
    """The knowledge folder's personas, read once per index revision (and file change), so a
    page or a batch of plans does not re-read and re-validate every file each time."""
    folder = settings.knowledge_dir / "personas"
    paths = sorted(folder.glob("*.y*ml")) if folder.is_dir() else []
    key = (str(folder.resolve()), revision or "", folder_signature(paths))
    cached = _CACHE.get(key)
    if cached is None:
        if len(_CACHE) >= _CACHE_SIZE:
            _CACHE.pop(next(iter(_CACHE)))
        cached = _CACHE[key] = load_personas(folder)
    return list(cached[0]), list(cached[1])


def resolve(
    settings: Settings,
    persona_id: str | None = None,
    persona_file: Path | None = None,
    revision: str | None = None,
) -> Persona:
    """The one persona a command works on: a file anywhere on disk, or an id of the knowledge
    folder. Called once per request; everything downstream takes the `Persona`."""
    if persona_file is not None:
        if not persona_file.is_file():
            raise InputError(f"file not found: {persona_file}", field="--persona-file")
        return load_persona_file(persona_file)
    if persona_id:
        return pick(knowledge_personas(settings, revision)[0], persona_id)
    raise InputError("give --persona ID or --persona-file FILE", field="--persona")


def persona_to_yaml(persona: Persona) -> str:
    return yaml.safe_dump(
        persona.model_dump(mode="json"), allow_unicode=True, sort_keys=False, width=100
    )
