// The public API's JSON (api.md "Public"), asked for without credentials.
// Loaded before app.js (index.html), which reads window.CERTREG_API.
'use strict';

window.CERTREG_API = (() => {
  class HttpError extends Error {
    constructor(status) { super(`HTTP ${status}`); this.status = status; }
  }

  // API url -> parsed JSON, the last 50 answers.
  const cache = new Map();

  // Whether getJson(url, true) would answer from the cache.
  const cached = (url) => cache.has(url);

  // The JSON at `url`: from the cache when `reuse` is set and it is there,
  // else from the server (an HttpError unless it answers 2xx).
  async function getJson(url, reuse) {
    if (reuse && cache.has(url)) return cache.get(url);
    const response = await fetch(url, { headers: { Accept: 'application/json' }, credentials: 'omit' });
    if (!response.ok) throw new HttpError(response.status);
    const body = await response.json();
    cache.set(url, body);
    if (cache.size > 50) cache.delete(cache.keys().next().value);
    return body;
  }

  // The history at `url` (.../history) whole: `first`, its first page (README,
  // "Histories in pages"), with the pages its `next` leads to, each list
  // concatenated. Ordinary certificates come in one page.
  async function wholeHistory(url, first) {
    const records = {
      changes: Array.isArray(first.changes) ? [...first.changes] : [],
      status_history: Array.isArray(first.status_history) ? [...first.status_history] : [],
    };
    let next = first.next;
    for (let pages = 1; Number.isInteger(next) && pages < 1000; pages++) {
      const page = await getJson(`${url}?from=${next}`);
      if (Array.isArray(page.changes)) records.changes.push(...page.changes);
      if (Array.isArray(page.status_history)) records.status_history.push(...page.status_history);
      next = page.next;
    }
    return records;
  }

  return Object.freeze({ HttpError, getJson, cached, wholeHistory });
})();
