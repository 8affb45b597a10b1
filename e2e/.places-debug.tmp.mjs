import { chromium } from 'playwright-core';
const [base, id] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const ctx = await browser.newContext({ viewport: { width: 360, height: 740 } });
const p = await ctx.newPage();
await p.goto(base + '/login');
await p.fill('#email', 'admin@demo.kynnys.fi'); await p.fill('#password', 'kynnys-demo-2026'); await p.click('button[type=submit]');
for (const path of [`/staff/places/${id}`, '/staff/places', `/staff/places/${id}/history`]) {
  await p.goto(base + path);
  const wide = await p.evaluate(() => {
    const out = [];
    for (const el of document.querySelectorAll('body *')) {
      const r = el.getBoundingClientRect();
      if (r.right > 361 && !el.closest('.table-wrap > *')) out.push(`${el.tagName}.${el.className}#${el.id} right=${Math.round(r.right)}`);
    }
    return [document.documentElement.scrollWidth, out.slice(0, 12)];
  });
  console.log(path, JSON.stringify(wide));
}
await browser.close();
