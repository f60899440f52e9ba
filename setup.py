"""The optional C helper of the PDF reader (budgetlib/readers/_pdfium_fast.c): where no C
compiler is at hand it is skipped, and the same code runs in Python."""

from setuptools import Extension, setup

setup(ext_modules=[Extension(
    "budgetlib.readers._pdfium_fast", ["budgetlib/readers/_pdfium_fast.c"],
    # no fused multiply-add: every product and sum rounded as Python rounds it
    extra_compile_args=["-O2", "-ffp-contract=off", "-fno-fast-math"],
    optional=True,
)])
