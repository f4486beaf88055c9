"""Demo data for ties to the home municipality (issue 19.3): Sara lives in Roskilde but comes from Ballerup. Ballerup's
youth-council coordinator, Rikke, posts news and opportunities for Ballerup's young people wherever they live, and
Ballerup's youth council has a public page with its causes."""

from __future__ import annotations

from datetime import date, timedelta

from sqlmodel import Session, col, delete

from youthvoice.council import hometies
from youthvoice.council.models import Cause, CauseCategory, CauseStatus, Council, HomeNews, Term
from youthvoice.identity.models import User

NEWS = (
    ("job", "Sommerjob for unge i Ballerup", "Kommunen har 40 sommerjob til unge på 15-17 år. Søg inden 1. maj.",
     "https://ballerup.dk", 30),
    ("council", "Ungebyrådet mødes i rådhuset", "Kom og hør, hvad ungebyrådet arbejder med. Alle unge fra Ballerup "
     "er velkomne, også dig der bor et andet sted nu.", None, 12),
    ("event", "Festival i Byparken", "Vi mangler unge, der vil hjælpe ved boderne. Der er mad og en "
     "t-shirt til alle hjælpere.", None, 45),
)
CAUSES = (
    ("Gratis buskort til unge", "Alle unge under 18 skal kunne tage bussen gratis i kommunen.",
     CauseCategory.TRANSPORT, CauseStatus.IN_PROGRESS),
    ("Et ungehus, der er åbent om aftenen", "Et sted at være efter kl. 18, også i weekenden.",
     CauseCategory.LEISURE, CauseStatus.PRESENTED),
)


def delete_home_news(db: Session, municipality_id: int) -> None:
    """Remove a municipality's news (before its coordinator is removed)."""
    db.exec(delete(HomeNews).where(col(HomeNews.municipality_id) == municipality_id))
    db.flush()


def seed_home_ties(db: Session, *, sara: User, coordinator: User) -> None:
    """Sara's home municipality is Ballerup; Rikke's news; Ballerup's youth council's public causes."""
    today = date.today()
    hometies.set_home(db, young_person=sara, municipality_id=coordinator.municipality_id)
    for kind, title, text, link, days in NEWS:
        hometies.post_news(db, actor=coordinator, fields={"kind": kind, "title": title, "text": text, "link": link,
                                                          "day": (today + timedelta(days=days)).isoformat()})
    council = Council(municipality_id=coordinator.municipality_id, name="Ballerup Ungebyråd", public_page=True)
    db.add(council)
    db.flush()
    year = today.year if today.month >= 8 else today.year - 1
    term = Term(municipality_id=coordinator.municipality_id, council_id=council.id, name=f"{year}/{year + 1 - 2000}",
                starts_on=date(year, 8, 1), ends_on=date(year + 1, 7, 31))
    db.add(term)
    db.flush()
    for title, change, category, status in CAUSES:
        db.add(Cause(municipality_id=coordinator.municipality_id, term_id=term.id, status=status, category=category,
                     title=title, change=change))
    db.flush()
