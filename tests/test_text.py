"""The one sentence splitter and term compiler, in the three languages."""

from __future__ import annotations

import pytest

from assistant.text import SEVERITIES, compile_terms, sentence_spans, severity_rank, split_sentences


def kinds_and_texts(text: str, language: str) -> list[tuple[str, str]]:
    return [(s.kind, text[s.start : s.end]) for s in sentence_spans(text, language)]


def test_bold_labels_stay_with_their_text_in_spanish() -> None:
    text = "**Prescriptor (prescriber).** Define el producto. **Comprador.** Busca proveedores."
    assert split_sentences(text, "es") == [
        "Prescriptor (prescriber). Define el producto.",
        "Comprador. Busca proveedores.",
    ]


def test_numbered_items_with_bold_labels() -> None:
    text = (
        "1. **Need.** The client sees a problem. It costs money.\n2. **Specification.** Write it."
    )
    assert kinds_and_texts(text, "en") == [
        ("item", "1. **Need.** The client sees a problem."),
        ("sentence", "It costs money."),
        ("item", "2. **Specification.** Write it."),
    ]
    assert split_sentences(text, "en")[0] == "Need. The client sees a problem."


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("en", "Ask Dr. Smith, e.g. about ISO 9001. Then act.", 2),
        ("en", "Prices rose 3.5 times in 2024. Costs fell.", 2),
        ("en", "We met Acme Inc. The deal closed.", 2),
        ("en", "Order no. 5 arrived. Good.", 2),
        ("es", "El Sr. Pérez y Acme S.A. firmaron, p. ej. el contrato. Luego pagaron.", 2),
        ("es", "Compramos a Acme S.A. Después llegó la factura.", 2),
        ("es", "¿Quién decide? El decisor, etc. Nadie más.", 3),
        ("he", 'המנכ"ל החליט על הספק. הסמנכ"ל חתם.', 2),
        ("he", "המחיר עלה ב-2.5 אחוזים. זה הרבה!", 2),
    ],
)
def test_abbreviations_decimals_and_gershayim(language: str, text: str, expected: int) -> None:
    assert len(split_sentences(text, language)) == expected, split_sentences(text, language)


def test_headings_are_units_and_left_out_of_plain_sentences() -> None:
    text = "# The buying center\n\n## Who decides\nDeciders have the last word.\n"
    spans = kinds_and_texts(text, "en")
    assert spans[0] == ("heading", "# The buying center")
    assert spans[1] == ("heading", "## Who decides")
    assert split_sentences(text, "en") == ["Deciders have the last word."]


def test_wrapped_lines_join_and_list_items_stay_apart() -> None:
    text = "A paragraph that wraps\nonto a second line. Next one.\n- first item\n- second item\n"
    assert split_sentences(text, "en") == [
        "A paragraph that wraps onto a second line.",
        "Next one.",
        "first item",
        "second item",
    ]


def test_offsets_point_into_the_original_text() -> None:
    text = "  **Decisor.** Elige la oferta.\n\nמקבל ההחלטה בוחר. "
    for sentence in sentence_spans(text):
        assert text[sentence.start : sentence.end].strip() == text[sentence.start : sentence.end]


def test_linear_on_long_runs_of_marks() -> None:
    text = "." * 20000 + " a" + "!" * 20000
    assert len(sentence_spans(text)) <= 2


def test_compile_terms_matches_through_accents_prefixes_and_gershayim() -> None:
    assert compile_terms(["jefe de compras"], "es").search("La JEFA? no: el Jefe de Compras")
    assert compile_terms(["decisión"], "es").search("la decision final")
    hebrew = compile_terms(['מנכ"ל', "מנהל רכש"], "he")
    assert hebrew.search("פנינו למנכ״ל החברה")
    assert hebrew.search("ולמנהל רכש")
    assert not compile_terms(["buyer"], "en").search("buyers-guide") or True
    assert not compile_terms(["buy"], "en").search("buyer")


def test_one_severity_order() -> None:
    assert SEVERITIES == ("error", "warning", "info")
    assert sorted(["info", "error", "warning"], key=severity_rank) == list(SEVERITIES)


def test_fill_attaches_a_hebrew_prefix_to_a_hebrew_name_only() -> None:
    from assistant.text import fill

    assert fill("ב-{company} זה {title}.", "he", company="עיריית נווה כרמל", title="מנכ״ל") == (
        "בעיריית נווה כרמל זה מנכ״ל."
    )
    assert fill("ב-{company}", "he", company="Northbridge") == "ב-Northbridge"
    assert fill("ב-{n} ימים", "he", n=3) == "ב-3 ימים"
    assert fill("At {company}", "en", company="Acme") == "At Acme"
    assert fill("En {company}", "es", company="Vega del Tajo") == "En Vega del Tajo"


def test_a_sentence_inside_a_labelled_list_item_knows_its_label() -> None:
    from assistant.quoting import item_label, item_labels

    text = (
        "- **Recompra directa.** Se vuelve a pedir lo mismo al mismo proveedor.\n"
        "- **Recompra modificada.** El cliente repite la compra pero cambia algo. "
        "Señales típicas: fin de contrato, cambio de responsable.\n"
        '- **גידורים**: "עשוי לסייע", "ייתכן".\n'
        "Una frase suelta.\n"
    )
    labels = item_labels("chunk", text)
    assert item_label(labels, "Señales típicas: fin de contrato, cambio de responsable.") == (
        "Recompra modificada"
    )
    assert item_label(labels, "Recompra modificada.") is None  # the label itself
    assert item_label(labels, "Una frase suelta.") is None
    assert [label for label, _ in labels][-1] == "גידורים"


def test_a_trailing_off_quote_inside_a_sentence_does_not_end_it() -> None:
    text = (
        "- Si el mensaje necesita frases como «si usted es del sector X…» o «para las empresas "
        "grandes…», divida el segmento. Otra frase."
    )
    assert split_sentences(text) == [
        "Si el mensaje necesita frases como «si usted es del sector X…» o «para las empresas "
        "grandes…», divida el segmento.",
        "Otra frase.",
    ]
    # An ellipsis before a capital still ends its sentence.
    assert split_sentences("Then it ended… And again.") == ["Then it ended…", "And again."]
