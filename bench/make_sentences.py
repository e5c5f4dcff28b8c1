#!/usr/bin/env python3
"""Writes bench/out/sentences.txt: 10,000 distinct real English sentences (4 to 60 words) taken from the
licence and copyright texts and the Python standard library's docstrings that every Debian machine has,
shuffled with a fixed seed. Stdlib only."""
import ast
import glob
import os
import random
import re

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "out", "sentences.txt")
files = sorted(glob.glob("/usr/share/common-licenses/*") + glob.glob("/usr/share/doc/*/copyright"))
def docstrings():
    for path in sorted(glob.glob("/usr/lib/python3*/**/*.py", recursive=True)):
        try:
            tree = ast.parse(open(path, encoding="utf-8", errors="ignore").read())
        except (SyntaxError, ValueError, OSError):
            continue
        for node in ast.walk(tree):
            if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
                doc = ast.get_docstring(node)
                if doc:
                    yield doc


def texts():
    for path in files:
        try:
            yield open(path, encoding="utf-8", errors="ignore").read()
        except (IsADirectoryError, OSError):
            continue
    yield from docstrings()


seen, sentences = set(), []
for text in texts():
    text = re.sub(r"\s+", " ", text)
    for s in re.split(r"(?<=[.!?])\s+", text):
        s = s.strip(" *-#|")
        words = s.split()
        if 4 <= len(words) <= 60 and re.match(r"^[A-Z][a-z]", s) and not re.search(r"[/_=<>{}\\|@:]|\.\.|\(\)", s) \
                and sum(c.isalpha() or c == " " for c in s) > 0.9 * len(s) and s.lower() not in seen:
            seen.add(s.lower())
            sentences.append(s)
random.Random(42).shuffle(sentences)
os.makedirs(os.path.dirname(OUT), exist_ok=True)
with open(OUT, "w", encoding="utf-8") as f:
    f.write("\n".join(sentences[:10000]) + "\n")
print(f"{min(len(sentences), 10000)} sentences of {len(sentences)} -> {OUT}")
