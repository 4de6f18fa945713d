"""Draw the candidates behind tests/eval_data/titles_fresh_{en,es}.jsonl (a later, blind batch).

Same pools as titles_sample.py, but every title already in titles_{en,es,he}.jsonl or
titles_heldout_{en,es}.jsonl is removed and the first 40 candidates titles_sample.py prints per
pool (where the main sets were picked from) are skipped; the rest is shuffled with the seed
`fresh-<lang>-2026` and the first 12 per pool printed. Titles were then kept in pool order
(skipping as described in TITLES.md) and labelled by hand from docs/title-labels.md before the
classifier was run on them.

    .venv/bin/python scripts/titles/titles_fresh_sample.py en > /tmp/fresh_en.tsv
"""

import csv
import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import titles_sample as sample  # noqa: E402

EVAL = Path(__file__).resolve().parents[2] / "tests" / "eval_data"
PER_POOL = 24


def known_titles() -> set[str]:
    seen = set()
    for path in EVAL.glob("titles_*.jsonl"):
        if "fresh" in path.name:
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                seen.add(" ".join(json.loads(line)["title"].casefold().split()))
    return seen


def main(lang: str) -> None:
    known = known_titles()
    pools = sample.language_pools(lang)
    first = random.Random(f"{sample.SEED}-{lang}")  # replays titles_sample.py's shuffles
    rng = random.Random(f"fresh-{lang}-2026")
    out = csv.writer(sys.stdout, delimiter="\t", lineterminator="\n")
    for (func, tier), cands in sorted(pools.items()):
        uniq = sample.distinct(cands)
        first.shuffle(uniq)
        rest = [c for c in uniq[40:] if " ".join(c[1].casefold().split()) not in known]
        rest = [c for c in rest if "(" not in c[1]]
        rng.shuffle(rest)
        for src, title, occ in rest[:PER_POOL]:
            out.writerow([func, tier, src, title, occ])


if __name__ == "__main__":
    main(sys.argv[1])
