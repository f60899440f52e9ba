"""Tools for testing the reader on documents as other departments would word them: the
rewrites of :mod:`budgetlib.testing.rewrites` and the metamorphic check of
:mod:`budgetlib.testing.metamorphic`. Used by the tests and the benchmarks, never by the
pipeline (it is the last stage: nothing imports it)."""
