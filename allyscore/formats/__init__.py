"""Renderers: each turns result objects into text in one format. None of them computes anything."""
