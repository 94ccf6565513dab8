"""The web form for clerks (issue 16): Decap CMS at ``admin/``, configured from the record models and the
rulebook on every build, so that it cannot drift from what ``credit validate`` accepts.

``admin/`` holds:

* ``index.html`` — loads Decap CMS and our ``editor.js`` (no CDN: everything is served from the site);
* ``config.yml`` — the backend (the git host of ``platform.yaml``'s ``editor:``, with ``local_backend`` for
  ``make editor``), ``publish_mode: editorial_workflow`` (a save opens a pull request), ``locale: zh_Hans`` and
  one collection per kind of record file (:mod:`generator.publish.admin.collections`);
* ``editor.json`` — how to write each kind of file as the strict loader reads it, and the rulebook's names for
  the preview (:mod:`generator.publish.admin.collections`);
* ``editor.js``, ``preview.js`` — our YAML formats, the serial widget, the checks before a save and the previews;
* ``decap-cms.js`` with its numbered chunks and ``yaml/`` (the YAML parser ``editor.js`` reads files with),
  copied from ``node_modules`` as ``npm ci`` installed them (package-lock.json pins the versions).

The site is public and the records repository is not: nothing here comes from a record. The form reads the
records through the git host, with the clerk's own login, when it runs. What is published is the structure
(models, labels, the rulebook) and the public reference lists (regions, authorities).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from generator import urls
from generator.day.snapshot import Snapshot
from generator.publish.admin.bundle import copy_bundle, index_html
from generator.publish.admin.collections import YEAR_FROM, collections, file_kinds
from generator.records import models as m

PLACEHOLDER_REPO = "example-org/property-credit"
"""The repository in ``config.yml`` until ``platform.yaml`` names one (``editor: {repo: …}``)."""

MEDIA_FOLDER = "editor-uploads"
"""Decap CMS requires a media folder; no field of the form uploads anything, and it is outside ``records/``."""


def backend(editor: m.Editor) -> dict[str, Any]:
    """Decap's ``backend:`` for the deployment's git host."""
    out: dict[str, Any] = {"name": editor.backend, "repo": editor.repo, "branch": editor.branch}
    if editor.backend == "github":
        out["squash_merges"] = True  # CONTRIBUTING §10: reviewers squash and merge
    if editor.base_url:
        out["base_url"] = editor.base_url.rstrip("/")
    if editor.api_root:
        out["api_root"] = editor.api_root.rstrip("/")
    if editor.app_id:
        out["app_id"] = editor.app_id
        if editor.backend == "gitlab":
            out["auth_type"] = "pkce"
    return out


def config(snapshot: Snapshot) -> dict[str, Any]:
    """The whole of ``admin/config.yml``."""
    editor = snapshot.platform.editor or m.Editor(repo=PLACEHOLDER_REPO)
    local = f"http://127.0.0.1:{editor.local_port}/api/v1"
    out: dict[str, Any] = {
        "backend": backend(editor),
        "local_backend": {"url": local, "allowed_hosts": ["127.0.0.1", "localhost"]},
        # Gitea's backend has no editorial workflow (decap-cms-backend-gitea): saves go to the branch itself
        "publish_mode": "simple" if editor.backend == "gitea" else "editorial_workflow",
        "locale": "zh_Hans",
        "media_folder": MEDIA_FOLDER,
        "show_preview_links": False,
        "slug": {"encoding": "ascii", "clean_accents": False},
        "editor": {"preview": True},
        "collections": collections(snapshot),
    }
    if snapshot.platform.site_url:
        out["site_url"] = out["display_url"] = snapshot.platform.site_url
    return out


def editor_data(snapshot: Snapshot, conf: dict[str, Any]) -> dict[str, Any]:
    """``admin/editor.json``: what ``editor.js`` and ``preview.js`` need beside the config."""
    from generator.publish.admin.preview import preview_data

    kinds = file_kinds(snapshot)
    made: dict[str, Any] = {}
    for c in conf["collections"]:
        kinds[c["format"]].setdefault("labels", {}).update(_labels(c["fields"]))
        names = {f["name"]: f["label"] for f in c["fields"]
                 if f["name"].startswith("_") and f["widget"] in ("record-serial", "select")}
        made[c["name"]] = {"format": c["format"], "names": names if c["create"] else {},
                           "year_from": YEAR_FROM.get(c["name"])}
    return {"kinds": kinds, "collections": made, "preview": preview_data(snapshot)}


def _labels(fields: list[dict[str, Any]], prefix: str = "") -> dict[str, str]:
    """Every field's label by its path (a list's items share the list's path), for the form's messages."""
    out: dict[str, str] = {}
    for f in fields:
        path = prefix + f["name"]
        out[path] = f["label"]
        if "fields" in f:
            out |= _labels(f["fields"], path + ".")
    return out


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True


def render_config(conf: dict[str, Any]) -> str:
    head = ("# 由 credit build 按记录模型和评价规则生成（generator/publish/admin/），请勿手工修改：下次构建会覆盖。\n"
            "# Generated by credit build from the record models and the rulebook; edits are overwritten.\n")
    body = yaml.dump(conf, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=120, default_flow_style=False)
    return head + body


def write_admin(snapshot: Snapshot, out: Path) -> dict[str, int]:
    """Write ``admin/`` under the output folder ``out``."""
    folder = out / urls.ADMIN.path
    folder.mkdir(parents=True, exist_ok=True)
    conf = config(snapshot)
    (out / urls.admin_file("config.yml").path).write_text(render_config(conf), encoding="utf-8", newline="\n")
    data = json.dumps(editor_data(snapshot, conf), ensure_ascii=False, sort_keys=True, indent=1) + "\n"
    (out / urls.admin_file("editor.json").path).write_text(data, encoding="utf-8", newline="\n")
    (out / urls.ADMIN.file).write_text(index_html(snapshot.platform.name), encoding="utf-8", newline="\n")
    copy_bundle(folder)
    return {}
