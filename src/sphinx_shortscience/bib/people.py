"""Author and editor lists: split into people, shown in full or as a citation shows them."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from .render import latex_plain


@dataclass(frozen=True, slots=True)
class Person:
    first: str
    von: str
    last: str
    jr: str

    @property
    def family(self) -> str:
        """The name a citation uses: "von Last"."""
        return " ".join(part for part in (self.von, self.last) if part)

    @property
    def full(self) -> str:
        """The name as shown in an author list: "First von Last, Jr"."""
        name = " ".join(part for part in (self.first, self.von, self.last) if part)
        return f"{name}, {self.jr}" if self.jr else name


OTHERS = Person("", "", "others", "")


@functools.lru_cache(maxsize=65536)
def parse_people(value: str) -> tuple[Person, ...]:
    """Split an ``author``/``editor`` value into people; ``and others`` is :data:`OTHERS`."""
    # imported on first use: a build whose pages show no author (a warm rebuild) never
    # pays for importing bibtexparser
    from bibtexparser.middlewares.names import (
        InvalidNameError,
        parse_single_name_into_parts,
        split_multiple_persons_names,
    )

    people: list[Person] = []
    for raw_name in split_multiple_persons_names(value):
        name = raw_name.strip()
        if not name:
            continue
        if name.lower() == "others":
            people.append(OTHERS)
            continue
        try:
            parts = parse_single_name_into_parts(name, strict=False)
        except InvalidNameError:
            people.append(Person("", "", latex_plain(name), ""))
            continue

        def decode(words: list[str]) -> str:
            return latex_plain(" ".join(words))

        people.append(
            Person(decode(parts.first), decode(parts.von), decode(parts.last), decode(parts.jr))
        )
    return tuple(people)


SHORT_AUTHOR_LIST = 10


def author_list(people: tuple[Person, ...], limit: int | None = None) -> str:
    """ "A, B and C", with "et al." for ``and others`` and beyond *limit* names."""
    names = [p.full for p in people if p is not OTHERS]
    others = any(p is OTHERS for p in people)
    if limit is not None and len(names) > limit:
        names, others = names[:limit], True
    if not names:
        return ""
    if others:
        return ", ".join(names) + " et al."
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " and " + names[-1]


def family_names(people: tuple[Person, ...]) -> str:
    """The author part of an author-year citation: "He", "He and Sun", "He et al."."""
    named = [p for p in people if p is not OTHERS]
    if not named:
        return ""
    if len(named) >= 3 or (any(p is OTHERS for p in people)):
        return f"{named[0].family} et al."
    if len(named) == 2:
        return f"{named[0].family} and {named[1].family}"
    return named[0].family
