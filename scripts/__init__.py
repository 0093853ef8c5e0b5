"""Generators of the repository's derived files: code lists, shapes, reference and national data.

Run each from the repository root as a module (``python -m scripts.build_shapes``); they import ``sotekg`` and
each other as packages, and every file they write says in its first line which command regenerates it.
"""
