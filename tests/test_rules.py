"""Rule files as typed data: every file loads, and a typo fails at load with file and key path."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest
from pydantic import BaseModel

from assistant.brief_rules import BriefRules
from assistant.chat import ChatRules
from assistant.contacts import ColumnRules
from assistant.domain import DomainRules
from assistant.email_rules import ClientSupport, SpamPhrases
from assistant.email_rules import EmailRules as EmailCheckRules
from assistant.facts import FactFile, Sections, Wording
from assistant.hygiene import EmailRules
from assistant.language import Glossary, LanguageRules
from assistant.llm import LLMRules
from assistant.numbers import NumberRules
from assistant.playbook import Playbook, ProofRules
from assistant.retrieval import FusionWeights
from assistant.review_rules import LanguageRules as ReviewLanguage
from assistant.review_rules import RolesFile, ScoringRules
from assistant.rules import RuleError, parse, read_text
from assistant.safe_yaml import YamlError, parse_yaml
from assistant.segment_model import AccountRules, Messages, PurchaseFile, SegmentRules
from assistant.segment_plans import RoleDefaults
from assistant.text import AbbreviationRules
from assistant.titles import NounList, RoleLogic, TitleRules
from assistant.ui.i18n import Strings
from assistant.understanding import Concepts, Lexicon


def rename_first_key(raw: dict[str, Any]) -> str:
    """A typo in the first top-level key: the loader must name it."""
    first = next(iter(raw))
    raw[first + "x"] = raw.pop(first)
    return first + "x"


def drop_hebrew_of_first(raw: dict[str, Any]) -> str:
    first = next(iter(raw))
    raw[first].pop("he")
    return first


def drop_first_list_key(raw: dict[str, Any]) -> str:
    first = next(iter(raw))
    raw[first].pop("may_end")
    return first


def wrong_type_in_first(raw: dict[str, Any]) -> str:
    language = next(iter(raw))
    key = next(iter(raw[language]))
    raw[language][key] = ["not", "a", "string"]
    return language


def unknown_topic_in_first(raw: dict[str, Any]) -> str:
    first = next(iter(raw))
    raw[first] = "no-such-topic"
    return first


def rename_first_key_of_first(raw: dict[str, Any]) -> str:
    return rename_first_key(raw[next(iter(raw))])


def unknown_slot_in_first_fact(raw: dict[str, Any]) -> str:
    raw["facts"][0]["when"] = {"moods": ["happy"]}
    return "facts.0"


RULE_FILES: list[tuple[str, type[BaseModel], Callable[[dict[str, Any]], str]]] = [
    ("rules/chat.yaml", ChatRules, rename_first_key),
    ("rules/domain.yaml", DomainRules, rename_first_key),
    ("rules/playbook.yaml", Playbook, rename_first_key),
    ("rules/proofs.yaml", ProofRules, rename_first_key),
    ("rules/briefs.yaml", BriefRules, rename_first_key),
    ("rules/numbers.yaml", NumberRules, rename_first_key),
    ("rules/retrieval.yaml", FusionWeights, rename_first_key),
    ("rules/llm.yaml", LLMRules, rename_first_key),
    ("rules/language.yaml", LanguageRules, rename_first_key),
    ("rules/abbreviations.yaml", AbbreviationRules, drop_first_list_key),
    ("rules/glossary.yaml", Glossary, wrong_type_in_first),
    ("rules/review/en.yaml", ReviewLanguage, rename_first_key),
    ("rules/review/es.yaml", ReviewLanguage, rename_first_key),
    ("rules/review/he.yaml", ReviewLanguage, rename_first_key),
    ("rules/review/roles.yaml", RolesFile, rename_first_key),
    ("rules/review/scoring.yaml", ScoringRules, rename_first_key),
    ("ui/strings.yaml", Strings, drop_hebrew_of_first),
    ("rules/titles/en.yaml", TitleRules, rename_first_key),
    ("rules/titles/es.yaml", TitleRules, rename_first_key),
    ("rules/titles/he.yaml", TitleRules, rename_first_key),
    ("rules/titles/nouns_en.yaml", NounList, rename_first_key),
    ("rules/titles/nouns_es.yaml", NounList, rename_first_key),
    ("rules/titles/roles.yaml", RoleLogic, rename_first_key),
    ("rules/segments/columns.yaml", ColumnRules, rename_first_key),
    ("rules/segments/email.yaml", EmailRules, rename_first_key),
    ("rules/segments/accounts.yaml", AccountRules, rename_first_key),
    ("rules/segments/segments.yaml", SegmentRules, rename_first_key),
    ("rules/segments/purchase.yaml", PurchaseFile, rename_first_key),
    ("rules/segments/messages.yaml", Messages, rename_first_key),
    ("rules/understanding/en.yaml", Lexicon, rename_first_key),
    ("rules/understanding/es.yaml", Lexicon, rename_first_key),
    ("rules/understanding/he.yaml", Lexicon, rename_first_key),
    ("rules/understanding/concepts.yaml", Concepts, unknown_topic_in_first),
    ("rules/facts/sections.yaml", Sections, drop_hebrew_of_first),
    ("rules/facts/wording.yaml", Wording, rename_first_key_of_first),
    ("rules/facts/roles.yaml", FactFile, unknown_slot_in_first_fact),
    ("rules/facts/stages.yaml", FactFile, unknown_slot_in_first_fact),
    ("rules/facts/purchase.yaml", FactFile, unknown_slot_in_first_fact),
    ("rules/facts/metrics.yaml", FactFile, unknown_slot_in_first_fact),
    ("rules/facts/email.yaml", FactFile, unknown_slot_in_first_fact),
    ("rules/facts/content.yaml", FactFile, unknown_slot_in_first_fact),
    ("rules/email/rules.yaml", EmailCheckRules, rename_first_key),
    ("rules/email/spam_phrases.yaml", SpamPhrases, rename_first_key),
    ("rules/segments/roles.yaml", RoleDefaults, rename_first_key),
]


@pytest.mark.parametrize(("name", "model", "break_it"), RULE_FILES, ids=[r[0] for r in RULE_FILES])
def test_rule_file_loads_and_a_typo_names_file_and_key(
    name: str, model: type[BaseModel], break_it: Callable[[dict[str, Any]], str]
) -> None:
    import yaml

    text = read_text(name)
    parse(name, text, model)
    raw = parse_yaml(text, name)
    key = break_it(raw)
    with pytest.raises(RuleError) as failure:
        parse(name, yaml.safe_dump(raw, allow_unicode=True), model)
    message = str(failure.value)
    assert message.startswith(f"{name}: ")
    assert key in message


def test_alias_bomb_is_refused_fast() -> None:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, 10):
        refs = ", ".join(f"*a{level - 1}" for _ in range(9))
        lines.append(f"a{level}: &a{level} [{refs}]")
    started = time.perf_counter()
    with pytest.raises(YamlError, match="alias"):
        parse_yaml("\n".join(lines), "bomb.yaml")
    assert time.perf_counter() - started < 2


def test_few_aliases_with_huge_expansion_are_refused() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for level in range(1, 7):
        refs = ", ".join(f"*a{level - 1}" for _ in range(10))
        lines.append(f"a{level}: &a{level} [{refs}]")
    with pytest.raises(YamlError, match="expands"):
        parse_yaml("\n".join(lines), "bomb.yaml")


def test_deep_nesting_is_refused_without_recursion_error() -> None:
    with pytest.raises(YamlError, match="nested deeper") as failure:
        parse_yaml("a: " + "[" * 20000 + "]" * 20000, "deep.yaml")
    assert str(failure.value).startswith("deep.yaml: line 1")
    block = "".join(f"{'  ' * depth}k{depth}:\n" for depth in range(200)) + "  " * 200 + "v"
    with pytest.raises(YamlError, match="nested deeper"):
        parse_yaml(block, "deep.yaml")


def test_python_tags_and_syntax_errors_are_one_line() -> None:
    with pytest.raises(YamlError, match="x.yaml: line 1"):
        parse_yaml("a: !!python/object/apply:os.system ['true']", "x.yaml")
    with pytest.raises(YamlError, match="x.yaml: line 2"):
        parse_yaml("a: 1\n b: [", "x.yaml")
    assert parse_yaml("base: &b {x: 1}\nother: *b", "ok.yaml") == {
        "base": {"x": 1},
        "other": {"x": 1},
    }


def test_email_rule_typos_name_the_key_path() -> None:
    """A missing translation or a bad weight in the email rules fails at load, by key path."""
    import json

    import yaml

    name = "rules/email/rules.yaml"
    raw = parse_yaml(read_text(name), name)
    raw["rules"]["caps-lines"]["message"].pop("he")
    raw["rules"]["subject"]["variants"]["all-caps"]["points"] = 500
    with pytest.raises(RuleError) as failure:
        parse(name, yaml.safe_dump(raw, allow_unicode=True), EmailCheckRules)
    assert "rules.caps-lines.message" in str(failure.value) and "missing he" in str(failure.value)
    assert "rules.subject.variants.all-caps.points" in str(failure.value)
    support = json.loads(read_text("rules/email/client_support.json"))
    support["features"][0]["slugg"] = support["features"][0].pop("slug")
    with pytest.raises(RuleError, match=r"client_support.json: features.0.slugg"):
        parse("rules/email/client_support.json", json.dumps(support), ClientSupport)
