"""Fact Check Desk: claim files in, fact-check pages, feeds and data out.

The core modules never import MkDocs; the MkDocs plugin lives in `factcheck.mkdocs`.
"""

__version__ = "0.2.0"
