"""The kinds of listing page: keywords, venues, years and writers."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Family:
    """A kind of listing page: one page per member, and an index of the members."""

    name: str  # folder of the member pages, and the object type in objects.inv
    plural: str  # docname of the index page
    title: str  # title of the index page
    member_title: str  # title of a member page, with {name}


FAMILIES = (
    Family("keyword", "keywords", "Keywords", "Keyword: {name}"),
    Family("venue", "venues", "Venues", "Venue: {name}"),
    Family("year", "years", "Years", "Year {name}"),
    Family("writer", "writers", "Writers", "Summaries by {name}"),
)
FAMILY = {family.name: family for family in FAMILIES}
