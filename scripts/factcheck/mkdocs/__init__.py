"""The MkDocs adapter: a plugin that hands the core's pages and files to MkDocs.

Nothing outside this subpackage imports MkDocs, so the core can move to another engine.
"""
