"""Parse: a raw document's blocks (:mod:`budgetlib.readers`) → the parts of a document.

Takes a :class:`~budgetlib.readers.RawDocument`; gives tables as tidy frames (``structure``
finds and names the grids, ``tables`` and ``table_layouts`` tidy them), narrative
sections (``narrative``), the narrative's figures and their links to table cells
(``claims``, ``links``), the department, year and kind (``metadata``), performance
targets (``performance``) and the marks of a misread (``misreads``). Knows no region's
layout: a new layout is new entries in :mod:`budgetlib.registry`.
"""
