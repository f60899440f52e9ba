"""The house style and the CJK font, registered without touching matplotlib's installation."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import matplotlib as mpl
from matplotlib import font_manager

STYLE = Path(__file__).with_name("budgetlib.mplstyle")
FONT_FAMILY = "Noto Sans CJK SC"
FONT_FILE = "NotoSansCJKsc-Regular.otf"  # SIL Open Font License, shipped by the mplfonts package


def cjk_font_path() -> Path:
    """The Noto Sans CJK SC font file the charts use.

    It comes with the ``mplfonts`` package (a dependency); we only read the file, never
    run ``mplfonts init``, which would write into matplotlib's own folders.
    """
    import mplfonts  # imported here: only charts need it

    path = Path(mplfonts.__file__).parent / "fonts" / FONT_FILE
    if not path.is_file():
        raise FileNotFoundError(f"{path}: the CJK font is missing; reinstall mplfonts")
    return path


@cache
def register_font() -> str:
    """Add the CJK font to matplotlib's font list for this process; return its family name.

    Examples
    --------
    >>> register_font()
    'Noto Sans CJK SC'
    """
    path = cjk_font_path()
    font_manager.fontManager.addfont(str(path))
    return font_manager.FontProperties(fname=str(path)).get_name()


def use_style() -> None:
    """Use the house style (and the CJK font) for every chart after this call.

    Examples
    --------
    >>> use_style()
    >>> import matplotlib as mpl
    >>> mpl.rcParams["font.sans-serif"][0], mpl.rcParams["pdf.fonttype"]
    ('Noto Sans CJK SC', 42)
    """
    register_font()
    mpl.style.use(STYLE)


@cache
def _house_style() -> None:
    """Use the house style the first time a chart is drawn; later changes are the user's."""
    use_style()


def style_context():
    """A context manager applying the house style only inside it."""
    register_font()
    return mpl.style.context(STYLE)
