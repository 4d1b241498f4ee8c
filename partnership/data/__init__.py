"""The data package as files: where it lives, its CSV, its validation and its typed loading.

Knows CSV and Frictionless, nothing of charts or reports. Kept import-light (no pandas here),
so that the build can decide "nothing changed" without loading the analysis stack.
"""
