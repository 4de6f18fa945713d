"""Copy review: what a user sees, with exact offsets, in en/es/he; scoring, roles, CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from attacks import PATHOLOGICAL_COPY
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.cli import cli
from assistant.domain import LANGUAGES
from assistant.errors import InputError
from assistant.review import KnownPassage, ReviewResult, review_copy
from assistant.review_rules import compiled_language, scoring_rules

CLEAN = {
    "en": (
        "Hi David,\n\nThe pilot at your Lyon plant ended on 28 February. Unplanned downtime on "
        "line 3 dropped from 14 hours to 5 hours a month, measured by your MES logs. The rollout "
        "to 6 lines costs €84,000 a year; at your estimate of €2,300 per downtime hour, payback "
        "is under 5 months.\n\nCan we confirm the go/no-go at your steering meeting on 12 March?"
    ),
    "es": (
        "Hola David:\n\nEl piloto en su planta de Valladolid terminó el 28 de febrero. Las paradas "
        "no planificadas de la línea 3 bajaron de 14 a 5 horas al mes, según los registros de su "
        "MES. Extenderlo a las 6 líneas cuesta 84.000 € al año.\n\n¿Cerramos la decisión en el "
        "comité del 12 de marzo?"
    ),
    "he": (
        "שלום דוד,\n\nהפיילוט במפעל שלכם בקריית גת הסתיים ב-28 בפברואר. זמן ההשבתה הלא מתוכנן "
        "בקו 3 ירד מ-14 שעות ל-5 שעות בחודש, לפי יומני ה-MES שלכם. הרחבה לכל 6 הקווים עולה "
        "310,000 ₪ בשנה.\n\nנסגור החלטה בישיבת ההנהלה ב-12 במרץ?"
    ),
}
SOFT_EN = (
    "In today's fast-paced world, companies need innovative, end-to-end solutions. We are "
    "passionate about delivering value and our team of experts is here for you. Contact us to "
    "learn more!"
)


def spans(result: ReviewResult, rule: str) -> list[tuple[int, int, str]]:
    return [(f.start, f.end, f.excerpt) for f in result.findings if f.rule == rule]


def span_of(text: str, needle: str) -> tuple[int, int, str]:
    start = text.index(needle)
    return start, start + len(needle), needle


def assert_offsets(text: str, result: ReviewResult) -> None:
    for finding in result.findings:
        assert 0 <= finding.start <= finding.end <= len(text)
        assert text[finding.start : finding.end] == finding.excerpt


# ---------------------------------------------------------------- rule data


def test_every_language_has_the_same_categories_and_messages() -> None:
    categories = set(scoring_rules().categories)
    rule_ids = {c.rule for c in scoring_rules().categories.values()} | set(
        scoring_rules().score.penalties
    )
    for language in LANGUAGES:
        rules = compiled_language(language).rules
        assert set(rules.lexicons) == categories, language
        assert categories | rule_ids <= set(rules.messages), language
        for name, template in rules.messages.items():
            assert template.message or template.explanation or template.label, (language, name)
        assert all(rules.messages[rule].label for rule in categories | rule_ids), language


def test_data_files_ship_with_attribution() -> None:
    folder = Path(__file__).resolve().parent.parent / "assistant" / "rules" / "review"
    licences = sorted(p.name for p in (folder / "LICENSES").iterdir())
    assert licences == [f"words-{n}.LICENSE" for n in ("fillers", "hedges", "weasels")]
    header = (folder / "en.yaml").read_text(encoding="utf-8").split("language:")[0]
    for source in ("words/hedges", "words/fillers", "words/weasels"):
        assert source in header


# ---------------------------------------------------------------- rules, English


@pytest.mark.parametrize(
    ("rule", "text", "excerpt"),
    [
        ("puffery", "Our award-winning platform runs on 3 servers.", "award-winning"),
        ("puffery", "It is the fastest tool on the market.", "fastest"),
        ("cliche", "At the end of the day, the numbers decide.", "At the end of the day"),
        ("buzzword", "We leverage AI to plan your routes.", "leverage"),
        ("weasel", "Studies show that planners like it.", "Studies show"),
        ("hedge", "This can help your planners.", "can help"),
        ("vague-quantifier", "Many customers use it every day.", "Many"),
        ("vague-quantifier", "Reporting becomes easier.", "easier"),
        (
            "generic-opener",
            "In today's fast-paced world, plans change.",
            "In today's fast-paced world",
        ),
        (
            "generic-closer",
            "Our quote is attached. Contact us to learn more.",
            "Contact us to learn more",
        ),
    ],
)
def test_lexical_rules_point_at_the_phrase(rule: str, text: str, excerpt: str) -> None:
    result = review_copy(text, language="en")
    assert span_of(text, excerpt) in spans(result, rule)
    finding = next(f for f in result.findings if f.rule == rule)
    assert finding.severity == "warning"
    assert finding.message and finding.suggestion
    assert_offsets(text, result)


def test_filler_is_minor_style() -> None:
    text = "It is really simple to install."
    result = review_copy(text, language="en")
    fillers = [f for f in result.findings if f.rule == "filler"]
    assert [(f.start, f.end, f.excerpt) for f in fillers] == [span_of(text, "really")]
    assert fillers[0].severity == "info"


def test_multiword_terms_match_across_hyphens_and_spaces() -> None:
    text = "An award winning team, a best-in-class tool."
    found = spans(review_copy(text, language="en"), "puffery")
    assert span_of(text, "award winning") in found
    assert span_of(text, "best-in-class") in found


def test_words_inside_other_words_are_not_matched() -> None:
    # "many" inside "Germany", "leverage" needs the whole word: no false hit.
    result = review_copy("Our depot in Germany ships 400 pallets daily.", language="en")
    assert spans(result, "vague-quantifier") == []


def test_a_superlative_with_a_cited_test_is_not_puffery() -> None:
    text = "In the 2025 Gartner benchmark of 12 tools, it was the fastest."
    assert spans(review_copy(text, language="en"), "puffery") == []


def test_a_vague_quantifier_next_to_a_number_is_not_vague() -> None:
    text = "Many of the 40 sites run SAP."
    assert spans(review_copy(text, language="en"), "vague-quantifier") == []


def test_unsupported_claim_spans_verb_and_number() -> None:
    text = "It cuts costs by 40%. Reply with a date that suits you."
    result = review_copy(text, language="en")
    assert spans(result, "unsupported-claim") == [span_of(text, "cuts costs by 40%")]
    assert "source" in result.findings[0].suggestion.lower() or "study" in (
        result.findings[0].suggestion.lower()
    )


@pytest.mark.parametrize(
    "text",
    [
        "It cuts costs by 40% (in a 2025 study of 30 sites). Reply with a date.",
        "It cuts costs by 40%.\nSource: internal audit of 30 sites, 2025.",
    ],
)
def test_a_claim_with_its_source_is_supported(text: str) -> None:
    assert spans(review_copy(text, language="en"), "unsupported-claim") == []


def test_we_centred_copy_is_flagged_on_the_first_we() -> None:
    text = "We are proud of our work. Our team builds what we believe in. We deliver."
    result = review_copy(text, language="en")
    assert spans(result, "we-centred") == [(0, 2, "We")]
    message = next(f.message for f in result.findings if f.rule == "we-centred")
    assert message == "The copy talks about us 5 times and about the reader 0 times."


def test_reader_centred_copy_is_not_we_centred() -> None:
    text = "Your planners save 2 hours a day. We set it up; you keep your Excel exports."
    assert spans(review_copy(text, language="en"), "we-centred") == []


def test_hype_punctuation_caps_and_emoji_runs() -> None:
    text = "Act now!!! FREE trial for SAP users 🚀🚀🚀"
    found = spans(review_copy(text, language="en"), "hype-punctuation")
    assert span_of(text, "!!!") in found
    assert span_of(text, "FREE") in found
    assert span_of(text, "🚀🚀🚀") in found
    assert all(excerpt != "SAP" for _, _, excerpt in found)


def test_long_sentence_is_info_on_the_whole_sentence() -> None:
    sentence = " ".join(["word"] * 34) + "."
    text = f"Short one. {sentence}"
    result = review_copy(text, language="en")
    assert [(f.severity, f.excerpt) for f in result.findings if f.rule == "long-sentence"] == [
        ("info", sentence)
    ]


def test_no_cta_points_at_the_closing_sentence() -> None:
    text = "Your DC ships 1,200 pallets a day. We cut mis-picks to 0.4% at Kessler Foods."
    result = review_copy(text, channel="email", language="en")
    no_cta = [f for f in result.findings if f.rule == "no-cta"]
    assert [(f.severity, f.excerpt) for f in no_cta] == [
        ("warning", "We cut mis-picks to 0.4% at Kessler Foods.")
    ]


@pytest.mark.parametrize(
    "closing",
    [
        "Reply with a time that suits you.",
        "Can we walk through the data on Tuesday 14 May at 10:00?",
        "The full report: example.com/pallet-report",
    ],
)
def test_a_concrete_next_step_is_a_cta(closing: str) -> None:
    text = f"Your DC ships 1,200 pallets a day. {closing}"
    assert spans(review_copy(text, channel="email", language="en"), "no-cta") == []


def test_a_generic_close_is_not_a_cta() -> None:
    text = "Your DC ships 1,200 pallets a day. Contact us to learn more."
    assert spans(review_copy(text, channel="email", language="en"), "no-cta")


def test_too_long_for_the_channel() -> None:
    text = "Plan routes for 400 vans in 90 seconds. " + "Each van gets a manifest. " * 8
    result = review_copy(text, channel="ad", language="en")
    finding = next(f for f in result.findings if f.rule == "too-long")
    assert finding.severity == "warning" and "30" in finding.message
    assert_offsets(text, result)
    assert not spans(review_copy(text, channel="email", language="en"), "too-long")


def test_linkedin_length_counts_characters() -> None:
    text = "Reply rate rose from 0.7% to 9.4% in 2025. " * 40
    assert len(text) > 1300
    assert spans(review_copy(text, channel="linkedin", language="en"), "too-long")


# ---------------------------------------------------------------- Spanish and Hebrew


def test_spanish_lexicons_with_and_without_accents() -> None:
    text = "Somos lider del sector con soluciones integrales de vanguardia."
    result = review_copy(text, language="es")
    assert span_of(text, "lider del sector") in spans(result, "puffery")
    assert span_of(text, "de vanguardia") in spans(result, "puffery")
    assert span_of(text, "soluciones integrales") in spans(result, "buzzword")
    accented = "Somos líder del sector."
    assert spans(review_copy(accented, language="es"), "puffery") == [
        span_of(accented, "líder del sector")
    ]


def test_spanish_decomposed_accents_keep_offsets() -> None:
    text = "Somos li\u0301der del sector."  # "í" written as i + combining acute accent
    result = review_copy(text, language="es")
    assert spans(result, "puffery") == [(6, 23, text[6:23])]
    assert_offsets(text, result)


def test_spanish_claim_and_hedge() -> None:
    text = "Ahorre hasta un 40 % en costes. Responda con una fecha."
    result = review_copy(text, language="es")
    assert span_of(text, "hasta un 40 %") in spans(result, "hedge")
    assert spans(result, "unsupported-claim") == [span_of(text, "Ahorre hasta un 40 %")]


def test_hebrew_prefixed_words_are_matched_whole() -> None:
    text = "הפתרון והחדשני שלנו הוא לפתרון מקיף ומוביל בתחומו."
    result = review_copy(text, language="he")
    puffery = spans(result, "puffery")
    assert span_of(text, "והחדשני") in puffery
    assert span_of(text, "לפתרון מקיף") in puffery
    assert span_of(text, "ומוביל בתחומו") in puffery
    assert_offsets(text, result)


def test_hebrew_closer_and_hedge() -> None:
    text = "המערכת עשויה לעזור לכם. לפרטים נוספים צרו קשר."
    result = review_copy(text, language="he")
    assert span_of(text, "עשויה לעזור") in spans(result, "hedge")
    assert span_of(text, "לפרטים נוספים") in spans(result, "generic-closer")


@pytest.mark.parametrize("language", LANGUAGES)
def test_clean_substantive_copy_gets_no_warning(language: str) -> None:
    result = review_copy(CLEAN[language], channel="email", language=language)
    assert [f for f in result.findings if f.severity != "info"] == []
    assert result.verdict == "substantive"
    assert_offsets(CLEAN[language], result)


@pytest.mark.parametrize("language", LANGUAGES)
def test_language_is_detected_when_not_given(language: str) -> None:
    assert review_copy(CLEAN[language]).language == language


# ---------------------------------------------------------------- score and stats


def test_soft_copy_scores_soft_and_explains_why() -> None:
    result = review_copy(SOFT_EN, channel="email")
    assert result.verdict == "soft" and result.score < 60
    stats = result.stats
    assert {"words", "sentences", "specifics", "specificity_per_100_words", "penalties"} <= set(
        stats
    )
    assert stats["penalties"]["puffery"] > 0
    assert "60 or more is substantive" in stats["score_explanation"]
    assert "flesch_reading_ease" in stats["readability"]


def test_one_buzzword_does_not_make_concrete_copy_soft() -> None:
    text = CLEAN["en"].replace("The rollout", "The seamless rollout")
    result = review_copy(text, channel="email", language="en")
    assert spans(result, "buzzword") and result.verdict == "substantive"


def test_a_number_alone_does_not_make_soft_copy_substantive() -> None:
    text = (
        "Our powerful platform helps companies save up to 40% on costs. "
        "Stay ahead of the competition. Get in touch to find out more."
    )
    assert review_copy(text, channel="email", language="en").verdict == "soft"


def test_soft_copy_without_any_buzzword_is_soft() -> None:
    text = (
        "I wanted to reach out because our product can help with many of the challenges your "
        "team is probably facing. Let me know if you'd like to chat."
    )
    assert review_copy(text, channel="email", language="en").verdict == "soft"


def test_readability_per_language() -> None:
    assert "fernandez_huerta" in review_copy(CLEAN["es"], language="es").stats["readability"]
    english = review_copy(CLEAN["en"], language="en").stats["readability"]
    assert english["flesch_reading_ease"] > 0
    hebrew = review_copy(CLEAN["he"], language="he").stats["readability"]
    assert {"avg_word_length", "avg_sentence_words", "long_word_share"} <= set(hebrew)


def test_readability_never_reaches_for_a_download(monkeypatch: pytest.MonkeyPatch) -> None:
    """textstat's public API only, offline: English must not touch NLTK's cmudict download."""
    nltk = pytest.importorskip("nltk")  # textstat's own dependency (no NLTK: nothing to reach)

    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("textstat tried to find or download NLTK data")

    monkeypatch.setattr(nltk, "download", no_network)
    monkeypatch.setattr(nltk.data, "find", no_network)
    text = "Pallet dwell time fell from 41 to 26 hours. The pilot ran at two depots in May."
    english = review_copy(text, language="en").stats["readability"]
    assert 50 < english["flesch_reading_ease"] < 110
    spanish = review_copy("El piloto redujo la espera de 41 a 26 horas.", language="es")
    assert spanish.stats["readability"]["fernandez_huerta"] > 0


# ---------------------------------------------------------------- role fit


def test_role_fit_strong_for_a_buyer_quote() -> None:
    text = (
        "Our quote for 5,000 units is €18.40 per unit, payment 60 days net, delivery in June. "
        "Compared with your current supplier's list price, that is €13,500 less per year."
    )
    fit = review_copy(text, role="buyer", language="en").stats["role_fit"]
    assert fit["fit"] == "strong"
    assert {"price", "terms", "comparison"} <= set(fit["covered"])
    assert fit["citations"] == [
        {
            "topic": "buying-center",
            "source": "guidance/en/buying-center.md",
            "language": "en",
            "label": "The buying center and its roles › "
            "What each role in the buying center needs to read",
        }
    ]


@pytest.mark.parametrize("language", LANGUAGES)
def test_role_fit_cites_a_section_of_the_bundled_guidance_by_its_label(language: str) -> None:
    """The label the review shows is the label of a real section of the cited guidance file."""
    from assistant.knowledge import KnowledgeFile, load_file
    from assistant.review_rules import role_rules

    citation = role_rules().citation.of(language)
    root = Path(__file__).resolve().parent.parent / "knowledge"
    file = KnowledgeFile(root / citation["source"], citation["source"], "guidance")
    assert citation["label"] in {chunk.label for chunk in load_file(file, 10**7).chunks}


def test_role_fit_weak_names_what_the_role_needs() -> None:
    result = review_copy(SOFT_EN, role="buyer", language="en")
    assert result.stats["role_fit"]["fit"] == "weak"
    finding = next(f for f in result.findings if f.rule == "role-fit")
    assert finding.severity == "warning" and "price" in finding.message
    assert_offsets(SOFT_EN, result)


def test_role_fit_in_hebrew_cites_the_hebrew_guidance() -> None:
    fit = review_copy(CLEAN["he"], role="decider", language="he").stats["role_fit"]
    assert fit["fit"] in {"strong", "partial"}
    assert fit["citations"][0]["source"] == "guidance/he/buying-center.md"


# ---------------------------------------------------------------- nothing new


def test_nothing_new_uses_one_call_and_spares_sentences_with_new_facts() -> None:
    known = "Professionals expect content with high added value and efficient messages."
    text = (
        "Professionals expect content with high added value and efficient messages. "
        "At Kessler Foods mis-picks fell from 1.8% to 0.4% in 6 weeks. "
        "Buyers compare suppliers before they talk to sales."
    )
    calls: list[list[str]] = []

    def nearest(sentences: list[str]) -> list[KnownPassage | None]:
        calls.append(sentences)
        passage = KnownPassage(
            chunk_id="c1", source="guidance/en/high-value-content.md", text=known, similarity=0.93
        )
        weak = passage.model_copy(update={"similarity": 0.5})
        return [passage, passage, weak]

    result = review_copy(text, language="en", known_passages=nearest)
    assert len(calls) == 1 and len(calls[0]) == 3
    found = [f for f in result.findings if f.rule == "nothing-new"]
    assert [(f.start, f.end) for f in found] == [span_of(text, known)[:2]]
    assert "guidance/en/high-value-content.md" in found[0].message


def test_nothing_new_needs_one_result_per_sentence() -> None:
    text = "Buyers compare suppliers before they call. Deciders weigh the risk of every change."
    with pytest.raises(ValueError, match="2 sentences"):
        review_copy(text, known_passages=lambda s: [None])


def test_nothing_new_looks_up_each_distinct_long_sentence_once() -> None:
    repeated = "Buyers compare suppliers before they talk to sales."
    text = f"{repeated} Hi there. {repeated} {repeated}"
    calls: list[list[str]] = []

    def nearest(sentences: list[str]) -> list[KnownPassage | None]:
        calls.append(sentences)
        return [
            KnownPassage(chunk_id="c1", source="guidance/en/x.md", text=repeated, similarity=0.95)
        ]

    result = review_copy(text, language="en", known_passages=nearest)
    assert calls == [[repeated]]
    assert len([f for f in result.findings if f.rule == "nothing-new"]) == 3


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"text": "Fine text.", "channel": "fax"}, "channel"),
        ({"text": "Fine text.", "role": "ceo"}, "role"),
        ({"text": "Fine text.", "language": "fr"}, "language"),
        ({"text": ""}, "text"),
        ({"text": " \n\t "}, "text"),
    ],
)
def test_bad_input_raises_input_error_naming_the_field(kwargs: dict, field: str) -> None:
    with pytest.raises(InputError) as raised:
        review_copy(**kwargs)
    assert raised.value.field == field


_MIXED = st.text(
    alphabet=st.one_of(
        st.sampled_from(list("abcXYZ ñáé שלוםבהו!?.,:;%€₪-'\"\n\t0123456789🚀🎉")),
        st.characters(codec="utf-8"),
    ),
    max_size=300,
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_MIXED, language=st.sampled_from([None, "en", "es", "he"]))
def test_any_text_gives_valid_offsets_or_input_error(text: str, language: str | None) -> None:
    if not text.strip():
        with pytest.raises(InputError):
            review_copy(text, language=language)
        return
    result = review_copy(text, language=language, channel="email", role="buyer")
    assert 0 <= result.score <= 100
    assert_offsets(text, result)


@pytest.mark.parametrize("text", list(PATHOLOGICAL_COPY.values()), ids=list(PATHOLOGICAL_COPY))
def test_pathological_input_gets_a_well_formed_review(text: str) -> None:
    # Each of these once made a pattern rescan from every position; `make bench --only hostile`
    # prints how long each takes (speed goals live in the bench, not in unit tests).
    result = review_copy(text, language="en", channel="newsletter")
    assert 0 <= result.score <= 100
    assert_offsets(text, result)


# ---------------------------------------------------------------- CLI


def test_cli_review_file_json(tmp_path: Path) -> None:
    path = tmp_path / "copy.txt"
    path.write_text(SOFT_EN, encoding="utf-8")
    result = CliRunner().invoke(cli, ["review", str(path), "--channel", "email", "--json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert {"score", "verdict", "language", "findings", "stats"} <= set(doc)
    assert doc["verdict"] == "soft" and doc["language"] == "en"
    for finding in doc["findings"]:
        assert SOFT_EN[finding["start"] : finding["end"]] == finding["excerpt"]


def test_cli_review_stdin_and_text_rendering() -> None:
    result = CliRunner().invoke(cli, ["review", "-", "--lang", "he"], input=CLEAN["he"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("score ") and "language he" in result.stdout


def test_cli_review_batch_keeps_going_after_a_bad_line(tmp_path: Path) -> None:
    batch = tmp_path / "batch.jsonl"
    batch.write_text(
        "\n".join(
            [
                json.dumps({"text": SOFT_EN, "channel": "email"}),
                "{not json",
                json.dumps({"text": "Good text.", "channel": "fax"}),
                json.dumps({"text": CLEAN["es"], "lang": "es"}),
            ]
        ),
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["review", "--batch", str(batch)])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(lines) == 4
    assert lines[0]["verdict"] == "soft"
    assert "error" in lines[1] and "error" in lines[2] and "channel" in lines[2]["error"]
    assert lines[3]["language"] == "es"


@pytest.mark.parametrize("content", [None, b"", b"\x00\x01binary\x00"])
def test_cli_review_bad_file_exit_2_one_line(tmp_path: Path, content: bytes | None) -> None:
    path = tmp_path / "input.txt"
    if content is not None:
        path.write_bytes(content)
    result = CliRunner().invoke(cli, ["review", str(path), "--json"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("error:") and len(result.stderr.strip().splitlines()) == 1


def test_copy_over_the_cap_is_refused_with_the_setting_named(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with pytest.raises(InputError) as refused:
        review_copy("Buyers compare suppliers. " * 100, max_chars=1000)
    assert str(refused.value) == (
        "text: is 2,600 characters; the limit is 1,000 (ASSISTANT_MAX_REVIEW_CHARS)"
    )
    monkeypatch.setenv("ASSISTANT_MAX_REVIEW_CHARS", "1000")
    with pytest.raises(InputError, match="the limit is 1,000"):
        review_copy("Buyers compare suppliers. " * 100)
