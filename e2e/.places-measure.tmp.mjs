import { chromium } from 'playwright-core';
const [base, id] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
const p = await ctx.newPage();
await p.goto(base + '/login');
await p.fill('#email', 'admin@demo.kynnys.fi'); await p.fill('#password', 'kynnys-demo-2026'); await p.click('button[type=submit]');
for (const lang of ['fi', 'sv', 'en']) {
  await p.goto(`${base}/staff/places/${id}?lang=${lang}`);
  await p.fill('#h1_opens', '22:00'); await p.click('.place-save button');
  const m = await p.evaluate(() => [...document.querySelectorAll('.place-rows')].map(t => `${t.scrollWidth}/${t.parentElement.clientWidth}`));
  console.log(lang, m, await p.evaluate(() => document.documentElement.scrollWidth));
}
await browser.close();
