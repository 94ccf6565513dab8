"""The bare floor: the least work any generator of this site must do, in one process.

    .venv/bin/python bench/floor.py --records DIR --output DIR

1. parse every YAML file under the records directory with ``yaml.load(text, Loader=yaml.CSafeLoader)``
   (libyaml; no line map, no validation, no models);
2. render one plain Jinja2 page per enterprise and per person: the name and a table of that subject's
   records (all of them: no disclosure rules), written to ``<output>/enterprises/<USCC>/index.html`` and
   ``<output>/persons/<ID>/index.html``.

Prints one line of JSON: files parsed, pages written, seconds for listing, parsing and rendering, peak RSS.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sys
import time
from collections import defaultdict
from pathlib import Path

import jinja2
import yaml

TEMPLATE = """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{{ name }}</title></head>
<body><h1>{{ name }}</h1><p>{{ ident }}</p>
<table><thead><tr><th>编号</th><th>类别</th><th>条目</th><th>事实</th><th>生效日期</th></tr></thead><tbody>
{%- for rid, r in records %}
<tr id="{{ rid }}"><td>{{ rid }}</td><td>{{ r.kind }} {{ r.get('class') or '' }}</td><td>{{ r.item }}</td>
<td>{{ r.summary }}</td><td>{{ r.decision.effective }}</td></tr>
{%- endfor %}
</tbody></table></body></html>
"""


def yaml_files(root: Path) -> list[str]:
    out: list[str] = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        out.extend(os.path.join(dirpath, f) for f in sorted(filenames) if f.endswith(".yaml"))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--records", type=Path, required=True)
    ap.add_argument("--output", type=Path, required=True)
    args = ap.parse_args(argv)
    root = args.records.resolve()

    t0 = time.perf_counter()
    paths = yaml_files(root)
    t1 = time.perf_counter()
    enterprises: dict[str, dict] = {}
    persons: dict[str, dict] = {}
    by_subject: dict[str, list[tuple[str, dict]]] = defaultdict(list)
    loader = yaml.CSafeLoader
    for path in paths:
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
        data = yaml.load(text, Loader=loader)
        rel = os.path.relpath(path, root)
        top = rel.split(os.sep, 1)[0]
        stem = os.path.basename(path)[:-5]
        if top == "enterprises":
            enterprises[stem] = data
        elif top == "persons":
            persons[stem] = data
        elif top == "credit":
            by_subject[str(data["subject"])].append((stem, data))
    t2 = time.perf_counter()

    out = args.output
    if out.exists():
        shutil.rmtree(out)
    env = jinja2.Environment(autoescape=True)
    template = env.from_string(TEMPLATE)
    pages = 0
    for folder, subjects in (("enterprises", enterprises), ("persons", persons)):
        base = out / folder
        base.mkdir(parents=True)
        for ident in sorted(subjects):
            html = template.render(name=subjects[ident].get("name", ident), ident=ident,
                                   records=by_subject.get(ident, []))
            page_dir = base / ident
            page_dir.mkdir()
            (page_dir / "index.html").write_text(html, encoding="utf-8")
            pages += 1
    t3 = time.perf_counter()
    print(json.dumps({
        "ok": True,
        "files": len(paths),
        "pages": pages,
        "list_s": round(t1 - t0, 3),
        "parse_s": round(t2 - t1, 3),
        "render_s": round(t3 - t2, 3),
        "total_s": round(t3 - t0, 3),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
