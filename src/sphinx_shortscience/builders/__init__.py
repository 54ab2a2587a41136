"""What builders need beyond the standard nodes: HTML's assets and MyST, LaTeX's labels."""
