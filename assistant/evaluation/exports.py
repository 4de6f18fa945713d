"""Generated messy contact exports with known answers, for tests, `assistant eval` and the bench.

Layouts imitate HubSpot, Salesforce and Apollo exports and hand-made sheets in English, Spanish
and Hebrew (their header names, size and stage formats); files come in UTF-8 with and without
BOM, Windows-1252 and Windows-1255, separated by `,` `;` or tab, or as XLSX. Every hygiene
problem is planted on purpose and its flag recorded from the definitions (not from our code):
invalid syntax, role mailboxes, free-mail and disposable domains, repeated addresses, the same
person at the same company under another address, blank consent, empty rows. Titles come from
the labelled title sets, so each account's missing roles are known from hand labels too.
"""

from __future__ import annotations

import csv
import io
import json
import random
from dataclasses import dataclass, field
from pathlib import Path

from assistant.domain import LANGUAGES, ROLES
from assistant.evaluation import eval_data_dir

LAYOUTS = {
    "hubspot": {
        "language": "en",
        "headers": {
            "first_name": "First Name",
            "last_name": "Last Name",
            "email": "Email",
            "title": "Job Title",
            "company": "Company Name",
            "domain": "Company Domain Name",
            "industry": "Industry",
            "size": "Number of Employees",
            "country": "Country/Region",
            "lifecycle": "Lifecycle Stage",
            "consent": "Legal basis for processing contact's data",
            "extra": "Contact owner",
        },
        "stages": [
            "subscriber",
            "lead",
            "marketingqualifiedlead",
            "salesqualifiedlead",
            "opportunity",
            "customer",
        ],
        "consent": ["Legitimate interest - prospect/lead", "Freely given consent from contact"],
    },
    "salesforce": {
        "language": "en",
        "headers": {
            "first_name": "First Name",
            "last_name": "Last Name",
            "title": "Title",
            "company": "Account Name",
            "email": "Email",
            "domain": "Website",
            "industry": "Industry",
            "size": "Employees",
            "country": "Mailing Country",
            "lifecycle": "Lead Status",
            "consent": "Marketing Consent",
            "extra": "Lead Source",
        },
        "stages": ["Open - Not Contacted", "Working - Contacted", "Qualified", "Closed Won"],
        "consent": ["Yes", "Opt-in 2024-03-01"],
    },
    "apollo": {
        "language": "en",
        "headers": {
            "first_name": "First Name",
            "last_name": "Last Name",
            "title": "Title",
            "company": "Company",
            "email": "Email",
            "extra": "Email Status",
            "size": "# Employees",
            "industry": "Industry",
            "domain": "Website",
            "country": "Country",
            "lifecycle": "Stage",
            "consent": "Email Consent",
        },
        "stages": ["Cold", "Approaching", "Replied", "Interested", "Meeting Booked"],
        "consent": ["opted in"],
    },
    "hand-en": {
        "language": "en",
        "headers": {
            "email": "E-mail address",
            "first_name": "First name",
            "last_name": "Surname",
            "title": "Position",
            "company": "Organisation",
            "industry": "Sector",
            "size": "Company size",
            "consent": "GDPR consent",
        },
        "stages": [],
        "consent": ["yes", "2023 trade fair"],
    },
    "hand-es": {
        "language": "es",
        "headers": {
            "first_name": "Nombre",
            "last_name": "Apellidos",
            "email": "Correo electrónico",
            "title": "Cargo",
            "company": "Empresa",
            "industry": "Sector",
            "size": "Nº de empleados",
            "country": "País",
            "lifecycle": "Etapa",
            "consent": "Consentimiento",
        },
        "stages": ["Nuevo", "Contactado", "Calificado por marketing", "Oportunidad", "Cliente"],
        "consent": ["Sí", "Formulario web"],
    },
    "hand-he": {
        "language": "he",
        "headers": {
            "first_name": "שם פרטי",
            "last_name": "שם משפחה",
            "email": 'דוא"ל',
            "title": "תפקיד",
            "company": "שם החברה",
            "industry": "ענף",
            "size": "מספר עובדים",
            "lifecycle": "שלב",
            "consent": "אישור דיוור",
        },
        "stages": ["ליד", "ליד חם", "הזדמנות", "לקוח"],
        "consent": ["כן", "טופס באתר"],
    },
}

# (layout, encoding, delimiter or "xlsx"): the file variants `assistant eval` scores
VARIANTS = [
    ("hubspot", "utf-8", ","),
    ("salesforce", "utf-8-sig", ","),
    ("apollo", "utf-8", ","),
    ("hand-en", "utf-8", "xlsx"),
    ("hand-es", "cp1252", ";"),
    ("hand-es", "utf-8-sig", "\t"),
    ("hand-he", "utf-8-sig", ","),
    ("hand-he", "cp1255", ";"),
]

FIRST = {
    "en": [
        "James",
        "Mary",
        "Robert",
        "Linda",
        "Michael",
        "Sarah",
        "David",
        "Emma",
        "Daniel",
        "Olivia",
        "Thomas",
        "Grace",
        "Paul",
        "Chloe",
        "Mark",
        "Hannah",
    ],
    "es": [
        "José",
        "María",
        "Lucía",
        "Javier",
        "Carmen",
        "Andrés",
        "Sofía",
        "Álvaro",
        "Nuria",
        "Íñigo",
        "Begoña",
        "Raúl",
        "Elena",
        "Tomás",
        "Inés",
        "Óscar",
    ],
    "he": [
        "יוסי",
        "מיכל",
        "אבי",
        "נועה",
        "דוד",
        "שירה",
        "משה",
        "תמר",
        "רון",
        "יעל",
        "איתי",
        "הילה",
        "עומר",
        "גלית",
        "אורי",
        "ליאת",
    ],
}
LAST = {
    "en": [
        "Smith",
        "Johnson",
        "Brown",
        "Taylor",
        "Wilson",
        "Clarke",
        "Walker",
        "Hughes",
        "Evans",
        "Turner",
        "Parker",
        "Cooper",
    ],
    "es": [
        "García",
        "Martínez",
        "López",
        "Sánchez",
        "Pérez",
        "Gómez",
        "Fernández",
        "Díaz",
        "Muñoz",
        "Álvarez",
        "Romero",
        "Navarro",
    ],
    "he": [
        "כהן",
        "לוי",
        "מזרחי",
        "פרץ",
        "ביטון",
        "אברהם",
        "פרידמן",
        "שפירא",
        "דהן",
        "אזולאי",
        "גבאי",
        "רוזן",
    ],
}
LATIN = {
    "he": [
        "yossi",
        "michal",
        "avi",
        "noa",
        "david",
        "shira",
        "moshe",
        "tamar",
        "ron",
        "yael",
        "itay",
        "hila",
        "omer",
        "galit",
        "uri",
        "liat",
    ]
}
COMPANIES = {
    "en": [
        "Northwind Logistics",
        "Acme Industries",
        "Bluebird Foods",
        "Vertex Plastics",
        "Harbor Metals",
        "Keystone Pharma",
        "Summit Packaging",
        "Orion Electronics",
        "Redwood Paper",
        "Atlas Chemicals",
        "Granite Construction Supply",
        "Nimbus Textiles",
    ],
    "es": [
        "Transportes Ibéricos",
        "Aceros del Norte",
        "Alimentos La Huerta",
        "Plásticos Levante",
        "Química Andina",
        "Papelera del Sur",
        "Envases Castilla",
        "Electrónica Pampa",
        "Textiles Galicia",
        "Farmacéutica Sol",
        "Maderas Tajo",
        "Metales Pacífico",
    ],
    "he": [
        "מתכות הגליל",
        "לוגיסטיקה צפון",
        "מזון השרון",
        "פלסטיק הנגב",
        "אלקטרוניקה כרמל",
        "כימיקלים ירושלים",
        "אריזות עמק",
        "טקסטיל גולן",
        "נייר חיפה",
        "תרופות ערבה",
        "בנייה מודיעין",
        "משקאות גלבוע",
    ],
}
DOMAINS = [
    "northwind",
    "acme-ind",
    "bluebird",
    "vertexpl",
    "harbormetals",
    "keystone",
    "summitpack",
    "orionel",
    "redwoodp",
    "atlaschem",
    "granitecs",
    "nimbustx",
]
REGIONS = {
    "en": ["", " North", " West", " Europe", " Global"],
    "es": ["", " Norte", " Levante", " Iberia", " Sur"],
    "he": ["", " צפון", " דרום", " מרכז", " ישראל"],
}
REGION_SLUGS = ["", "-north", "-west", "-eu", "-global"]
TLD = {"en": ".com", "es": ".es", "he": ".co.il"}
SUFFIX = {
    "en": [" Ltd", " Inc.", ", Inc", " LLC", ""],
    "es": [" S.A.", " SL", " S.L.", ""],
    "he": [' בע"מ', " בעמ", ""],
}
INDUSTRIES = {
    "en": ["Manufacturing", "Logistics", "Food & Beverage", "Chemicals", "Electronics"],
    "es": ["Fabricación", "Logística", "Alimentación", "Química", "Electrónica"],
    "he": ["תעשייה", "לוגיסטיקה", "מזון", "כימיה", "אלקטרוניקה"],
}
SIZES = {
    "hubspot": ["35", "120", "480", "2500"],
    "salesforce": ["40", "150", "700", "1200"],
    "apollo": ["25", "90", "300", "5000"],
    "hand-en": ["10-49", "50-249", "250-999", "1,000+"],
    "hand-es": ["10-49", "50-249", "250-999", "1.000+"],
    "hand-he": ["10-49 עובדים", "50-249", "250-999", "1000+"],
}
COUNTRIES = {
    "en": ["United States", "United Kingdom", "Canada"],
    "es": ["España", "México", "Argentina"],
    "he": ["ישראל"],
}
ROLE_LOCAL = {
    "en": ["info", "sales", "office", "purchasing", "support", "hr", "admin"],
    "es": ["compras", "ventas", "rrhh", "secretaria", "recepcion", "administracion"],
    "he": ["rechesh", "mechirot", "mazkirut", "kabala", "info", "office"],
}
FREE = {
    "en": ["gmail.com", "outlook.com", "yahoo.com", "hotmail.com"],
    "es": ["gmail.com", "hotmail.es", "yahoo.es", "outlook.es"],
    "he": ["gmail.com", "walla.co.il", "012.net.il", "bezeqint.net", "netvision.net.il"],
}
DISPOSABLE = [
    "mailinator.com",
    "yopmail.com",
    "guerrillamail.com",
    "10minutemail.com",
    "trashmail.com",
]
INVALID = [
    "{a}@@{d}",
    "{a}.{d}",
    "{a}@",
    "@{d}",
    "{a} x@{d}",
    "{a}..x@{d}",
    ".{a}@{d}",
    "{a}@{d_bare}",
    "{a}@-{d}",
    "{a}@{d},",
    "<{a}@{d}>",
]


@dataclass
class ExportRow:
    """One generated row and what is true about it."""

    values: dict[str, str]
    flags: set[str] = field(default_factory=set)
    company_id: int | None = None
    roles: list[str] = field(default_factory=list)
    empty: bool = False


@dataclass
class GeneratedExport:
    layout: str
    encoding: str
    delimiter: str
    headers: list[str]
    fields: list[str]
    rows: list[ExportRow]

    @property
    def suffix(self) -> str:
        return ".xlsx" if self.delimiter == "xlsx" else ".csv"

    def accounts(self) -> dict[int, set[str]]:
        """company id → roles present (from the hand labels of its contacts' titles)."""
        present: dict[int, set[str]] = {}
        for row in self.rows:
            if row.company_id is not None:
                present.setdefault(row.company_id, set()).update(row.roles)
        return present

    def write(self, path: Path) -> Path:
        table = [self.headers] + [
            [row.values.get(f, "") for f in self.fields]
            if not row.empty
            else [""] * len(self.fields)
            for row in self.rows
        ]
        if self.delimiter == "xlsx":
            from assistant.segment_output import write_xlsx

            write_xlsx(iter(table), path)
            return path
        out = io.StringIO()
        writer = csv.writer(out, delimiter=self.delimiter, lineterminator="\r\n")
        for number, line in enumerate(table):
            if number and self.rows[number - 1].empty and number % 2:
                out.write("\r\n")  # a truly empty line; other empty rows are all separators
            else:
                writer.writerow(line)
        path.write_bytes(out.getvalue().encode(self.encoding))
        return path


def load_titles(eval_dir: Path, language: str, split: str | None) -> list[tuple[str, list[str]]]:
    path = eval_dir / f"titles_{language}.jsonl"
    items = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    return [(i["title"], i["roles"]) for i in items if split is None or i["split"] == split]


def generate_export(
    layout: str,
    encoding: str = "utf-8",
    delimiter: str = ",",
    rows: int = 400,
    seed: int = 13,
    eval_dir: Path | None = None,
    split: str | None = "report",
    problem_rate: float = 0.06,
) -> GeneratedExport:
    """A messy export of `rows` rows; each kind of problem planted at about `problem_rate`."""
    spec = LAYOUTS[layout]
    language = str(spec["language"])
    rng = random.Random(f"{seed}-{layout}-{encoding}-{delimiter}")
    titles = load_titles(eval_dir or eval_data_dir(), language, split)
    if not encoding.startswith("utf"):
        titles = [t for t in titles if _encodable(t[0], encoding)]
    titles = [t for t in titles if t[0].strip() not in ("", "-")]
    headers_of = dict(spec["headers"])  # type: ignore[arg-type]
    fields = list(headers_of)
    generated: list[ExportRow] = []
    seen_emails: set[str] = set()
    people: dict[tuple[str, str, int], set[str]] = {}
    for number in range(rows):
        if rng.random() < problem_rate / 2 and number < rows - 1:  # a sheet ends on a row
            generated.append(ExportRow(values={}, empty=True))
            continue
        company = rng.randrange(len(COMPANIES[language]) * len(REGION_SLUGS))
        first = rng.choice(FIRST[language])
        last = rng.choice(LAST[language])
        title, roles = rng.choice(titles)
        local = _local(first, last, language, rng)
        domain = company_domain(company, language)
        flags: set[str] = set()
        email = f"{local}@{domain}"
        company_id: int | None = company
        roll = rng.random()
        kinds = ["invalid", "role", "free", "disposable", "duplicate", "near"]
        kind = kinds[int(roll / problem_rate)] if roll < problem_rate * len(kinds) else ""
        if kind == "invalid":
            pattern = rng.choice(INVALID)
            email = pattern.format(a=local, d=domain, d_bare=domain.split(".")[0])
            flags.add("invalid-email")
        elif kind == "role":
            email = f"{rng.choice(ROLE_LOCAL[language])}@{domain}"
            flags.add("role-address")
        elif kind == "free":
            email = f"{local}{rng.randrange(10, 99)}@{rng.choice(FREE[language])}"
            flags.add("free-mail")
        elif kind == "disposable":
            email = f"{local}@{rng.choice(DISPOSABLE)}"
            flags.add("disposable")
        elif kind == "duplicate" and generated:
            earlier = rng.choice([r for r in generated if not r.empty] or [None])
            if earlier is not None:
                email = _case_noise(earlier.values["email"], rng)
                first, last = earlier_names(earlier)
                if earlier.company_id is not None:
                    company = earlier.company_id
                flags |= earlier.flags - {"duplicate-email", "near-duplicate", "blank-consent"}
        elif kind == "near" and generated:
            earlier = rng.choice(
                [r for r in generated if not r.empty and r.company_id is not None] or [None]
            )
            if earlier is not None:
                first, last = earlier_names(earlier)
                company = earlier.company_id  # type: ignore[assignment]
                email = f"{_local(first, last, language, rng)}.{number}@"
                email += company_domain(company, language)
        company_id = company
        address = email.strip().lower()
        if address in seen_emails:
            flags.add("duplicate-email")
        elif "invalid-email" not in flags or address:
            key = (first, last, company)
            others = people.setdefault(key, set())
            if others and address not in others and address:
                flags.add("near-duplicate")
            others.add(address)
        seen_emails.add(address)
        consent = rng.choice(spec["consent"])  # type: ignore[arg-type]
        if rng.random() < problem_rate:
            consent = ""
            flags.add("blank-consent")
        values = {
            "first_name": first,
            "last_name": last,
            "email": email,
            "title": title,
            "company": company_name(company, language) + rng.choice(SUFFIX[language]),
            "domain": ("https://www." if rng.random() < 0.5 else "")
            + company_domain(company, language),
            "industry": INDUSTRIES[language][company % len(INDUSTRIES[language])],
            "size": SIZES[layout][company // 5 % len(SIZES[layout])],
            "country": rng.choice(COUNTRIES[language]),
            "lifecycle": rng.choice(spec["stages"]) if spec["stages"] else "",  # type: ignore[arg-type]
            "consent": consent,
            "extra": rng.choice(["", "x", "Web"]),
        }
        values["company"] = _case_noise(values["company"], rng, email=False)
        generated.append(ExportRow(values, flags, company_id, list(roles)))
    headers = [headers_of[f] for f in fields]
    return GeneratedExport(layout, encoding, delimiter, headers, fields, generated)


def company_name(company: int, language: str) -> str:
    base, region = divmod(company, len(REGION_SLUGS))
    return COMPANIES[language][base] + REGIONS[language][region]


def company_domain(company: int, language: str) -> str:
    base, region = divmod(company, len(REGION_SLUGS))
    return DOMAINS[base] + REGION_SLUGS[region] + TLD[language]


def earlier_names(row: ExportRow) -> tuple[str, str]:
    return row.values["first_name"], row.values["last_name"]


def _local(first: str, last: str, language: str, rng: random.Random) -> str:
    if language == "he":
        return f"{rng.choice(LATIN['he'])}.{rng.randrange(1000)}"
    from assistant.text import fold_accents

    return fold_accents(f"{first}.{last}".lower()).replace(" ", "")


def _case_noise(text: str, rng: random.Random, email: bool = True) -> str:
    """The same value written differently: case and surrounding spaces."""
    choice = rng.random()
    if choice < 0.3:
        return text.upper() if email else text.upper()
    if choice < 0.5 and email:
        return f" {text} "
    if choice < 0.7 and not email:
        return text.lower()
    return text


def _encodable(text: str, encoding: str) -> bool:
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


def big_export(path: Path, rows: int, seed: int = 7) -> Path:
    """A large HubSpot-like CSV for the bench: all six layouts' titles, planted problems."""
    titles = [t for lang in LANGUAGES for t in load_titles(eval_data_dir(), lang, None)]
    rng = random.Random(seed)
    spec = LAYOUTS["hubspot"]
    headers = list(spec["headers"].values())  # type: ignore[union-attr]
    companies = [f"Company {i}" for i in range(max(10, rows // 40))]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(headers)
        for number in range(rows):
            if rng.random() < 0.01:
                writer.writerow([""] * len(headers))
                continue
            company = rng.randrange(len(companies))
            title = rng.choice(titles)[0]
            if rng.random() < 0.3:
                title = f"{title} {rng.choice(['EMEA', '| North', '(Plant 2)', 'II', '- Iberia'])}"
            local = f"user{number}" if rng.random() > 0.03 else rng.choice(ROLE_LOCAL["en"])
            domain = f"company{company}.com" if rng.random() > 0.05 else rng.choice(FREE["en"])
            writer.writerow(
                [
                    f"First{number % 997}",
                    f"Last{number % 1009}",
                    f"{local}@{domain}",
                    title,
                    companies[company] + rng.choice([" Ltd", " Inc.", ""]),
                    f"company{company}.com",
                    INDUSTRIES["en"][company % 5],
                    str(10 + company % 3000),
                    "United States",
                    rng.choice(spec["stages"]),
                    "" if rng.random() < 0.05 else "consent",  # type: ignore[arg-type]
                    "owner",
                ]
            )
    return path


__all__ = ["ROLES", "VARIANTS", "GeneratedExport", "big_export", "generate_export"]
