// The form's previews (issue 16): a credit record as its row on the public page would show it, or why it will
// not be public (the order of generator/day/disclosure.py: withdrawn, revoked, repaired; a C-class record of a
// subject that corrected; not yet entered; period over; suspended during an objection). Today is the day in
// Asia/Shanghai. The impact report of the pull request (credit diff) has the last word.

const CSS = `
body { font-family: "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; color: #1a1a1a; margin: 16px; line-height: 1.6; }
.state { padding: 8px 12px; border-radius: 4px; margin: 0 0 12px; font-weight: bold; }
.state.public { background: #e6f4ea; color: #0d4a2c; }
.state.hidden { background: #fdecea; color: #8f1d1d; }
.state.draft { background: #fff4e5; color: #6b4400; }
h2 { font-size: 1.1rem; margin: 0 0 8px; }
dl { display: grid; grid-template-columns: 8em 1fr; gap: 4px 12px; margin: 0; }
dt { color: #555; }
dd { margin: 0; }
.code { font-family: monospace; }
`;

/** Today in Asia/Shanghai, YYYY-MM-DD (DESIGN §4). */
export function today() {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
}

/** The last day of a period of months from a date (民法典 第二百零二条; generator/rules/calendar.py add_months). */
export function addMonths(date, months) {
  const [y, m, d] = date.split('-').map(Number);
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Whether the record would be public on ``day``, and why not: [public, message, last public day]. */
export function disclosure(r, day, info) {
  const dec = r.decision || {};
  if (!DATE.test(dec.effective || '') || !DATE.test(r.entered || '')) {
    return [false, '尚未填完：需要决定生效日期和录入日期才能判断是否公开', null];
  }
  const base = r.disclosure_months != null && r.disclosure_months !== '' ? Number(r.disclosure_months)
    : r.kind === 'good' ? info.good_months || 0 : 0;
  const extended = (r.extensions || []).filter(e => e && e.decided && e.decided <= day).reduce((s, e) => s + Number(e.months || 0), 0);
  const last = addMonths(dec.effective, base + extended);
  const objections = (r.objections || []).filter(Boolean);
  if (r.withdrawn && r.withdrawn.date && r.withdrawn.date <= day) {
    return [false, `不公开：决定已于 ${r.withdrawn.date} 撤销（${r.withdrawn.reason || ''}），不再公开、不再计入评价`, last];
  }
  if (objections.some(o => o.outcome === 'revoked' && o.resolved && o.resolved <= day)) {
    return [false, '不公开：异议核查后撤销（第十七条），信息作废', last];
  }
  if (r.repair && r.repair.outcome === 'approved' && r.repair.decided && r.repair.decided <= day) {
    return [false, `不公开：已于 ${r.repair.decided} 信用修复（第十六条）`, last];
  }
  if (r.class === 'C' && !r.refuses_correction) {
    return [false, '不公开：C 类不良信息只在信用主体拒不纠正时公开（第十一条）；仍在年度评价中扣分（第十四条）', last];
  }
  if (r.entered > day) return [false, `未到公开日期：自录入日期 ${r.entered} 起公开，至 ${last}`, last];
  if (day > last) return [false, `不公开：公开期限已于 ${last} 届满（第十一条）`, last];
  if (objections.some(o => o.suspend && o.filed <= day && (!o.resolved || o.resolved > day))) {
    return [false, '异议处理中，认定部门决定核查期间停止公开（第十七条）', last];
  }
  return [true, `公开：自 ${r.entered} 起，至 ${last}`, last];
}

function itemText(r, info) {
  const it = info.items[r.item];
  if (!it) return r.item || '（未选择条目）';
  if (it.award) return `${it.category}：获得表彰（${(info.names.decision_level || {})[(r.decision || {}).level] || ''}）`;
  const number = String(r.item).split('.').slice(1).join('.');
  let points = '';
  if (r.kind === 'bad') {
    if (it.veto) points = '（一票否决）';
    else if (it.range) points = `（扣 ${r.points != null ? r.points : `${it.range[0]}–${it.range[1]}`} 分${r.count > 1 ? ` × ${r.count}` : ''}）`;
    else if (it.points != null) points = `（扣 ${it.points} 分${r.count > 1 ? ` × ${r.count}` : ''}）`;
  }
  return `${it.category} ${number} ${it.text}${points}`;
}

/** The rows of a file's preview: every value filled in, under its field's label; an object or a list item
 *  gets a heading row and its fields are indented. */
export function rows(value, path, labels, out = [], heading = null) {
  const depth = path ? path.split('.').length - 1 : 0;
  const label = labels[path] || path.split('.').pop();
  if (value === null || value === undefined || value === '') return out;
  if (Array.isArray(value)) {
    value.forEach((item, i) => rows(item, path, labels, out, `${label} ${i + 1}`));
    return out;
  }
  if (typeof value === 'object') {
    if (path) out.push({ label: heading || label, value: '', depth });
    for (const [key, v] of Object.entries(value)) {
      if (!key.startsWith('_')) rows(v, path ? `${path}.${key}` : key, labels, out);
    }
    return out;
  }
  out.push({ label, value: String(value), depth });
  return out;
}

export function registerPreviews(CMS, all) {
  const h = window.h;
  const info = all.preview;
  CMS.registerPreviewStyle(CSS, { raw: true });

  const filePreview = window.createClass({
    render() {
      const entry = this.props.entry;
      const collection = all.collections[entry.get('collection')] || {};
      const labels = (all.kinds[collection.format] || {}).labels || {};
      const list = rows(entry.get('data').toJS(), '', labels);
      const name = String(entry.get('slug') || '').split('/').pop() || '（新文件：保存后生成文件名）';
      return h(
        'article',
        null,
        h('h2', null, name),
        h('dl', null, ...list.flatMap((r, i) => [
          h('dt', { key: `t${i}`, style: { paddingLeft: `${r.depth}em` } }, r.label),
          h('dd', { key: `d${i}` }, r.value),
        ])),
      );
    },
  });
  for (const name of Object.keys(all.collections)) {
    if (!name.startsWith('credit-')) CMS.registerPreviewTemplate(name, filePreview);
  }

  const creditPreview = window.createClass({
    render() {
      const entry = this.props.entry;
      const r = entry.get('data').toJS();
      if (r._person) r.subject = r._person;
      const id = String(entry.get('slug') || '').split('/').pop() || '（新记录：保存后生成编号）';
      const [isPublic, message] = disclosure(r, today(), info);
      const names = info.names;
      const dec = r.decision || {};
      const what = r.kind === 'bad' ? `不良 ${r.class || ''} 类` : '优良';
      const page = r.subject ? (String(r.subject).startsWith('P-') ? info.pages.person : info.pages.enterprise).replace('{id}', r.subject) : null;
      const meta = this.props.fieldsMetaData;
      const subjectName = meta && (meta.getIn(['subject', 'enterprises', r.subject, 'name']) || meta.getIn(['_person', 'persons', r.subject, 'name']));
      const row = (label, value) => (value ? [h('dt', { key: `${label}-t` }, label), h('dd', { key: `${label}-d` }, value)] : []);
      return h(
        'article',
        null,
        h('p', { className: `state ${isPublic ? 'public' : message.startsWith('尚未') ? 'draft' : 'hidden'}`, role: 'status' }, message),
        h('h2', null, `${id}　${what}`),
        h(
          'dl',
          null,
          ...row('信用主体', page ? h('a', { href: page, target: '_blank', rel: 'noopener' }, subjectName ? `${subjectName}（${r.subject}）` : r.subject) : null),
          ...row('条目', itemText(r, info)),
          ...row('事实', r.summary),
          ...row('决定', [dec.authority, dec.document, names.decision_kind[dec.kind]].filter(Boolean).join('　')),
          ...row('生效日期', dec.effective),
          ...row('领域', names.domain[dec.domain]),
          ...row('类别', r.class ? names.class[r.class] : null),
          ...row('录入机关', r.recorder ? `${r.recorder} ${info.authorities[r.recorder] || ''}` : null),
        ),
      );
    },
  });
  CMS.registerPreviewTemplate('credit-bad', creditPreview);
  CMS.registerPreviewTemplate('credit-good', creditPreview);
}
