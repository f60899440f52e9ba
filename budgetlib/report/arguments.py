"""A command-line parser that speaks Chinese: its usage, help and error messages.

argparse writes its own words in English; :class:`ChineseParser` shows them in Chinese
from :data:`MESSAGES` (argparse's wording on the left, ours on the right), and exits 2 on a
usage error as argparse does.
"""

from __future__ import annotations

import argparse
import re
import sys

#: argparse's messages (Python 3.11) and what the analyst reads instead, tried in order.
MESSAGES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^the following arguments are required: (.*)$"), r"缺少必需的参数：\1"),
    (re.compile(r"^unrecognized arguments: (.*)$"), r"无法识别的参数：\1"),
    (re.compile(r"^argument (\S+): expected one argument$"), r"参数 \1 后面需要一个值"),
    (re.compile(r"^argument (\S+): expected at least one argument$"), r"参数 \1 后面至少需要一个值"),
    (re.compile(r"^argument (\S+): invalid choice: (.*) \(choose from (.*)\)$"),
     r"参数 \1 的值 \2 无效（可选：\3）"),
    (re.compile(r"^argument (\S+): ambiguous option: (.*)$"), r"参数 \1 有歧义：\2"),
    (re.compile(r"^ambiguous option: (\S+) could match (.*)$"), r"选项 \1 有歧义，可能是：\2"),
    (re.compile(r"^argument (\S+): invalid \S+ value: (.*)$"), r"参数 \1 的值 \2 无效"),
    (re.compile(r"^argument (\S+): (.*)$"), r"参数 \1：\2"),
)
HELP = "显示此帮助并退出"


def chinese(message: str) -> str:
    """argparse's message in Chinese (a message it does not know is kept as it is).

    Examples
    --------
    >>> chinese("argument --previous: expected one argument")
    '参数 --previous 后面需要一个值'
    >>> chinese("the following arguments are required: paths")
    '缺少必需的参数：paths'
    """
    for pattern, words in MESSAGES:
        if pattern.match(message):
            return pattern.sub(words, message)
    return message


class ChineseFormatter(argparse.HelpFormatter):
    """Help with a Chinese usage line."""

    def add_usage(self, usage, actions, groups, prefix=None):  # noqa: ANN001 - argparse's signature
        super().add_usage(usage, actions, groups, "用法：" if prefix is None else prefix)


class ChineseParser(argparse.ArgumentParser):
    """An ``ArgumentParser`` whose usage, help and errors are in Chinese; its sub-parsers too.

    Examples
    --------
    >>> parser = ChineseParser(prog="budgetlib")
    >>> "用法：budgetlib" in parser.format_usage() and "显示此帮助并退出" in parser.format_help()
    True
    """

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("formatter_class", ChineseFormatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        # argparse names its two default groups in English when it makes them
        self._positionals.title = "位置参数"
        self._optionals.title = "选项"
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help=HELP)

    def error(self, message: str):  # noqa: ANN201 - it never returns
        """Usage and the error in Chinese on stderr; exit 2, as argparse does."""
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}：错误：{chinese(message)}\n")
