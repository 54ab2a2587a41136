"""Browsing: keyword, venue, year and writer pages, cited-by, the feed and the navigation."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

from bs4 import BeautifulSoup

from sphinx_shortscience.bib.bibliography import Bibliography
from sphinx_shortscience.bib.parse import parse_bib_text
from sphinx_shortscience.bib.view import normalized_venue
from sphinx_shortscience.site.names import name_slug, slug

from .conftest import Build, run_sphinx

HE = "conf/cvpr/HeZRS16"
LSTM = "journals/neco/HochreiterS97"
ATOM = "{http://www.w3.org/2005/Atom}"


def test_keywords_merge_case_insensitively_with_one_display_form(basic: Build) -> None:
    page = basic.soup("shortscience/keywords")
    members = [li.get_text(" ", strip=True) for li in page.select("ul.shortscience-keywords li")]
    # "residual learning" (summary option) and "Residual Learning" (bib field) are one keyword
    assert members == ["cs.CV (1 paper)", "image classification (1 paper)",
                       "Residual Learning (1 paper)"]
    assert (basic.outdir / "shortscience/keyword/residual-learning.html").exists()


def test_listing_shows_paper_and_excerpt(basic: Build) -> None:
    page = basic.soup("shortscience/keyword/residual-learning")
    assert page.find("h1").get_text().rstrip("¶") == "Keyword: Residual Learning"
    item = page.select_one("ul.shortscience-listing > li")
    title = item.select_one("p.shortscience-listing-title")
    assert title.select_one("a").get_text() == "Deep Residual Learning for Image Recognition"
    assert "Kaiming He" in title.get_text() and "2016" in title.get_text()
    excerpt = item.select_one("p.shortscience-excerpt")
    # the newest summary (Ada's), cut at about 50 words, math and citations rendered
    assert excerpt.get_text().startswith("Deeper networks should never have a higher training")
    assert excerpt.select_one("span.math").get_text() == r"\(10^{-4}\)"
    assert excerpt.select_one("span.shortscience-citation a").get_text() == "Girshick et al., 2014"
    words = excerpt.get_text(" ", strip=True).split()
    assert 40 <= len(words) <= 60
    # the whole summary fits (its display math counts as one word): no "more" link
    assert excerpt.select_one("span.shortscience-more") is None
    assert "…" not in excerpt.get_text()


def test_venue_year_and_writer_pages(basic: Build) -> None:
    def members(docname: str) -> list[str]:
        return [a.get_text() for a in basic.soup(docname).select("ul.shortscience-family a")]

    venues = members("shortscience/venues")
    assert venues == ["CVPR", "Neural Computation"]
    years = members("shortscience/years")
    assert years == ["2016", "1997"]  # newest first
    writers = basic.soup("shortscience/writers").get_text(" ", strip=True)
    assert "Ada Lovelace (1 summary)" in writers and "Grace Hopper (2 summaries)" in writers
    grace = basic.soup(f"shortscience/writer/{name_slug('grace hopper')}")
    assert grace.find("h1").get_text().rstrip("¶") == "Summaries by Grace Hopper"
    titles = [p.select_one("a").get_text() for p in grace.select("p.shortscience-listing-title")]
    assert titles == ["Deep Residual Learning for Image Recognition",
                      r"Long Short-Term Memory with \(\alpha\) – a classic"]


def test_paper_page_links_keywords_venue_and_year(basic: Build) -> None:
    page = basic.soup(f"shortscience/paper/{slug(HE)}")
    details = {a.get_text(): a["href"] for a in page.select("p.shortscience-details a")}
    assert details == {"CVPR": "../venue/cvpr.html", "2016": "../year/2016.html"}
    keywords = {a.get_text(): a["href"] for a in page.select("p.shortscience-keywords a")}
    assert keywords["Residual Learning"] == "../keyword/residual-learning.html"
    assert set(keywords) == {"Residual Learning", "image classification", "cs.CV"}


def test_cited_by_and_cites(basic: Build) -> None:
    he = basic.soup(f"shortscience/paper/{slug(HE)}")
    cited_by = he.select("ul.shortscience-cited-by li")
    # the LSTM summary cites ResNet twice; it is listed once
    assert len(cited_by) == 1
    assert cited_by[0].select("a")[0].get_text().startswith("Long Short-Term Memory")
    assert cited_by[0].select("a")[1]["href"] == (
        "../../rst-summaries.html#summary-journals-neco-hochreiters97")
    cites = [a.get_text() for a in he.select("ul.shortscience-cites li a.shortscience-paper-link")]
    assert cites == ["Rich Feature Hierarchies for Accurate Object Detection and Semantic "
                     "Segmentation"]


def test_abstract_is_folded_in_html(basic: Build) -> None:
    details = basic.soup(f"shortscience/paper/{slug(LSTM)}").select_one(
        "details.shortscience-abstract")
    assert details.select_one("summary").get_text() == "Abstract"
    assert "recurrent backpropagation" in details.get_text()


def test_abstract_is_plain_in_text_output(built: Callable[..., Build]) -> None:
    text = built("basic", "text").read(f"shortscience/paper/{slug(LSTM)}.txt")
    assert "Abstract" in text and "recurrent backpropagation" in text


def test_listing_pages_stay_out_of_the_navigation(basic: Build) -> None:
    # the sidebar of an ordinary page lists the browse pages, not every paper
    sidebar = basic.soup("rst-summaries").select_one("div.sphinxsidebar")
    links = [a.get_text() for a in sidebar.select("a")] if sidebar else []
    assert not any("Deep Residual" in link for link in links)
    assert "not included in any toctree" not in basic.warnings


def test_venue_normalization() -> None:
    bib = Bibliography([parse_bib_text(r"""
@inproceedings{a, booktitle = {2016 {IEEE} Conference on Computer Vision and Pattern
               Recognition, {CVPR} 2016}}
@inproceedings{b, booktitle = {Advances in Neural Information Processing Systems 28}}
@article{journals/corr/X15, journal = {CoRR}}
@misc{c, eprint = {1706.03762}, archiveprefix = {arXiv}}
@article{d, journal = {Neural Computation}}
@inproceedings{e, booktitle = {Proceedings of the 32nd International Conference on
               Machine Learning, {ICML} 2015}}
@inproceedings{journals/corr/KingmaB14, booktitle = {3rd International Conference on
               Learning Representations, {ICLR} 2015}}
""", "x.bib", "d")])
    venues = {key: normalized_venue(bib, entry) for key, entry in bib.entries.items()}
    assert venues == {"a": "CVPR", "b": "NeurIPS", "journals/corr/X15": "arXiv", "c": "arXiv",
                      "d": "Neural Computation", "e": "ICML", "journals/corr/KingmaB14": "ICLR"}


def test_atom_feed(project: Callable[[str], Path]) -> None:
    src = project("basic")
    build = run_sphinx(src, confoverrides={"html_baseurl": "https://group.example.org/notes/"})
    feed_path = build.outdir / "shortscience" / "atom.xml"
    root = ET.parse(feed_path).getroot()
    assert root.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated", "author"):
        assert root.find(f"{ATOM}{required}") is not None
    entries = root.findall(f"{ATOM}entry")
    updated = [e.findtext(f"{ATOM}updated") for e in entries]
    assert updated == ["2024-03-05T00:00:00Z", "2023-11-20T00:00:00Z"]  # newest first
    first = entries[0]
    assert first.findtext(f"{ATOM}id") == (
        "https://group.example.org/notes/rst-summaries.html#summary-conf-cvpr-hezrs16")
    assert first.find(f"{ATOM}link").get("href") == first.findtext(f"{ATOM}id")
    assert first.findtext(f"{ATOM}title") == (
        "Deep Residual Learning for Image Recognition (summary by Ada Lovelace)")
    assert "Girshick et al., 2014" in first.findtext(f"{ATOM}summary")
    link = build.soup("index").find("link", rel="alternate", type="application/atom+xml")
    assert link["href"] == "https://group.example.org/notes/shortscience/atom.xml"
    # not rewritten when nothing changed
    before = feed_path.stat().st_mtime_ns
    run_sphinx(src, confoverrides={"html_baseurl": "https://group.example.org/notes/"})
    assert feed_path.stat().st_mtime_ns == before


def test_feed_shows_citations_as_the_pages_do(project: Callable[[str], Path]) -> None:
    """Every output follows shortscience_cite_style: the feed's text is the page's."""
    src = project("basic")
    build = run_sphinx(src, confoverrides={"html_baseurl": "https://group.example.org/",
                                           "shortscience_cite_style": "numeric"})
    root = ET.parse(build.outdir / "shortscience" / "atom.xml").getroot()
    summary = root.findall(f"{ATOM}entry")[0].findtext(f"{ATOM}summary")
    page = build.soup("rst-summaries").select_one("#summary-conf-cvpr-hezrs16")
    shown = page.select_one("span.shortscience-citation").get_text()
    assert re.fullmatch(r"\[\d+\]", shown), shown
    assert shown in summary
    assert "Girshick et al., 2014" not in summary


def test_no_feed_without_baseurl(basic: Build) -> None:
    assert not (basic.outdir / "shortscience" / "atom.xml").exists()
    assert "application/atom+xml" not in basic.read("index.html")


def test_intersphinx_from_another_project(built: Callable[..., Build],
                                          project: Callable[[str], Path]) -> None:
    first = built("basic", "html")
    inventory = first.outdir / "objects.inv"
    src = project("intersphinx")
    build = run_sphinx(src, confoverrides={
        "intersphinx_mapping": {"group": ("https://group.example.org/", str(inventory))}})
    assert build.warning_lines() == [], build.warnings
    page = build.soup("index")
    hrefs = {a.get_text(): a["href"] for a in page.select("a.reference.external")}
    paper_url = f"https://group.example.org/shortscience/paper/{slug(HE)}.html"
    assert hrefs["Deep Residual Learning for Image Recognition"] == paper_url
    assert hrefs["the ResNet paper"] == paper_url
    assert hrefs["Residual Learning"] == (
        "https://group.example.org/shortscience/keyword/residual-learning.html")


def test_page_names_are_safe_distinct_and_stable(built: Callable[..., Build]) -> None:
    build = built("keys", "html")
    assert build.warning_lines() == [], build.warnings
    keys = ["a/b", "a_b", "A/B", "Key:With(Parens)'s", "../../outside", "index", "he2016deep"]
    names = [slug(key) for key in keys]
    assert len(set(names)) == len(names)
    assert names[-1] == "he2016deep"  # a key that is already a clean name stays as it is
    assert names[0] == "a-b--yfgn3qbt"  # stable: the same on every machine and build
    paper_dir = build.outdir / "shortscience" / "paper"
    for key, name in zip(keys, names, strict=True):
        page = paper_dir / f"{name}.html"
        assert page.resolve().is_relative_to(build.outdir.resolve())
        assert "/" not in name and ".." not in name
        title = {"a/b": "Slash", "a_b": "Underscore", "A/B": "Upper Slash"}.get(key)
        if title:
            assert f"<h1>{title}" in page.read_text(encoding="utf-8")
    # the user's own index page is untouched by the key "index"
    assert "Keys" in build.read("index.html").split("<h1>")[1]
    assert not (build.outdir.parent / "outside.html").exists()


def test_excerpts_keep_display_math_and_link_more_only_when_cut(
        built: Callable[..., Build]) -> None:
    build = built("example")
    (writer,) = build.outdir.glob("shortscience/writer/jonas-lindqvist*.html")
    page = BeautifulSoup(writer.read_text(), "html.parser")
    items = page.select("ul.shortscience-listing > li")
    adam = next(i for i in items if "Adam" in i.select_one("p.shortscience-listing-title").text)
    excerpt = adam.select_one("p.shortscience-excerpt")
    # the update rule, display math in the summary, is in the excerpt (inline)
    assert any(r"\theta_t" in math.get_text() for math in excerpt.select("span.math"))
    cut = uncut = 0
    for listing in build.outdir.glob("shortscience/*/*.html"):
        for excerpt in BeautifulSoup(listing.read_text(), "html.parser").select(
                "p.shortscience-excerpt"):
            has_more = excerpt.select_one("span.shortscience-more") is not None
            assert has_more == ("…" in excerpt.get_text()), listing
            if has_more:
                assert excerpt.select_one("span.shortscience-more a")["href"].startswith(
                    "../paper/")
            cut, uncut = cut + has_more, uncut + (not has_more)
    assert cut and uncut  # both kinds were seen
    index = BeautifulSoup(build.read("shortscience/index.html"), "html.parser").get_text()
    assert "13 papers, 14 summaries by 2 writers" in index


def test_paper_page_gives_the_full_reference(project: Callable[[str], Path]) -> None:
    src = project("basic")
    bib = (src / "refs.bib").read_text(encoding="utf-8")
    (src / "refs.bib").write_text(bib.replace(
        "  journal = {Neural Computation},",
        "  journal = {Neural Computation},\n  volume = {9},\n  number = {8},\n"
        "  pages = {1735--1780},\n  publisher = {MIT Press},"), encoding="utf-8")
    build = run_sphinx(src)
    details = build.soup(f"shortscience/paper/{slug(LSTM)}").select_one(
        "p.shortscience-details").get_text()
    assert "Neural Computation, 9(8):1735\u20131780, MIT Press, 1997." in details
    # listings and previews keep the short form
    assert "1735" not in build.soup("shortscience/papers").get_text()
