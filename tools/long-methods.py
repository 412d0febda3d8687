#!/usr/bin/env python3
"""Lists C# methods longer than a limit (issue 11 §5: methods over about 70 lines are split into named steps).

Brace counting, not a parser: a method starts at a line that looks like a member signature followed by a line
holding only "{", and ends at the matching "}". Lambdas and local functions count towards their method.

    python3 tools/long-methods.py            # every method over 70 lines, longest first; fails on any not allowed
    python3 tools/long-methods.py --all      # also the allowed ones
    python3 tools/long-methods.py --limit 60

The allow-list, tools/long-methods-allowed.txt, names each method left long and why (an owner is editing it this
session, or it is generated or declarative). Remove a line when its method is split. The architecture test
tests/Credo.Web.Tests/Architecture/LongMethodsTests.cs applies the same rule to the same file, so the suite fails too.
"""
import os
import re
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
LIMIT = 70

ALLOWED_FILE = os.path.join(ROOT, "tools", "long-methods-allowed.txt")


def read_allowed():
    """path glob (optionally ::Method) -> why it is left as it is, from tools/long-methods-allowed.txt."""
    allowed = {}
    with open(ALLOWED_FILE, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith("#"):
                pattern, why = line.split(" | ", 1)
                allowed[pattern.strip()] = why.strip()
    return allowed


ALLOWED = read_allowed()

SIGNATURE = re.compile(
    r"^\s*(?:\[[^\]]*\]\s*)*(?:(?:public|private|internal|protected|static|async|override|virtual|sealed|partial|unsafe|extern|new)\s+)+"
    r"[\w<>\[\]?,.() ]+?\s+(?P<name>[A-Za-z_]\w*)\s*(?:<[^>]*>)?\s*\(")


def allowed(rel, name):
    import fnmatch
    for pattern, why in ALLOWED.items():
        key = pattern.split("::")[0]
        method = pattern.split("::")[1] if "::" in pattern else None
        if fnmatch.fnmatch(rel, key) and (method is None or method == name):
            return why
    return None


def strip_literals(line):
    """The line without its char and string literals (and a trailing // comment), whose braces are not code."""
    line = re.sub(r"'(?:\\.|[^'\\])'", "''", line)
    line = re.sub(r'"(?:\\.|[^"\\])*"', '""', line)
    return line.split("//", 1)[0]


def methods(path):
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    i = 0
    while i < len(lines):
        m = SIGNATURE.match(lines[i])
        if m and " class " not in lines[i] and " record " not in lines[i] and " struct " not in lines[i] and " interface " not in lines[i]:
            # the body starts at the first line that is only "{" (after a possibly wrapped signature)
            j = i
            while j < len(lines) and j < i + 12 and lines[j].strip() != "{" and not lines[j].rstrip().endswith(";") and "=>" not in lines[j]:
                j += 1
            if j < len(lines) and lines[j].strip() == "{":
                depth = 0
                k = j
                while k < len(lines):
                    code = strip_literals(lines[k])
                    depth += code.count("{") - code.count("}")
                    if depth == 0:
                        break
                    k += 1
                yield m.group("name"), i + 1, k - i + 1
                i = k
        i += 1


def main():
    limit = LIMIT
    if "--limit" in sys.argv:
        limit = int(sys.argv[sys.argv.index("--limit") + 1])
    show_all = "--all" in sys.argv
    found = []
    for base in ("src", "tools", "bench"):
        for dirpath, _, files in os.walk(os.path.join(ROOT, base)):
            if "/obj" in dirpath or "/bin" in dirpath:
                continue
            for file in files:
                if file.endswith(".cs"):
                    path = os.path.join(dirpath, file)
                    rel = os.path.relpath(path, ROOT)
                    for name, line, length in methods(path):
                        if length > limit:
                            found.append((length, rel, line, name, allowed(rel, name)))
    found.sort(reverse=True)
    unexplained = [f for f in found if f[4] is None]
    for length, rel, line, name, why in found:
        if why is None or show_all:
            print(f"{length:4} lines  {rel}:{line}  {name}" + (f"  (allowed: {why})" if why else ""))
    print(f"{len(found)} methods over {limit} lines; {len(unexplained)} not on the allow-list.")
    return 1 if unexplained else 0


if __name__ == "__main__":
    sys.exit(main())
