"""Wordings from the eighth round (blind9): a question typed without a question mark after a
scene, a role named by what it does beside another person's title, and a question about what
worries an account's person (issue 11)."""

from __future__ import annotations

import pytest

from assistant.chat import ChatEngine
from assistant.understanding import asks_concern, question_sentence, understand


@pytest.mark.parametrize(
    ("message", "language", "asking"),
    [
        (
            "Our list has a segment called plant managers, 2,000 contacts. how can I tell "
            "whether it is narrow enough",
            "en",
            "how can I tell whether it is narrow enough",
        ),
        (
            "יש לנו רשימה של 900 מנהלי תפעול. איך יודעים אם הפלח צר מספיק",
            "he",
            "איך יודעים אם הפלח צר מספיק",
        ),
        # no cue anywhere: the whole message
        ("Our segment of plant managers. Our segment of CFOs.", "en", None),
    ],
)
def test_the_last_cued_sentence_asks_without_a_question_mark(
    message: str, language: str, asking: str | None
) -> None:
    assert question_sentence(message, language) == (asking or message)


def test_a_job_title_in_the_scene_is_not_the_role_asked() -> None:
    # The planner job title only names the segment; the question is how to check it.
    understood = understand(
        "Our list has a segment called plant managers, 2,000 contacts. how can I tell "
        "whether it is narrow enough",
        "en",
    )
    from assistant.facts import scene_roles

    assert understood.kind == "how-to" and scene_roles(understood)


def test_a_role_named_by_its_act_beside_another_title(engine: ChatEngine) -> None:
    # "makes the decision" asks for the decider; the logistics head is only a guess.
    question = "בנווה כרמל מי בעצם מקבל את ההחלטה הסופית? מנהל אגף הלוגיסטיקה?"
    understood, _ = engine.understand(question, "iriyat-neve-carmel")
    assert "decider" in understood.roles and not understood.recipient
    answer = engine.answer(question, "iriyat-neve-carmel").answer
    assert "מנכ״ל העירייה" in answer[:400], answer


@pytest.mark.parametrize(
    ("message", "language", "concern"),
    [
        ("Why is Northbridge's MD still hesitant about us?", "en", True),
        ("y la supervisora, que objeciones nos va a poner?", "es", True),
        ("למה המנכ״ל שלהם עדיין מהסס?", "he", True),
        # a worry told as the scene: the question asks for content
        ("The MD is nervous about go-live. What do we send him now?", "en", False),
    ],
)
def test_questions_about_what_worries_someone(message: str, language: str, concern: bool) -> None:
    understood = understand(message, language)
    assert understood.concern is concern
    assert asks_concern(message, language) is concern  # read in the asking sentence only


def test_what_worries_a_member_is_answered_by_their_objections(engine: ChatEngine) -> None:
    answer = engine.answer("Why is Northbridge's MD still hesitant about us?", "northbridge-3pl")
    opening = answer.answer[:400]
    assert opening.startswith("At Northbridge"), answer.answer
    # every objection, not only the best matching one
    assert "acquired or goes under" in opening and "referenceable" in opening, answer.answer


@pytest.mark.parametrize(
    ("typed", "language", "read"),
    [
        ("recompra modificada q es exactamente? xq importa", "es", "recompra modificada que es"),
        ("siete u ocho contactos", "es", "siete u ocho contactos"),  # Spanish "u" stays
        ("can u tell me why it doesnt land", "en", "can you tell me why it doesn't land"),
    ],
)
def test_chat_shorthand_is_read_written_out(typed: str, language: str, read: str) -> None:
    from assistant.language import read_as_typed

    assert read_as_typed(typed, language).startswith(read)


def test_a_define_question_in_shorthand_is_answered_not_planned(engine: ChatEngine) -> None:
    # "plan de contenidos" is where the answer goes, not a request for a plan.
    answer = engine.answer("recompra modificada q es? la necesito para el plan de contenidos")
    assert answer.intent == "question" and "recompra modificada" in answer.answer[:300].lower()


@pytest.mark.parametrize(
    "message",
    [
        "tenemos un segmento de ferreterias que da un 0,9% de bajas en cada envio. eso es "
        "mucho o hay que preocuparse",
        "One of our segments gets 0.9% unsubscribes on every single newsletter send. is that "
        "normal for b2b",
        "יש לנו פלח של מפיצים עם 0.9% הסרות בכל שליחה של הניוזלטר החודשי שלנו. זה נורמלי",
    ],
)
def test_a_figure_then_is_that_normal_asks_rather_than_pastes(
    engine: ChatEngine, message: str
) -> None:
    answer = engine.answer(message)
    assert answer.intent == "question", answer.answer
    if "bajas" in message:  # the Spanish guidance states the threshold
        assert "0,5" in answer.answer, answer.answer


@pytest.mark.parametrize(
    ("message", "instead"),
    [
        ("Can we put the product video straight into the email to plant managers?", "instead"),
        ("אפשר לשים קליפ קצר בתוך הניוזלטר?", "במקום וידאו"),
    ],
)
def test_a_no_comes_with_what_to_do_instead(engine: ChatEngine, message: str, instead: str) -> None:
    # Video in an email (the guidance says "וידאו", users type "קליפ" or "סרטון").
    answer = engine.answer(message)
    assert answer.in_knowledge and instead in answer.answer, answer.answer


@pytest.mark.parametrize(
    ("message", "types"),
    [
        ("como sé si un segmento es demasiado amplio?", []),  # wide, not expanding
        ("queremos ampliar el contrato con ellos", ["modified-repeat"]),
        ("el cliente amplía el pedido", ["modified-repeat"]),
    ],
)
def test_wide_is_not_expanding(message: str, types: list[str]) -> None:
    assert understand(message, "es").purchase_types == types


def test_a_lawyer_in_the_buying_center_is_a_role_not_legal_advice(engine: ChatEngine) -> None:
    answer = engine.answer(
        "Su abogado externo revisa nuestra oferta y les da su criterio experto. ¿Qué rol tiene?"
    )
    assert answer.in_knowledge and "asesor" in answer.answer[:200].lower(), answer.answer
    # …while legal advice itself is still declined
    assert not engine.answer("¿Es legal mandar correos en frío a empresas?").in_knowledge


def test_a_how_to_about_a_subject_is_not_answered_by_its_audience_role(engine: ChatEngine) -> None:
    from assistant.facts import scene_roles

    question = "Cómo armo un whitepaper que lean a la vez el técnico, el de compras y el director?"
    understood, _ = engine.understand(question)
    assert understood.roles and scene_roles(understood)
    opening = engine.answer(question).answer.split("\n")[0]
    assert "bloques" in opening, opening


@pytest.mark.parametrize(
    "message",
    [
        "what should our cookie banner look like for EU visitors?",
        "Pipedrive o Zoho para un equipo de 6 comerciales?",
        "כמה עולה יום צילום לסרטון לקוח?",
        "give me OKRs for a five-person marketing team",
        "¿qué gramaje y qué tirada para el catálogo en papel?",
        "איך מודיעים לעובדים על ארגון מחדש במחלקה?",
    ],
)
def test_more_neighbouring_subjects_are_declined(engine: ChatEngine, message: str) -> None:
    assert not engine.answer(message).in_knowledge


def test_our_own_signature_is_no_buying_stage_or_role() -> None:
    # The marketer signs a lead vendor's contract: not the customer's decider or decision.
    mine = understand("מה חייב להיות בחוזה עם ספק הלידים לפני שאני חותמת?", "he")
    assert mine.roles == [] and mine.stages == []
    theirs = understand("מי חותם אצלם בסוף על ההזמנה?", "he")
    assert theirs.roles == ["decider"]


@pytest.mark.parametrize(
    ("message", "language", "stages"),
    [
        (
            "the plant manager is only starting to notice scrap costs, nobody is talking about a "
            "project yet. what do I send?",
            "en",
            ["need"],
        ),
        (
            "la jefa de planta apenas se esta dando cuenta de que pierden material, todavia ni "
            "piensan en buscar proveedor. q le envio",
            "es",
            ["need"],
        ),
        ("ya estan buscando proveedor para el ERP, que les mando", "es", ["supplier-search"]),
    ],
)
def test_early_need_wordings(message: str, language: str, stages: list[str]) -> None:
    assert understand(message, language).stages == stages


def test_a_notice_verb_is_no_price_change_notice() -> None:
    assert (
        "change-notice" not in understand("they are starting to notice the problem", "en").concepts
    )
    assert (
        "change-notice" in understand("we give 90 days notice before a price change", "en").concepts
    )


def test_a_shorthand_last_question_is_not_pasted_copy(engine: ChatEngine) -> None:
    message = (
        "la jefa de planta apenas se esta dando cuenta de que pierden material por caducidad, "
        "todavia ni piensan en buscar proveedor. q le envio sin parecer pesados"
    )
    assert engine.answer(message).intent == "question"


def test_a_compare_question_opens_with_both_sides(engine: ChatEngine) -> None:
    answer = engine.answer(
        "whats the difference between a prescriber and an advisor? they both seem technical"
    ).answer
    opening = answer.split("\n")[0]
    assert "prescriber" in opening.lower() and "advisor" in opening.lower(), answer


@pytest.mark.parametrize(
    ("question", "said"),
    [
        ("how do I write a good subject line for our mailing?", "subject line states the point"),
        ("como escribo el asunto de un mailing?", "30 a 50 caracteres"),
        ("איך כותבים שורת נושא טובה לניוזלטר?", "50 תווים"),
    ],
)
def test_a_subject_line_question_opens_with_the_subject_line_rule(
    engine: ChatEngine, question: str, said: str
) -> None:
    opening = engine.answer(question).answer.split("\n")[0]
    assert said in opening, opening


@pytest.mark.parametrize(
    ("message", "language", "cpl"),
    [
        ("why would a campaign at 40 EUR per lead be worse than one at 80?", "en", True),
        ("un proveedor nos ofrece leads a 30 € por lead", "es", True),
        ("when a lead downloads the template, what next?", "en", False),
    ],
)
def test_a_price_per_lead_is_a_cpl(message: str, language: str, cpl: bool) -> None:
    assert ("cpl" in understand(message, language).metrics) is cpl


@pytest.mark.parametrize(
    "message",
    ["מה הכי שווה לשלוח לה עכשיו?", "מה אני צריכה לשלוח לקניין?", "מה עדיף לנו לתת למנכ״ל?"],
)
def test_hebrew_what_to_send_with_words_between(message: str) -> None:
    assert understand(message, "he").kind == "what-to-send"


@pytest.mark.parametrize(
    ("message", "language"),
    [
        ("מנהלת הרכש כבר ביקשה הצעת מחיר, מה אני שולחת לה?", "he"),
        ("el de compras ya nos pidio un presupuesto formal, que le mando", "es"),
    ],
)
def test_asking_for_a_quote_is_the_negotiation_stage(message: str, language: str) -> None:
    understood = understand(message, language)
    assert understood.stages == ["negotiation"] and understood.kind == "what-to-send"


@pytest.mark.parametrize(
    ("message", "language", "slot", "value"),
    [
        # splitting the contact list is segmentation
        ("לפי מה כדאי לחלק? גודל? תעשייה?", "he", "concepts", "segmentation"),
        ("רוצים לחלק את אנשי הקשר שלנו, מאיפה מתחילים", "he", "concepts", "segmentation"),
        (
            "queremos dividir la base en grupos, por donde empezamos",
            "es",
            "concepts",
            "segmentation",
        ),
        # one contact on a deal is about the buying center
        (
            "only one person at that account talks to us, a plant manager. "
            "fine to just work with him?",
            "en",
            "concepts",
            "buying-center",
        ),
        (
            "tenemos un solo contacto en una cuenta de 80.000 euros, basta?",
            "es",
            "concepts",
            "buying-center",
        ),
        ("יש לנו רק איש קשר אחד בעסקה גדולה, זה מספיק?", "he", "concepts", "buying-center"),
        # an image-only email is about images
        (
            "our launch email is one big JPG from Photoshop and shows up blank for some",
            "en",
            "concepts",
            "images",
        ),
        (
            "el newsletter es un solo banner y a muchos les sale en blanco, por qué?",
            "es",
            "concepts",
            "images",
        ),
        ("הניוזלטר הוא באנר אחד גדול ואצל חלק מהלקוחות הוא מופיע ריק", "he", "concepts", "images"),
        # narrowing the suppliers is supplier search; "בעל ערך" is high-value content
        ("הם מצמצמים עכשיו את הספקים לשלושה, מה לשלוח?", "he", "stages", "supplier-search"),
        (
            "estan reduciendo los proveedores a tres, que les mando",
            "es",
            "stages",
            "supplier-search",
        ),
        ("איך בודקים שמאמר באמת בעל ערך?", "he", "concepts", "high-value-content"),
        # whom someone listens to or relies on is the advisor
        (
            "en frescos quien decide al final y a quien le hace caso con los numeros",
            "es",
            "roles",
            "advisor",
        ),
        ("who does their MD listen to on the numbers?", "en", "roles", "advisor"),
        ("על מי המנכ״ל סומך בנושא המספרים?", "he", "roles", "advisor"),
    ],
)
def test_everyday_wordings_name_their_slot(
    message: str, language: str, slot: str, value: str
) -> None:
    assert value in getattr(understand(message, language), slot)
