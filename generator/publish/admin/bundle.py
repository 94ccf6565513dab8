"""The files of the web form that are not made from the records: Decap CMS and the YAML parser as ``npm ci``
installed them (``package-lock.json`` pins both), our two scripts, and the page that loads them."""

from __future__ import annotations

import html
import shutil
from pathlib import Path

from generator import urls

ROOT = Path(__file__).resolve().parents[3]
DECAP_DIST = ROOT / "node_modules" / "decap-cms" / "dist"
YAML_DIST = ROOT / "node_modules" / "yaml" / "browser" / "dist"
YAML_LICENSE = ROOT / "node_modules" / "yaml" / "LICENSE"
OURS = Path(__file__).resolve().parent
SCRIPTS = ("editor.js", "preview.js")


def bundle_files() -> list[tuple[Path, str]]:
    """Every file copied into ``admin/``: (source, name under admin/). Decap's main script loads its numbered
    chunks (``<n>.decap-cms.js``) and its WebAssembly from beside itself; the source maps are left out."""
    if not (DECAP_DIST / "decap-cms.js").is_file() or not (YAML_DIST / "index.js").is_file():
        raise RuntimeError(f"Decap CMS is not in {DECAP_DIST.parent.parent}: run npm ci (make site does)")
    out = [(DECAP_DIST / "decap-cms.js", "decap-cms.js"),
           (DECAP_DIST / "decap-cms.js.LICENSE.txt", "decap-cms.js.LICENSE.txt")]
    out += [(p, p.name) for p in sorted(DECAP_DIST.glob("*.decap-cms.js"))]
    out += [(p, p.name) for p in sorted(DECAP_DIST.glob("*.wasm"))]
    out += [(p, f"yaml/{p.name}") for p in sorted(YAML_DIST.glob("*.js"))]
    out.append((YAML_LICENSE, "yaml/LICENSE"))
    out += [(OURS / name, name) for name in SCRIPTS]
    return out


def copy_bundle(folder: Path) -> None:
    """Copy :func:`bundle_files` into ``folder`` (``admin/``), bytes only."""
    (folder / "yaml").mkdir(parents=True, exist_ok=True)
    for source, name in bundle_files():
        shutil.copyfile(source, folder / name)


def index_html(platform: str) -> str:
    """``admin/index.html``: Decap CMS, then our script, which registers the formats, the widget and the
    previews and starts it (``CMS_MANUAL_INIT``). Without JavaScript it says where else to turn."""
    title = html.escape(f"信用信息录入 · {platform}")
    return f"""<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>{title}</title>
<link rel="icon" href="../theme/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="../as-of.css">
<script>window.CMS_MANUAL_INIT = true;</script>
<script src="decap-cms.js"></script>
<script type="module" src="editor.js"></script>
</head>
<body>
<noscript>
<h1>{title}</h1>
<p>录入表单需要启用 JavaScript。也可以按<a href="../{urls.CONTRIBUTING.path}">参与录入</a>中的说明直接编辑 YAML 文件。</p>
<p>数据日期：<span class="as-of-date"></span></p>
</noscript>
</body>
</html>
"""
