"""Turning notebooks and data into outputs: the incremental build and the HTML report.

Nothing else in the package imports this layer.
"""
