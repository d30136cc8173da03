// Who runs the registry (platforms.md §5, operations.md §2): the header names
// the certification body; the footer names it with its contact, where
// complaints go and the site's ICP filing number. All from GET
// /public/v1/registry, that is from the server's settings (certreg serve
// --body-name, --body-contact, --complaint-channel, --icp-filing); nothing of
// it is written into the page, and each line shows only when set. Loaded
// after app.js; drawn in the page's language, again whenever app.js switches
// it (<html lang>).
'use strict';

(() => {
  const TEXT = window.CERTREG_TEXT;
  const { h, present } = window.CERTREG_ELEMENTS;
  let info = null;

  function drawHeader(t) {
    const line = document.getElementById('registry-body');
    if (!line) return;
    line.hidden = !present(info.body_name);
    line.replaceChildren(...(present(info.body_name) ? [t.bodyName, info.body_name] : []));
  }

  function drawFooter(t) {
    const box = document.getElementById('registry-info');
    if (!box) return;
    const lines = [];
    if (present(info.body_name)) lines.push(h('p', {}, t.bodyName, info.body_name));
    if (present(info.contact)) lines.push(h('p', {}, t.bodyContact, info.contact));
    if (present(info.complaint_channel)) lines.push(h('p', {}, t.complaintChannel, info.complaint_channel));
    // As mainland sites show it: the number alone, linking to the MIIT filing system.
    if (present(info.icp_filing)) {
      lines.push(h('p', { class: 'icp-filing' },
        h('a', { href: 'https://beian.miit.gov.cn/', rel: 'noopener noreferrer' }, info.icp_filing)));
    }
    box.replaceChildren(...lines);
  }

  function draw() {
    if (!info) return;
    const t = document.documentElement.lang === 'en' ? TEXT.en : TEXT.zh;
    drawHeader(t);
    drawFooter(t);
  }

  document.addEventListener('DOMContentLoaded', () => {
    new MutationObserver(draw).observe(document.documentElement, { attributes: true, attributeFilter: ['lang'] });
    window.CERTREG_API.getJson('/public/v1/registry', true)
      .then((body) => { info = body; draw(); })
      .catch(() => {});  // no operator lines; the rest of the page works without them
  });
})();
