// What a certificate's status means for a buyer, in plain words
// (platforms.md §5): one sentence from the public JSON (api.md's certificate
// object), with since when and on what grounds, that leads both the
// certificate's page and its search result card. Whether today lies in the
// validity period is said only of a valid certificate: a suspended, revoked or
// cancelled one says instead that it may not be used. Loaded after i18n.js and
// elements.js, before app.js, which reads window.CERTREG_STATUS_LINE.
'use strict';

(() => {
  const { h, present, orDash, localText } = window.CERTREG_ELEMENTS;
  const STATUSES = ['VALID', 'SUSPENDED', 'REVOKED', 'CANCELLED'];
  // The public JSON's record of each status that has one: date and grounds.
  const RECORD = { SUSPENDED: 'suspension', REVOKED: 'revocation', CANCELLED: 'cancellation' };

  // The statement of certificate `c` in the texts `t` (i18n.js) of `lang`:
  // {kind, sentence, since, reason}. `kind` is the status in lower case, or
  // "lapsed" for a VALID one that may not be used now (past its validity, its
  // recertification pending); `since` and `reason` are null when unknown.
  function statement(c, t, lang) {
    const status = STATUSES.includes(c.status) ? c.status : null;
    const record = status && RECORD[status] ? c[RECORD[status]] : null;
    const date = (record && present(record.date)) ? record.date : c.status_since;
    const since = present(date) ? t.statusSince[status || 'VALID'](date) : null;
    let reason = null;
    if (record && present(record.grounds)) {
      const text = localText({ zh: record.grounds_text, en: record.grounds_text_en }, lang);
      reason = t.statusReason[status](text ? `${record.grounds} ${text}` : record.grounds);
    }
    if (status === 'VALID') {
      const note = localText({ zh: c.status_note, en: c.status_note_en }, lang);  // domain.md §9.3
      if (note) return { kind: 'lapsed', sentence: note, since: null, reason: null };
      if (c.in_validity === false) {
        return { kind: 'lapsed', sentence: t.statusSentence.outOfValidity(orDash(c.valid_from), orDash(c.valid_until)), since: null, reason: null };
      }
      return { kind: 'valid', sentence: t.statusSentence.VALID(orDash(c.valid_until)), since, reason: null };
    }
    if (!status) return { kind: 'unknown', sentence: t.statusSentence.unknown, since: null, reason: null };
    return { kind: status.toLowerCase(), sentence: t.statusSentence[status], since, reason };
  }

  // A status badge; `large` on the certificate's page.
  function badge(status, t, large) {
    const known = STATUSES.includes(status);
    return h('span', { class: `badge badge--${known ? status.toLowerCase() : 'unknown'}${large ? ' badge--large' : ''}` },
      h('span', { class: 'visually-hidden' }, t.statusPrefix),
      known ? t[`status.${status}`] : orDash(status));
  }

  // The status line of `c`: its badge, the sentence, since when, the grounds.
  // `where` is "page" (the certificate's page) or "card" (a search result).
  function element(c, t, lang, where) {
    const s = statement(c, t, lang);
    const block = where === 'page' ? 'status-line' : 'result__status';
    return h('div', { class: `${block} status--${s.kind}` },
      h('p', { class: `${block}__sentence` }, badge(c.status, t, where === 'page'), ' ',
        h('span', { class: `status-sentence${s.kind === 'lapsed' ? ' status-note' : ''}` }, s.sentence)),
      present(s.since) && h('p', { class: `${block}__since` }, s.since),
      present(s.reason) && h('p', { class: `${block}__reason` }, s.reason));
  }

  window.CERTREG_STATUS_LINE = Object.freeze({ STATUSES, statement, badge, element });
})();
