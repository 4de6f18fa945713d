"""Facts for guidance rules that no fact covered: each opens the answer to a general question
in every language, and the concepts they need are read in every language."""

from __future__ import annotations

import pytest

from assistant.chat import ChatEngine
from assistant.facts import all_facts
from assistant.understanding import understand

FACTS = {fact.id: fact for fact in all_facts()}


QUESTIONS = [
    ("inbound-handoff", "At what point do we pass a lead over to sales?"),
    ("inbound-handoff", "¿En qué momento paso un lead a ventas?"),
    ("inbound-handoff", "מה הסף להעברה למכירות?"),
    ("inbound-gate-middle", "Is there a middle ground between gating a report and giving it away?"),
    ("inbound-gate-middle", "¿Hay una vía mixta para publicar un informe con datos propios?"),
    ("inbound-gate-middle", "יש דרך ביניים בין תוכן חסום לתוכן פתוח?"),
    ("inbound-gating-defined", "What is gated content?"),
    ("inbound-gating-defined", "¿Qué es un contenido con formulario?"),
    ("inbound-gating-defined", "מה זה תוכן חסום?"),
    ("purchase-repeat-notice", "How much notice before a price increase for existing customers?"),
    (
        "purchase-repeat-notice",
        "¿Con cuánta antelación aviso a un cliente actual de un cambio de precio?",
    ),
    ("purchase-repeat-notice", "כמה זמן מראש מודיעים ללקוח קיים על העלאת מחיר?"),
    ("purchase-repeat-reorder", "How do we make reordering easier for existing customers?"),
    ("purchase-repeat-reorder", "¿Cómo facilito que un cliente actual vuelva a pedir?"),
    ("purchase-repeat-reorder", "איך להקל על הזמנה חוזרת של לקוח קיים?"),
    ("segmentation-consent", "What should we keep about consent for our contacts?"),
    ("segmentation-consent", "¿Qué guardo sobre el consentimiento de cada contacto?"),
    ("segmentation-consent", "מה צריך לתעד לגבי הסכמה של אנשי הקשר?"),
    ("follow-up-email", "What goes into a follow-up email?"),
    ("follow-up-email", "¿Qué pongo en un correo de seguimiento?"),
    ("follow-up-email", "מה לכתוב במייל המשך?"),
    ("role-user-block", "Can the end users block a purchase?"),
    ("role-user-block", "¿Un usuario puede bloquear la compra?"),
    ("role-user-block", "המשתמשים יכולים להכשיל את הרכישה?"),
    ("html-rtl", "How do we build a right-to-left email?"),
    ("html-rtl", "¿Cómo maqueto un correo de derecha a izquierda?"),
    ("html-rtl", "איך בונים ניוזלטר בעברית?"),
    ("html-testing", "How should we test an email before sending it?"),
    ("html-testing", "¿Cómo pruebo un correo antes de enviarlo?"),
    ("html-testing", "איך בודקים את הניוזלטר בתוכנות הדואר של הלקוחות?"),
    ("inbound-gating-review", "How do I know whether our gated guide is worth it?"),
    ("cpl-lead-vendor", "What should we agree with a lead vendor before signing?"),
    ("cpl-lead-vendor", "¿Qué pongo en el contrato con un proveedor de leads?"),
    ("cpl-lead-vendor", "מה לכתוב בחוזה עם ספק לידים?"),
    ("segmentation-data", "Where does segmentation data come from, enrichment?"),
    ("segmentation-data", "¿Guardo el sector en el CRM como texto libre?"),
    ("segmentation-data", "לשמור את הענף כתגית חופשית ב-CRM?"),
    ("soft-content-symptoms", "What are the warning signs of soft copy?"),
    ("soft-content-symptoms", "¿Cómo detecto el contenido blando en un borrador?"),
    ("soft-content-symptoms", "מה הסימנים של טקסט רך?"),
    ("deliverability-subdomain", "Should our campaigns go out from a subdomain?"),
    ("deliverability-subdomain", "¿Conviene enviar las campañas desde un subdominio?"),
    ("deliverability-subdomain", "כדאי לשלוח את הקמפיינים מתת-דומיין?"),
    ("deliverability-pace", "Should we spread a big send over several hours?"),
    ("deliverability-pace", "¿Qué ritmo de envío conviene mantener?"),
    ("deliverability-pace", "באיזה קצב שליחה כדאי לדוור?"),
    ("deliverability-spam-words", "Which spam words should we keep out of our emails?"),
    ("deliverability-spam-words", "¿Qué palabras de spam evito en el correo?"),
    ("deliverability-spam-words", "אילו מילות ספאם לא לכתוב במייל?"),
    ("inbound-gating-review", "¿Cómo evalúo una guía con formulario?"),
    ("inbound-gating-review", "איך יודעים אם התוכן החסום שלנו משתלם?"),
]


@pytest.mark.parametrize(("fact_id", "question"), QUESTIONS)
def test_a_general_question_opens_with_the_fact(
    engine: ChatEngine, fact_id: str, question: str
) -> None:
    answer = engine.answer(question)
    opening = FACTS[fact_id].text(answer.language)[:60]
    assert answer.answer.startswith(opening), answer.answer


@pytest.mark.parametrize(
    ("question", "concept"),
    [
        ("We hand off to sales too early", "sales-handoff"),
        ("¿Cuándo lo traspaso a ventas?", "sales-handoff"),
        ("מתי מעבירים את הליד לצוות המכירות?", "sales-handoff"),
        ("Gate only the full dataset?", "gating-middle"),
        ("¿Un término medio para el informe?", "gating-middle"),
        ("לחסום רק את הקובץ המלא?", "gating-middle"),
        ("How much advance notice for a price change?", "change-notice"),
        ("¿Cuánto preaviso damos?", "change-notice"),
        ("כמה ימים מראש להודיע?", "change-notice"),
        ("Should we set up an ordering portal?", "reorder-ease"),
        ("¿Montamos un portal de pedidos?", "reorder-ease"),
        ("כדאי לבנות פורטל הזמנות?", "reorder-ease"),
        ("Do they need to opt in?", "consent"),
        ("¿Hace falta consentimiento?", "consent"),
        ("צריך הסכמה מראש?", "consent"),
        ("Our RTL newsletter breaks", "rtl"),
        ("El correo de derecha a izquierda se rompe", "rtl"),
        ("הניוזלטר בעברית מימין לשמאל נשבר", "rtl"),
        ("Do we need Litmus?", "email-testing"),
        ("¿Hago un envío de prueba?", "email-testing"),
        ("לבדוק את הניוזלטר באאוטלוק?", "email-testing"),
        ("Is the gated PDF still working?", "gating-review"),
        ("Can we reject invalid leads?", "lead-vendors"),
        ("¿Cambiamos de proveedor de leads?", "lead-vendors"),
        ("כמה לידים תקפים קיבלנו?", "lead-vendors"),
        ("Is a CRM picklist better?", "segment-data"),
        ("¿Uso listas desplegables?", "segment-data"),
        ("צריך שדה נפרד לענף?", "segment-data"),
        ("How can I tell if a page is fluff?", "soft-symptoms"),
        ("Síntomas de texto blando", "soft-symptoms"),
        ("לזהות משפטים רכים", "soft-symptoms"),
        ("A separate subdomain for marketing?", "subdomain"),
        ("¿Usamos un subdominio para marketing?", "subdomain"),
        ("צריך תת-דומיין לשיווק?", "subdomain"),
        ("Our sending pace is uneven", "sending-pace"),
        ("¿Escalonamos los envíos?", "sending-pace"),
        ("מה קצב השליחה הנכון?", "sending-pace"),
        ("Are exclamation marks a problem?", "spam-words"),
        ("¿Las mayúsculas en el asunto son un problema?", "spam-words"),
        ("סימני קריאה בנושא זה בעיה?", "spam-words"),
        ("¿Quito el formulario?", "gating-review"),
        ("כדאי להסיר את הטופס?", "gating-review"),
    ],
)
def test_the_new_concepts_are_read_in_every_language(question: str, concept: str) -> None:
    assert concept in understand(question).concepts
