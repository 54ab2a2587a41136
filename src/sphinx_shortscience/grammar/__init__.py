"""The summary-body grammar: ShortScience's math, ``\\cite`` and image lines in Markdown or rST.

``scanner``      finds the constructs (pure: no Sphinx, no docutils) and hides each behind
                 an inert placeholder (``tokens``), leaving ``code`` alone;
``nesting``      bounds how deep a body nests, before it is parsed and after (pure too);
``render``       parses the protected body with MyST or docutils;
``to_nodes``     swaps the placeholders for standard nodes: math, images, and for each
                 ``\\cite`` a group of ``pending_xref`` nodes;
``math_safety``  and ``links`` are the allow-lists of math and link targets; math must also
                 be a formula TeX can typeset (``math_typesetting``, reading each command
                 as ``math_signatures`` says it takes its arguments);
``headings``     keeps a summary's headings from opening sections of the page.
"""
