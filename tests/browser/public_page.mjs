// The public query page in a real browser: Debian's Chromium, driven by
// playwright-core, against a running `certreg serve` on the demo data.
//
//   node public_page.mjs BASE_URL OUT_DIR
//
// Searches by a fragment of a holder's name, opens a certificate's page,
// checks its status and both history tables against the JSON API, prints it,
// switches to English, checks the status line of a certificate in each
// status, the score scale and the operator's lines (status_line.mjs), and
// saves a screenshot of each step into OUT_DIR (search.png, detail.png,
// print.png, detail-en.png, status-suspended.png, detail-mobile.png).
// Exits 0 when every check holds, 1 naming the first that failed.
// CHROMIUM overrides the browser (default /usr/bin/chromium).
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { checkStatusLines } from './status_line.mjs';

const [base, outDir] = process.argv.slice(2);
if (!base || !outDir) {
  console.error('usage: node public_page.mjs BASE_URL OUT_DIR');
  process.exit(2);
}
const origin = new URL(base).origin;
const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
const FRAGMENT = '星河';
const UNKNOWN_NO = 'CMM-525-1900-99999';  // no such certificate: its page says so  // in several demo holders' names (src/fixtures/demo_data_holders.cc)
const STATUS_ZH = { VALID: '有效', SUSPENDED: '暂停', REVOKED: '撤销', CANCELLED: '注销' };
const STATUS_EN = { VALID: 'Valid', SUSPENDED: 'Suspended', REVOKED: 'Revoked', CANCELLED: 'Cancelled' };
// The operator's settings run.sh starts the server with.
const SETTINGS = {
  bodyName: '示例认证有限公司', contact: '010-12345678', complaintChannel: '本机构网站投诉与申诉栏目', icpFiling: '京ICP备12345678号-1',
};

class CheckFailed extends Error {}
function check(condition, message) {
  if (!condition) throw new CheckFailed(message);
}
// A status badge's text without its prefix for screen readers.
function badgeText(text) {
  return text.replace(/^\s*(状态：|Status:)\s*/, '').trim();
}
function step(name) {
  console.log(`-- ${name}`);
}

mkdirSync(outDir, { recursive: true });
for (const name of ['search', 'detail', 'print', 'detail-en', 'status-suspended', 'detail-mobile', 'failure']) {
  rmSync(join(outDir, `${name}.png`), { force: true });
}
const profile = mkdtempSync(join(tmpdir(), 'certreg-chromium-'));
let context;
let page;
const problems = [];  // page errors, console errors, requests elsewhere

try {
  context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1280, height: 900 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  context.setDefaultTimeout(15000);
  page = context.pages()[0] || await context.newPage();
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    // A browser asks for /favicon.ico by itself; whether the server has one is no fault of the page.
    // The unknown number's 404 is expected too.
    const from = message.location().url;
    if (message.type() === 'error' && !from.endsWith('/favicon.ico') && !from.includes(UNKNOWN_NO)) {
      problems.push(`console error: ${message.text()} (${from})`);
    }
  });
  page.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(`${origin}/`) && !url.startsWith('data:')) problems.push(`request outside the server: ${url}`);
  });
  const api = async (path) => {
    const response = await page.request.get(`${origin}${path}`);
    check(response.ok(), `GET ${path} answered ${response.status()}`);
    return response.json();
  };

  step('the search page, in Chinese by default');
  await page.goto(`${origin}/`);
  check(await page.locator('html').getAttribute('lang') === 'zh-CN', 'the page is not in Chinese by default');
  await page.getByRole('heading', { level: 1, name: '证书查询' }).waitFor();
  await page.keyboard.press('Tab');
  check(await page.evaluate(() => document.activeElement?.classList.contains('skip-link')),
    'the first Tab does not reach the skip link');
  // run.sh starts the server with the body's settings: the footer shows them, the ICP number as a link.
  await page.locator('.site-footer .icp-filing a', { hasText: '京ICP备12345678号-1' }).waitFor();
  check((await page.locator('.site-footer').innerText()).includes('认证机构：示例认证有限公司'),
    'the footer does not show the certification body set by --body-name');

  step(`search by the name fragment ${FRAGMENT}`);
  const box = page.getByLabel('证书编号、统一社会信用代码或持有人名称');
  await box.fill(FRAGMENT);
  await box.press('Enter');
  await page.waitForURL((url) => url.pathname === '/' && url.searchParams.get('q') === FRAGMENT);
  const expected = await api(`/public/v1/certificates?q=${encodeURIComponent(FRAGMENT)}`);
  check(expected.total >= 1, `the API finds no certificate for ${FRAGMENT}`);
  const results = page.locator('#results > li');
  await results.first().waitFor();
  check(await results.count() === expected.items.length,
    `the page lists ${await results.count()} results, the API ${expected.items.length}`);
  for (const [i, item] of expected.items.entries()) {
    const row = results.nth(i);
    const text = await row.innerText();
    check(text.includes(item.holder_name), `result ${i + 1} does not show ${item.holder_name}`);
    check(text.includes(item.certificate_no), `result ${i + 1} does not show ${item.certificate_no}`);
    const names = [item.holder_name, ...(item.former_names || [])].join(' ');
    check(names.includes(FRAGMENT), `result ${item.holder_name} does not match ${FRAGMENT}`);
    const badge = badgeText(await row.locator('.badge').innerText());
    check(badge === STATUS_ZH[item.status], `result ${item.certificate_no} shows status ${badge}, not ${STATUS_ZH[item.status]}`);
  }
  check((await page.locator('#search-summary').innerText()).includes(String(expected.total)),
    'the summary does not give the number of certificates found');
  await page.screenshot({ path: join(outDir, 'search.png'), fullPage: true });

  step('the search as a deep link renders on load');
  await page.goto(`${origin}/?q=${encodeURIComponent(FRAGMENT)}`);
  await results.first().waitFor();
  check(await results.count() === expected.items.length, 'the deep link /?q= does not show the same results');
  check(await box.inputValue() === FRAGMENT, 'the deep link does not fill the search box');

  // A certificate with more than its issue in the status history, if the search found one.
  const details = await Promise.all(expected.items.map((item) =>
    api(`/public/v1/certificates/${encodeURIComponent(item.certificate_no)}/history`)));
  const pick = Math.max(0, details.findIndex((h) => h.status_history.length > 1));
  const chosen = expected.items[pick];
  const history = details[pick];

  step(`open ${chosen.holder_name} (${chosen.certificate_no}) from the keyboard`);
  await page.getByRole('link', { name: chosen.holder_name, exact: true }).focus();
  await page.keyboard.press('Enter');
  await page.waitForURL((url) => url.pathname === `/certificates/${encodeURIComponent(chosen.certificate_no)}`);
  const title = page.getByRole('heading', { level: 1 });
  await title.filter({ hasText: chosen.holder_name }).waitFor();

  const checkDetail = async (statusNames, captions) => {
    const certificate = await api(`/public/v1/certificates/${encodeURIComponent(chosen.certificate_no)}`);
    check((await title.innerText()).trim() === certificate.holder_name, 'the heading is not the holder name');
    const status = badgeText(await page.locator('.status-line .badge').innerText());
    check(status === statusNames[certificate.status],
      `the page shows status ${status}, the API ${certificate.status}`);
    // Since when, unless the line says the certificate may not be used now (domain.md §9.3).
    if (await page.locator('.status-line.status--lapsed').count() === 0) {
      const since = await page.locator('.status-line__since').innerText();
      check(since.includes(certificate.status_since), `the status is not shown with its date ${certificate.status_since}`);
    }
    const body = await page.locator('#detail-view').innerText();
    for (const key of ['certificate_no', 'scope', 'basis', 'certification_body', 'issue_date', 'valid_until']) {
      check(body.includes(certificate[key]), `the page does not show ${key} ${certificate[key]}`);
    }
    const tables = [
      [captions.changes, history.changes.length],
      [captions.status, history.status_history.length],
    ];
    for (const [caption, rows] of tables) {
      const table = page.getByRole('table', { name: caption });
      check(await table.count() === 1, `no table captioned ${caption}`);
      check(await table.locator('thead th[scope="col"]').count() >= 5, `the table ${caption} lacks column headers`);
      const bodyRows = await table.locator('tbody tr').count();
      check(bodyRows === Math.max(1, rows), `the table ${caption} has ${bodyRows} rows, the API ${rows}`);
    }
    const statusTable = page.getByRole('table', { name: captions.status });
    const lastRow = statusTable.locator('tbody tr').last();
    const lastAfter = history.status_history.at(-1)?.after;
    if (lastAfter) {
      check((await lastRow.innerText()).includes(statusNames[lastAfter]),
        'the last row of the status history is not the current status');
    }
    if (certificate.revocation || certificate.cancellation) {
      check(await page.locator('.ending').count() === 1, 'the revocation or cancellation is not shown');
    }
    const qr = page.locator('.qr img');
    await qr.waitFor();
    check(await qr.evaluate((img) => img.complete && img.naturalWidth > 0), 'the QR code image did not load');
    check(!/(^|\D)1[3-9]\d{9}(\D|$)/.test(body), 'the page shows something like a mobile phone number');
    check(!/[\w.+-]+@[\w-]+\.[\w.]+/.test(body), 'the page shows something like an e-mail address');
  };
  await checkDetail(STATUS_ZH, { changes: /证书变更记录/, status: /证书状态变化记录/ });
  await page.screenshot({ path: join(outDir, 'detail.png'), fullPage: true });

  step('the certificate page as a deep link renders on load');
  await page.reload();
  await title.filter({ hasText: chosen.holder_name }).waitFor();
  await checkDetail(STATUS_ZH, { changes: /证书变更记录/, status: /证书状态变化记录/ });

  step('the printable status statement');
  check(await page.getByRole('button', { name: '打印状态证明' }).isVisible(), 'no print button');
  await page.emulateMedia({ media: 'print' });
  const statement = page.locator('.statement');
  check(await statement.isVisible(), 'the status statement heading is not printed');
  check((await statement.innerText()).includes('证书状态查询结果'), 'the statement is not titled 证书状态查询结果');
  check(!(await page.locator('.site-header').isVisible()), 'the site header is printed');
  check(await page.locator('.qr img').isVisible(), 'the QR code is not printed');
  // The signed statement's QR code (README, "The verifiable log: the status statement"), and how to verify it.
  const signedQr = page.locator('.statement-qr img');
  check(await signedQr.isVisible(), 'the signed statement\'s QR code is not printed');
  check(await signedQr.evaluate((img) => img.complete && img.naturalWidth > 0), 'the signed statement\'s QR code did not load');
  check((await page.locator('.statement-qr').innerText()).includes('certreg statement verify'), 'the print does not say how to verify the statement');
  await page.screenshot({ path: join(outDir, 'print.png'), fullPage: true });
  await page.emulateMedia({ media: 'screen' });

  step('switch to English');
  await page.getByRole('button', { name: /English/ }).click();
  await page.waitForURL((url) => url.searchParams.get('lang') === 'en');
  check(await page.locator('html').getAttribute('lang') === 'en', 'the page language is not en after the switch');
  check(await page.locator('dt', { hasText: /^Certificate number$/ }).count() === 1, 'no English label "Certificate number"');
  await checkDetail(STATUS_EN, { changes: /Certificate changes/, status: /Status history/ });
  check(await page.getByRole('button', { name: /中文/ }).count() === 1, 'no switch back to Chinese');
  await page.screenshot({ path: join(outDir, 'detail-en.png'), fullPage: true });

  step('back to the results keeps the language');
  await page.getByRole('link', { name: /Back to the results/ }).click();
  await page.waitForURL((url) => url.pathname === '/' && url.searchParams.get('lang') === 'en');
  await page.getByRole('heading', { level: 1, name: 'Find a certificate' }).waitFor();
  await results.first().waitFor();

  step('a certificate past its validity with its recertification open shows the status note');
  const NOTE_HOLDER = '蜀锦川味';  // the demo's recertification past expiry (src/fixtures/demo_data_holders.cc)
  const pending = (await api(`/public/v1/certificates?q=${encodeURIComponent(NOTE_HOLDER)}`)).items[0];
  check(pending && typeof pending.status_note === 'string' && pending.status_note_en,
    `the API gives ${NOTE_HOLDER} no status_note`);
  await page.goto(`${origin}/certificates/${encodeURIComponent(pending.certificate_no)}`);
  await page.locator('.status-line .status-note').waitFor();
  check((await page.locator('.status-line .status-note').innerText()).trim() === pending.status_note,
    'the certificate page does not show the status note in Chinese');
  await page.goto(`${origin}/certificates/${encodeURIComponent(pending.certificate_no)}?lang=en`);
  await page.locator('.status-line .status-note', { hasText: pending.status_note_en }).waitFor();
  await page.goto(`${origin}/?q=${encodeURIComponent(NOTE_HOLDER)}`);
  await page.locator('.result .status-note', { hasText: pending.status_note }).waitFor();

  await checkStatusLines({ page, origin, api, check, step, outDir, settings: SETTINGS });

  step('an unknown certificate number');
  await page.goto(`${origin}/certificates/${UNKNOWN_NO}`);
  await page.getByRole('heading', { level: 1, name: '未找到证书' }).waitFor();

  step('a phone-sized screen');
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${origin}/certificates/${encodeURIComponent(chosen.certificate_no)}`);
  await title.filter({ hasText: chosen.holder_name }).waitFor();
  check(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1),
    'the certificate page scrolls sideways on a phone-sized screen');
  await page.screenshot({ path: join(outDir, 'detail-mobile.png'), fullPage: true });

  const cookies = await context.cookies();
  check(cookies.length === 0, `the site set cookies: ${cookies.map((c) => c.name).join(', ')}`);
  check(problems.length === 0, problems.join('\n'));
  console.log(`public page: every check passed; screenshots in ${outDir}`);
} catch (error) {
  const message = error instanceof CheckFailed ? error.message : (error.stack || String(error));
  console.error(`FAIL: ${message}`);
  if (problems.length > 0) console.error(problems.join('\n'));
  if (page) {
    console.error(`at ${page.url()}`);
    await page.screenshot({ path: join(outDir, 'failure.png'), fullPage: true }).catch(() => {});
  }
  process.exitCode = 1;
} finally {
  if (context) await context.close().catch(() => {});
  rmSync(profile, { recursive: true, force: true });
}
