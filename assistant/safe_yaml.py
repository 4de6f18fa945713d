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


class _BoundedLoader(yaml.SafeLoader):
    """SafeLoader that counts aliases and nesting while composing (before any recursion
    could hit Python's limit)."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.depth = 0
        self.aliases = 0

    def compose_node(self, parent: Any, index: Any) -> Any:  # noqa: ANN401 - PyYAML's API
        if self.check_event(yaml.AliasEvent):
            self.aliases += 1
            if self.aliases > MAX_ALIASES:
                mark = self.peek_event().start_mark
                raise _Limit(f"line {mark.line + 1}: more than {MAX_ALIASES} aliases")
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                mark = self.peek_event().start_mark
                raise _Limit(f"line {mark.line + 1}: nested deeper than {MAX_DEPTH} levels")
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


class _Limit(Exception):
    """A safety bound was passed (turned into YamlError with the source)."""


def _expanded_size(root: yaml.Node) -> int:
    """Nodes the document would have with every alias expanded, without expanding it."""
    sizes: dict[int, int] = {}
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        if id(node) in sizes:
            continue
        children: list[yaml.Node] = []
        if isinstance(node, yaml.SequenceNode):
            children = list(node.value)
        elif isinstance(node, yaml.MappingNode):
            children = [part for pair in node.value for part in pair]
        if children_done or not children:
            total = 1 + sum(sizes.get(id(child), 1) for child in children)
            sizes[id(node)] = total
            if total > MAX_EXPANDED_NODES:
                raise _Limit(f"expands to more than {MAX_EXPANDED_NODES:,} values (alias bomb)")
            continue
        stack.append((node, True))
        stack.extend((child, False) for child in children if id(child) not in sizes)
    return sizes[id(root)]


def parse_yaml(text: str, source: str = "") -> Any:  # noqa: ANN401 - YAML is any shape
    """Parse one YAML document with safe tags, refusing bombs and deep nesting."""
    loader = _BoundedLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _expanded_size(node)
        return loader.construct_document(node)
    except _Limit as limit:
        raise YamlError(source, str(limit)) from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = f"line {mark.line + 1}: " if mark is not None else ""
        raise YamlError(source, f"{where}{error.problem or error.context}") from None
    except yaml.YAMLError as error:
        raise YamlError(source, f"invalid YAML ({error})") from None
    except RecursionError:
        raise YamlError(source, f"nested deeper than {MAX_DEPTH} levels") from None
    finally:
        loader.dispose()
