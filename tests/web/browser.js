// The notice checker page in headless Chromium (Debian's, driven by
// playwright-core): opens web/index.html from file://, pastes a Dutch and an
// English notice from fixtures/web/, drops a PDF and a .docx, and finds the expected
// statuses, highlights, underlines and checks in the DOM; downloads the JSON
// report and the summary, prints the summary to PDF, times a 50 KB notice,
// and asserts that no request left the page; then serves web/ from a local
// server and asserts that it saw only the page's own files. Screenshots,
// downloads and results.json go to the output folder (argument 1, default target/web-test).
// CHROMIUM names the browser (default /usr/bin/chromium).
'use strict';
const fs = require('fs');
const http = require('http');
const os = require('os');
const path = require('path');
const assert = require('assert');
const { chromium } = require('playwright-core');
const { root } = require('./load-wasm');

const out = path.resolve(process.argv[2] || path.join(root, 'target', 'web-test'));
const fixtures = path.join(root, 'fixtures', 'web');
const pageUrl = 'file://' + path.join(root, 'web', 'index.html');
const webDir = 'file://' + path.join(root, 'web') + '/';

const results = { steps: [] };
function step(name, data) {
  results.steps.push(Object.assign({ step: name }, data || {}));
  console.log(`browser: ${name}${data ? ' ' + JSON.stringify(data) : ''}`);
}

async function statuses(page) {
  return page.$$eval('#checklist li[data-element]', (lis) =>
    Object.fromEntries(lis.map((li) => [li.getAttribute('data-element'), li.getAttribute('data-status')])));
}

async function checked(page, action) {
  await page.evaluate(() => document.documentElement.removeAttribute('data-check-ms'));
  await action();
  await page.waitForSelector('html[data-check-ms]', { timeout: 120000 });
  return parseFloat(await page.getAttribute('html', 'data-check-ms'));
}

async function paste(page, text) {
  return checked(page, async () => {
    await page.fill('#paste', '');
    await page.focus('#paste');
    await page.keyboard.insertText(text);
    await page.click('#run');
  });
}

(async () => {
  fs.mkdirSync(out, { recursive: true });
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'avglint-web-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    acceptDownloads: true,
    viewport: { width: 1280, height: 1000 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  // Every request the page makes: while loading only its own files; after it, none.
  const requests = [];
  let loaded = false;
  context.on('request', (r) => requests.push({ url: r.url(), afterLoad: loaded }));
  const page = context.pages()[0] || await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });

  try {
    const t0 = Date.now();
    await page.goto(pageUrl + '?lang=nl', { waitUntil: 'load' });
    await page.waitForSelector('html[data-ready]', { timeout: 120000 });
    loaded = true;
    const attr = async (name) => +(await page.getAttribute('html', name));
    results.load = { wallMs: Date.now() - t0, readyMs: await attr('data-loaded-ms'), moduleMs: await attr('data-module-ms'), rulesMs: await attr('data-rules-ms') };
    step('loaded', results.load);
    assert.strictEqual(await page.textContent('#checklist-h'), 'De zestien onderdelen');
    await page.screenshot({ path: path.join(out, '0-loaded.png') });

    // 1. A Dutch notice, pasted.
    const nl = fs.readFileSync(path.join(fixtures, 'nl-fietsenmaker.md'), 'utf8');
    let ms = await paste(page, nl);
    let st = await statuses(page);
    assert.strictEqual(Object.keys(st).length, 16, 'sixteen elements in the checklist');
    assert.strictEqual(st.retention, 'vague', JSON.stringify(st));
    assert.strictEqual(st.dpo_contact, 'absent', JSON.stringify(st));
    assert.strictEqual(st.controller_identity, 'present', JSON.stringify(st));
    assert.strictEqual(st.complaint, 'present', JSON.stringify(st));
    // Names from the rules, in the notice's language.
    assert.strictEqual(await page.textContent('#checklist li[data-element="retention"] .name'), 'Bewaartermijn');
    // Evidence highlighted, the vague statement underlined.
    const vague = await page.$$eval('#text .ev.vague[data-ev~="retention"]', (s) => s.map((x) => x.textContent).join(''));
    assert.ok(/niet langer dan nodig/.test(vague), vague);
    assert.ok(await page.$('#text .ev.present[data-ev~="complaint"]'), 'complaint evidence highlighted');
    assert.ok(await page.$('#text .fd[data-fd]'), 'a finding underlined');
    // The contradiction: both of its spans, each in the text.
    const conflict = await page.$('#checks li[data-check="transfer_claims_conflict"]');
    assert.ok(conflict, await page.innerHTML('#checks'));
    const spans = await conflict.$$eval('[data-jump-fd]', (b) => b.map((x) => [x.getAttribute('data-span'), x.textContent]));
    assert.deepStrictEqual(spans.map((s) => s[0]), ['primary', 'related']);
    assert.ok(/Europese Economische Ruimte/.test(spans[0][1]), spans[0][1]);
    assert.ok(/Verenigde Staten/.test(spans[1][1]), spans[1][1]);
    // Following a link marks the span in the text.
    await conflict.$('[data-span="related"]').then((b) => b.click());
    assert.ok(/Verenigde Staten/.test(await page.$eval('#text .flash', (x) => x.textContent)));
    // The help with its example sentence, for a missing element.
    const help = await page.textContent('#checklist li[data-element="dpo_contact"] .help p');
    assert.ok(/bijv\./.test(help), help);
    step('dutch notice pasted', { checkMs: ms, statuses: st });
    await page.screenshot({ path: path.join(out, '1-nl-pasted.png'), fullPage: true });

    // 2. The interface in English, an English notice pasted.
    await page.click('button[data-lang="en"]');
    assert.strictEqual(await page.textContent('#checklist-h'), 'The sixteen elements');
    const en = fs.readFileSync(path.join(fixtures, 'en-language-school.md'), 'utf8');
    ms = await paste(page, en);
    st = await statuses(page);
    assert.strictEqual(st.retention, 'present', JSON.stringify(st));
    assert.strictEqual(st.dpo_contact, 'present', JSON.stringify(st));
    assert.strictEqual(st.automated_decisions, 'present', JSON.stringify(st));
    assert.strictEqual(await page.textContent('#checklist li[data-element="retention"] .name'), 'Retention period');
    assert.strictEqual(await page.textContent('#checklist li[data-element="retention"] .badge'), 'present');
    const checkIds = await page.$$eval('#checks li[data-check]', (l) => l.map((x) => x.getAttribute('data-check')));
    assert.ok(checkIds.includes('empty_list'), JSON.stringify(checkIds));
    assert.ok(checkIds.includes('legitimate_interest_unstated'), JSON.stringify(checkIds));
    const ret = await page.$$eval('#text .ev[data-ev~="retention"]', (s) => s.map((x) => x.textContent).join(''));
    assert.ok(/six years/.test(ret), ret);
    step('english notice pasted', { checkMs: ms, statuses: st, checks: checkIds });
    await page.screenshot({ path: path.join(out, '2-en-pasted.png'), fullPage: true });

    // 3. Files dropped on the page: a PDF, then a Word file.
    const drop = (name) => checked(page, async () => {
      const b64 = fs.readFileSync(path.join(fixtures, name)).toString('base64');
      const dt = await page.evaluateHandle(([name, b64]) => {
        const bin = atob(b64), bytes = new Uint8Array(bin.length);
        for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
        const d = new DataTransfer();
        d.items.add(new File([bytes], name));
        return d;
      }, [name, b64]);
      await page.dispatchEvent('#drop', 'drop', { dataTransfer: dt });
    });
    ms = await drop('garden-centre.pdf');
    assert.strictEqual(await page.textContent('#file-name'), 'garden-centre.pdf');
    st = await statuses(page);
    assert.strictEqual(st.retention, 'present', JSON.stringify(st));
    assert.strictEqual(st.dpo_contact, 'absent', JSON.stringify(st));
    const pdfRet = await page.$$eval('#text .ev[data-ev~="retention"]', (s) => s.map((x) => x.textContent).join(''));
    assert.ok(/two years/.test(pdfRet), pdfRet);
    step('pdf dropped', { checkMs: ms, statuses: st });
    await page.screenshot({ path: path.join(out, '3-pdf-dropped.png'), fullPage: true });
    ms = await drop('yoga-studio.docx');
    assert.strictEqual(await page.textContent('#file-name'), 'yoga-studio.docx');
    assert.ok(/docx/.test(await page.textContent('#file-facts')));
    st = await statuses(page);
    assert.strictEqual(st.retention, 'present', JSON.stringify(st));
    assert.strictEqual(st.complaint, 'absent', JSON.stringify(st));
    assert.strictEqual(await page.textContent('#checklist li[data-element="retention"] .name'), 'Bewaartermijn');
    const docxRet = await page.$$eval('#text .ev[data-ev~="retention"]', (s) => s.map((x) => x.textContent).join(''));
    assert.ok(/twee\s+jaar/.test(docxRet), docxRet);
    step('docx dropped', { checkMs: ms, statuses: st });
    await page.screenshot({ path: path.join(out, '4-docx-dropped.png'), fullPage: true });

    // 4. Downloads: the JSON report (the page's own) and the summary page.
    let [dl] = await Promise.all([page.waitForEvent('download'), page.click('#download-json')]);
    const jsonPath = path.join(out, dl.suggestedFilename());
    await dl.saveAs(jsonPath);
    const report = JSON.parse(fs.readFileSync(jsonPath, 'utf8'));
    assert.strictEqual(report.files[0].path, 'yoga-studio.docx');
    assert.strictEqual(report.files[0].format, 'docx');
    [dl] = await Promise.all([page.waitForEvent('download'), page.click('#download-summary')]);
    const summaryPath = path.join(out, dl.suggestedFilename());
    await dl.saveAs(summaryPath);
    const summary = fs.readFileSync(summaryPath, 'utf8');
    assert.ok(summary.includes('Bewaartermijn') && !/<script|src=|href=/.test(summary), 'a self-contained summary');
    // Printed: the summary alone, on one page.
    await page.emulateMedia({ media: 'print' });
    await page.screenshot({ path: path.join(out, '5-summary-print.png'), fullPage: true });
    await page.emulateMedia({ media: null });
    const pdfPath = path.join(out, 'summary.pdf');
    await page.pdf({ path: pdfPath, format: 'A4' });
    const pages = (fs.readFileSync(pdfPath, 'latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
    assert.strictEqual(pages, 1, 'the printed summary is one page');
    step('downloads and print', { json: path.basename(jsonPath), summary: path.basename(summaryPath), pdfPages: pages });

    // 5. Time to check a 50 KB notice: the Dutch and English fixtures'
    // sections repeated under numbered headings to 50 KB.
    const parts = [nl, en].map((s) => s.split(/\n(?=## )/).slice(1)).flat();
    let big = '# Privacyverklaring\n\n', n = 0;
    while (Buffer.byteLength(big) < 50 * 1024) big += parts[n++ % parts.length].replace(/^## /, `## ${n}. `) + '\n';
    const times = [];
    // The first check of a long text also compiles the patterns it needs (on first use).
    for (let i = 0; i < 5; i++) times.push(await paste(page, big));
    step('50 KB notice', { bytes: Buffer.byteLength(big), checkMs: times });
    results.fiftyKbMs = times;

    // 6. Nothing left the page: before load only its own files, after it nothing
    // (a blob: URL is a download the test asked for, made inside the page).
    const before = requests.filter((r) => !r.afterLoad).map((r) => r.url.replace(/\?.*$/, ''));
    const after = requests.filter((r) => r.afterLoad && !r.url.startsWith('blob:'));
    assert.ok(before.every((u) => u.startsWith(webDir)), JSON.stringify(before));
    assert.deepStrictEqual(after, [], 'no request after load');
    assert.deepStrictEqual(errors, [], 'no errors in the console');
    step('no requests', { atLoad: before.map((u) => u.slice(webDir.length)), afterLoad: after.length });

    // 7. Served by a static server (here Node's, on the loopback): the
    // server sees the page's five files, and nothing once it is ready.
    const served = [];
    let ready = false;
    const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };
    const server = http.createServer((req, res) => {
      served.push({ url: req.url, afterReady: ready });
      const file = path.join(root, 'web', decodeURIComponent(req.url.replace(/\?.*$/, '')));
      if (!file.startsWith(path.join(root, 'web') + path.sep) || !fs.existsSync(file)) { res.writeHead(404); res.end(); return; }
      res.writeHead(200, { 'content-type': types[path.extname(file)] || 'application/octet-stream' });
      res.end(fs.readFileSync(file));
    });
    await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
    try {
      const page2 = await context.newPage();
      await page2.goto(`http://127.0.0.1:${server.address().port}/index.html?lang=en`, { waitUntil: 'load' });
      await page2.waitForSelector('html[data-ready]', { timeout: 120000 });
      ready = true;
      await page2.fill('#paste', nl);
      await page2.click('#run');
      await page2.waitForSelector('html[data-check-ms]', { timeout: 120000 });
      assert.strictEqual(await page2.getAttribute('#checklist li[data-element="retention"]', 'data-status'), 'vague');
      await page2.close();
    } finally {
      server.close();
    }
    assert.deepStrictEqual(served.map((r) => r.url.replace(/\?.*$/, '')),
      ['/index.html', '/style.css', '/pkg/avglint_wasm.js', '/pkg/avglint_wasm_bg.wasm.js', '/app.js']);
    assert.ok(served.every((r) => !r.afterReady), JSON.stringify(served));
    step('served', { requests: served.length });
    assert.deepStrictEqual(errors, [], 'no errors in the console');
    results.ok = true;
  } catch (e) {
    results.ok = false;
    results.error = String(e && e.stack || e);
    await page.screenshot({ path: path.join(out, 'failure.png'), fullPage: true }).catch(() => {});
    console.error(e);
    process.exitCode = 1;
  } finally {
    fs.writeFileSync(path.join(out, 'results.json'), JSON.stringify(results, null, 2) + '\n');
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
})();
