"""Data files shipped inside the package (read with :mod:`importlib.resources`).

Each file ``<name>.<ext>`` has a note ``<name>.md`` beside it with its source,
citation, licence and any processing.  Loaders live in :mod:`scaling_lab.data`.
"""
