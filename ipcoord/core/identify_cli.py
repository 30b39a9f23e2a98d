"""`ipcoord identify TEXT…`: one JSON object per argument, one per line."""

import json
import sys

from ipcoord.core.identifiers import identify


def run(args: list[str]) -> int:
    if not args:
        print("usage: ipcoord identify TEXT [TEXT ...]", file=sys.stderr)
        return 2
    for text in args:
        print(json.dumps(identify(text), ensure_ascii=False))
    return 0
