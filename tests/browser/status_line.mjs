// The page's plain-language status line, score scale and operator lines
// (platforms.md §5), checked in the browser against the JSON API on the demo
// data, which holds certificates in every status. Called by public_page.mjs
// with its page and helpers; saves status-suspended.png into OUT_DIR.
import { join } from 'node:path';

// Words that say a certificate is within its validity period: never on the
// page of, nor on the card of, a suspended, revoked or cancelled certificate.
const IN_VALIDITY = ['在有效期内', 'within its validity period', 'within validity'];
const STOP = {
  SUSPENDED: '该证书已被暂停，暂停期间不得使用认证证书',
  REVOKED: '该证书已被撤销，不得再使用认证证书',
  CANCELLED: '该证书已注销，不得再使用认证证书',
};
const RECORD = { SUSPENDED: 'suspension', REVOKED: 'revocation', CANCELLED: 'cancellation' };
const LABEL = { SUSPENDED: '暂停', REVOKED: '撤销', CANCELLED: '注销' };

export async function checkStatusLines({ page, origin, api, check, step, outDir, settings }) {
  const one = async (status) => {
    const found = await api(`/public/v1/certificates?status=${status}&page_size=100`);
    // A VALID one within its validity (not one past it, recertification pending: domain.md §9.3).
    const items = found.items.filter((c) => status !== 'VALID' || (c.in_validity && !c.status_note));
    check(items.length > 0, `the demo data has no ${status} certificate`);
    // One with an evaluation on record, where there is one.
    return items.find((c) => c.evaluation && c.evaluation.comprehensive_score > 0) || items[0];
  };
  const open = async (c, query = '') => {
    await page.goto(`${origin}/certificates/${encodeURIComponent(c.certificate_no)}${query}`);
    await page.locator('#detail-title', { hasText: c.holder_name }).waitFor();
  };
  const text = (selector) => page.locator(selector).innerText();

  step('a valid certificate: the status line says it is valid until when, and comes first');
  const valid = await one('VALID');
  await open(valid);
  check((await text('.status-line__sentence')).includes(`该证书有效，有效期至 ${valid.valid_until}`),
    `the valid certificate ${valid.certificate_no} does not say 该证书有效，有效期至 ${valid.valid_until}`);
  check(await page.locator('.detail-head > :first-child.status-line').count() === 1,
    'the status line is not the first line of the certificate page');

  step('its scores show their scale and the pass marks of the rule');
  const scale = valid.evaluation_scale;
  check(scale && scale.max && scale.max.service_characteristic_score === 60, 'the API gives no score scale');
  const evaluation = await text('.card--evaluation');
  for (const key of ['service_characteristic_score', 'service_management_score', 'enhancement_score', 'comprehensive_score']) {
    const shown = `${valid.evaluation[key].toFixed(1)} / ${scale.max[key]}`;
    check(evaluation.includes(shown), `the evaluation does not show ${key} as ${shown}`);
  }
  const marks = scale.indicator_thresholds;
  check(evaluation.includes(`${marks.indicators} 项管理指标`) && evaluation.includes(`${marks.lowest}–${marks.highest} 分`),
    'the evaluation does not state the pass marks of §9');

  for (const status of ['SUSPENDED', 'REVOKED', 'CANCELLED']) {
    const c = await one(status);
    const record = c[RECORD[status]];
    check(record && record.date && record.grounds, `the API gives the ${status} certificate no date and grounds`);
    step(`a ${status} certificate (${c.certificate_no}): what it means, since when and why, at the top`);
    await open(c);
    const line = await text('.status-line');
    check(line.includes(STOP[status]), `the ${status} certificate's page does not say ${STOP[status]}`);
    check(line.includes(`${LABEL[status]}日期：${record.date}`), `the status line does not give the date ${record.date}`);
    check(line.includes(record.grounds) && line.includes(record.grounds_text),
      `the status line does not give the grounds ${record.grounds} ${record.grounds_text}`);
    const whole = await text('body');
    for (const words of IN_VALIDITY) check(!whole.includes(words), `the ${status} certificate's page says ${words}`);
    if (status === 'SUSPENDED') {
      await page.screenshot({ path: join(outDir, 'status-suspended.png'), fullPage: true });
      await open(c, '?lang=en');
      check((await text('.status-line')).includes('This certificate is suspended: it may not be used'),
        'the suspended certificate\'s status line is not in English after ?lang=en');
      for (const words of IN_VALIDITY) check(!(await text('body')).includes(words), `the English page says ${words}`);
    }

    step(`the search card of a ${status} certificate leads with the same sentence`);
    await page.goto(`${origin}/?q=${encodeURIComponent(c.certificate_no)}`);
    const card = page.locator('#results > li').first();
    await card.waitFor();
    check(await card.locator(':scope > :first-child.result__status').count() === 1, 'the status does not lead the card');
    const cardText = await card.innerText();
    check(cardText.includes(STOP[status]) && cardText.includes(record.date) && cardText.includes(record.grounds),
      `the ${status} card does not give the sentence, the date and the grounds`);
    for (const words of IN_VALIDITY) check(!cardText.includes(words), `the ${status} card says ${words}`);
  }

  step('the header and footer name the operator, from the settings only');
  await page.goto(`${origin}/`);
  await page.locator('#registry-body', { hasText: settings.bodyName }).waitFor();
  const footer = await text('.site-footer');
  for (const value of [settings.bodyName, settings.contact, settings.complaintChannel, settings.icpFiling]) {
    check(footer.includes(value), `the footer does not show ${value}`);
  }
  for (const asset of ['/', '/assets/index.html', '/assets/i18n.js', '/assets/app.js', '/assets/operator.js']) {
    const body = await (await page.request.get(`${origin}${asset}`)).text();
    for (const value of Object.values(settings)) check(!body.includes(value), `${asset} has ${value} written in`);
  }
}
