// The public query page of the certificate registry (api.md "Public").
// Plain JavaScript, no framework, no build step, nothing from elsewhere.
// Routes: "/" (search, ?q=&status=&page=) and "/certificates/<number>"
// (detail); "?lang=en" switches the interface to English. Data is written
// with textContent only, never parsed as HTML. No cookies, no storage.
'use strict';

(() => {
  const API = '/public/v1/certificates';
  const PAGE_SIZE = 20;
  const STATUSES = ['VALID', 'SUSPENDED', 'REVOKED', 'CANCELLED'];

  const TEXT = {
    zh: {
      htmlLang: 'zh-CN',
      switchTo: 'English',
      switchLang: 'en',
      switchLabel: 'Switch to English',
      skip: '跳到正文',
      siteName: '认证证书公开查询',
      siteSub: '电子商务直播售货质量管理能力认证 · CMM-525-0010',
      searchTitle: '证书查询',
      searchLead: '输入证书编号、统一社会信用代码，或证书持有人名称中的任意一部分，查询认证证书的状态和变更记录。',
      qLabel: '证书编号、统一社会信用代码或持有人名称',
      qHint: '名称可输入任意连续的字，如“星河”。',
      qPlaceholder: '例如：CMM-525-2025-00001',
      statusLabel: '证书状态',
      statusAll: '全部',
      searchButton: '查询',
      pagerLabel: '分页',
      backToSearch: '返回证书查询',
      backToResults: '返回查询结果',
      footerText: '证书信息依据认证规则 CMM-525-0010 第 6.4.1 条、第 8.4 条公开。本站不使用 Cookie，不收集个人信息。',
      'status.VALID': '有效',
      'status.SUSPENDED': '暂停',
      'status.REVOKED': '撤销',
      'status.CANCELLED': '注销',
      statusPrefix: '状态：',
      loading: '正在查询…',
      found: (n, q) => (q ? `“${q}”共找到 ${n} 张证书` : `共 ${n} 张证书`),
      noneFound: (q) => (q ? `没有找到与“${q}”相符的证书。请检查证书编号或统一社会信用代码，或只输入名称中的几个字。` : '没有找到证书。'),
      pageOf: (p, n) => `第 ${p} / ${n} 页`,
      prev: '上一页',
      next: '下一页',
      formerNames: '曾用名',
      certificateNo: '证书编号',
      uscc: '统一社会信用代码',
      validUntil: '有效期至',
      holder: '证书持有人',
      address: '地址',
      addressKind: { registered: '注册地址', operating: '经营地址' },
      addressWithheld: '不公开（个人信息）',
      scope: '认证范围',
      basis: '认证依据',
      certificationBody: '认证机构',
      category: '认证类别',
      issueDate: '颁证日期',
      firstIssuedOn: '初次颁证日期',
      validity: '有效期',
      validRange: (from, until) => `${from} 至 ${until}`,
      since: (d) => `自 ${d} 起`,
      inValidity: '在有效期内',
      outOfValidity: '不在有效期内',
      certificateOf: '认证证书',
      certItems: '证书信息',
      evaluation: '评价结果',
      evalItems: {
        service_characteristic_score: '服务特性得分',
        service_management_score: '服务管理得分',
        enhancement_score: '提升指标得分',
        comprehensive_score: '综合得分',
      },
      qms: '质量管理体系',
      qmsValues: { conforms: '符合', conforms_with_minor: '基本符合（有一般不符合项）' },
      changes: '证书变更记录',
      changesNote: '附录 B.2',
      statusHistory: '证书状态变化记录',
      statusHistoryNote: '附录 B.3',
      colDate: '日期',
      colContent: '变更内容',
      colBefore: '变更前',
      colAfter: '变更后',
      colReason: '原因',
      colApprover: '批准人',
      colRecordedAt: '登记时间',
      colStatusBefore: '原状态',
      colStatusAfter: '新状态',
      issued: '颁证',
      noRecords: '无记录',
      revokedTitle: '证书已撤销',
      cancelledTitle: '证书已注销',
      endDate: { revocation: '撤销日期', cancellation: '注销日期' },
      grounds: '依据',
      announcedOn: '公告日期',
      qrAlt: (no) => `二维码：证书 ${no} 的公开查询页面地址`,
      qrCaption: '扫码打开本页，核验证书状态',
      print: '打印状态证明',
      statementTitle: '证书状态查询结果',
      statementTime: (t) => `查询时间：${t}（北京时间）`,
      statementNote: '本页为认证证书状态的查询结果，不是认证证书。证书状态以扫描二维码打开的公开查询页面为准。',
      notFoundTitle: '未找到证书',
      notFoundText: (no) => `登记簿中没有编号为“${no}”的证书。请核对证书编号。`,
      pageNotFoundTitle: '页面不存在',
      pageNotFoundText: '您访问的地址不存在。',
      errorTitle: '暂时无法查询',
      errorText: '查询服务暂时没有响应，请稍后再试。',
      badQuery: '查询条件无效，请修改后重试。',
      detailTitle: (holder, no) => `${holder}（${no}）· 认证证书公开查询`,
      searchPageTitle: (q) => (q ? `“${q}”的查询结果 · 认证证书公开查询` : '认证证书公开查询'),
    },
    en: {
      htmlLang: 'en',
      switchTo: '中文',
      switchLang: 'zh-CN',
      switchLabel: '切换到中文',
      skip: 'Skip to main content',
      siteName: 'Certificate Public Register',
      siteSub: 'Quality management of e-commerce live-streaming sales · CMM-525-0010',
      searchTitle: 'Find a certificate',
      searchLead: 'Enter a certificate number, a unified social credit code, or any part of the holder’s name to see a certificate’s status and history.',
      qLabel: 'Certificate number, unified social credit code or holder name',
      qHint: 'Any run of characters from a name will do, e.g. “星河”.',
      qPlaceholder: 'e.g. CMM-525-2025-00001',
      statusLabel: 'Status',
      statusAll: 'All',
      searchButton: 'Search',
      pagerLabel: 'Pages',
      backToSearch: 'Back to the search',
      backToResults: 'Back to the results',
      footerText: 'Certificate information is published under rule CMM-525-0010, §6.4.1 and §8.4. This site sets no cookies and collects no personal information.',
      'status.VALID': 'Valid',
      'status.SUSPENDED': 'Suspended',
      'status.REVOKED': 'Revoked',
      'status.CANCELLED': 'Cancelled',
      statusPrefix: 'Status: ',
      loading: 'Searching…',
      found: (n, q) => (q ? `${n} ${n === 1 ? 'certificate' : 'certificates'} found for “${q}”` : `${n} ${n === 1 ? 'certificate' : 'certificates'}`),
      noneFound: (q) => (q ? `No certificate matches “${q}”. Check the number or the code, or enter just a few characters of the name.` : 'No certificate found.'),
      pageOf: (p, n) => `Page ${p} of ${n}`,
      prev: 'Previous',
      next: 'Next',
      formerNames: 'Former names',
      certificateNo: 'Certificate number',
      uscc: 'Unified social credit code',
      validUntil: 'Valid until',
      holder: 'Holder',
      address: 'Address',
      addressKind: { registered: 'registered address', operating: 'operating address' },
      addressWithheld: 'Not published (personal information)',
      scope: 'Scope',
      basis: 'Certification basis',
      certificationBody: 'Certification body',
      category: 'Certification category',
      issueDate: 'Issue date',
      firstIssuedOn: 'First issued',
      validity: 'Validity',
      validRange: (from, until) => `${from} to ${until}`,
      since: (d) => `since ${d}`,
      inValidity: 'within its validity period',
      outOfValidity: 'outside its validity period',
      certificateOf: 'Certificate',
      certItems: 'Certificate details',
      evaluation: 'Evaluation results',
      evalItems: {
        service_characteristic_score: 'Service characteristics score',
        service_management_score: 'Service management score',
        enhancement_score: 'Enhancement score',
        comprehensive_score: 'Comprehensive score',
      },
      qms: 'Quality management system',
      qmsValues: { conforms: 'Conforms', conforms_with_minor: 'Conforms, with minor nonconformities' },
      changes: 'Certificate changes',
      changesNote: 'Annex B.2',
      statusHistory: 'Status history',
      statusHistoryNote: 'Annex B.3',
      colDate: 'Date',
      colContent: 'Change',
      colBefore: 'Before',
      colAfter: 'After',
      colReason: 'Reason',
      colApprover: 'Approved by',
      colRecordedAt: 'Recorded',
      colStatusBefore: 'From',
      colStatusAfter: 'To',
      issued: 'Issued',
      noRecords: 'None',
      revokedTitle: 'This certificate has been revoked',
      cancelledTitle: 'This certificate has been cancelled',
      endDate: { revocation: 'Revoked on', cancellation: 'Cancelled on' },
      grounds: 'Grounds',
      announcedOn: 'Announced on',
      qrAlt: (no) => `QR code: the address of certificate ${no}'s public page`,
      qrCaption: 'Scan to open this page and check the status',
      print: 'Print status statement',
      statementTitle: 'Certificate status statement',
      statementTime: (t) => `Queried at ${t} (Beijing time)`,
      statementNote: 'This is a statement of a certificate’s status, not a certificate. The public page the QR code opens is authoritative.',
      notFoundTitle: 'Certificate not found',
      notFoundText: (no) => `The register holds no certificate numbered “${no}”. Please check the number.`,
      pageNotFoundTitle: 'Page not found',
      pageNotFoundText: 'There is no page at this address.',
      errorTitle: 'The search is unavailable',
      errorText: 'The registry did not answer. Please try again later.',
      badQuery: 'The search is not valid; please change it and try again.',
      detailTitle: (holder, no) => `${holder} (${no}) · Certificate Public Register`,
      searchPageTitle: (q) => (q ? `Results for “${q}” · Certificate Public Register` : 'Certificate Public Register'),
    },
  };

  let lang = 'zh';
  let t = TEXT.zh;
  let renderToken = 0;
  // API url -> parsed JSON. Read back only to redraw the same data in the other
  // language; every navigation asks the server again, so a status is never stale.
  const cache = new Map();
  let reuseData = false;

  // --- small helpers -----------------------------------------------------------

  const $ = (id) => document.getElementById(id);

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

  function statusBadge(status, large) {
    const known = STATUSES.includes(status);
    return h('span', { class: `badge badge--${known ? status.toLowerCase() : 'unknown'}${large ? ' badge--large' : ''}` },
      h('span', { class: 'visually-hidden' }, t.statusPrefix),
      known ? t[`status.${status}`] : orDash(status));
  }

  // An RFC 3339 instant as "YYYY-MM-DD HH:mm" in the registry's time zone.
  function formatInstant(value) {
    if (!present(value)) return '—';
    const date = new Date(value);
    if (Number.isNaN(date.getTime())) return String(value);
    const parts = Object.fromEntries(new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit',
      hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
    }).formatToParts(date).map((p) => [p.type, p.value]));
    return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
  }

  // A grounds text may come as one string or as {zh, en}.
  function localText(value) {
    if (value && typeof value === 'object') return value[lang] || value.zh || value.en || '';
    return present(value) ? String(value) : '';
  }

  class HttpError extends Error {
    constructor(status) { super(`HTTP ${status}`); this.status = status; }
  }

  async function getJson(url) {
    if (reuseData && cache.has(url)) return cache.get(url);
    const response = await fetch(url, { headers: { Accept: 'application/json' }, credentials: 'omit' });
    if (!response.ok) throw new HttpError(response.status);
    const body = await response.json();
    cache.set(url, body);
    if (cache.size > 50) cache.delete(cache.keys().next().value);
    return body;
  }

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
    if (!(reuseData && cache.has(url))) {
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
    return h('li', { class: 'result' },
      h('div', { class: 'result__main' },
        h('h2', { class: 'result__name' },
          h('a', { href: href(certificatePath(no)), 'data-nav': true }, orDash(item.holder_name))),
        formerNames.length > 0 && h('p', { class: 'result__former' }, `${t.formerNames}：${formerNames.join('；')}`),
        h('dl', { class: 'result__meta' },
          h('div', {}, h('dt', {}, t.certificateNo), h('dd', { class: 'mono' }, orDash(no))),
          h('div', {}, h('dt', {}, t.uscc), h('dd', { class: 'mono' }, orDash(item.uscc))),
          h('div', {}, h('dt', {}, t.validUntil), h('dd', {}, orDash(item.valid_until))))),
      h('div', { class: 'result__status' },
        statusBadge(item.status),
        present(item.status_since) && h('span', { class: 'result__since' }, t.since(item.status_since))));
  }

  async function renderDetail(no, token, focus) {
    const view = $('detail-view');
    const url = `${API}/${encodeURIComponent(no)}?include=history`;
    if (!(reuseData && cache.has(url))) {
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

  function field(label, ...value) {
    return h('div', { class: 'field' }, h('dt', {}, label), h('dd', {}, ...value));
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

    const statement = h('div', { class: 'statement print-only' },
      h('p', { class: 'statement__title' }, t.statementTitle),
      h('p', {}, t.statementTime(now)));

    const head = h('header', { class: 'detail-head' },
      h('p', { class: 'eyebrow' }, `${t.certificateOf} `, h('span', { class: 'mono' }, orDash(no))),
      h('h1', { id: 'detail-title', class: 'page-title', tabindex: '-1' }, orDash(c.holder_name)),
      h('div', { class: 'status-line' },
        statusBadge(c.status, true),
        present(c.status_since) && h('span', { class: 'status-line__since' }, t.since(c.status_since)),
        // Whether today lies in the validity period says little once a certificate has ended.
        typeof c.in_validity === 'boolean' && !['REVOKED', 'CANCELLED'].includes(c.status) && h('span', { class: 'status-line__validity' },
          c.in_validity ? t.inValidity : t.outOfValidity)),
      h('div', { class: 'actions no-print' },
        h('button', { type: 'button', class: 'button', id: 'print-button' }, t.print)));

    const endingBlock = ending && h('section', { class: `ending ending--${ending[0]}`, 'aria-labelledby': 'ending-title' },
      h('h2', { id: 'ending-title' }, ending[0] === 'revocation' ? t.revokedTitle : t.cancelledTitle),
      h('dl', { class: 'fields fields--compact' },
        field(t.endDate[ending[0]], orDash(ending[1].date)),
        field(t.grounds, h('span', { class: 'mono' }, orDash(ending[1].grounds)),
          localText(ending[1].grounds_text) && ` ${localText(ending[1].grounds_text)}`),
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

    const evaluation = evaluationBlock(c.evaluation);

    const changes = table('changes', t.changes, t.changesNote,
      [t.colDate, t.colContent, t.colBefore, t.colAfter, t.colReason, t.colApprover],
      (Array.isArray(records.changes) ? records.changes : []).map((row) => [
        orDash(row.date), orDash(row.content), orDash(row.before), orDash(row.after), orDash(row.reason), orDash(row.approver),
      ]), [0]);

    const statusRows = table('status-history', t.statusHistory, t.statusHistoryNote,
      [t.colDate, t.colStatusBefore, t.colStatusAfter, t.colReason, t.colApprover, t.colRecordedAt],
      (Array.isArray(records.status_history) ? records.status_history : []).map((row) => [
        orDash(row.date),
        present(row.before) ? statusBadge(row.before) : h('span', { class: 'muted' }, t.issued),
        statusBadge(row.after),
        reasonCell(row),
        orDash(row.approver),
        formatInstant(row.recorded_at),
      ]), [0, 5]);

    const note = h('p', { class: 'statement-note print-only' }, t.statementNote);

    return [back, statement, head, endingBlock,
      h('div', { class: 'detail-grid' }, items, h('div', { class: 'side' }, qr, evaluation)),
      changes, statusRows, note].filter(Boolean);
  }

  function reasonCell(row) {
    const grounds = present(row.grounds)
      ? h('span', { class: 'reason__grounds' }, h('span', { class: 'mono' }, row.grounds),
        localText(row.grounds_text) && ` ${localText(row.grounds_text)}`)
      : null;
    if (!grounds) return orDash(row.reason);
    return h('span', {}, orDash(row.reason), h('br'), grounds);
  }

  function evaluationBlock(evaluation) {
    if (!evaluation || typeof evaluation !== 'object') return null;
    const fields = [];
    for (const [key, label] of Object.entries(t.evalItems)) {
      const value = evaluation[key];
      if (typeof value === 'number' && Number.isFinite(value)) {
        fields.push(field(label, h('span', { class: 'score' }, value.toFixed(1))));
      }
    }
    if (present(evaluation.qms)) fields.push(field(t.qms, t.qmsValues[evaluation.qms] || String(evaluation.qms)));
    if (fields.length === 0) return null;
    return h('section', { class: 'card card--evaluation', 'aria-labelledby': 'evaluation-title' },
      h('h2', { id: 'evaluation-title' }, t.evaluation),
      h('dl', { class: 'fields fields--compact' }, ...fields));
  }

  // A history table with its caption, column headers and one row per record.
  // Explicit roles keep it a table for assistive technology when the narrow
  // layout restyles it as blocks; data-label names each value there.
  function table(id, title, note, columns, rows, nowrap) {
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
        h('td', { role: 'cell', colspan: String(columns.length), class: 'muted table__empty' }, t.noRecords))];
    return h('section', { class: 'history', id },
      h('div', { class: 'table-scroll', role: 'region', 'aria-labelledby': captionId, tabindex: '0' },
        h('table', { class: 'table', role: 'table', 'aria-labelledby': captionId },
          h('caption', { id: captionId }, title, h('span', { class: 'caption__note' }, note)),
          h('thead', { role: 'rowgroup' }, h('tr', { role: 'row' },
            columns.map((label) => h('th', { scope: 'col', role: 'columnheader' }, label)))),
          h('tbody', { role: 'rowgroup' }, body))));
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
