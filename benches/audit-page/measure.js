// Measures an avglint audit page in headless Chromium (see README.md here).
// node measure.js PAGE.html [WIDTH] [SCREENSHOT.png]
const { chromium } = require('playwright-core');
(async () => {
  const file = process.argv[2], width = +(process.argv[3] || 1280), shot = process.argv[4];
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox','--disable-gpu','--disable-quic','--disable-background-networking','--disable-component-update','--disable-sync'] });
  const page = await browser.newPage({ viewport: { width, height: 1000 } });
  const t0 = Date.now();
  await page.goto('file://' + file, { waitUntil: 'load', timeout: 120000 });
  const wall = Date.now() - t0;
  const nav = await page.evaluate(() => { const n = performance.getEntriesByType('navigation')[0]; return { dcl: Math.round(n.domContentLoadedEventEnd), load: Math.round(n.loadEventEnd) }; });
  const d0 = Date.now();
  await page.click('#matrix tbody tr[data-i] a');
  await page.waitForSelector('#detail article', { timeout: 60000 });
  const detail = Date.now() - d0;
  const s0 = Date.now();
  await page.click('#matrix th[data-c="13"]');
  const sort = Date.now() - s0;
  const q0 = Date.now();
  await page.fill('#q', 'batch03');
  await page.waitForFunction(() => /^500 /.test(document.getElementById('count').textContent) || /^0 /.test(document.getElementById('count').textContent), null, { timeout: 10000 }).catch(() => {});
  const search = Date.now() - q0;
  const widths = await page.evaluate(() => { const ths = document.querySelectorAll('#matrix thead th'); return { right: Math.round(ths[ths.length - 1].getBoundingClientRect().right), inner: innerWidth, scroll: document.documentElement.scrollWidth }; });
  if (shot) { await page.fill('#q', ''); await page.waitForTimeout(300); await page.locator('#matrix-section').scrollIntoViewIfNeeded(); await page.screenshot({ path: shot }); }
  console.log(JSON.stringify({ file, width, wallMs: wall, ...nav, detailMs: detail, sortMs: sort, searchMs: search, ...widths, count: await page.textContent('#count') }));
  await browser.close();
})();
