"""``credit new``: a skeleton file with a comment for every field (DESIGN §3, §8).

A skeleton saved unedited must never validate, or it would be published: every field the clerk has to
fill holds a placeholder starting with :data:`generator.records.privacy.PLACEHOLDER` (``【待填写】``) — dates
and choices too, so nothing silently defaults to today or to an example — and the validator reports each
field still to fill, once (:func:`generator.records.privacy.placeholder_message`).

What the command line names is checked before anything is written (exit 2, nothing written): the subject
must be a valid USCC with an enterprise file, or a person id with a person file (a company name is answered
with the matching codes); the recorder an authority of authorities.yaml; the region of a person one of
regions.yaml. Those files are read loosely (one unreadable record does not stop the command): only the names
and codes are needed.
"""

from __future__ import annotations

import argparse
import difflib
import os
import re
import stat
import sys
from pathlib import Path
from typing import Any

from generator.records.load import uscc_problem
from generator.records.models import AUTHORITY_RE, FIRST_DATE, LAST_DATE, PERSON_RE, REGION_RE
from generator.records.privacy import PLACEHOLDER as P
from generator.records.yamlload import YamlFileError, load_file
from generator.rules.calendar import today_shanghai

SCHEMA_LINE = "# yaml-language-server: $schema={rel}schemas/{name}.schema.json\n"

DATE = f"{P}YYYY-MM-DD"

BAD = f"""\
subject: {{subject}}      # 信用主体：企业统一社会信用代码或人员编号 P-区划-序号
# project: 项目编号      # 可选：企业的哪个在管项目
kind: bad
class: {P}A、B或C        # A（第十条所列严重行为，一票否决项）| B（责令限期改正或行政处罚）| C（行为不规范、责令限期改正；不公开）
item: {P}评分标准条目     # market.<节>.<项> 或 safety.<节>.<项>，例如 market.1.21；见网站“评分标准”页
count: 1                # 次数（分/次），默认 1
# points: 2             # 仅“其他”条目（market.5：1–3 分；safety.4：3–10 分）需要写明本次扣分
summary: {P}用一句话写明事实，例如：以限制乘用电梯方式催交物业费
decision:
  authority: {P}作出决定的机关全称
  level: {P}决定机关层级  # national | province | city | county | street | court
  document: {P}决定文书编号，例如 金建罚决字〔{{year}}〕第1号
  kind: {P}决定种类       # penalty 行政处罚 | order 责令限期改正 | handling 行政处理 | judgment 生效裁判
  effective: {DATE}   # 决定文书生效之日（{{year}} 年内：本文件在 credit/{{year}}/）：公开期限自此日起算（第十一条）
  # learned: YYYY-MM-DD     # 可选：从其他机关获悉之日（第七条）
  # penalty_months: 6       # 可选：行政处罚的期限（月）；公开期限不得短于它
  # domain: fire            # 可选：special_equipment | work_safety | fire（行政处罚最短公开 12 个月）
recorder: "{{recorder}}"  # 录入机关代码（谁采集、谁负责，第七条），须在 authorities.yaml 中
notified: {DATE}     # 录入前告知信用主体理由和依据的日期（第七条），必填
entered: {DATE}      # 录入日期：自此日起向社会公开
disclosure_months: {P}公开期限（月）  # A、B 类 3–36；C 类（拒不纠正时公开）3–6
# refuses_correction: true   # 仅 C 类：信用主体拒不纠正时公开（第十一条）
"""

GOOD = f"""\
subject: {{subject}}      # 信用主体：企业统一社会信用代码或人员编号
kind: good
item: {P}表彰类别       # market | safety | red | smart，或履行社会责任条目 social.1 … social.9
count: 1
summary: {P}写明表彰（扬）、奖励的名称
decision:
  authority: {P}表彰机关全称
  level: {P}表彰机关层级  # national | province | city | county | street：决定加分
  document: {P}表彰文件编号
  effective: {DATE}   # 表彰决定生效之日（{{year}} 年内：本文件在 credit/{{year}}/）：公开 36 个月（第十一条）
recorder: "{{recorder}}"
entered: {DATE}      # 录入日期：自此日起向社会公开
# deed: 事迹编号        # 同一事迹在多级获表彰时，用相同编号，只按最高值加一次
"""

ENTERPRISE = f"""\
name: {P}企业名称
# former_names: [曾用名]
legal_representative: {P}法定代表人姓名
registered_region: "{P}注册地区划代码"   # 6 位，加引号，须在 regions.yaml 中
address: {P}注册地址
established: {DATE}         # 成立日期
hotline: "0371-00000000"      # 公共服务电话（不要填写个人手机号码）；没有时删除这一行
projects:
  - id: {P}项目编号            # 小写字母、数字、连字符，本企业内唯一，例如 hengxin-garden
    name: {P}项目名称
    region: "{P}项目所在区划代码"
    address: {P}项目地址
    since: {DATE}             # 开始服务日期
    # until: 2030-12-31        # 服务截止日；不写表示仍在服务
    # manager: P-410105-0001   # 项目负责人编号
managers: []                  # 主要管理人员：- person: P-…  role: 总经理
"""

PERSON = f"""\
name: {P}姓名
# note: 备注（不要填写身份证号码或电话号码）
"""

_USCC_SHAPE = re.compile(r"^[0-9A-Z]{18}$")


def _refuse(message: str) -> int:
    print(message, file=sys.stderr)
    return 2


def _load(path: Path) -> Any:
    try:
        return load_file(path, track=False).value
    except (OSError, YamlFileError, UnicodeDecodeError):
        return None


def _authorities(root: Path) -> dict[str, str]:
    """code → name of every authority authorities.yaml lists (whatever else is wrong with it)."""
    value = _load(root / "authorities.yaml")
    out: dict[str, str] = {}
    for item in value if isinstance(value, list) else []:
        if isinstance(item, dict) and isinstance(item.get("code"), str):
            out[item["code"]] = str(item.get("name") or "")
    return out


def _regions(root: Path) -> dict[str, str]:
    value = _load(root / "regions.yaml")
    return {str(k): str(v) for k, v in value.items()} if isinstance(value, dict) else {}


def _enterprise_names(root: Path) -> list[tuple[str, str]]:
    """``(name, USCC)`` for every enterprise's name and former names, from files that read as YAML."""
    out: list[tuple[str, str]] = []
    for path in sorted((root / "enterprises").glob("*.yaml")):
        value = _load(path)
        if not isinstance(value, dict):
            continue
        names = [value.get("name")]
        former = value.get("former_names")
        names += former if isinstance(former, list) else []
        out += [(n.strip(), path.stem) for n in names if isinstance(n, str) and n.strip()]
    return out


def _closest(word: str, choices: dict[str, str], n: int = 3) -> list[str]:
    """Keys of ``choices`` whose key or value is closest to ``word``."""
    by_value: dict[str, str] = {}
    for key, value in choices.items():
        by_value.setdefault(value, key)
    found = difflib.get_close_matches(word, list(choices), n=n, cutoff=0.5)
    found += [by_value[v] for v in difflib.get_close_matches(word, list(by_value), n=n, cutoff=0.4)]
    found += [key for key, value in choices.items() if word and (word in value or value and value in word)]
    return list(dict.fromkeys(found))[:n]


def _subject_problem(root: Path, subject: str) -> str | None:
    """Why ``subject`` cannot be the subject of a new record in ``root``, with the likely intended one."""
    if re.fullmatch(PERSON_RE, subject):
        if (root / "persons" / f"{subject}.yaml").is_file():
            return None
        return (
            f"人员 {subject} 还没有基本信息文件 persons/{subject}.yaml：请先用 "
            f"credit new person --region {subject.split('-')[1]} 建立，或核对编号"
        )
    if _USCC_SHAPE.fullmatch(subject):
        why = uscc_problem(subject)
        if why is None:
            if (root / "enterprises" / f"{subject}.yaml").is_file():
                return None
            return (
                f"企业 {subject} 还没有基本信息文件 enterprises/{subject}.yaml：请先用 "
                f"credit new enterprise --uscc {subject} 建立，或核对代码"
            )
        return why + _enterprise_hint(root, subject)
    # a company name, or a code with a typo: offer the enterprises it may mean
    names = _enterprise_names(root)
    exact = sorted({uscc for name, uscc in names if name == subject.strip()})
    if exact:
        codes = "、".join(exact)
        return f"--subject 应为统一社会信用代码或人员编号，不是名称：“{subject}” 的代码是 {codes}，请写 --subject {exact[0]}"
    return f"“{subject}” 不是统一社会信用代码（18 位）或人员编号（P-区划-序号）" + _enterprise_hint(root, subject)


def _enterprise_hint(root: Path, word: str) -> str:
    names = _enterprise_names(root)
    by_code = {uscc: name for name, uscc in reversed(names)}
    choices = {**by_code, **{name: uscc for name, uscc in names}}
    found = []
    for key in _closest(word, choices):
        uscc = key if key in by_code else choices[key]
        found.append(f"{uscc}（{by_code[uscc]}）")
    found = list(dict.fromkeys(found))
    return f"。是否指：{'、'.join(found)}？" if found else "。请核对营业执照上的统一社会信用代码"


def _recorder_problem(root: Path, recorder: str) -> str | None:
    authorities = _authorities(root)
    if re.fullmatch(AUTHORITY_RE, recorder) and recorder in authorities:
        return None
    found = [f"{code}（{authorities[code]}）" for code in _closest(recorder, authorities)]
    hint = f"是否指：{'、'.join(found)}？" if found else "请写 authorities.yaml 中录入机关的代码（6 位或 9 位数字）"
    return f"--recorder “{recorder}” 不是 authorities.yaml 中的机关代码：{hint}"


def _region_problem(root: Path, region: str) -> str | None:
    regions = _regions(root)
    if re.fullmatch(REGION_RE, region) and (not regions or region in regions):
        return None
    found = [f"{code}（{regions[code]}）" for code in _closest(region, regions)]
    hint = f"是否指：{'、'.join(found)}？" if found else "请写 regions.yaml 中的 6 位区划代码"
    return f"--region “{region}” 不是 regions.yaml 中的区划代码：{hint}"


def new_file(args: argparse.Namespace) -> int:
    root: Path = args.records
    what = args.what
    if what in ("bad", "good"):
        if not args.subject or not args.recorder:
            return _refuse("credit new bad|good 需要 --subject 和 --recorder")
        subject, recorder = args.subject.strip(), args.recorder.strip()
        why = _subject_problem(root, subject) or _recorder_problem(root, recorder)
        if why:
            return _refuse(why)
        year = args.year or today_shanghai().year
        if not FIRST_DATE.year <= year <= LAST_DATE.year:
            return _refuse(f"--year {year} 不是决定生效的年份（{FIRST_DATE.year}–{LAST_DATE.year}）")
        folder = root / "credit" / str(year)
        prefix = f"{recorder}-{year}-"
        existing = [int(p.stem[len(prefix):]) for p in folder.glob(f"{prefix}*.yaml") if p.stem[len(prefix):].isdigit()]
        serial = max(existing, default=0) + 1
        path = folder / f"{prefix}{serial:04d}.yaml"
        body = (BAD if what == "bad" else GOOD).format(subject=subject, recorder=recorder, year=year)
        schema = "credit-record"
        depth = "../../../"
    elif what == "enterprise":
        if not args.uscc:
            return _refuse("credit new enterprise 需要 --uscc 统一社会信用代码")
        why = uscc_problem(args.uscc)
        if why:
            known = sorted({uscc for name, uscc in _enterprise_names(root) if name == args.uscc.strip()})
            if known:
                return _refuse(f"--uscc 应为统一社会信用代码，不是名称：“{args.uscc}” 已有基本信息文件 "
                               f"enterprises/{known[0]}.yaml（代码 {known[0]}），需要修改时直接编辑它")
            return _refuse(why)
        path = root / "enterprises" / f"{args.uscc}.yaml"
        body = ENTERPRISE
        schema, depth = "enterprise", "../../"
    else:
        if not args.region:
            return _refuse("credit new person 需要 --region 6 位区划代码")
        why = _region_problem(root, args.region)
        if why:
            return _refuse(why)
        folder = root / "persons"
        prefix = f"P-{args.region}-"
        existing = [int(p.stem[len(prefix):]) for p in folder.glob(f"{prefix}*.yaml") if p.stem[len(prefix):].isdigit()]
        path = folder / f"{prefix}{max(existing, default=0) + 1:04d}.yaml"
        body = PERSON
        schema, depth = "person", "../../"
    linked = _linked_component(root, path)
    if linked is not None:
        return _refuse(f"{linked} 是符号链接或不是普通文件夹：记录只写在 records/ 里的普通文件夹中，未写入任何文件")
    if os.path.lexists(path) and not args.force:
        print(f"{path} 已存在（用 --force 覆盖）", file=sys.stderr)
        return 1
    path.parent.mkdir(parents=True, exist_ok=True)
    flags = os.O_WRONLY | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | (os.O_TRUNC if args.force else os.O_EXCL)
    try:
        fd = os.open(path, flags, 0o644)
    except OSError as exc:
        return _refuse(f"无法写入 {path}：{exc.strerror or exc}")
    with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(SCHEMA_LINE.format(rel=depth, name=schema) + body)
    print(path.as_posix())
    return 0


def _linked_component(root: Path, path: Path) -> Path | None:
    """The first existing folder between ``root`` and ``path`` (or ``path`` itself) that is a link or not a
    plain folder (file): ``credit new`` writes only into records/ itself, never through a link."""
    current = root
    parts = path.relative_to(root).parts
    for i, part in enumerate(parts):
        current = current / part
        try:
            mode = os.lstat(current).st_mode
        except FileNotFoundError:
            return None
        last = i == len(parts) - 1
        if stat.S_ISLNK(mode) or (not last and not stat.S_ISDIR(mode)) or (last and not stat.S_ISREG(mode)):
            return current
    return None
