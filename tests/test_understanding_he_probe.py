"""Hebrew lexicon entries added while tuning on the probe set: the words marketers use
(loanwords, inflections, colloquial forms) read as the guidance's own concepts."""

from __future__ import annotations

import pytest

from assistant.understanding import guidance_words, understand


@pytest.mark.parametrize(
    ("question", "concept"),
    [
        ("מה עושים כשהעסקה מתה בלי שום החלטה?", "b2b-buyer"),
        ("הסטטוס קוו הוא המתחרה שלנו?", "personal-risk"),
        ("פנייה רגשית עובדת על ארגונים?", "b2b-buyer"),
        ("כמה פריטים בצ'קליסט?", "high-value-content"),
        ("מה לעשות עם הגידורים בטקסט?", "soft-content"),
        ("באילו תוכנות מייל לבדוק את הדיוור?", "basic-html"),
        ("אפשר להשתמש בפונט מיוחד בדיוור?", "basic-html"),
        ("מתי להכניס SDR לחשבון?", "inbound-marketing"),
        ("מה נכנס בהוצאה של הקמפיין?", "b2b-communication"),
        ("הקבצים נתקעים בשער הדואר שלהם", "quarantine"),
    ],
)
def test_concepts(question: str, concept: str) -> None:
    assert concept in understand(question, "he").concepts


@pytest.mark.parametrize(
    ("question", "word"),
    [
        ("עושים צ'קליסט ללקוחות", "רשימת בדיקה"),
        ("איזה פונט לבחור?", "גופן"),
        ("שמנו את הלוגואים בתחתית", "לוגו"),
        ("כמה סעיפים זה אידיאלי?", "פריטים"),
        ("מה להכניס בהוצאה?", "כללו"),
        ("הקהל שלנו סטארטאפים", "סטארט-אפים"),
        ("באילו תוכנות מייל לבדוק?", "תוכנות דואר"),
        ("מתי פסקה הולכת לשיכתוב?", "כתיבה"),
        ("אנשים שמעולם לא פגשתי", "פגשתם"),
        ("איך לפתוח את המסמך?", "פתחו"),
        ("אפשר פונט מגוגל פונטס בניוזלטר?", "גופני רשת"),
        ("להשתמש ב-Google Fonts בדיוור?", "גופני רשת"),
        ("איך מזהים מראש שלקוח יעזוב?", "טריגרים"),
        ("מה הסימנים המקדימים לנטישה?", "טריגרים"),
        ("מה אפשר להסיק מה-open rate?", "שיעורי פתיחה"),
        ("אחוזי הפתיחה ירדו", "שיעורי פתיחה"),
        ("מי בדרך כלל מאשר?", "לרוב"),
        ("איזה טייטלים לחפש?", "תואר"),
        ("ככה המכירות יוכלו להתקשר", "יתקשר"),
    ],
)
def test_vocabulary(question: str, word: str) -> None:
    assert word in guidance_words(question, "he")


@pytest.mark.parametrize(
    ("question", "purchase"),
    [
        ("איך יודעים שלקוח עומד לפתוח את ההחלטה מחדש?", "modified-repeat"),
        ("אילו טריגרים מראים שהלקוח יבדוק מתחרים?", "modified-repeat"),
        ("מספיק לשים לוגו של ISO 27001?", "strategic"),
        ("לקוח שמזמין אותו דבר כמו תמיד", "repeat"),
        ("הלקוח רוצה להגדיל נפח ולשנות תנאים", "modified-repeat"),
    ],
)
def test_purchase_types(question: str, purchase: str) -> None:
    assert purchase in understand(question, "he").purchase_types


def test_reopening_the_decision_is_no_decision_stage() -> None:
    assert "decision" not in understand("הלקוח עומד לפתוח את ההחלטה מחדש", "he").stages
    assert "decision" in understand("מה שולחים בשלב ההחלטה?", "he").stages


def test_calculating_is_no_controller() -> None:
    """ "מחשבים" (calculating) is not read loosely as "חשבת" (a financial controller)."""
    assert understand("איך מחשבים CPL לקמפיין?", "he").roles == []
    assert understand("מה החשבת צריכה לקבל?", "he").roles == ["decider"]


def test_continuing_is_no_inbound_pull() -> None:
    """ "ממשיך" (continues) is not read loosely as "משיכה" (inbound's pull)."""
    assert "inbound-marketing" not in understand("לקוח שממשיך איתנו", "he").concepts
    assert "inbound-marketing" in understand("איך עובדת משיכה של לקוחות?", "he").concepts


@pytest.mark.parametrize(
    ("question", "role"),
    [
        ('מה לשלוח למנמ"ר?', "prescriber"),
        ("המחסנאי הראשי חושש מהמערכת", "user"),
        ("ראשי המשמרות מקבלים קול בבחירה", "user"),
        ("הפקידים שלו עובדים עם זה כל יום", "user"),
        ("הטכנאים מתלוננים על ההדרכה", "user"),
    ],
)
def test_job_titles(question: str, role: str) -> None:
    assert role in understand(question, "he").roles


def test_image_weight_is_no_clipping() -> None:
    """An image's weight is the images rule, the message's weight stays Gmail's clipping."""
    image = understand("מה המשקל המקסימלי לתמונה בניוזלטר?", "he").concepts
    assert "images" in image and "clipping" not in image
    assert "clipping" in understand("מה המשקל המקסימלי של המייל?", "he").concepts
