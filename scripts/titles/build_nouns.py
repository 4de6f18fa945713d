"""Build assistant/rules/titles/nouns_{en,es}.yaml: job nouns from O*NET and ESCO.

A job noun makes a title a working title (seniority `entry` when no level word is present), and
for trades it names the function and says the job is hands-on (a `user` of the product). The
head noun of each O*NET alternate title (last word) and ESCO label (English: last word; Spanish:
first word) is counted per occupation group; a noun seen at least MIN_COUNT times whose group
is a trade in at least SHARE of them gets that trade's function. Words the hand-written rules
already know are left out (the hand-written rules win).

Sources: O*NET 30.0 Alternate Titles, USDOL/ETA, CC BY 4.0; ESCO v1.0 occupations,
© European Union (Commission Decision 2011/833/EU). See ../shared/data/external/PROVENANCE.md.

    .venv/bin/python scripts/titles/build_nouns.py [--external ../shared/data/external]
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
from assistant.safe_yaml import parse_yaml  # noqa: E402 - the one bounded YAML reader

MIN_COUNT = 3
SHARE = 0.6
WORD = re.compile(r"^[^\W\d_]{4,}$")
STOP = {
    "general",
    "chief",
    "head",
    "lead",
    "senior",
    "junior",
    "assistant",
    "member",
    "person",
    "woman",
    "women",
    "hand",
    "hands",
    "helper",
    "helpers",
    "worker",
    "workers",
    "other",
    "staff",
    "employee",
    "officer",
    "specialist",
    "representative",
    "agent",
    "associate",
    "services",
    "service",
    "products",
    "product",
    "equipment",
    "systems",
    "system",
    "machine",
    "machines",
    "operations",
    "production",
    "manufacturing",
    "industry",
    "industrial",
    "technical",
    "professional",
    "trainee",
    "apprentice",
    "student",
    "owner",
    "partner",
    "leader",
    "expert",
    "coordinator",
    "manager",
    "director",
    "president",
    "supervisor",
    "operario",
    "operaria",
    "trabajador",
    "trabajadora",
    "empleado",
    "empleada",
    "persona",
    "personal",
    "jefe",
    "jefa",
    "directora",
    "gerente",
    "responsable",
    "encargado",
    "encargada",
    "supervisora",
    "ayudante",
    "auxiliar",
    "agente",
    "asistente",
    "especialista",
    "experto",
    "experta",
    "socio",
    "socia",
    "miembro",
}
TRADES = {
    "operations": ("operations", "hands-on"),
    "production": ("production", "hands-on"),
    "logistics": ("logistics", "hands-on"),
}


def onet_class(code: str) -> str:
    """O*NET-SOC major group → trade class ('' for everything else)."""
    if code.startswith("49-"):
        return "operations"
    if code.startswith("51-"):
        return "production"
    if code.startswith("53-7"):
        return "logistics"
    return ""


def isco_class(group: str) -> str:
    """ISCO-08 unit group → trade class ('' for everything else)."""
    if group.startswith(("723", "741", "742", "7127", "7412")):
        return "operations"
    if group.startswith(("73", "75", "81", "82", "932", "721", "722")):
        return "production"
    if group.startswith(("8344", "933")):
        return "logistics"
    return ""


def known_words(language: str) -> set[str]:
    """Every word the hand-written rules of a language (and the non-titles) already use."""
    from assistant.text import fold_accents

    source = f"assistant/rules/titles/{language}.yaml"
    data = parse_yaml((REPO / source).read_text("utf-8"), source)
    words: set[str] = set()
    for section in ("levels", "functions", "nouns"):
        for cue in data[section]:
            for term in cue["terms"]:
                if not term.startswith("re:"):
                    words.update(fold_accents(w.lower()) for w in re.findall(r"\w+", term))
    for term in data["non_titles"] + data["salutations"]:
        words.update(fold_accents(w.lower()) for w in re.findall(r"\w+", term))
    return words


def one_edit(a: str, b: str) -> bool:
    from assistant.titles import _one_edit

    return _one_edit(a, b)


def labels_esco(path: Path) -> list[tuple[str, str]]:
    rows = []
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            labels = [row["preferredLabel"], *row["altLabels"].splitlines()]
            for label in labels:
                for part in label.split("/"):
                    if part.strip():
                        rows.append((part.strip(), row["iscoGroup"]))
    return rows


def head_counts(language: str, external: Path) -> dict[str, Counter[str]]:
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    titles = external / "titles"
    if language == "en":
        with (titles / "onet_alternate_titles.csv").open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                words = re.split(r"[\s,]+", re.split(r"[(,]", row["alternate_title"])[0].strip())
                if words and words[-1]:
                    counts[words[-1].lower()][onet_class(row["onet_soc_code"])] += 1
        for label, group in labels_esco(titles / "esco_occupations_en.csv"):
            words = label.split()
            counts[words[-1].lower()][isco_class(group)] += 1
    else:
        for label, group in labels_esco(titles / "esco_occupations_es.csv"):
            words = label.split()
            counts[words[0].lower()][isco_class(group)] += 1
    return counts


def build(language: str, external: Path) -> dict:
    from assistant.text import fold_accents

    known = known_words(language)
    groups: dict[str, list[str]] = defaultdict(list)
    for noun, classes in sorted(head_counts(language, external).items()):
        total = sum(classes.values())
        folded = fold_accents(noun)
        if total < MIN_COUNT or not WORD.match(noun) or noun in STOP or folded in known:
            continue
        if len(folded) >= 6 and any(one_edit(folded, word) for word in known if len(word) >= 5):
            continue  # a misspelling in the source ("reponsable"), not a new noun
        trade, count = max(
            ((name, n) for name, n in classes.items() if name), key=lambda x: x[1], default=("", 0)
        )
        groups[trade if count / total >= SHARE else ""].append(noun)
    nouns = []
    for trade in ("operations", "production", "logistics"):
        if groups.get(trade):
            function, kind = TRADES[trade]
            nouns.append({"function": function, "kind": kind, "terms": groups[trade]})
    nouns.append({"terms": groups[""]})
    source = (
        "O*NET 30.0 Alternate Titles (USDOL/ETA, CC BY 4.0) and ESCO v1.0 occupations (en)"
        if language == "en"
        else "ESCO v1.0 occupations (es), © European Union, Commission Decision 2011/833/EU"
    )
    return {"language": language, "source": source, "nouns": nouns}


HEADER = """\
# GENERATED by scripts/titles/build_nouns.py; do not edit (edit {language}.yaml, which wins).
# Job nouns: the head words of occupation labels, each a working title (seniority `entry`);
# trades carry their function and `hands-on`. Derived from {source}.
# O*NET®: includes information from O*NET 30.0 by USDOL/ETA, used under CC BY 4.0; USDOL/ETA
# has not approved, endorsed or tested these modifications. ESCO: © European Union; the
# European Commission is not responsible for this adaptation.
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--external", type=Path, default=REPO.parent / "shared/data/external")
    args = parser.parse_args()
    for language in ("en", "es"):
        data = build(language, args.external)
        path = REPO / f"assistant/rules/titles/nouns_{language}.yaml"
        text = HEADER.format(language=language, source=data["source"])
        text += yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
        path.write_text(text, encoding="utf-8")
        print(path, sum(len(n["terms"]) for n in data["nouns"]), "nouns")


if __name__ == "__main__":
    main()
