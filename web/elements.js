// The page's building blocks that know no language: an element builder, the
// formatting of values, and the field and table layouts. Loaded before app.js
// (index.html), which reads window.CERTREG_ELEMENTS. Text is only ever
// written as text nodes, never parsed as HTML.
'use strict';

window.CERTREG_ELEMENTS = (() => {
  // Builds an element; string and number children become text nodes.
  function h(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === 'class') node.className = value;
      else if (key === 'text') node.textContent = value;
      else node.setAttribute(key, value === true ? '' : String(value));
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  const present = (v) => v !== null && v !== undefined && v !== '';
  const orDash = (v) => (present(v) ? String(v) : '—');

  // The registry's time zone: the server names it on <html data-time-zone>
  // when it is not Asia/Shanghai (certreg serve --time-zone).
  const timeZone = document.documentElement.dataset.timeZone || 'Asia/Shanghai';

  // An RFC 3339 instant as "YYYY-MM-DD HH:mm" in the registry's time zone.
  function formatInstant(value) {
    if (!present(value)) return '—';
    const date = new Date(value);
    if (Number.isNaN(date.getTime())) return String(value);
    const parts = Object.fromEntries(new Intl.DateTimeFormat('en-GB', {
      timeZone, year: 'numeric', month: '2-digit', day: '2-digit',
      hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
    }).formatToParts(date).map((p) => [p.type, p.value]));
    return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
  }

  // A text that may come as one string or as {zh, en}, in `lang` where it can.
  function localText(value, lang) {
    if (value && typeof value === 'object') return value[lang] || value.zh || value.en || '';
    return present(value) ? String(value) : '';
  }

  function field(label, ...value) {
    return h('div', { class: 'field' }, h('dt', {}, label), h('dd', {}, ...value));
  }

  // A history table with its caption, column headers and one row per record.
  // Explicit roles keep it a table for assistive technology when the narrow
  // layout restyles it as blocks; data-label names each value there. `nowrap`
  // lists the columns that never wrap; `empty` is the text of a table without rows.
  function table(id, title, note, columns, rows, nowrap, empty) {
    const captionId = `${id}-caption`;
    const cell = (content, i) => {
      const cls = nowrap.includes(i) ? 'nowrap' : null;
      return i === 0
        ? h('th', { scope: 'row', role: 'rowheader', class: cls }, content)
        : h('td', { role: 'cell', 'data-label': columns[i], class: cls }, content);
    };
    const body = rows.length > 0
      ? rows.map((cells) => h('tr', { role: 'row' }, cells.map(cell)))
      : [h('tr', { role: 'row' },
        h('td', { role: 'cell', colspan: String(columns.length), class: 'muted table__empty' }, empty))];
    return h('section', { class: 'history', id },
      h('div', { class: 'table-scroll', role: 'region', 'aria-labelledby': captionId, tabindex: '0' },
        h('table', { class: 'table', role: 'table', 'aria-labelledby': captionId },
          h('caption', { id: captionId }, title, h('span', { class: 'caption__note' }, note)),
          h('thead', { role: 'rowgroup' }, h('tr', { role: 'row' },
            columns.map((label) => h('th', { scope: 'col', role: 'columnheader' }, label)))),
          h('tbody', { role: 'rowgroup' }, body))));
  }

  return Object.freeze({ h, present, orDash, timeZone, formatInstant, localText, field, table });
})();
