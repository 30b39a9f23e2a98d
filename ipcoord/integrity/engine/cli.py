"""Command line for the resemblance engine, to be wired in as `ipcoord screen …`.

  compare A B                         one JSON object {"a", "b", "similar", "score", "reasons"}
  mark TEXT [--classes 30,32] [--register FILE]
                                      one JSON line per hit: protected lists first, then the
                                      register (FILE: JSON lines with "id", "text", "classes")

No Django: runs on the engine alone. Exit status 0, or 2 on bad arguments. The console script
sends `ipcoord screen compare` and `ipcoord screen mark … --register FILE` here; `ipcoord
screen mark TEXT` without a file screens the database's register through Django instead.
"""

import argparse
import json
import sys
from pathlib import Path

from .compare import compare
from .index import Hit, MarkIndex
from .protected import screen_protected


def _classes(value: str) -> set[int]:
    try:
        got = {int(v) for v in value.split(",") if v.strip()}
    except ValueError:
        raise argparse.ArgumentTypeError(f"classes must be numbers like 30,32: {value!r}") from None
    if any(not 1 <= c <= 45 for c in got):
        raise argparse.ArgumentTypeError(f"Nice classes run from 1 to 45: {value!r}")
    return got


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="ipcoord screen", description="Trademark screening.")
    sub = parser.add_subparsers(dest="command", required=True)
    cmp_ = sub.add_parser("compare", help="compare two marks")
    cmp_.add_argument("a")
    cmp_.add_argument("b")
    mark = sub.add_parser("mark", help="screen one mark against the protected lists")
    mark.add_argument("text")
    mark.add_argument("--classes", type=_classes, default=None, help="Nice classes, e.g. 30,32")
    mark.add_argument("--register", type=Path, default=None, help="JSON lines: id, text, classes")
    mark.add_argument("--limit", type=int, default=20, help="register hits to print")
    return parser


def _read_register(path: Path) -> MarkIndex:
    rows = []
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                rows.append((row["id"], str(row["text"]), row.get("classes") or ()))
            except (ValueError, KeyError, TypeError) as exc:
                raise SystemExit(f"{path}:{n}: not a register line ({exc})") from None
    return MarkIndex(rows)


def _hit_json(hit: Hit, source: str) -> dict:
    return {
        "source": source,
        "id": hit.id,
        "text": hit.text,
        "score": round(hit.score, 3),
        "reasons": hit.reasons,
        "class_relation": hit.class_relation,
        "classes": list(hit.classes),
    }


def run(argv: list[str]) -> int:
    """Run one screening command; prints JSON to stdout."""
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    if args.command == "compare":
        print(json.dumps(compare(args.a, args.b).as_json(), ensure_ascii=False))
        return 0
    for hit in screen_protected(args.text):
        print(json.dumps(_hit_json(hit, "protected"), ensure_ascii=False))
    if args.register:
        index = _read_register(args.register)
        for hit in index.query(args.text, classes=args.classes, limit=args.limit):
            print(json.dumps(_hit_json(hit, "register"), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(run(sys.argv[1:]))
