"""Paper and keyword pages in objects.inv, so that other projects link to them."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..domain import domain_of
from ..warnings_ import ShortScienceWarning, warn
from .families import FAMILY
from .names import member_docname, paper_docname

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment

    from ..domain import InventoryObject
    from .model import Site

#: How every reader of objects.inv (Sphinx's intersphinx among them) splits a line of it:
#: ``name domain:type priority uri display-name``, the name taken as short as it can be.
_INVENTORY_LINE = re.compile(r"(.+?)\s+(\S+)\s+(-?\d+)\s+?(\S*)\s+(.*)")


def reads_back(name: str, kind: str, display: str) -> bool:
    """Whether the inventory line of *name* (of type ``shortscience:KIND``, shown as
    *display*) reads back as itself: a key or keyword holding ``x shortscience:paper 1
    //elsewhere`` or a line break would make consumers read another entry."""
    if name == display:
        display = "-"  # as Sphinx writes it
    line = f"{name} shortscience:{kind} 1 shortscience/x.html {display}"
    if len(line.splitlines()) != 1:
        return False
    match = _INVENTORY_LINE.match(line.rstrip())
    return match is not None and match.groups() == (
        name, f"shortscience:{kind}", "1", "shortscience/x.html", display.rstrip())


def inventory_objects(env: BuildEnvironment, site: Site) -> list[InventoryObject]:
    """Paper pages (by key, shown by title) and keyword pages, for objects.inv; those whose
    line would read as another entry are left out, with a warning."""
    objects: list[InventoryObject] = [
        (key, site.facts[key].title_text, "paper", paper_docname(env.config, key), "", 1)
        for key in site.papers]
    for group in site.groups["keyword"].values():
        objects.append((group.display, group.display, "keyword",
                        member_docname(env.config, FAMILY["keyword"], group.identity),
                        "", 1))
    entries = domain_of(env).bibliography.entries
    kept: list[InventoryObject] = []
    for entry in objects:
        name, display, kind = entry[0], entry[1], entry[2]
        if reads_back(name, kind, display):
            kept.append(entry)
            continue
        bib_entry = entries.get(name) if kind == "paper" else None
        warn(ShortScienceWarning.unsafe_link,
             f"{kind} {name[:60]!r} is left out of objects.inv: its line there would read "
             "as another entry (a line break, or words that look like a type, a priority "
             "and an address); other projects cannot link to its page",
             f"{bib_entry.path}:{bib_entry.line}" if bib_entry is not None else None)
    return kept
