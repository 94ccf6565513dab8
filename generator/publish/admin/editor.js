// The web form's own code (issue 16), loaded after decap-cms.js by admin/index.html (window.CMS_MANUAL_INIT):
// it registers one YAML format per kind of record file, the serial widget, the checks before a save and the
// previews, then starts Decap CMS. admin/editor.json (written by credit build from the models) says how each
// kind of file is written; admin/config.yml holds the collections and their fields.
//
// A file is written as the strict loader (generator/records/yamlload.py) reads it: block style, keys in the
// model's order, dates unquoted (2026-03-02 is a date; "2026-03-02" would be text), every text that YAML 1.1
// or 1.2 could read as something else double-quoted ("410105", "0371-6555 0000", "yes"), nothing empty.
// Fields whose names start with "_" belong to the form only (the parts of a new file's name): never written.

import { YAML } from './yaml/index.js';
import { registerPreviews } from './preview.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const ITEM_KEY = /^(\d+)\.(\d+)$/; // an evaluation sheet's item, "5.1"
const FORM_ITEM_KEY = /^n(\d+)_(\d+)$/; // its name in the form, n5_1 (Decap field names cannot hold a dot)
const YAML_WORDS = /^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE|y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF|=|<<)$/;
const UNSAFE_START = /^[-?:,[\]{}#&*!|>'"%@`0-9+.<=~\\\s]/;
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff]/;

function isObject(value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Whether a text may stand unquoted: YAML 1.1 (the loader) and 1.2 both read it back as this very text. */
export function plainSafe(text) {
  return (
    text !== '' &&
    !YAML_WORDS.test(text) &&
    !UNSAFE_START.test(text) &&
    !/\s$/.test(text) &&
    !CONTROL.test(text) &&
    !/: |:$| #|\t/.test(text)
  );
}

/** A double-quoted YAML scalar: JSON's escapes, which YAML shares, and \u for every control character. */
export function quote(text) {
  return (
    '"' +
    text.replace(/[\\"\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff]/g, c => {
      const named = { '\\': '\\\\', '"': '\\"', '\n': '\\n', '\t': '\\t', '\r': '\\r' }[c];
      return named || '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0');
    }) +
    '"'
  );
}

function scalar(value, path, spec) {
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`“${path}” 不是有效的数字`);
    return String(value);
  }
  const text = String(value);
  if (spec.dates.includes(path) && DATE.test(text)) return text;
  return plainSafe(text) ? text : quote(text);
}

function itemOrder(a, b) {
  const x = a.match(ITEM_KEY);
  const y = b.match(ITEM_KEY);
  if (x && y) return Number(x[1]) - Number(y[1]) || Number(x[2]) - Number(y[2]);
  return 0;
}

function keysOf(object, path, spec) {
  const known = spec.order[path] || [];
  const rest = Object.keys(object).filter(k => !known.includes(k));
  return [...known.filter(k => k in object), ...rest.sort(itemOrder)];
}

function emitMap(object, path, spec, indent, out) {
  const pad = ' '.repeat(indent);
  for (const key of keysOf(object, path, spec)) {
    const value = object[key];
    const sub = path ? `${path}.${key}` : key;
    const name = /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? key : quote(key);
    if (isObject(value)) {
      out.push(`${pad}${name}:`);
      emitMap(value, sub, spec, indent + 2, out);
    } else if (Array.isArray(value)) {
      out.push(`${pad}${name}:`);
      emitList(value, sub, spec, indent + 2, out);
    } else {
      out.push(`${pad}${name}: ${scalar(value, sub, spec)}`);
    }
  }
}

function emitList(list, path, spec, indent, out) {
  const pad = ' '.repeat(indent);
  for (const item of list) {
    if (isObject(item)) {
      const lines = [];
      emitMap(item, path, spec, indent + 2, lines);
      lines[0] = `${pad}- ${lines[0].slice(indent + 2)}`;
      out.push(...lines);
    } else if (Array.isArray(item)) {
      throw new Error(`“${path}” 中不应有嵌套的列表`);
    } else {
      out.push(`${pad}- ${scalar(item, path, spec)}`);
    }
  }
}

/** The value as it goes into the file: no form-only field (“_…”), nothing empty, sheet keys as "5.1". */
export function prune(value) {
  if (value === null || value === undefined || value === '') return undefined;
  if (Array.isArray(value)) {
    const items = value.map(prune).filter(v => v !== undefined);
    return items.length ? items : undefined;
  }
  if (isObject(value)) {
    const out = {};
    for (const [key, v] of Object.entries(value)) {
      if (key.startsWith('_')) continue;
      const kept = prune(v);
      if (kept !== undefined) out[key.replace(FORM_ITEM_KEY, '$1.$2')] = kept;
    }
    return Object.keys(out).length ? out : undefined;
  }
  return value;
}

function toForm(value) {
  if (Array.isArray(value)) return value.map(toForm);
  if (isObject(value)) {
    const out = {};
    for (const [key, v] of Object.entries(value)) out[key.replace(ITEM_KEY, 'n$1_$2')] = toForm(v);
    return out;
  }
  return value;
}

/** The text of a record file of one kind, from the form's data (spec: admin/editor.json kinds[kind]). */
export function writeFile(kind, spec, data) {
  const copy = { ...data };
  if (kind === 'credit-record' && copy._person) copy.subject = copy._person;
  const body = prune(copy) || {};
  const lines = [spec.schema_line];
  emitMap(body, '', spec, 0, lines);
  return lines.join('\n') + '\n';
}

/** The form's data from a record file of one kind. */
export function readFile(kind, spec, content) {
  let data = content && content.trim() ? YAML.parse(content) : {};
  if (!isObject(data)) data = {};
  data = toForm(data);
  if (kind === 'credit-record' && typeof data.subject === 'string' && data.subject.startsWith('P-')) {
    data._person = data.subject;
    delete data.subject;
  }
  if (spec.evaluations_folder) data._shape = 'cutoff' in data ? 'evaluation' : 'sheet';
  return data;
}

function formatFor(kind, spec) {
  return {
    fromFile: content => readFile(kind, spec, content),
    toFile: data => writeFile(kind, spec, data),
  };
}

function filled(value) {
  return value !== undefined && value !== null && value !== '';
}

function missingRequired(value, path, spec, problems) {
  if (Array.isArray(value)) {
    value.forEach(item => missingRequired(item, path, spec, problems));
    return;
  }
  if (!isObject(value)) return;
  for (const key of spec.required[path] || []) {
    if (!filled(value[key])) {
      const where = spec.labels[path] ? `“${spec.labels[path]}”中` : '';
      problems.push(`请填写${where}“${spec.labels[path ? `${path}.${key}` : key] || key}”`);
    }
  }
  for (const [key, v] of Object.entries(value)) missingRequired(v, path ? `${path}.${key}` : key, spec, problems);
}

/** Before a save: what Decap cannot check by itself, and the year folder of a new file (``_year``, from the
 *  field the collection names). Throws (Decap shows the message) when something is wrong. */
export function check(entry, info) {
  const collection = info.collections[entry.get('collection')];
  if (!collection) return undefined;
  const spec = info.kinds[collection.format];
  const data = entry.get('data').toJS();
  const problems = [];
  if (collection.format === 'credit-record' && filled(data.subject) === filled(data._person)) {
    problems.push(filled(data.subject) ? '信用主体只能是一家企业或一个人员：请清空其中一项' : '请选择信用主体（企业或人员）');
  }
  if (entry.get('newRecord')) {
    for (const [name, label] of Object.entries(collection.names)) {
      if (!filled(data[name])) problems.push(`请填写“${label}”：新文件的文件名由它组成`);
    }
  }
  missingRequired(prune(data) || {}, '', spec, problems);
  if (problems.length) throw new Error(problems.join('；'));
  if (!collection.year_from) return undefined;
  const from = entry.get('data').getIn(collection.year_from.split('.'));
  return entry.get('data').set('_year', String(from || '').slice(0, 4));
}

/** The serial of a new file, with a button that proposes the next free one among the files already saved. */
const serialControl = h => ({
  getInitialState() {
    return { message: '' };
  },
  shouldComponentUpdate() {
    return true;
  },
  entry() {
    return this.props.getEntry ? this.props.getEntry() : this.props.entry;
  },
  isNew() {
    const entry = this.entry();
    return !!(entry && entry.get('newRecord'));
  },
  isValid() {
    if (!this.isNew() || /^[0-9]{1,8}$/.test(String(this.props.value || ''))) return true;
    return { error: { message: '请填写序号（1 至 8 位数字），或点“取下一个序号”' } };
  },
  prefix() {
    const data = this.entry().get('data');
    let missing = false;
    const text = this.props.field.get('prefix').replace(/\{([^}|]+)(\|year)?\}/g, (_, path, year) => {
      const value = data.getIn(path.split('.'));
      if (!filled(value)) missing = true;
      return year ? String(value || '').slice(0, 4) : String(value || '');
    });
    return missing ? null : text;
  },
  async propose() {
    const prefix = this.prefix();
    if (!prefix) {
      this.setState({ message: '请先填写组成编号的字段（信用信息：录入机关和决定生效日期；人员：行政区划）' });
      return;
    }
    this.setState({ message: '正在查找已有的编号…' });
    let max = 0;
    for (const name of this.props.field.get('collections').toJS()) {
      const found = await this.props.query(`${this.props.forID}-${name}`, name, ['slug'], prefix, undefined, 0);
      const hits = (found && found.payload && found.payload.hits) || [];
      for (const hit of hits) {
        const file = String(hit.slug).split('/').pop();
        if (file.startsWith(prefix) && /^[0-9]+$/.test(file.slice(prefix.length))) {
          max = Math.max(max, Number(file.slice(prefix.length)));
        }
      }
    }
    const next = String(max + 1).padStart(4, '0');
    this.props.onChange(next);
    this.setState({
      message:
        `新文件：${prefix}${next}（已保存的最大序号：${max ? String(max).padStart(4, '0') : '无'}；` +
        '其他尚未合并的合并请求中的编号查不到，如有冲突请改用下一个）',
    });
  },
  render() {
    const { forID, value, classNameWrapper, setActiveStyle, setInactiveStyle } = this.props;
    if (!this.isNew()) {
      const slug = String(this.entry().get('slug') || '');
      return h('p', { id: forID }, `编号：${slug.split('/').pop()}（已有文件的编号不能修改）`);
    }
    return h(
      'div',
      null,
      h('input', {
        id: forID,
        type: 'text',
        inputMode: 'numeric',
        className: classNameWrapper,
        value: value || '',
        onChange: e => this.props.onChange(e.target.value.trim()),
        onFocus: setActiveStyle,
        onBlur: setInactiveStyle,
      }),
      h('button', { type: 'button', onClick: () => this.propose(), style: { margin: '8px 0' } }, '取下一个序号'),
      this.state.message ? h('p', { role: 'status' }, this.state.message) : null,
    );
  },
});

async function start() {
  const CMS = window.CMS;
  const info = await (await fetch('editor.json')).json();
  for (const [kind, spec] of Object.entries(info.kinds)) CMS.registerCustomFormat(kind, 'yaml', formatFor(kind, spec));
  CMS.registerWidget('record-serial', window.createClass(serialControl(window.h)), undefined, {
    properties: { prefix: { type: 'string' }, collections: { type: 'array', items: { type: 'string' } } },
  });
  CMS.registerEventListener({ name: 'preSave', handler: ({ entry }) => check(entry, info) });
  registerPreviews(CMS, info);
  CMS.init();
}

if (typeof window !== 'undefined' && window.CMS) start();
