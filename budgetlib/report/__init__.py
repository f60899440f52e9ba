"""Report: charts (``plot``), the Excel workbook (``excel``), the notebooks' sections
(``sections``) and runner (``notebook_run``), and the ``budgetlib`` command (``cli``).

Takes documents and the analysis stage's frames; gives files an analyst hands on.
"""
