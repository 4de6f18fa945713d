"""Draw the random sample of real job titles behind tests/eval_data/titles_{en,es}.jsonl.

This script only SAMPLES: it builds one pool of candidate titles per target function
(from O*NET occupation codes and ESCO ISCO-08 groups, plus a few ESCO concepts picked by
their English preferred label where ISCO groups cut across functions), shuffles each pool
with a fixed seed and prints the first candidates. Every title kept in the eval sets was
then labelled by hand from docs/title-labels.md; the pool a title came from is NOT its label.

    python3 scripts/titles/titles_sample.py en > /tmp/cand_en.tsv
    python3 scripts/titles/titles_sample.py es > /tmp/cand_es.tsv

Output: pool <TAB> tier <TAB> source <TAB> title <TAB> (occupation, for context).
Hebrew has no public source; those titles were written by hand.
"""

import csv
import random
import re
import sys
from pathlib import Path

SEED = 20250611
DATA = Path(__file__).resolve().parents[3] / "shared" / "data" / "external" / "titles"

# O*NET-SOC prefixes per pool; "lead" = management/supervisory occupations, "staff" = the rest.
ONET = {
    "purchasing": {"lead": ["11-3061"], "staff": ["13-1021", "13-1022", "13-1023", "43-3061"]},
    "finance": {
        "lead": ["11-3031.00", "11-3031.01"],
        "staff": ["13-2011", "13-2031", "13-2051", "43-3031"],
    },
    "operations": {
        "lead": ["11-1021", "11-3013.00", "49-1011"],
        "staff": ["49-9041", "49-9043", "49-9071"],
    },
    "engineering": {"lead": ["11-9041"], "staff": ["17-2", "17-3"]},
    "it": {
        "lead": ["11-3021", "15-1299.09"],
        "staff": [
            "15-1211",
            "15-1212",
            "15-1231",
            "15-1232",
            "15-1241",
            "15-1244",
            "15-1252",
            "15-1299.05",
        ],
    },
    "quality": {"lead": ["11-3051.01"], "staff": ["19-4099.01", "51-9061"]},
    "production": {
        "lead": ["11-3051.00", "51-1011"],
        "staff": ["51-2", "51-4", "51-9011", "51-9023", "51-9032", "51-9041", "51-9111"],
    },
    "logistics": {
        "lead": ["11-3071"],
        "staff": ["13-1081", "43-5011", "43-5071", "53-7051", "53-7062", "53-7064"],
    },
    "sales": {
        "lead": ["11-2022", "41-1012"],
        "staff": ["41-4011", "41-4012", "41-9031", "41-3091"],
    },
    "marketing": {"lead": ["11-2011", "11-2021", "11-2032"], "staff": ["13-1161"]},
    "hr": {"lead": ["11-3111", "11-3121", "11-3131"], "staff": ["13-1071", "13-1141", "43-4161"]},
    "legal": {"lead": [], "staff": ["23-1011", "23-2011"]},
    "executive": {"lead": ["11-1011.00"], "staff": []},
    "admin": {"lead": ["11-3012"], "staff": ["43-6011", "43-6014", "43-4171"]},
    "consulting": {"lead": [], "staff": ["13-1111"]},
    "other": {"lead": [], "staff": ["29-1141", "25-2031", "53-3032", "27-3042", "35-2014"]},
}

# ESCO pools: ISCO-08 4-digit groups, plus concepts whose English preferredLabel matches.
ESCO = {
    "purchasing": {
        "lead": ([], r"purchas|procure|sourcing|category manager"),
        "staff": (["3323"], None),
    },
    "finance": {"lead": (["1211"], None), "staff": (["2411", "3313", "4311", "4313"], None)},
    "operations": {
        "lead": (
            [],
            r"^(operations|facilities|maintenance|industrial maintenance) (manager|supervisor)",
        ),
        "staff": (["7233"], r"maintenance (technician|engineer)"),
    },
    "engineering": {
        "lead": (["1223"], None),
        "staff": (["2141", "2144", "2149", "2151", "2152", "3113", "3114", "3115", "3118"], None),
    },
    "it": {
        "lead": (["1330"], None),
        "staff": (["2511", "2512", "2514", "2522", "2523", "2529", "3512", "3513"], None),
    },
    "quality": {
        "lead": ([], r"\bquality.*(manager|supervisor)"),
        "staff": (
            ["7543"],
            r"\bquality (engineer|technician|specialist|inspector|controller|analyst)",
        ),
    },
    "production": {
        "lead": (["1321", "3122"], None),
        "staff": (
            [
                "8121",
                "8131",
                "8141",
                "8142",
                "8160",
                "8172",
                "8181",
                "8182",
                "8183",
                "8189",
                "8211",
                "8219",
                "7223",
            ],
            None,
        ),
    },
    "logistics": {
        "lead": (
            [],
            r"logistic|warehouse manager|supply chain|^logistics and distribution manager",
        ),
        "staff": (["4321", "4323", "8344", "9333"], None),
    },
    "sales": {
        "lead": ([], r"^(sales|commercial|export|key account|area sales).*(manager|director)"),
        "staff": (["2433", "2434", "3322"], None),
    },
    "marketing": {
        "lead": (["1222"], r"marketing (manager|officer)"),
        "staff": (["2431", "2432"], None),
    },
    "hr": {"lead": (["1212"], None), "staff": (["2423", "2424", "4416"], None)},
    "legal": {"lead": ([], None), "staff": (["2611", "2619"], None)},
    "executive": {"lead": (["1120"], None), "staff": ([], None)},
    "admin": {"lead": ([], r"^office manager"), "staff": (["3343", "4120", "4226", "4110"], None)},
    "consulting": {"lead": ([], None), "staff": (["2421"], r"consultant")},
    "other": {"lead": ([], None), "staff": (["2221", "2330", "8322", "3434"], None)},
}


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def onet_pools():
    rows = read_csv(DATA / "onet_alternate_titles.csv")
    pools = {}
    for func, tiers in ONET.items():
        for tier, prefixes in tiers.items():
            pools[(func, tier)] = [
                (f"onet:{r['onet_soc_code']}", r["alternate_title"], r["occupation_title"])
                for r in rows
                if any(r["onet_soc_code"].startswith(p) for p in prefixes)
            ]
    return pools


def esco_pools(lang):
    en = {r["conceptUri"]: r for r in read_csv(DATA / "esco_occupations_en.csv")}
    rows = read_csv(DATA / f"esco_occupations_{lang}.csv")
    pools = {}
    for func, tiers in ESCO.items():
        for tier, (groups, pattern) in tiers.items():
            cands = []
            for r in rows:
                en_label = en[r["conceptUri"]]["preferredLabel"]
                if r["iscoGroup"] in groups or (pattern and re.search(pattern, en_label, re.I)):
                    tail = r["conceptUri"].rsplit("/", 1)[1]
                    labels = [r["preferredLabel"]] + [
                        a for a in r["altLabels"].split("\n") if a.strip()
                    ]
                    cands += [(f"esco:{tail}", lab.strip(), en_label) for lab in labels]
            pools[(func, tier)] = cands
    return pools


def language_pools(lang):
    """Candidate titles per (function, tier): O*NET and ESCO for English, ESCO otherwise."""
    if lang != "en":
        return esco_pools(lang)
    pools = dict(onet_pools())
    for key, cands in esco_pools("en").items():
        pools[key] = pools.get(key, []) + cands
    return pools


def distinct(cands):
    """Candidates in order, each title once (case-insensitive)."""
    seen, uniq = set(), []
    for c in cands:
        if c[1].lower() not in seen:
            seen.add(c[1].lower())
            uniq.append(c)
    return uniq


def main(lang):
    rng = random.Random(f"{SEED}-{lang}")
    pools = language_pools(lang)
    w = csv.writer(sys.stdout, delimiter="\t", lineterminator="\n")
    for (func, tier), cands in sorted(pools.items()):
        uniq = distinct(cands)
        rng.shuffle(uniq)
        for src, title, occ in uniq[:40]:
            w.writerow([func, tier, src, title, occ])


if __name__ == "__main__":
    main(sys.argv[1])
