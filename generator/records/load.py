"""Load: the records directory → a :class:`RecordSet` of typed models, plus every problem found on the way.

Layout (DESIGN §3)::

    platform.yaml  regions.yaml  authorities.yaml  [calendar.yaml]
    enterprises/<USCC>.yaml
    persons/<P-RRRRRR-NNNN>.yaml
    credit/<YYYY>/<recorder>-<YYYY>-<serial>.yaml
    evaluations/<YYYY>/<authority>/evaluation.yaml and <USCC>.yaml sheets

Identifiers come from file names. Only structure and per-file rules are checked here; rules across files
live in :mod:`generator.day.validate`.

Every record file is a regular file inside the records tree, read with a size limit (DESIGN §9): a symbolic
link (to a file or a folder), a FIFO or a device is reported and never read — found by the walk (``d_type``,
no extra system call) and again where the file is opened (``O_NOFOLLOW | O_NONBLOCK``, then ``fstat``), in
worker processes too. A file the loader would not read (``X.YAML``, ``X.yml``, ``X.yaml.bak``, ``X.yaml~``,
``.X.yaml``, a stray folder) is an error naming it, never skipped in silence. Allowed and not read: ``.gitkeep``
in any folder (git keeps empty folders with it) and, at the top only, git's own entries (``.git``,
``.gitignore``, ``.gitattributes``, ``.github``) and files whose names do not look like YAML (``README.md``),
for a records tree that is a repository of its own, and the ``.synth`` marker the fake-data tool leaves. The
records root itself may be a symbolic link (the user named it), but nothing inside it may be one.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from stdnum.cn import uscc as stdnum_uscc

from generator import heap
from generator.records import models as m
from generator.records import parse_cache
from generator.records.files import LINKED_DIR, ROOT_ALLOWED, ROOT_DIRS, ROOT_FILES, Loader, Task, hidden_message
from generator.records.hints import refine
from generator.records.problems import Problem, display_path
from generator.records.recordset import Doc, EvaluationSet, RecordSet, Source
from generator.records.sheets import sheet_kind
from generator.records.yamlload import (
    not_regular_message,
)
from generator.rules.calendar import WorkCalendar, YearSchedule
from generator.rules.rulebook import Rulebook, available, load_rulebook

# ---- identifiers --------------------------------------------------------------------------------------

_USCC = re.compile(m.USCC_RE)
_PERSON = re.compile(m.PERSON_RE)
_RECORD = re.compile(m.RECORD_RE)
_YEAR = re.compile(r"^[0-9]{4}$")
_AUTH = re.compile(m.AUTHORITY_RE)


def uscc_problem(code: str) -> str | None:
    """Why ``code`` is not a valid unified social credit code (GB 32100-2015), or None."""
    if not _USCC.fullmatch(code):
        return (
            f"“{code}” 不是统一社会信用代码的格式：18 位，只含数字和大写字母（不含 I、O、Z、S、V）"
            "（not a unified social credit code）"
        )
    if not stdnum_uscc.is_valid(code):
        expected = stdnum_uscc.calc_check_digit(code[:17])
        return (
            f"统一社会信用代码 “{code}” 的校验位错误：按 GB 32100-2015 第 18 位应为 “{expected}”，"
            "请核对营业执照（check digit mismatch）"
        )
    return None


_DEFAULT = object()


@heap.paused()
def load_records(root: Path, cache_dir: Path | None | object = _DEFAULT, *,
                 blob_hash: str | None = None) -> tuple[RecordSet | None, list[Problem]]:
    """Load every file under ``root``. Returns the record set (None when the core files are unusable).

    Files are parsed through the content-hash cache (:mod:`generator.records.parse_cache`; ``cache_dir=None``
    disables it) and, when there are many, on every core. ``blob_hash`` (``sha1``, ``sha256``): also give
    the git blob id of every file read (:attr:`RecordSet.blobs`, for ``credit diff``).
    """
    directory = cache_dir_for(root, cache_dir)
    return _load(root, directory, blob_hash)


def cache_dir_for(root: Path, cache_dir: Path | None | object = _DEFAULT) -> Path | None:
    """The parse cache to use for the records at ``root`` (None: none may be used)."""
    directory = parse_cache.default_dir() if cache_dir is _DEFAULT else cache_dir
    # never a cache inside the records or a checkout (it could come with a commit); loads the HMAC secret
    return parse_cache.usable_dir(directory, root) if root.is_dir() else None  # type: ignore[arg-type]


def check_record_file(ld: Loader, display: str, docr: Doc[m.CreditRecord], mt: re.Match[str], folder: str) -> None:
    """What a credit record's file name and folder say against its content (the year, the recorder)."""
    rec = docr.model
    eff = rec.decision.effective
    if str(eff.year) != folder:
        ld.error_at(display, f"决定生效日期是 {eff.year} 年，文件应放在 credit/{eff.year}/ 下"
                             f"（现在在 credit/{folder}/）", docr.src.line("decision", "effective"))
    if mt.group(2) != folder:
        ld.error_at(display, f"编号中的年份 {mt.group(2)} 与所在文件夹 credit/{folder}/ 不一致")
    if mt.group(1) != rec.recorder:
        ld.error_at(display, f"编号以录入机关代码开头：recorder 是 “{rec.recorder}”，编号却以 “{mt.group(1)}” 开头",
                    docr.src.line("recorder"))


def _load(root: Path, cache_dir: Path | None, blob_hash: str | None) -> tuple[RecordSet | None, list[Problem]]:
    ld = Loader(root, cache_dir, blob_hash)
    if not root.is_dir():
        return None, [Problem(display_path(root), 0, "找不到记录目录：请用 --records 写明 records 文件夹的位置")]

    platform = ld.required(root / "platform.yaml", m.Platform, "缺少 platform.yaml（平台名称、运营机关、评价规则）")
    rulebook: Rulebook | None = None
    if platform is not None:
        if platform.model.rulebook not in available():
            ld.error(root / "platform.yaml", f"评价规则 “{platform.model.rulebook}” 不存在；可选：{', '.join(available())}",
                     platform.src.line("rulebook"))
        else:
            rulebook = load_rulebook(platform.model.rulebook)

    regions_doc = ld.required(root / "regions.yaml", m.Regions, "缺少 regions.yaml（行政区划代码表）")
    authorities_doc = ld.required(root / "authorities.yaml", m.Authorities, "缺少 authorities.yaml（机关名单）")

    authorities: dict[str, Doc[m.Authority]] = {}
    if authorities_doc is not None:
        for i, a in enumerate(authorities_doc.model.root):
            if a.code in authorities:
                ld.error(root / "authorities.yaml", f"机关代码 {a.code} 重复", authorities_doc.src.line(i))
            authorities[a.code] = Doc(a.code, a, Source(authorities_doc.src.display, authorities_doc.src.path,
                                                        index=i))

    extra: dict[int, YearSchedule] = {}
    cal_path = root / "calendar.yaml"
    if os.path.lexists(cal_path):
        cal = ld.read(cal_path, m.CalendarFile, "calendar")
        if cal is not None:
            for year_s, sched in cal.model.root.items():
                year = int(year_s)
                bad = [d for d in [*sched.holidays, *sched.workdays] if d.year != year]
                if bad:
                    ld.error(cal_path, f"{year} 年的安排中出现了其他年份的日期 {bad[0]}", cal.src.line(year_s))
                extra[year] = YearSchedule(frozenset(sched.holidays), frozenset(sched.workdays))

    # -- find every file first (names are checked here), then parse them all at once --
    ent_tasks: list[Task] = []
    for f in ld.yaml_files(root / "enterprises"):
        why = uscc_problem(f.stem)
        if why:
            ld.error_at(f.display, f"文件名应为企业的统一社会信用代码：{why}")
            continue
        ent_tasks.append(Task.of(f, "enterprise"))

    person_tasks: list[Task] = []
    for f in ld.yaml_files(root / "persons"):
        if not _PERSON.fullmatch(f.stem):
            ld.error_at(f.display, f"文件名 “{f.name}” 应为人员编号，例如 P-410105-0001.yaml")
            continue
        person_tasks.append(Task.of(f, "person"))

    record_tasks: list[tuple[Task, re.Match[str], str]] = []
    credit = root / "credit"
    if ld.real_dir(credit):
        for year_dir in ld.subdirs(credit):
            if not year_dir.is_dir() or not _YEAR.fullmatch(year_dir.name):
                ld.error(year_dir, "credit/ 下应只有年份文件夹，例如 credit/2026/")
                continue
            for f in ld.yaml_files(year_dir):
                mt = _RECORD.fullmatch(f.stem)
                if not mt:
                    ld.error_at(f.display, f"文件名 “{f.name}” 应为信息编号 <录入机关代码>-<年份>-<序号>，"
                                           "例如 410105-2026-0007.yaml")
                    continue
                record_tasks.append((Task.of(f, "credit-record"), mt, year_dir.name))

    sheet_name = sheet_kind(rulebook) if rulebook else None
    ev_sets: list[tuple[EvaluationSet, list[Task]]] = []
    ev_root = root / "evaluations"
    if ld.real_dir(ev_root):
        for year_dir in ld.subdirs(ev_root):
            if not year_dir.is_dir() or not _YEAR.fullmatch(year_dir.name):
                ld.error(year_dir, "evaluations/ 下应只有年份文件夹，例如 evaluations/2026/")
                continue
            for auth_dir in ld.subdirs(year_dir):
                if not auth_dir.is_dir() or not _AUTH.fullmatch(auth_dir.name):
                    ld.error(auth_dir, "evaluations/<年份>/ 下应是评价机关代码文件夹，例如 evaluations/2026/410105/")
                    continue
                ev_path = auth_dir / "evaluation.yaml"
                if not os.path.lexists(ev_path):
                    ld.error(ev_path, "缺少 evaluation.yaml（评价截止日、公示日期）")
                    continue
                ev = ld.read(ev_path, m.Evaluation, f"{year_dir.name}/{auth_dir.name}")
                if ev is None:
                    continue
                sheets: list[Task] = []
                for f in ld.yaml_files(auth_dir):
                    if f.name == "evaluation.yaml":
                        continue
                    why = uscc_problem(f.stem)
                    if why:
                        ld.error_at(f.display, f"评分表文件名应为企业的统一社会信用代码：{why}")
                        continue
                    if sheet_name is not None:  # without a rulebook a sheet cannot be read (platform.yaml is in error)
                        sheets.append(Task.of(f, sheet_name))
                ev_sets.append((EvaluationSet(int(year_dir.name), auth_dir.name, ev), sheets))

    ld.parse_many([*ent_tasks, *person_tasks, *(t for t, _m, _y in record_tasks),
                   *(t for _es, ts in ev_sets for t in ts)])

    unreadable: set[str] = set()
    enterprises: dict[str, Doc[m.Enterprise]] = {}
    for t in ent_tasks:
        if t.result is not None:
            enterprises[t.ident] = t.result
        else:
            unreadable.add(t.ident)
    persons: dict[str, Doc[m.Person]] = {}
    for t in person_tasks:
        if t.result is not None:
            persons[t.ident] = t.result
        else:
            unreadable.add(t.ident)

    records: dict[str, Doc[m.CreditRecord]] = {}
    for t, mt, folder in record_tasks:
        docr = t.result
        if docr is None:
            continue
        check_record_file(ld, t.display, docr, mt, folder)
        records[t.ident] = docr

    evaluations: dict[tuple[int, str], EvaluationSet] = {}
    for es, sheet_tasks in ev_sets:
        for t in sheet_tasks:
            if t.result is not None:
                es.sheets[t.ident] = t.result
        evaluations[(es.year, es.authority)] = es

    # the top: the known files and folders are checked where they are read (a link among them too)
    for entry in sorted(os.scandir(root), key=lambda e: e.name):
        name = entry.name
        if name in ROOT_DIRS or name in ROOT_FILES or name in ROOT_ALLOWED:
            continue
        path = Path(entry.path)
        low = name.lower()
        if entry.is_symlink():
            ld.error(path, LINKED_DIR if entry.is_dir() else not_regular_message(stat.S_IFLNK))
        elif entry.is_dir(follow_symlinks=False):
            ld.error(path, f"记录目录中不应有文件夹 “{name}”：其中的文件不会被读取")
        elif not entry.is_file(follow_symlinks=False):
            ld.error(path, not_regular_message(entry.stat(follow_symlinks=False).st_mode))
        elif name.startswith("."):
            ld.error(path, hidden_message(name, False))
        elif ".yaml" in low or ".yml" in low:  # README.md and the like may stay: nobody takes them for records
            ld.error(path, f"记录目录中不认识的文件 “{name}”：不会被读取；顶层只读 platform.yaml、regions.yaml、"
                           "authorities.yaml 和 calendar.yaml，文件名须全为小写")

    # a file's own problem made precise with the other files: item: 1.21 → market.1.21, a project's name → its id
    ld.problems = refine(ld.problems, rulebook, enterprises, persons)
    if platform is None or rulebook is None or regions_doc is None or authorities_doc is None:
        return None, ld.problems
    rs = RecordSet(
        root=root,
        platform=platform,
        rulebook=rulebook,
        regions=dict(regions_doc.model.root),
        regions_src=regions_doc.src,
        authorities=authorities,
        calendar=WorkCalendar(extra),
        enterprises=enterprises,
        persons=persons,
        records=records,
        evaluations=evaluations,
        unreadable=frozenset(unreadable),
        blobs=ld.blobs if blob_hash else None,
        top_digest=ld.read_digests.digest(),
    )
    return rs, ld.problems
