// Temporary helper (deleted after use): clipped screenshots and axe on form states.
import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
const [base, id, out] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
async function session(viewport, js) {
  const ctx = await browser.newContext({ viewport, javaScriptEnabled: js });
  const p = await ctx.newPage();
  await p.goto(base + '/login');
  await p.fill('#email', 'admin@demo.kynnys.fi');
  await p.fill('#password', 'kynnys-demo-2026');
  await p.click('button[type=submit]');
  return { ctx, p };
}
async function clips(p, name, width) {
  const h = await p.evaluate(() => document.documentElement.scrollHeight);
  const w = await p.evaluate(() => document.documentElement.scrollWidth);
  console.log(name, 'scrollWidth', w, 'height', h);
  for (let y = 0, i = 0; y < h; y += 1300, i++) {
    await p.screenshot({ path: `${out}/${name}-${i}.png`, fullPage: true, clip: { x: 0, y, width, height: Math.min(1300, h - y) } });
  }
}
async function axe(p, label) {
  const r = await new AxeBuilder({ page: p }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  console.log(label, 'axe violations:', r.violations.map(v => `${v.id}(${v.impact}) x${v.nodes.length}: ${v.nodes.slice(0,3).map(n=>n.target.join(' ')).join(', ')}`));
}
const { p } = await session({ width: 1280, height: 900 }, false);
await p.goto(`${base}/staff/places/${id}?lang=fi`);
await clips(p, 'edit-fi', 1280);
await p.goto(`${base}/staff/places/new?lang=fi`);
await clips(p, 'new-fi', 1280);
// Invalid submission: closes before opens in row 2, a bad exception date, no municipality.
await p.goto(`${base}/staff/places/${id}?lang=fi`);
await p.fill('#h1_opens', '22:00');
await p.fill('#municipality', '');
await p.fill('#x2_date', '2026-02-30').catch(() => {});
await p.click('.place-save button');
console.log('after invalid submit:', p.url());
await clips(p, 'invalid-fi', 1280);
const html = await p.content();
await (await import('node:fs/promises')).writeFile(`${out}/invalid.html`, html);
// Add rows.
await p.goto(`${base}/staff/places/new?lang=sv`);
await p.fill('#name_fi', 'Testi');
await p.click('button[name=more][value=hours]');
console.log('after more:', p.url());
await clips(p, 'more-sv', 1280);
// Phone.
const ph = await session({ width: 360, height: 740 }, false);
await ph.p.goto(`${base}/staff/places/${id}?lang=fi`);
await clips(ph.p, 'edit-fi-phone', 360);
// axe on the error state, JavaScript on.
const js = await session({ width: 1280, height: 900 }, true);
await js.p.goto(`${base}/staff/places/${id}?lang=fi`);
await js.p.fill('#h1_opens', '22:00');
await js.p.fill('#municipality', '');
await js.p.click('.place-save button');
await axe(js.p, 'invalid edit form');
await js.p.goto(`${base}/staff/places/new?lang=en`);
await js.p.click('button[name=more][value=exceptions]');
await axe(js.p, 'more rows form');
console.log('focused after invalid:', await (async () => { await js.p.goto(`${base}/staff/places/${id}?lang=fi`); await js.p.fill('#h1_opens', '22:00'); await js.p.click('.place-save button'); return js.p.evaluate(() => document.activeElement && document.activeElement.id); })());
await browser.close();
