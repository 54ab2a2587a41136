"""Paper and keyword pages in objects.inv, so that other projects link to them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .families import FAMILY
from .names import member_docname, paper_docname

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment

    from ..domain import InventoryObject
    from .model import Site


def inventory_objects(env: BuildEnvironment, site: Site) -> list[InventoryObject]:
    """Paper pages (by key, shown by title) and keyword pages, for objects.inv."""
    objects: list[InventoryObject] = [
        (key, site.facts[key].title_text, "paper", paper_docname(env.config, key), "", 1)
        for key in site.papers]
    for group in site.groups["keyword"].values():
        objects.append((group.display, group.display, "keyword",
                        member_docname(env.config, FAMILY["keyword"], group.identity),
                        "", 1))
    return objects
