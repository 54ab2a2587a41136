project = "Hostile"
extensions = ["sphinx_shortscience"]
bibtex_bibfiles = ["refs.bib"]
exclude_patterns = ["_build"]
show_warning_types = True
html_baseurl = "https://group.example.org/"
# MyST syntax a project may well enable for its own pages: summaries are parsed without
# the evaluating kinds (substitution is Jinja2) whatever is enabled here
myst_enable_extensions = ["substitution", "attrs_inline", "colon_fence", "deflist"]
myst_substitutions = {"group": "the reading group"}


def _plant_outside_link() -> None:
    """A file of the project that links to one outside it (git would store the link, but
    copying a test root follows it, so the attack's link is made here, where it runs)."""
    import pathlib

    outside = pathlib.Path("..", "outside-secret.png")
    outside.write_text("do not publish me either", encoding="utf-8")
    link = pathlib.Path("outside-link.png")
    if not link.is_symlink():
        link.symlink_to(outside.resolve())


_plant_outside_link()
