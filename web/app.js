// The public query page of the certificate registry (api.md "Public").
// Plain JavaScript, no framework, no build step, nothing from elsewhere.
// Routes: "/" (search, ?q=&status=&page=) and "/certificates/<number>"
// (detail); "?lang=en" switches the interface to English. Data is written
// with textContent only, never parsed as HTML. No cookies, no storage.
'use strict';

(() => {
  const API = '/public/v1/certificates';
  const PAGE_SIZE = 20;

  // The texts of both languages (web/i18n.js), the building blocks
  // (web/elements.js) and the API's JSON (web/api.js), loaded before this file.
  const TEXT = window.CERTREG_TEXT;
  const { h, present, orDash, timeZone, formatInstant, localText, field, table } = window.CERTREG_ELEMENTS;
  const { HttpError, cached, wholeHistory } = window.CERTREG_API;
  const STATEMENT = window.CERTREG_STATEMENT;  // the printed statement's parts (web/statement.js)
  const STATUS_LINE = window.CERTREG_STATUS_LINE;  // what a status means for a buyer (web/status_line.js)
  const EVALUATION = window.CERTREG_EVALUATION;  // the scores with their scale (web/evaluation.js)
  const { STATUSES } = STATUS_LINE;

  let lang = 'zh';
  let t = TEXT.zh;
  let renderToken = 0;
  // Whether the API's answers may be read back from its cache: only to redraw
  // the same data in the other language; every navigation asks the server again.
  let reuseData = false;
  const getJson = (url) => window.CERTREG_API.getJson(url, reuseData);

  // --- small helpers -----------------------------------------------------------

  const $ = (id) => document.getElementById(id);

  // An internal address in the current language.
  function href(path, params) {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(params || {})) {
      if (present(value)) search.set(key, value);
    }
    if (lang === 'en') search.set('lang', 'en');
    const query = search.toString();
    return query ? `${path}?${query}` : path;
  }

  const certificatePath = (no) => `/certificates/${encodeURIComponent(no)}`;

  // A search's address; `q` is always there, so an empty one lists every certificate.
  function searchHref(q, status, page) {
    const search = new URLSearchParams({ q });
    if (status) search.set('status', status);
    if (page > 1) search.set('page', String(page));
    if (lang === 'en') search.set('lang', 'en');
    return `/?${search}`;
  }

  const statusBadge = (status) => STATUS_LINE.badge(status, t, false);

  // --- the language ------------------------------------------------------------

  function applyLanguage() {
    document.documentElement.lang = t.htmlLang;
    for (const node of document.querySelectorAll('[data-i18n]')) {
      node.textContent = t[node.dataset.i18n];
    }
    for (const node of document.querySelectorAll('[data-i18n-aria-label]')) {
      node.setAttribute('aria-label', t[node.dataset.i18nAriaLabel]);
    }
    $('q').placeholder = t.qPlaceholder;
    const button = $('lang-switch');
    button.textContent = t.switchTo;
    button.lang = t.switchLang;
    button.setAttribute('aria-label', t.switchLabel);
    document.querySelector('.brand').href = href('/');
    document.querySelector('#message-view .back-link').href = href('/');
  }

  // The same address in the other language.
  function toggledLanguage(address) {
    const url = new URL(address, window.location.origin);
    if (lang === 'en') url.searchParams.delete('lang');
    else url.searchParams.set('lang', 'en');
    return url.pathname + url.search + url.hash;
  }

  // The search a certificate page was opened from (kept in the history entry,
  // so it survives a reload), for its back link; null when opened directly.
  function searchItCameFrom() {
    const from = history.state && history.state.from;
    return typeof from === 'string' && from.startsWith('/?') ? from : null;
  }

  function switchLanguage() {
    const from = searchItCameFrom();
    history.replaceState(from ? { from: toggledLanguage(from) } : null, '', toggledLanguage(window.location.href));
    render({ focus: false, reuse: true });
    $('lang-switch').focus();
  }

  // --- views ----------------------------------------------------------------------

  function show(viewId) {
    for (const view of document.querySelectorAll('.view')) view.hidden = view.id !== viewId;
  }

  function focusTitle(node) {
    if (node) node.focus({ preventScroll: false });
  }

  function showMessage(title, text, focus) {
    show('message-view');
    $('message-title').textContent = title;
    $('message-text').textContent = text;
    document.title = `${title} · ${t.siteName}`;
    if (focus) focusTitle($('message-title'));
  }

  async function renderSearch(params, token, focus) {
    show('search-view');
    const q = (params.get('q') || '').trim();
    const status = STATUSES.includes(params.get('status')) ? params.get('status') : '';
    const page = Math.max(1, parseInt(params.get('page'), 10) || 1);
    $('q').value = params.get('q') || '';
    $('status').value = status;
    document.title = t.searchPageTitle(q);

    const summary = $('search-summary');
    const list = $('results');
    const pager = $('pager');
    if (!params.has('q') && !status) {
      summary.textContent = '';
      list.hidden = true;
      pager.hidden = true;
      if (focus) focusTitle($('search-title'));
      return;
    }

    const query = new URLSearchParams({ q, page: String(page), page_size: String(PAGE_SIZE) });
    if (status) query.set('status', status);
    const url = `${API}?${query}`;
    if (!(reuseData && cached(url))) {
      summary.textContent = t.loading;
      $('main').setAttribute('aria-busy', 'true');
    }
    let data;
    try {
      data = await getJson(url);
    } catch (error) {
      if (token !== renderToken) return;
      $('main').removeAttribute('aria-busy');
      summary.textContent = error instanceof HttpError && error.status === 422 ? t.badQuery : t.errorText;
      list.hidden = true;
      pager.hidden = true;
      return;
    }
    if (token !== renderToken) return;
    $('main').removeAttribute('aria-busy');

    const items = Array.isArray(data.items) ? data.items : [];
    const total = Number(data.total) || 0;
    summary.textContent = total === 0 ? t.noneFound(q) : t.found(total, q);
    list.replaceChildren(...items.map(resultItem));
    list.hidden = items.length === 0;

    const pageSize = Number(data.page_size) || PAGE_SIZE;
    const pages = Math.max(1, Math.ceil(total / pageSize));
    const current = Number(data.page) || page;
    pager.replaceChildren();
    pager.hidden = pages <= 1;
    if (pages > 1) {
      const pageLink = (n, label, rel) => (n >= 1 && n <= pages
        ? h('a', { class: 'button', href: searchHref(q, status, n), 'data-nav': true, rel }, label)
        : h('span', { class: 'button button--disabled', 'aria-disabled': 'true' }, label));
      pager.append(pageLink(current - 1, t.prev, 'prev'),
        h('span', { class: 'pager__position' }, t.pageOf(current, pages)),
        pageLink(current + 1, t.next, 'next'));
    }
    if (focus) focusTitle($('search-title'));
  }

  function resultItem(item) {
    const no = item.certificate_no;
    const formerNames = Array.isArray(item.former_names) ? item.former_names.filter(present) : [];
    // The status sentence leads the card, as it leads the certificate's page.
    return h('li', { class: 'result' },
      STATUS_LINE.element(item, t, lang, 'card'),
      h('div', { class: 'result__main' },
        h('h2', { class: 'result__name' },
          h('a', { href: href(certificatePath(no)), 'data-nav': true }, orDash(item.holder_name))),
        formerNames.length > 0 && h('p', { class: 'result__former' }, `${t.formerNames}：${formerNames.join('；')}`),
        h('dl', { class: 'result__meta' },
          h('div', {}, h('dt', {}, t.certificateNo), h('dd', { class: 'mono' }, orDash(no))),
          h('div', {}, h('dt', {}, t.uscc), h('dd', { class: 'mono' }, orDash(item.uscc))),
          h('div', {}, h('dt', {}, t.validUntil), h('dd', {}, orDash(item.valid_until))))));
  }

  async function renderDetail(no, token, focus) {
    const view = $('detail-view');
    const url = `${API}/${encodeURIComponent(no)}?include=history`;
    if (!(reuseData && cached(url))) {
      $('main').setAttribute('aria-busy', 'true');
      show('detail-view');
      view.replaceChildren(h('p', { class: 'summary', role: 'status' }, t.loading));
    }
    let certificate;
    let records;  // {changes, status_history}
    try {
      certificate = await getJson(url);
      records = certificate.history;
      // A server that ignores ?include=history still answers .../history.
      if (!records) records = await getJson(`${API}/${encodeURIComponent(no)}/history`);
      records = await wholeHistory(`${API}/${encodeURIComponent(no)}/history`, records);
    } catch (error) {
      if (token !== renderToken) return;
      $('main').removeAttribute('aria-busy');
      if (error instanceof HttpError && error.status === 404) showMessage(t.notFoundTitle, t.notFoundText(no), focus);
      else showMessage(t.errorTitle, t.errorText, focus);
      return;
    }
    if (token !== renderToken) return;
    $('main').removeAttribute('aria-busy');
    show('detail-view');
    view.replaceChildren(...detailContent(certificate, records || {}));
    document.title = t.detailTitle(certificate.holder_name || no, certificate.certificate_no || no);
    if (focus) focusTitle($('detail-title'));
  }

  // The certificate page: api.md's certificate object `c` and its history `records`.
  function detailContent(c, records) {
    const no = c.certificate_no;
    const ending = c.revocation ? ['revocation', c.revocation] : c.cancellation ? ['cancellation', c.cancellation] : null;
    const formerNames = Array.isArray(c.former_names) ? c.former_names.filter(present) : [];
    const addressKind = t.addressKind[c.address_kind];
    const now = formatInstant(new Date().toISOString());

    const from = searchItCameFrom();
    const back = h('p', { class: 'crumbs no-print' },
      h('a', { href: from || href('/'), 'data-nav': true, class: 'back-link' },
        h('span', { 'aria-hidden': 'true' }, '← '), from ? t.backToResults : t.backToSearch));

    const statement = STATEMENT.heading(t, now, timeZone);

    // The status line comes first: what the status means, since when, why.
    const head = h('header', { class: 'detail-head' },
      STATUS_LINE.element(c, t, lang, 'page'),
      h('p', { class: 'eyebrow' }, `${t.certificateOf} `, h('span', { class: 'mono' }, orDash(no))),
      h('h1', { id: 'detail-title', class: 'page-title', tabindex: '-1' }, orDash(c.holder_name)),
      h('div', { class: 'actions no-print' },
        h('button', { type: 'button', class: 'button', id: 'print-button' }, t.print)));

    const endingBlock = ending && h('section', { class: `ending ending--${ending[0]}`, 'aria-labelledby': 'ending-title' },
      h('h2', { id: 'ending-title' }, ending[0] === 'revocation' ? t.revokedTitle : t.cancelledTitle),
      h('dl', { class: 'fields fields--compact' },
        field(t.endDate[ending[0]], orDash(ending[1].date)),
        field(t.grounds, h('span', { class: 'mono' }, orDash(ending[1].grounds)),
          localText({ zh: ending[1].grounds_text, en: ending[1].grounds_text_en }, lang) &&
            ` ${localText({ zh: ending[1].grounds_text, en: ending[1].grounds_text_en }, lang)}`),
        present(ending[1].announced_on) && field(t.announcedOn, ending[1].announced_on)));

    const items = h('section', { class: 'card', 'aria-labelledby': 'items-title' },
      h('h2', { id: 'items-title' }, t.certItems),
      h('dl', { class: 'fields' },
        field(t.certificateNo, h('span', { class: 'mono' }, orDash(no))),
        field(t.holder, orDash(c.holder_name),
          formerNames.length > 0 && h('span', { class: 'field__note' }, `${t.formerNames}：${formerNames.join('；')}`)),
        field(t.uscc, h('span', { class: 'mono' }, orDash(c.uscc))),
        field(t.address, present(c.address) ? c.address : t.addressWithheld,
          present(c.address) && addressKind && h('span', { class: 'field__note' }, addressKind)),
        field(t.scope, orDash(c.scope)),
        present(c.category) && field(t.category, c.category),
        field(t.basis, orDash(c.basis)),
        field(t.certificationBody, orDash(c.certification_body)),
        field(t.issueDate, orDash(c.issue_date)),
        field(t.firstIssuedOn, orDash(c.first_issued_on)),
        field(t.validity, t.validRange(orDash(c.valid_from), orDash(c.valid_until)))));

    const qr = h('figure', { class: 'qr' },
      h('img', { src: `${API}/${encodeURIComponent(no)}/qr.svg`, alt: t.qrAlt(no), width: '160', height: '160' }),
      h('figcaption', {}, t.qrCaption,
        h('span', { class: 'qr__address print-only' },
          present(c.public_url) ? c.public_url : `${window.location.origin}${certificatePath(no)}`)));

    const evaluation = EVALUATION.block(c.evaluation, c.evaluation_scale, t);

    const changes = table('changes', t.changes, t.changesNote,
      [t.colDate, t.colContent, t.colBefore, t.colAfter, t.colReason, t.colApprover],
      (Array.isArray(records.changes) ? records.changes : []).map((row) => [
        orDash(row.date), orDash(row.content), orDash(row.before), orDash(row.after), orDash(row.reason), orDash(row.approver),
      ]), [0], t.noRecords);

    const statusRows = table('status-history', t.statusHistory, t.statusHistoryNote,
      [t.colDate, t.colStatusBefore, t.colStatusAfter, t.colReason, t.colApprover, t.colRecordedAt],
      (Array.isArray(records.status_history) ? records.status_history : []).map((row) => [
        orDash(row.date),
        present(row.before) ? statusBadge(row.before) : h('span', { class: 'muted' }, t.issued),
        statusBadge(row.after),
        reasonCell(row),
        orDash(row.approver),
        formatInstant(row.recorded_at),
      ]), [0, 5], t.noRecords);

    const note = STATEMENT.note(t);

    return [back, statement, head, endingBlock,
      h('div', { class: 'detail-grid' }, items, h('div', { class: 'side' }, qr, STATEMENT.signedQr(t, no), evaluation)),
      changes, statusRows, note].filter(Boolean);
  }

  function reasonCell(row) {
    const grounds = present(row.grounds)
      ? h('span', { class: 'reason__grounds' }, h('span', { class: 'mono' }, row.grounds),
        localText(row.grounds_text, lang) && ` ${localText(row.grounds_text, lang)}`)
      : null;
    if (!grounds) return orDash(row.reason);
    return h('span', {}, orDash(row.reason), h('br'), grounds);
  }

  // --- routing ------------------------------------------------------------------------

  function render({ focus, reuse = false }) {
    const token = ++renderToken;
    reuseData = reuse;
    const params = new URLSearchParams(window.location.search);
    lang = params.get('lang') === 'en' ? 'en' : 'zh';
    t = TEXT[lang];
    applyLanguage();
    const path = window.location.pathname;
    const detail = /^\/certificates\/([^/]+)\/?$/.exec(path);
    if (path === '/' || path === '/index.html') {
      renderSearch(params, token, focus);
    } else if (detail) {
      let no;
      try { no = decodeURIComponent(detail[1]); } catch { no = detail[1]; }
      renderDetail(no, token, focus);
    } else {
      showMessage(t.pageNotFoundTitle, t.pageNotFoundText, focus);
    }
  }

  // Shows `url` as a new history entry; a certificate opened from the
  // results remembers them for its back link.
  function navigate(url) {
    const here = window.location.pathname + window.location.search;
    const fromResults = window.location.pathname === '/' && url.startsWith('/certificates/');
    history.pushState(fromResults ? { from: here } : null, '', url);
    window.scrollTo(0, 0);
    render({ focus: true });
  }

  document.addEventListener('click', (event) => {
    if (event.target.closest('#print-button')) {
      window.print();
      return;
    }
    const link = event.target.closest('a[data-nav]');
    if (!link || event.defaultPrevented || event.button !== 0 ||
        event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const target = new URL(link.href, window.location.href);
    if (target.origin !== window.location.origin) return;
    event.preventDefault();
    navigate(target.pathname + target.search);
  });

  document.addEventListener('DOMContentLoaded', () => {
    $('search-form').addEventListener('submit', (event) => {
      event.preventDefault();
      navigate(searchHref($('q').value.trim(), $('status').value, 1));
    });
    $('lang-switch').addEventListener('click', switchLanguage);
    window.addEventListener('popstate', () => render({ focus: true }));
    render({ focus: false });
  });
})();
