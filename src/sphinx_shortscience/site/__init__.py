"""The generated site: which pages exist, their stub files, their content, and the feed.

``model``         the site derived from the domain's records and the bib, once per build;
``names``         each page's docname, from the key or name alone (``families``: keywords,
                  venues, years, writers);
``stubs``         the reStructuredText of each page's stub; ``files`` the stubs on disk;
``events``        the build events that reconcile stubs with the records and decide which
                  pages to write again (``page_descriptions``, ``navigation``, ``inventory``);
``part_directive`` the placeholder in a stub; ``fill`` the post-transform that fills
                  placeholders: ``content`` the page parts, ``page_links``, ``bodies``
                  (summaries copied from where they were written);
``feed``          the Atom feed of the newest summaries.
"""
