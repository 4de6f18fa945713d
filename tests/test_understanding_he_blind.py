"""Hebrew lexicon entries added while tuning on the blind set: the everyday words marketers
use for a purchase type, a concept or a role read as the guidance's own, and the asked kind
read from common Hebrew question openers. General wordings, not the eval questions."""

from __future__ import annotations

import pytest

from assistant.understanding import guidance_words, understand


@pytest.mark.parametrize(
    ("question", "purchase"),
    [
        ("מה לשלוח ללקוח ותיק?", "repeat"),
        ("הלקוחות הקבועים שלנו מתלוננים על המחיר", "repeat"),
        ("הם מזמינים מאיתנו כל חודש, איך שומרים עליהם?", "repeat"),
        ("מה להכין ל-QBR?", "repeat"),
        ("בלי המוצר שלנו המפעל עומד. מה הם ירצו לראות?", "strategic"),
        ("מה הלקוח שואל על קריסת הספק?", "strategic"),
    ],
)
def test_purchase_types(question: str, purchase: str) -> None:
    assert purchase in understand(question, "he").purchase_types


@pytest.mark.parametrize(
    ("question", "concept"),
    [
        ("למה בסוף השנה הלקוחות ממהרים לסגור?", "budget-cycle"),
        ("קנינו מאגר של מנהלי IT, אפשר לשלוח?", "purchased-lists"),
        ("מה רוחב הניוזלטר?", "basic-html"),
        ("התבנית מתפרקת באאוטלוק", "basic-html"),
        ("המייל בעברית מוצג מימין לשמאל לא נכון", "basic-html"),
        ("המסמך ארוך מדי?", "length"),
        ("כמה זמן לוקח מחזור מכירה?", "buying-process"),
        ('מה לשלוח שהוא יוכל להעביר לסמנכ"ל?', "forwarding"),
    ],
)
def test_concepts(question: str, concept: str) -> None:
    assert concept in understand(question, "he").concepts


@pytest.mark.parametrize(
    ("question", "word"),
    [
        ("מה מכינים ל-QBR?", "סקירות חשבון"),
        ("מה לכתוב בקייס סטאדי?", "נתוני מקרה"),
        ("איך נותנים טעימה מהדוח?", "דרך ביניים"),
        ("הטקסט יוצא הפוך במייל", "rtl"),
        ("מי היה איתנו בזום?", "פגישות"),
        ("הלקוח לוחץ לסגור עד סוף החודש", "סגירה"),
        ("יש לנו יותר מדי פלחים, כדאי לאחד חלק מהם?", "אחדו"),
    ],
)
def test_vocabulary(question: str, word: str) -> None:
    assert word in guidance_words(question, "he")


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("מה כדאי להביא לפגישה עם הלקוח?", "what-to-send"),
        ("איך קוראים לתפקיד של מי שבודק את החוזה?", "who"),
        ("הלידים זולים אבל אף אחד לא קונה, איך זה יכול להיות?", "why"),
    ],
)
def test_kinds(question: str, kind: str) -> None:
    assert understand(question, "he").kind == kind


def test_deciding_how_is_no_decider() -> None:
    # "איך מחליטים" is the marketer deciding, not the customer's decider.
    assert "decider" not in understand("איך מחליטים אילו פלחים לאחד?", "he").roles
    assert "decider" in understand("מי מחליט אצל הלקוח?", "he").roles


def test_risk_analysts_are_gatekeepers() -> None:
    assert "filter" in understand("מה צריכה אנליסטית הסיכונים של הלקוח?", "he").roles
    assert "filter" in understand("מה שולחים לקומפליינס?", "he").roles


def test_wait_opens_a_follow_up() -> None:
    previous = understand("איך מחממים דומיין חדש?", "he")
    following = understand("רגע, ולמי שולחים בשבוע הראשון?", "he", previous=previous)
    assert following.follow_up
    assert "warm-up" in following.concepts


def test_the_manager_a_contact_forwards_to_is_not_the_asked_role() -> None:
    forwarded = understand('מה לשלוח לה כדי שתוכל להעביר לסמנכ"ל?', "he")
    assert "decider" not in forwarded.roles
    assert "forwarding" in forwarded.concepts
    assert "decider" in understand('מה לשלוח לסמנכ"ל?', "he").roles


@pytest.mark.parametrize(
    ("question", "slot", "value"),
    [
        ("המנהלת אצל הלקוח תעבוד עם המערכת כל יום, מה חשוב לה?", "roles", "user"),
        ("הלקוח ביקש הנחה, מה עכשיו?", "stages", "negotiation"),
        ("מה לכתוב בפולואפ?", "channels", "follow-up-email"),
        ("איך כותבים כותרת למייל?", "channels", "subject-line"),
        ("הרשימה שלנו מלוכלכת", "concepts", "list-hygiene"),
        ("המיילים נוחתים בתיקיית הזבל", "concepts", "deliverability"),
        ("לשלוח את אותו מייל לכל אנשי הקשר?", "concepts", "segmentation"),
        (
            "אפשר לשים וידאו במייל?",
            "concepts",
            "email-forms",
        ),  # as in English: forms, video, iframes
    ],
)
def test_everyday_wordings(question: str, slot: str, value: str) -> None:
    assert value in getattr(understand(question, "he"), slot)


@pytest.mark.parametrize(
    ("question", "role"),
    [
        ('מה לשלוח לסמנכ"לית התפעול?', "prescriber"),
        ('מה חשוב לסמנכ"ל הטכנולוגיות?', "prescriber"),
        ('מה לשלוח לסמנכ"לית הרכש?', "buyer"),
        ('מה לשלוח לסמנכ"לית הכספים?', "decider"),
    ],
)
def test_vp_titles_by_department(question: str, role: str) -> None:
    assert understand(question, "he").roles == [role]


def test_everyday_lead_wordings() -> None:
    assert "cpl" in understand("כמה עולה לנו ליד מלינקדאין?", "he").metrics
    assert "inbound-marketing" in understand("איך מחממים לידים?", "he").concepts
    assert "warm-up" in understand("איך מחממים דומיין חדש?", "he").concepts
    assert "list-hygiene" in understand("מה עושים עם מי שלא פתחו חצי שנה?", "he").concepts


def test_a_first_time_is_a_first_purchase_only_with_a_buying_verb() -> None:
    assert "new" not in understand("איך מגדירים DMARC בפעם הראשונה?", "he").purchase_types
    assert "new" in understand("מה שונה כשהלקוח קונה בפעם הראשונה?", "he").purchase_types
    assert "new" in understand("בפעם הראשונה שהם רוכשים מערכת כזו, מה חשוב?", "he").purchase_types


def test_hiring_an_advisor_is_no_salary_question() -> None:
    assert understand("מה שולחים ליועצת החיצונית שהלקוח שכר?", "he").roles == ["advisor"]


def test_weighing_suppliers_is_the_supplier_search() -> None:
    assert "supplier-search" in understand("הלקוח מתלבט בין שני ספקים", "he").stages


@pytest.mark.parametrize(
    "question",
    [
        "למה תהליך הרכישה אצל הלקוח כל כך ארוך?",
        "מה המטרות לטווח קצר של תקשורת B2B?",
        "במילים אחרות, מי מחליט?",
        "מה שולחים לקניין כשהוא בונה רשימה קצרה?",
    ],
)
def test_long_and_short_alone_are_no_text_length(question: str) -> None:
    assert "length" not in understand(question, "he").concepts


@pytest.mark.parametrize(
    "question",
    ["כמה ארוך צריך להיות מייל קר?", "המייל שלנו ארוך מדי?", "מייל של 300 מילים זה בסדר?"],
)
def test_a_text_length_is_still_read(question: str) -> None:
    assert "length" in understand(question, "he").concepts


def test_unsupported_claims_are_soft_content() -> None:
    assert "soft-content" in understand("כתבנו 'המוצר הטוב ביותר בשוק' בלי נתונים", "he").concepts
    assert "להוציא" in guidance_words("מי עלול להעיף אותנו מהרשימה?", "he")


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("מה יותר חשוב, CPL או איכות הלידים?", "compare"),
        ("זה רעיון טוב לשלוח הדגמה כבר בפנייה הראשונה?", "yes-no"),
        ("מה הצעד הבא אחרי שהלקוח הוריד את המדריך?", "how-to"),
        ("מאיפה מתחילים עם DMARC?", "how-to"),
        ("באיזה שלב להכניס את היועץ?", "how-to"),
        ("מה לצרף להצעה למקבל ההחלטה?", "what-to-send"),
        ("מה גורם למיילים להיחסם?", "why"),
        ("איך זה שהמכירות לא סוגרות אף ליד?", "why"),
    ],
)
def test_common_question_openers(question: str, kind: str) -> None:
    assert understand(question, "he").kind == kind


@pytest.mark.parametrize(
    ("question", "role"),
    [
        ("מה חשוב לראש צוות הפיתוח?", "prescriber"),
        ("מה לשלוח למנהלת הפיתוח?", "prescriber"),
        ('מה מעניין את מנהל המו"פ?', "prescriber"),
        ("מה שולחים לבעלת החברה?", "decider"),
        ('מה חשוב ליו"ר?', "decider"),
        ("מה לשלוח לשותף המנהל?", "decider"),
        ('מה לשלוח לעוזרת של המנכ"לית?', "filter"),
        ("מה חשוב לאינטגרטור?", "advisor"),
    ],
)
def test_more_job_titles(question: str, role: str) -> None:
    assert understand(question, "he").roles == [role]
