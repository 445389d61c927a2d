#!/usr/bin/env python3
"""Microsoft Graph docs example responses: copy them out of a docs page, and check the corpus.

  extract.py page <page.md>         print each example response body of a page (from a checkout of
                                    microsoftgraph/microsoft-graph-docs-contrib), numbered, verbatim
  extract.py check                  apply manifest.json's fixes to every file under responses/, exactly as
                                    DocsExampleCorpus.cs does, and report what parses and what each fix was for

A response body is the text after the blank line that ends the headers of a ```http block that starts
with "HTTP/1.1 200 OK". The body is copied byte for byte; nothing is repaired here. A body that is not JSON
(trailing commas, "..." for shortened parts) gets a fix in manifest.json: find, replace, count, why.
"""
import json
import pathlib
import re
import sys

HERE = pathlib.Path(__file__).resolve().parent
BLOCK = re.compile(r"```\s*http\s*\n(HTTP/1\.1 200 OK\n.*?)```", re.DOTALL)


def bodies(markdown):
    for block in BLOCK.findall(markdown):
        head, _, body = block.partition("\n\n")
        if "application/json" in head.lower():
            yield body


def page(path):
    text = pathlib.Path(path).read_text(encoding="utf-8")
    for number, body in enumerate(bodies(text), start=1):
        print(f"----- response {number} -----")
        print(body, end="")


def check():
    manifest = json.loads((HERE / "manifest.json").read_text(encoding="utf-8"))
    failed = 0
    for example in manifest["examples"]:
        text = (HERE / "responses" / example["file"]).read_text(encoding="utf-8")
        for fix in example["fixes"]:
            found = text.count(fix["find"])
            if found != fix["count"]:
                print(f"FAIL {example['file']}: fix {fix['find']!r} matches {found}, recorded {fix['count']}")
                failed += 1
            text = text.replace(fix["find"], fix["replace"])
        try:
            json.loads(text)
            fixes = "; ".join(f"{f['count']}x {f['why']}" for f in example["fixes"]) or "verbatim"
            print(f"ok   {example['file']} -> {example['shape']} {example['serve']} ({fixes})")
        except json.JSONDecodeError as error:
            print(f"FAIL {example['file']}: {error}")
            failed += 1
    return failed


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "page":
        page(sys.argv[2])
    elif len(sys.argv) == 2 and sys.argv[1] == "check":
        sys.exit(1 if check() else 0)
    else:
        print(__doc__)
        sys.exit(2)
