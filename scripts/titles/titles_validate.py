"""Check tests/eval_data/titles_{en,es,he}.jsonl: format, ids, duplicates, split balance.

.venv/bin/python scripts/titles/titles_validate.py     # prints counts, exits 1 on any error
"""

import json
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path
from typing import get_args

from assistant.domain import ROLES as DOMAIN_ROLES
from assistant.titles import Function, Seniority

HERE = Path(__file__).resolve().parents[2] / "tests" / "eval_data"
SENIORITY = set(get_args(Seniority))
FUNCTIONS = set(get_args(Function))
ROLES = set(DOMAIN_ROLES)
KEYS = ["title", "seniority", "function", "roles", "source", "split", "hard"]
SOURCE = re.compile(r"^(onet:\d{2}-\d{4}\.\d{2}|esco:[0-9a-f-]{36}|hand)$")
MIN_ROWS, MIN_HARD, MIN_UNKNOWN = 200, 0.30, 15


def norm(title):
    return " ".join(unicodedata.normalize("NFKC", title).casefold().split())


def check(lang):
    errors = []
    path = HERE / f"titles_{lang}.jsonl"
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        try:
            r = json.loads(line)
        except json.JSONDecodeError as e:
            errors.append(f"{lang}:{n}: not JSON ({e})")
            continue
        if list(r) != KEYS:
            errors.append(f"{lang}:{n}: keys {list(r)} != {KEYS}")
        if not isinstance(r.get("title"), str) or not r["title"].strip():
            errors.append(f"{lang}:{n}: empty title")
        if r.get("seniority") not in SENIORITY:
            errors.append(f"{lang}:{n}: seniority {r.get('seniority')!r}")
        if r.get("function") not in FUNCTIONS:
            errors.append(f"{lang}:{n}: function {r.get('function')!r}")
        roles = r.get("roles")
        if not isinstance(roles, list) or not set(roles) <= ROLES or roles != sorted(set(roles)):
            errors.append(
                f"{lang}:{n}: roles {roles!r} (sorted, unique, subset of {sorted(ROLES)})"
            )
        if not SOURCE.match(str(r.get("source"))):
            errors.append(f"{lang}:{n}: source {r.get('source')!r}")
        if lang == "he" and r.get("source") != "hand":
            errors.append(f"{lang}:{n}: Hebrew titles are all hand-written")
        if r.get("split") not in ("tune", "report"):
            errors.append(f"{lang}:{n}: split {r.get('split')!r}")
        if not isinstance(r.get("hard"), bool):
            errors.append(f"{lang}:{n}: hard {r.get('hard')!r}")
        if r.get("seniority") == "unknown" and r.get("function") == "other" and r.get("roles"):
            errors.append(f"{lang}:{n}: unknown/other title with roles")
        rows.append(r)
    dup = [t for t, c in Counter(norm(r["title"]) for r in rows).items() if c > 1]
    if dup:
        errors.append(f"{lang}: duplicate titles (case/space-insensitive): {dup}")
    if len(rows) < MIN_ROWS:
        errors.append(f"{lang}: {len(rows)} rows < {MIN_ROWS}")
    hard = sum(r["hard"] for r in rows)
    if hard < MIN_HARD * len(rows):
        errors.append(f"{lang}: hard {hard}/{len(rows)} < {MIN_HARD:.0%}")
    dunno = sum(
        r["function"] == "other"
        and not r["roles"]
        and r["seniority"] in ("unknown", "manager", "director", "senior")
        for r in rows
    )
    if sum(r["seniority"] == "unknown" for r in rows) < MIN_UNKNOWN:
        errors.append(f"{lang}: fewer than {MIN_UNKNOWN} unknown titles")
    split = Counter(r["split"] for r in rows)
    if abs(split["tune"] - split["report"]) > 1:
        errors.append(f"{lang}: split {dict(split)} not in halves")
    for key in ("function", "hard"):
        for value in {r[key] for r in rows}:
            c = Counter(r["split"] for r in rows if r[key] == value)
            if abs(c["tune"] - c["report"]) > 1:
                errors.append(f"{lang}: split unbalanced for {key}={value}: {dict(c)}")
    for s in SENIORITY:
        if not any(r["seniority"] == s for r in rows):
            errors.append(f"{lang}: no seniority {s}")
    for f in FUNCTIONS:
        if not any(r["function"] == f for r in rows):
            errors.append(f"{lang}: no function {f}")
    for ro in ROLES:
        if not any(ro in r["roles"] for r in rows):
            errors.append(f"{lang}: no role {ro}")
    return rows, errors, dunno


def report(lang, rows, dunno):
    print(
        f"== {lang}: {len(rows)} rows, hard {sum(r['hard'] for r in rows)}, "
        f"split {dict(Counter(r['split'] for r in rows))}, "
        f"unknown {sum(r['seniority'] == 'unknown' for r in rows)}, "
        f"other-without-role {dunno}"
    )
    src = Counter(r["source"].split(":")[0] for r in rows)
    print("  source:", dict(src))
    for key in ("seniority", "function"):
        print(f"  {key}:", dict(Counter(r[key] for r in rows).most_common()))
    roles = Counter(ro for r in rows for ro in r["roles"])
    roles["[]"] = sum(not r["roles"] for r in rows)
    print("  roles:", dict(roles.most_common()))


def main():
    failed = False
    for lang in ("en", "es", "he"):
        rows, errors, dunno = check(lang)
        report(lang, rows, dunno)
        for e in errors:
            print("  ERROR", e)
        failed |= bool(errors)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
