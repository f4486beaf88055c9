"""The pages the law asks for (issue 23.3): the accessibility statement and the privacy notices, in every language,
from content files the municipality edits, linked from every page's footer."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from support.people import login_as, make_municipality, make_person

from youthvoice.core import languages
from youthvoice.identity.models import Role
from youthvoice.rights import legal

PAGES = {"/accessibility": "accessibility", "/privacy": "privacy", "/privacy/staff": "privacy-staff"}
TITLES = {
    ("da", "/accessibility"): "Tilgængelighedserklæring",
    ("en", "/accessibility"): "Accessibility statement",
    ("da", "/privacy"): "Sådan passer vi på dine oplysninger",
    ("en", "/privacy"): "How we look after your information",
    ("da", "/privacy/staff"): "Privatlivspolitik for medarbejdere",
    ("en", "/privacy/staff"): "Privacy notice for staff",
    ("ar", "/accessibility"): "بيان إمكانية الوصول",
    ("ar", "/privacy"): "كيف نحافظ على معلوماتك",
    ("ar", "/privacy/staff"): "سياسة الخصوصية للموظفين",
    ("uk", "/accessibility"): "Заява про доступність",
    ("uk", "/privacy"): "Як ми бережемо твою інформацію",
    ("uk", "/privacy/staff"): "Повідомлення про конфіденційність для персоналу",
    ("fa_AF", "/accessibility"): "اعلامیهٔ دسترسی‌پذیری",
    ("fa_AF", "/privacy"): "ما چطور از معلومات شما مراقبت می‌کنیم",
    ("fa_AF", "/privacy/staff"): "اطلاعیهٔ حریم خصوصی برای کارمندان",
    ("so", "/accessibility"): "Bayaanka helitaanka",
    ("so", "/privacy"): "Sida aan u ilaalinno macluumaadkaaga",
    ("so", "/privacy/staff"): "Ogeysiiska sirta gaarka ah ee shaqaalaha",
    ("ti", "/accessibility"): "መግለጺ ተበጻሕነት",
    ("ti", "/privacy"): "ሓበሬታኹም ከመይ ከም እንሕልዎ",
    ("ti", "/privacy/staff"): "መግለጺ ብሕታውነት ንሰራሕተኛታት",
}


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.mark.parametrize("language", languages.CODES)
@pytest.mark.parametrize("path", list(PAGES))
def test_each_page_exists_in_every_language_for_everyone(app, path, language):
    assert (language, path) in TITLES, "a new language needs its texts in the content files (and its title here)"
    response = app.test_client().get(path, headers={"Accept-Language": language})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert f'<html lang="{language.replace("_", "-")}"' in html
    assert f"<h1 data-read-aloud>{TITLES[language, path]}</h1>" in html
    assert 'data-testid="contact-phone"' in html and 'data-testid="contact-email"' in html  # phone and written


def test_the_accessibility_statement_has_what_the_template_asks_for(app):
    html = app.test_client().get("/accessibility", headers={"Accept-Language": "da"}).get_data(as_text=True)
    text = text_of(html)
    assert "Webstedet overholder standarden delvist (overholder de fleste krav)" in text  # the compliance status
    assert "Vi har selv tjekket siden" in text  # how it was evaluated
    assert re.search(r'data-testid="last-check">\s*7\. december 2026', html)  # the date of the last check
    assert "Det virker ikke helt endnu" in text  # what is not accessible
    assert "Fortæl os om et problem" in text  # how to report one
    assert "digst.dk/digital-inklusion/webtilgaengelighed/oplever-du-ikke-tilgaengeligt-indhold" in html


def test_the_young_peoples_notice_says_what_why_how_long_who_rights_and_where_to_complain(app):
    app.config["ERASURE_GRACE_DAYS"] = 14  # the page says the installation's own numbers
    text = text_of(app.test_client().get("/privacy", headers={"Accept-Language": "da"}).get_data(as_text=True))
    for heading in (
        "Hvad gemmer vi?",
        "Hvorfor?",
        "Hvor længe gemmer vi det?",
        "Hvem kan se det?",
        "Dine rettigheder",
        "Du kan klage",
    ):
        assert heading in text
    assert "Du har 14 dage til at fortryde" in text and "24 måneder" in text and "6 måneder" in text
    assert "Datatilsynet" in text and "33 19 32 00" in text
    assert "Databeskyttelsesforordningen art. 77" in text  # each legal statement keeps its source
    assert "{" not in text  # every placeholder filled


def test_every_statement_about_the_law_has_a_source_and_a_date_in_every_language():
    config = dict.fromkeys(legal.SETTINGS, 30)
    for slug in legal.PAGES:
        pages = {language: legal.page("", slug, language, config) for language in languages.CODES}
        titles = [page.title for page in pages.values()]
        assert len(set(titles)) == len(titles), slug  # each written, not one falling back to another
        shape = {language: [len(section.points) for section in page.sections] for language, page in pages.items()}
        assert all(each == shape["da"] for each in shape.values()), slug  # the same sections and points in all
        for language, page in pages.items():  # a source wherever the Danish text has one
            points = [point for section in page.sections for point in section.points]
            danish = [point for section in pages["da"].sections for point in section.points]
            assert [bool(p.source) for p in points] == [bool(p.source) for p in danish], (slug, language)
            assert "{" not in page.intro + "".join(p.text for p in points), (slug, language)  # filled
        for page in pages.values():
            for point in (point for section in page.sections for point in section.points):
                assert bool(point.source) == bool(point.checked), point.text
                assert not point.source or point.source_url.startswith("https://")


def test_every_page_links_to_the_statement_and_the_notice_in_its_footer(app, db):
    town = make_municipality(db)
    sara = make_person(db, town, Role.YOUNG_PERSON, name="Sara")
    db.commit()
    anonymous = app.test_client()
    logged_in = app.test_client()
    login_as(app, logged_in, sara)
    for client, path in (
        (anonymous, "/login"),
        (anonymous, "/rights/"),
        (anonymous, "/privacy"),
        (logged_in, "/"),
        (logged_in, "/account/"),
    ):
        html = client.get(path).get_data(as_text=True)
        footer = html[html.index('<footer class="footer">') :]
        assert 'href="/accessibility" data-testid="footer-accessibility"' in footer, path
        assert 'href="/privacy" data-testid="footer-privacy"' in footer, path


def test_the_municipality_edits_copies_in_its_own_folder(app, tmp_path: Path):
    edited = tmp_path / "legal"
    edited.mkdir()
    (edited / "contact.toml").write_text(
        'organisation = "Roskilde Kommune"\naddress = "Rådhusbuen 1, 4000 Roskilde"\nphone = "46 31 30 00"\n'
        'email = "roskilde@roskilde.dk"\nurl = "https://www.roskilde.dk/"\ndpo_email = "dpo@roskilde.dk"\n',
        encoding="utf-8",
    )
    default = (legal.DEFAULTS / "accessibility.toml").read_text(encoding="utf-8")
    (edited / "accessibility.toml").write_text(
        default.replace("last_check = 2026-12-07", "last_check = 2027-01-15"), encoding="utf-8"
    )
    client = app.test_client()
    before = client.get("/accessibility").get_data(as_text=True)
    assert 'data-testid="example-contact"' in before  # the defaults say their details are examples
    app.config["LEGAL_CONTENT_DIR"] = str(edited)
    html = client.get("/accessibility", headers={"Accept-Language": "da"}).get_data(as_text=True)
    assert "Roskilde Kommune" in html and 'href="tel:46313000"' in html and "roskilde@roskilde.dk" in html
    assert 'data-testid="example-contact"' not in html
    assert re.search(r'data-testid="last-check">\s*15\. januar 2027', html)
    privacy = client.get("/privacy", headers={"Accept-Language": "da"}).get_data(
        as_text=True
    )  # not copied: the default, with the edited contact
    assert "dpo@roskilde.dk" in privacy and "Sådan passer vi på dine oplysninger" in privacy


@pytest.mark.parametrize("language", languages.CODES)
@pytest.mark.parametrize("path", [*PAGES, "/rights/", "/rights/complaint"])
def test_every_translation_says_the_danish_text_is_the_one_that_counts(app, path, language):
    html = app.test_client().get(path, headers={"Accept-Language": language}).get_data(as_text=True)
    note = 'data-testid="authoritative-note"'
    if language == languages.AUTHORITATIVE:
        assert note not in html
    else:
        assert note in html, (path, language)
    if language == "ar":
        assert "النص الدنماركي هو الذي يُعتمد" in html and '<html lang="ar" dir="rtl">' in html
    if language == "so":
        assert "qoraalka Deenishka ah ayaa ah midka la tixgeliyo" in html and '<html lang="so">' in html
    if language == "ti":
        assert "እቲ ዝቑጸር ናይ ዴንማርክ ጽሑፍ እዩ" in html and '<html lang="ti">' in html
