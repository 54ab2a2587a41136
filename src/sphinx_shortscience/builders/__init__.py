"""What builders need beyond the standard nodes: HTML's assets, MyST, a local MathJax and
MathJax's safe mode, LaTeX's labels."""
