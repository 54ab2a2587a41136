"""The bibliography: bib files read, parsed, cached on their content, and decoded for display.

The pipeline, one module per step (none of them imports Sphinx):

``cache``         read the configured files' bytes, fingerprint them, parse or take the parse
                  from the content-keyed cache;
``parse``         bibtexparser v2 over the text, every problem located at its line;
``entries``       the parsed records, and field values resolved (``@string``, ``#``);
``bibliography``  all files merged, the first definition of a key winning;
``state``         the bibliography of one Sphinx application, loaded on first use;
``decode``        LaTeX in a shown field to inline pieces (text, math, emphasis);
``render``        those pieces as plain text, reStructuredText or docutils nodes;
``people``        author lists; ``view`` what a page shows of an entry; ``citation`` the
                  text of a citation in every style.
"""
