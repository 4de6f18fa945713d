"""Spanish lexicon entries added while tuning on the probe set: general marketer wording
(loanwords, colloquial forms) read as the guidance's own words and concepts."""

from __future__ import annotations

import pytest

from assistant.understanding import guidance_words, understand


@pytest.mark.parametrize(
    ("question", "concept"),
    [
        ("¿Metemos las tres novedades en el mismo correo?", "efficiency"),
        ("¿Lo mandamos todo en un solo email?", "efficiency"),
        ("En B2B se compra con la cabeza, ¿no?", "b2b-buyer"),
        ("¿La compra profesional es un proceso lógico?", "b2b-buyer"),
    ],
)
def test_spanish_concepts(question: str, concept: str) -> None:
    assert concept in understand(question, "es").concepts


@pytest.mark.parametrize(
    ("question", "word"),
    [
        ("¿Qué tiene que verse sin hacer scroll?", "desplazarse"),
        ("¿Qué ponemos en la landing del webinar?", "página de aterrizaje"),
        ("¿El informe lo dejamos de acceso libre?", "abierto"),
    ],
)
def test_spanish_vocabulary(question: str, word: str) -> None:
    assert word in guidance_words(question, "es")


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("¿Qué les hacemos llegar a los clientes que repiten?", "what-to-send"),
        ("¿Qué dossier conviene tener listo para el RFP?", "what-to-send"),
        ("¿Qué deberían mandarles en vez del folleto?", "what-to-send"),
        ("¿Qué datos le llevamos a la reunión de cuenta?", "what-to-send"),
        ("¿A qué le llaman «contenido blando»?", "define"),
    ],
)
def test_spanish_kinds(question: str, kind: str) -> None:
    assert understand(question, "es").kind == kind


@pytest.mark.parametrize(
    ("question", "word"),
    [
        ("¿Qué llevamos a la QBR con el cliente?", "revisiones de cuenta"),
        ("Se compra con la cabeza, ¿no?", "racionalidad"),
    ],
)
def test_spanish_vocabulary_more(question: str, word: str) -> None:
    assert word in guidance_words(question, "es")


def test_comparison_table_is_not_email_layout_or_segmentation() -> None:
    u = understand(
        "¿Por qué poner en la tabla comparativa los criterios donde la competencia gana?", "es"
    )
    assert "basic-html" not in u.concepts
    assert "segmentation" not in u.concepts
    assert "basic-html" in understand("¿Maquetamos el correo con tablas?", "es").concepts
    assert "segmentation" in understand("¿Qué criterios de segmentación uso?", "es").concepts


@pytest.mark.parametrize(
    ("question", "word"),
    [
        ("Nuestros SDR escriben a directores de operaciones", "comercial"),
        ("¿Mandamos el catálogo en el primer correo?", "folleto"),
    ],
)
def test_spanish_sales_vocabulary(question: str, word: str) -> None:
    assert word in guidance_words(question, "es")


def test_al_reves_names_the_funnel_only_when_calculating() -> None:
    u = understand(
        "¿Por qué en B2B tanto lead y tan poco branding? En gran consumo era al revés", "es"
    )
    assert "funnel" not in u.concepts
    assert "b2b-communication" in u.concepts
    calculating = understand("¿Cómo se calcula al revés cuántos leads necesito?", "es")
    assert "funnel" in calculating.concepts


@pytest.mark.parametrize(
    ("question", "word"),
    [
        ("¿Con qué política de DMARC arranco?", "empiece"),
        ("¿Por dónde empezamos con el calentamiento?", "empiece"),
    ],
)
def test_spanish_start_vocabulary(question: str, word: str) -> None:
    assert word in guidance_words(question, "es")


def test_press_release_counts_as_covered_when_the_guidance_names_it() -> None:
    # The guidance says «No son de alto valor las notas de prensa…»: the singular is the same
    # subject, so the neighbouring-subject phrase matches both forms.
    from assistant.answering import outside_phrases

    phrases = outside_phrases("es")
    assert phrases.pattern.search("¿Una nota de prensa cuenta como contenido de alto valor?")
    assert any(
        pattern.search("No son de alto valor las notas de prensa sobre la propia empresa")
        for _, phrase, pattern in phrases.each
        if "prensa" in phrase and "nota" in phrase
    )


@pytest.mark.parametrize(
    "question",
    [
        "¿Cómo monto un informe que lo van a leer a la vez el técnico y el de compras?",
        "¿Cómo escribo para distintos perfiles del mismo cliente?",
        "¿Un documento para diferentes lectores?",
    ],
)
def test_several_readers_name_the_b2b_buyer(question: str) -> None:
    assert "b2b-buyer" in understand(question, "es").concepts
