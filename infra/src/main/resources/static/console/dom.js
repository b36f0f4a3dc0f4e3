// A few DOM helpers. Every text from the API goes through text nodes, never innerHTML: event payloads
// are written by outside systems.

/** An element: h('a', {href: '#/x', class: 'y', onclick: f}, 'text', child, [more]). */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') el.addEventListener(name.slice(2), value);
    else if (name === 'dataset') Object.assign(el.dataset, value);
    else if (name === 'value') el.value = value;
    else if (name === 'checked') el.checked = !!value;
    else el.setAttribute(name, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces everything inside el. */
export function mount(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** An instant as the console shows it everywhere: UTC, to the second (milliseconds when present). */
export function when(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  const s = d.toISOString();
  return s.slice(0, 10) + ' ' + (s.endsWith('.000Z') ? s.slice(11, 19) : s.slice(11, 23)) + 'Z';
}

/** A long digest shortened for a table, whole in the tooltip. */
export function digest(value) {
  if (!value) return '';
  const short = value.length > 23 ? value.slice(0, 19) + '…' + value.slice(-4) : value;
  return h('code', {class: 'digest', title: value}, short);
}

/** A small coloured label. */
export function badge(text, kind) {
  return h('span', {class: 'badge ' + (kind ?? '')}, text);
}

/** A JSON value, pretty-printed. */
export function json(value) {
  return h('pre', {class: 'json'}, JSON.stringify(value, null, 2));
}

/** A table from column titles and rows of cells. */
export function table(columns, rows, attrs) {
  return h('table', attrs ?? {},
      h('thead', {}, h('tr', {}, columns.map(c => h('th', {}, c)))),
      h('tbody', {}, rows));
}

/** An error as the API words it: its message, then its code and field. */
export function errorBox(error) {
  const detail = [error.code, error.field ? 'field ' + error.field : null].filter(Boolean).join(', ');
  return h('div', {class: 'error', role: 'alert'},
      h('span', {class: 'error-message'}, error.message ?? String(error)),
      detail ? h('span', {class: 'error-code'}, ' (' + detail + ')') : null);
}

/** A form's named fields as an object of trimmed strings (checkboxes as booleans). */
export function formValues(form) {
  const values = {};
  for (const el of form.elements) {
    if (!el.name) continue;
    values[el.name] = el.type === 'checkbox' ? el.checked : el.value.trim();
  }
  return values;
}
