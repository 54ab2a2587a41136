"""The ``shortscience`` command (:mod:`.main`): ``check`` (:mod:`.check`, reading sources
with :mod:`.find`), ``new`` and ``import`` (:mod:`.authoring`, files by
:mod:`.skeleton`), sharing the project's configuration and bib (:mod:`.project`)."""
