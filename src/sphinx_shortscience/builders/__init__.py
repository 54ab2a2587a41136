"""What builders need beyond the standard nodes: HTML's assets, MyST and a local MathJax,
LaTeX's labels."""
