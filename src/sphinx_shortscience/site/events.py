"""Generated documents: which pages exist, their stub files, and when to rewrite them.

Each generated page is a small reStructuredText stub in ``shortscience_dir`` (title,
toctree, and ``shortscience-part`` placeholders), written only when its text changes, so
that it is a real document in every builder: searchable, linkable, in the toctree, in the
LaTeX output.  The placeholders are filled from the domain when the page is written
(:mod:`sphinx_shortscience.transforms`).

The life cycle in one build:

``builder-inited``
    the fixed stubs exist before Sphinx looks for documents, so a toctree that names
    ``shortscience/index`` never points at a missing document;
``env-get-outdated``
    when the bib files changed, documents that show a changed entry are read again;
``env-updated``
    after all documents were read (and merged, under ``-j``), stubs are reconciled with
    the records: new ones written and read, obsolete ones deleted with their output;
``env-get-updated``
    every page's model is digested; pages whose model changed are written again.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from ..bib.view import forget_decoded_fields
from ..compat import find_documents_again, included_documents
from ..config import bib_state
from ..domain import domain_of
from ..util.files import write_if_changed
from .files import (
    PendingWrites,
    existing_stubs,
    remove_generated_folder,
    remove_output,
    stub_path,
    stubs_on_disk,
    write_gitignore,
)
from .inventory import inventory_objects
from .model import forget_site, site_of
from .names import folder, is_generated
from .navigation import navigation_changes, renumbered_documents
from .page_descriptions import describe_pages, digest
from .reading import read_stubs
from .stubs import desired_stubs, fixed_stubs

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


def on_builder_inited(app: Sphinx) -> None:
    env = app.env
    domain = domain_of(env)
    domain.bib_state = bib_state(Path(app.confdir), app.config,
                                 Path(app.doctreedir) / "shortscience")
    domain.builder = app.builder
    domain.bodies = None
    domain.changed_in_build = False
    domain.bib_changed_in_build = False
    domain.external_toc = "sphinx_external_toc" in app.extensions
    forget_site(env)
    if not env.all_docs:
        # a new environment (first build, -E, a deleted _build): stubs left by an earlier
        # one may be obsolete, and Sphinx would read and then write them after we removed
        # them; start from nothing, as a first build does
        for docname in existing_stubs(env):
            stub_path(env, docname).unlink(missing_ok=True)
    # the fixed pages exist before Sphinx looks for documents, so that a toctree naming
    # them never points at a missing document, even in the first build; a project that
    # uses none of this gets nothing
    if env.all_docs and domain.store["stubs"]:
        write_fixed_stubs(app, only_missing=True)
    elif _mentions_generated_pages(app, set(env.found_docs)):
        write_fixed_stubs(app)


def write_fixed_stubs(app: Sphinx, *, only_missing: bool = False) -> None:
    """The pages that always exist when any does (index, papers, keywords, ...)."""
    env = app.env
    for docname, text in fixed_stubs(app.config, domain_of(env).external_toc).items():
        path = stub_path(env, docname)
        if not only_missing or not path.exists():
            write_if_changed(path, text)
    write_gitignore(env)


def _mentions_generated_pages(app: Sphinx, docnames: set[str]) -> bool:
    """Whether one of these sources may use the generated pages: a summary, a citation, a
    paper link, or a link into the folder of generated pages (cheap: text, not parsed)."""
    mention = re.compile(r"summary::|\{summary\}|\\cite|paper[:}]`|"
                         + re.escape(folder(app.config) + "/"))
    for docname in sorted(docnames):
        try:
            text = Path(app.env.doc2path(docname)).read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        if mention.search(text):
            return True
    return False


def on_env_get_outdated(app: Sphinx, env: BuildEnvironment, added: set[str],
                        changed: set[str], removed: set[str]) -> list[str]:
    domain = domain_of(env)
    state = domain.bib_state
    if state is None:
        return []
    if added or changed or removed:
        domain.changed_in_build = True
    only = domain.only_conditions()
    if only != domain.store["only_results"]:
        # another builder on the same environment: summaries inside ``only`` come and go
        domain.changed_in_build = True
        domain.store["only_results"] = only
    domain.changed_sources = added | changed
    for docname in removed:
        # Sphinx leaves the output of a deleted document in place; a deleted summary
        # must not stay readable there
        remove_output(app, docname)
    if state.fingerprint == domain.store["bib_fingerprint"]:
        return []
    domain.changed_in_build = domain.bib_changed_in_build = True
    state.report_problems()
    domain.store["bib_fingerprint"] = state.fingerprint
    bib = state.bibliography
    old = domain.store["key_digests"]
    stale_keys = {key for key in domain.used_keys() if old.get(key) != bib.field_digest(key)}
    return sorted(
        docname for docname in set(domain.summaries) | set(domain.citations)
        if not is_generated(env.config, docname) and domain.keys_used_by(docname) & stale_keys
    )


def on_env_purge_doc(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    domain_of(env).changed_in_build = True


def on_env_updated(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Reconcile the stub files with the records; read new and changed stubs."""
    domain = domain_of(env)
    domain.store["only_results"] = domain.only_conditions()
    if not domain.changed_in_build:
        return []
    forget_site(env)
    desired = desired_stubs(env) if _site_needed(env) else {}
    written = domain.store["stubs"]
    # the stubs we wrote last time, or (a new environment) whatever is in the folder
    existing = set(written) if written else existing_stubs(env)
    to_read = []
    on_disk = stubs_on_disk(env)
    for docname, text in desired.items():
        text_digest = digest(text)
        # compare with what we last wrote rather than reading thousands of files back
        if (written.get(docname) != text_digest or docname not in on_disk
                or docname in domain.changed_sources):  # e.g. a stub edited by hand
            write_if_changed(stub_path(env, docname), text)
            to_read.append(docname)
        elif docname not in env.all_docs:
            to_read.append(docname)
        written[docname] = text_digest
    domain.store["stubs"] = {d: written[d] for d in desired}
    obsolete = sorted(existing - desired.keys())
    for docname in obsolete:
        stub_path(env, docname).unlink(missing_ok=True)
    if desired:
        write_gitignore(env)
    else:
        remove_generated_folder(env)
    if not to_read and not obsolete:
        return []
    find_documents_again(app)
    for docname in obsolete:
        app.events.emit("env-purge-doc", env, docname)
        env.clear_doc(docname)
        remove_output(app, docname)
    ordered = sorted(to_read)
    read_stubs(app, ordered)
    domain.read_in_build.update(ordered)
    return ordered


def _site_needed(env: BuildEnvironment) -> bool:
    """Whether to generate pages: a summary or citation is written (known key or not), or
    a document of the project names a generated page (a toctree listing the index)."""
    domain = domain_of(env)
    if any(domain.summaries.values()) or any(domain.citations.values()):
        return True  # even when no key is in the bib: the index says so
    if any(is_generated(env.config, docname) for docname in domain.read_in_build):
        return True  # read in this build: Sphinx writes them (the next change drops them)
    return any(is_generated(env.config, included)
               for parent, includes in included_documents(env).items()
               if not is_generated(env.config, parent) for included in includes)


def on_env_get_updated(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Generated pages whose content changed though their stub did not, and what an
    interrupted build left unwritten."""
    domain = domain_of(env)
    unfinished = PendingWrites.for_app(app).read()
    if not domain.changed_in_build:
        return sorted(d for d in unfinished if d in env.all_docs)
    site = site_of(env)
    stored = domain.store["page_digests"]
    domain.descriptions = describe_pages(env)
    current = {docname: digest(page) for docname, page in domain.descriptions.items()}
    changed = [docname for docname, value in current.items()
               if stored.get(docname) != value and docname in env.all_docs]
    domain.store["page_digests"] = current
    domain.store["key_digests"] = dict(site.key_digests)
    domain.store["objects"] = inventory_objects(env, site)
    rewrite = set(changed) | navigation_changes(env) | renumbered_documents(env, site)
    rewrite |= {d for d in unfinished if d in env.all_docs}
    # these digests are saved with the environment before any page is written: until the
    # build finishes, remember what it still has to write, in case it is interrupted
    PendingWrites.for_app(app).write(rewrite | domain.read_in_build)
    return sorted(rewrite)


def on_env_before_read_docs(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    domain_of(env).read_in_build = set(docnames)


def on_build_finished(app: Sphinx, exception: Exception | None) -> None:
    if exception is None:
        PendingWrites.for_app(app).clear()


def on_build_done(app: Sphinx, exception: Exception | None) -> None:
    """After everything else (the feed too): nothing decoded outlives the build."""
    forget_decoded_fields()
