"""The one YAML reader: safe tags only, and bounded, so no file can exhaust memory or the stack.

PyYAML shares aliased nodes, so an anchor bomb costs nothing to parse and explodes only when
the result is walked (validated, dumped, indexed). The reader therefore refuses documents
whose aliases, nesting depth or alias-expanded size pass small bounds, before building them.
"""

from __future__ import annotations

from typing import Any

import yaml

from assistant.errors import AssistantError

MAX_ALIASES = 100
MAX_DEPTH = 64
MAX_EXPANDED_NODES = 200_000


class YamlError(AssistantError):
    """A YAML text is malformed or passes a safety bound; names the source and the line."""

    def __init__(self, source: str, reason: str) -> None:
        self.source = source
        self.reason = reason
        super().__init__(f"{source}: {reason}" if source else reason)


class _Limit(Exception):
    """A safety bound was passed (turned into YamlError with the source)."""


# libyaml's parser when PyYAML was built with it (ten times faster on our rule files: every
# command and page start reads them), PyYAML's own otherwise; both give the same events.
_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _check_bounds(text: str) -> None:
    """Walk the flat event stream once (no recursion) and refuse, before anything is built,
    more than MAX_ALIASES aliases, nesting deeper than MAX_DEPTH, or a document that would hold
    more than MAX_EXPANDED_NODES values with every alias expanded (without expanding it)."""
    aliases = 0
    anchored: dict[str, int] = {}  # anchor → values its node holds, aliases expanded
    frames: list[list[Any]] = [[None, 0]]  # open collections: [anchor, values so far]

    def line(event: yaml.Event) -> str:
        return f"line {event.start_mark.line + 1}: " if event.start_mark is not None else ""

    for event in yaml.parse(text, Loader=_LOADER):
        if isinstance(event, yaml.NodeEvent) and len(frames) > MAX_DEPTH:
            raise _Limit(f"{line(event)}nested deeper than {MAX_DEPTH} levels")
        if isinstance(event, yaml.AliasEvent):
            aliases += 1
            if aliases > MAX_ALIASES:
                raise _Limit(f"{line(event)}more than {MAX_ALIASES} aliases")
            frames[-1][1] += anchored.get(event.anchor or "", 1)
        elif isinstance(event, yaml.ScalarEvent):
            if event.anchor:
                anchored[event.anchor] = 1
            frames[-1][1] += 1
        elif isinstance(event, yaml.CollectionStartEvent):
            frames.append([event.anchor, 1])
        elif isinstance(event, yaml.CollectionEndEvent):
            anchor, size = frames.pop()
            if anchor:
                anchored[anchor] = size
            frames[-1][1] += size
        if frames[-1][1] > MAX_EXPANDED_NODES:
            raise _Limit(f"expands to more than {MAX_EXPANDED_NODES:,} values (alias bomb)")


def parse_yaml(text: str, source: str = "") -> Any:  # noqa: ANN401 - YAML is any shape
    """Parse one YAML document with safe tags, refusing bombs and deep nesting."""
    try:
        _check_bounds(text)
        return yaml.load(text, Loader=_LOADER)  # noqa: S506 - a safe loader, bounded above
    except _Limit as limit:
        raise YamlError(source, str(limit)) from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        # libyaml marks an unexpected end past the last line; the user's file has no such line
        last = len(text.splitlines()) or 1
        where = f"line {min(mark.line + 1, last)}: " if mark is not None else ""
        problem = str(error.problem or error.context)
        if "nesting depth" in problem:  # libyaml's own bound can trip first, on a flow [[[[…
            problem = f"nested deeper than {MAX_DEPTH} levels"
        raise YamlError(source, f"{where}{problem}") from None
    except yaml.YAMLError as error:
        raise YamlError(source, f"invalid YAML ({error})") from None
    except RecursionError:
        raise YamlError(source, f"nested deeper than {MAX_DEPTH} levels") from None
