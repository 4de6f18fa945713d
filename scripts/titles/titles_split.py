"""Assign the `split` field of tests/eval_data/titles_{en,es,he}.jsonl (tune / report).

Stratified by (function, hard): inside each stratum the rows are shuffled with a fixed
seed and dealt alternately to tune and report; the leftover row of each odd stratum is
then placed so that the whole file, every function and both hard values are each split
in halves (within one row). Labels are not touched. Rewrites the files in place;
running it twice gives the same result.

    python3 scripts/titles/titles_split.py
"""

import json
import random
from collections import defaultdict
from pathlib import Path

SEED = 20250611
HERE = Path(__file__).resolve().parents[2] / "tests" / "eval_data"


def assign(rows, lang):
    strata = defaultdict(list)
    for i, r in enumerate(rows):
        strata[(r["function"], r["hard"])].append(i)
    rng = random.Random(f"{SEED}-{lang}")
    odd = []  # strata whose leftover row still needs a half
    for key in sorted(strata, key=lambda k: (k[0], k[1])):
        idx = sorted(strata[key], key=lambda i: rows[i]["title"])
        rng.shuffle(idx)
        for n, i in enumerate(idx[: len(idx) - len(idx) % 2]):
            rows[i]["split"] = "tune" if n % 2 == 0 else "report"
        if len(idx) % 2:
            odd.append((key, idx[-1]))
    # Give each leftover row a half so that every function and both hard values stay
    # within one row of a 50/50 split (an edge colouring of a bipartite graph; a small
    # depth-first search finds it).
    choice = _balance([key for key, _ in odd])
    for (_key, i), side in zip(odd, choice, strict=False):
        rows[i]["split"] = side
    return rows


def _balance(keys):
    def groups(key):
        func, hard = key
        return [("f", func), ("h", hard), ("all",)]

    left = defaultdict(int)  # leftover rows not yet placed, per group
    for key in keys:
        for g in groups(key):
            left[g] += 1

    def dfs(n, diff, acc):
        if n == len(keys):
            return acc
        for g in groups(keys[n]):
            left[g] -= 1
        for side, sign in (("tune", 1), ("report", -1)):
            d = dict(diff)
            for g in groups(keys[n]):
                d[g] = d.get(g, 0) + sign
            # still reachable: each group can end within one row of even
            if all(abs(d[g]) - left[g] <= 1 for g in groups(keys[n])):
                found = dfs(n + 1, d, acc + [side])
                if found is not None:
                    break
        else:
            found = None
        for g in groups(keys[n]):
            left[g] += 1
        return found

    found = dfs(0, {}, [])
    if found is None:
        raise SystemExit("no balanced split found")
    return found


def main():
    for lang in ("en", "es", "he"):
        path = HERE / f"titles_{lang}.jsonl"
        rows = [
            json.loads(line)
            for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()
        ]
        assign(rows, lang)
        path.write_text(
            "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8"
        )


if __name__ == "__main__":
    main()
