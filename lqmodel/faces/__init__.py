"""The faces: the command line and the text/LaTeX reports (and, later, plots)."""
