// The printed status statement (domain.md §7; README, "The verifiable log:
// the status statement"): its heading with the time of the query, its note
// that it is not a certificate, and the QR code of the registry's signed
// statement of the certificate (GET /public/v1/certificates/<no>/statement
// with the tree size pinned to the latest published checkpoint), with how to
// verify it offline. Shown only in print. Loaded before app.js, which draws
// these parts in the page's language.
'use strict';

(() => {
  const { h } = window.CERTREG_ELEMENTS;
  const API = '/public/v1/certificates';

  // The heading: "证书状态查询结果" and when it was queried.
  function heading(t, now, timeZone) {
    return h('div', { class: 'statement print-only' },
      h('p', { class: 'statement__title' }, t.statementTitle),
      h('p', {}, t.statementTime(now, timeZone)));
  }

  // The QR code of the signed statement, and how to check it. Left out of the
  // print when the registry has no signed checkpoint to pin yet (503).
  function signedQr(t, no) {
    const img = h('img', {
      src: `${API}/${encodeURIComponent(no)}/statement/qr.svg`, alt: t.signedQrAlt(no), width: '160', height: '160',
    });
    const figure = h('figure', { class: 'statement-qr print-only' }, img,
      h('figcaption', {}, t.signedQrCaption, h('span', { class: 'statement-qr__how' }, t.signedQrHow)));
    img.addEventListener('error', () => figure.remove());
    return figure;
  }

  const note = (t) => h('p', { class: 'statement-note print-only' }, t.statementNote);

  window.CERTREG_STATEMENT = { heading, signedQr, note };
})();
