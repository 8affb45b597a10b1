#!/usr/bin/env node
// Browser checks for Kynnys pages in headless Chromium.
//
//   node e2e/check.mjs --base http://127.0.0.1:PORT [--out e2e/out] [--pages e2e/pages.json] [--only name,name]
//
// For every page entry × language × viewport it:
//   - signs in through the real /login form when the entry has a `login`,
//   - opens the page with ?lang=xx, checks the HTTP status, that there was no
//     redirect elsewhere, and that <html lang> is the language,
//   - saves a full-page screenshot and measures the transferred bytes,
//   - runs axe (WCAG 2.0/2.1 A and AA): serious and critical violations fail
//     the run, moderate and minor ones are warnings.
//
// Kynnys must work without JavaScript, so signing in, navigation, the lang
// check, the weight and the screenshot all happen in a browser context with
// JavaScript disabled. axe cannot run there: with script execution disabled,
// Chromium never fires timers (setTimeout, requestAnimationFrame) in the page,
// and axe.run waits on them, so it hangs for ever. The axe pass therefore
// opens the same URL, with the same cookies (the signed-in session), in a
// second context with JavaScript enabled. The pages ship no scripts of their
// own (this is checked: a <script> element is a warning), so both contexts
// see the same document.
//
// Exit status: 0 when every page passed, 1 when any check failed, 2 on a
// usage or setup error.

import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';

const here = path.dirname(fileURLToPath(import.meta.url));

const DEMO_PASSWORD = 'kynnys-demo-2026';
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const FAILING_IMPACTS = new Set(['serious', 'critical']);
const LANGS = new Set(['fi', 'sv', 'en']);
const VIEWPORTS = {
  desktop: { viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1, isMobile: false, hasTouch: false },
  phone: { viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
};
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];
const TIMEOUT_MS = 30_000;

class UsageError extends Error {}

function parseCommandLine(argv) {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        base: { type: 'string' },
        out: { type: 'string', default: path.join(here, 'out') },
        pages: { type: 'string', default: path.join(here, 'pages.json') },
        only: { type: 'string' },
        chromium: { type: 'string', default: process.env.CHROMIUM_PATH || '/usr/bin/chromium' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    throw new UsageError(err.message);
  }
  if (values.help) {
    console.log('usage: node e2e/check.mjs --base http://127.0.0.1:PORT [--out DIR] [--pages FILE] [--only NAME,NAME] [--chromium PATH]');
    process.exit(0);
  }
  if (!values.base) throw new UsageError('--base is required, e.g. --base http://127.0.0.1:8080');
  let base;
  try {
    base = new URL(values.base);
  } catch {
    throw new UsageError(`--base ${values.base}: not a URL`);
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:') throw new UsageError('--base must be an http(s) URL');
  return {
    base,
    out: path.resolve(values.out),
    pagesFile: path.resolve(values.pages),
    only: values.only ? new Set(values.only.split(',').map((s) => s.trim()).filter(Boolean)) : null,
    chromiumPath: values.chromium,
  };
}

async function loadPages(file, only) {
  let entries;
  try {
    entries = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    throw new UsageError(`${file}: ${err.message}`);
  }
  if (!Array.isArray(entries)) throw new UsageError(`${file}: expected a JSON array of page entries`);
  const names = new Set();
  for (const [i, e] of entries.entries()) {
    const where = `${file}: entry ${i}${e && e.name ? ` (${e.name})` : ''}`;
    if (!e || typeof e !== 'object') throw new UsageError(`${where}: not an object`);
    if (typeof e.name !== 'string' || !/^[a-z0-9_]+$/.test(e.name)) throw new UsageError(`${where}: "name" must match [a-z0-9_]+ (it names screenshot files)`);
    if (names.has(e.name)) throw new UsageError(`${where}: duplicate name`);
    names.add(e.name);
    if (typeof e.path !== 'string' || !e.path.startsWith('/')) throw new UsageError(`${where}: "path" must start with /`);
    if (e.login !== null && typeof e.login !== 'string') throw new UsageError(`${where}: "login" must be null or a demo user's email`);
    if (!Array.isArray(e.langs) || e.langs.length === 0 || !e.langs.every((l) => LANGS.has(l))) throw new UsageError(`${where}: "langs" must be a non-empty list of ${[...LANGS].join(', ')}`);
    if (!Array.isArray(e.viewports) || e.viewports.length === 0 || !e.viewports.every((v) => v in VIEWPORTS)) throw new UsageError(`${where}: "viewports" must be a non-empty list of ${Object.keys(VIEWPORTS).join(', ')}`);
    if (e.status !== undefined && !Number.isInteger(e.status)) throw new UsageError(`${where}: "status" must be an integer`);
  }
  if (only) {
    for (const n of only) if (!names.has(n)) throw new UsageError(`--only ${n}: no such page in ${file}`);
    return entries.filter((e) => only.has(e.name));
  }
  return entries;
}

// resolveFirst turns a path ending in "{first}" into a real one: it looks on
// the page `from` (default /; signed in as the entry's `login`, if any) for
// the first link starting with `link` (default: the path before "{first}")
// and puts what follows that prefix in place of "{first}". So pages whose
// ids the demo data makes can be listed without knowing the id, e.g.
// /staff/places/{first} with link /places/.
async function resolveFirst(base, entries) {
  for (const e of entries) {
    if (!e.path.endsWith('{first}')) continue;
    const prefix = e.path.slice(0, -'{first}'.length);
    const link = e.link ?? prefix;
    const headers = e.login ? { cookie: await sessionCookie(base, e.login) } : {};
    const res = await fetch(new URL(e.from ?? '/', base), { headers, redirect: 'manual' });
    const html = await res.text();
    const m = html.match(new RegExp(`href="${link.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}([^"?#/]+)"`));
    if (!m) throw new UsageError(`${e.name}: no link starting with ${link} on ${e.from ?? '/'}`);
    e.path = prefix + m[1];
  }
}

// sessionCookie signs in as a demo user with a plain form post (demo mode
// asks no second factor) and returns the cookies to send as that user.
async function sessionCookie(base, email) {
  const res = await fetch(new URL('/login', base), { method: 'POST', redirect: 'manual',
    body: new URLSearchParams({ email, password: DEMO_PASSWORD }) });
  const cookies = res.headers.getSetCookie().map((c) => c.split(';')[0]);
  if (res.status !== 303 || cookies.length === 0) throw new UsageError(`signing in as ${email} to resolve {first} failed (HTTP ${res.status})`);
  return cookies.join('; ');
}

function pageURL(base, pagePath, lang) {
  const u = new URL(pagePath, base);
  u.searchParams.set('lang', lang);
  return u;
}

// signIn submits the real /login form in page (JavaScript disabled: a plain
// form post and a redirect).
async function signIn(page, base, email, lang) {
  await page.goto(pageURL(base, '/login', lang).href);
  await page.locator('form[action="/login"] input[name="email"]').fill(email);
  await page.locator('form[action="/login"] input[name="password"]').fill(DEMO_PASSWORD);
  await Promise.all([
    page.waitForEvent('load'),
    page.locator('form[action="/login"] button[type="submit"]').click(),
  ]);
  const at = new URL(page.url());
  if (at.pathname === '/login') {
    const msg = await page.locator('.error').first().textContent({ timeout: 1000 }).catch(() => null);
    throw new Error(`signing in as ${email} failed${msg ? `: ${msg.trim()}` : ''} (still at ${at.pathname})`);
  }
}

// trackWeight records the transferred body bytes of every response page
// receives from now on.
function trackWeight(page) {
  const pending = [];
  const failed = [];
  page.on('requestfinished', (req) => {
    pending.push((async () => {
      const resp = await req.response();
      const sizes = await req.sizes();
      return { url: req.url(), status: resp ? resp.status() : 0, type: req.resourceType(), bytes: sizes.responseBodySize };
    })());
  });
  page.on('requestfailed', (req) => failed.push({ url: req.url(), error: req.failure()?.errorText ?? 'failed' }));
  return async () => ({ responses: await Promise.all(pending), failed });
}

function formatTargets(nodes, limit = 8) {
  const lines = nodes.slice(0, limit).map((n) => '        ' + n.target.map((t) => (Array.isArray(t) ? t.join(' >>> ') : t)).join(' -> '));
  if (nodes.length > limit) lines.push(`        … and ${nodes.length - limit} more`);
  return lines.join('\n');
}

async function checkOne(browser, base, outDir, entry, lang, vpName) {
  const label = `${entry.name} [${lang}, ${vpName}]`;
  const url = pageURL(base, entry.path, lang);
  const expectStatus = entry.status ?? 200;
  const row = { name: entry.name, lang, viewport: vpName, status: '-', htmlBytes: null, totalBytes: null, requests: 0, axeFail: null, axeWarn: null, ok: true };
  const errors = [];
  const warnings = [];
  const axeFindings = [];
  const vp = VIEWPORTS[vpName];
  const noJS = await browser.newContext({ ...vp, javaScriptEnabled: false });
  noJS.setDefaultTimeout(TIMEOUT_MS);
  let withJS = null;
  try {
    const page = await noJS.newPage();

    // (a) sign in.
    if (entry.login) await signIn(page, base, entry.login, lang);

    // (b) open the page; (f) weigh it. Routing turns Playwright's HTTP cache
    // off, so what signing in fetched (the stylesheet) is counted again: the
    // weight is that of a first visit.
    await page.route('**/*', (route) => route.continue());
    const weigh = trackWeight(page);
    const resp = await page.goto(url.href, { waitUntil: 'load' });
    if (!resp) throw new Error(`no response for ${url.href}`);
    row.status = resp.status();
    if (row.status !== expectStatus) errors.push(`HTTP ${row.status}, expected ${expectStatus}`);
    const landed = new URL(page.url());
    if (landed.pathname !== url.pathname) errors.push(`redirected to ${landed.pathname}${landed.search} (signed out?)`);
    const { responses, failed } = await weigh();
    row.requests = responses.length;
    row.totalBytes = responses.reduce((sum, r) => sum + Math.max(0, r.bytes), 0);
    const doc = responses.find((r) => r.type === 'document' && r.url === page.url()) ?? responses.find((r) => r.type === 'document');
    row.htmlBytes = doc ? doc.bytes : null;
    for (const r of responses) if (r.type !== 'document' && r.status >= 400) errors.push(`subresource ${r.url}: HTTP ${r.status}`);
    for (const f of failed) errors.push(`request failed: ${f.url}: ${f.error}`);

    // (c) <html lang>.
    const htmlLang = await page.locator('html').getAttribute('lang');
    if (htmlLang !== lang) errors.push(`<html lang="${htmlLang}">, expected "${lang}"`);

    // Pages must not need scripts; none are expected at all.
    const scripts = await page.locator('script').count();
    if (scripts > 0) warnings.push(`${scripts} <script> element(s): the no-JavaScript rendering may differ from what axe saw`);

    // Reflow (WCAG 1.4.10): nothing wider than the viewport.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    if (overflow > 0) warnings.push(`content is ${overflow}px wider than the ${vp.viewport.width}px viewport (horizontal scrolling)`);

    // (e) screenshot.
    const shot = path.join(outDir, `${entry.name}-${lang}-${vpName}.png`);
    await page.screenshot({ path: shot, fullPage: true });

    // (d) axe, in a JavaScript-enabled context sharing the session cookies.
    withJS = await browser.newContext({ ...vp, javaScriptEnabled: true, storageState: await noJS.storageState() });
    withJS.setDefaultTimeout(TIMEOUT_MS);
    const axePage = await withJS.newPage();
    const axeResp = await axePage.goto(url.href, { waitUntil: 'load' });
    if (!axeResp || axeResp.status() !== row.status || new URL(axePage.url()).pathname !== landed.pathname) {
      errors.push(`the JavaScript-enabled context got a different page for axe (HTTP ${axeResp?.status()}, ${axePage.url()})`);
    }
    const results = await new AxeBuilder({ page: axePage }).withTags(AXE_TAGS).analyze();
    row.axeFail = 0;
    row.axeWarn = 0;
    for (const v of results.violations) {
      const failing = FAILING_IMPACTS.has(v.impact);
      if (failing) row.axeFail++;
      else row.axeWarn++;
      axeFindings.push({ id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl, nodes: v.nodes, failing });
    }
    if (results.incomplete.length > 0) {
      const why = (r) => {
        const msgs = new Set(r.nodes.map((n) => (n.any[0] ?? n.all[0] ?? n.none[0])?.message).filter(Boolean));
        return msgs.size ? `: ${[...msgs].slice(0, 2).join(' / ')}` : '';
      };
      warnings.push(`axe could not decide, review by hand: ${results.incomplete.map((r) => `${r.id} on ${r.nodes.length} element(s)${why(r)}`).join('; ')}`);
    }
  } catch (err) {
    errors.push(`${err.message.split('\n')[0]}`);
  } finally {
    await noJS.close().catch(() => {});
    if (withJS) await withJS.close().catch(() => {});
  }
  if (row.axeFail) errors.push(`${row.axeFail} serious/critical axe violation(s)`);
  row.ok = errors.length === 0;

  const lines = [`${row.ok ? 'ok  ' : 'FAIL'} ${label} ${url.pathname}${url.search} -> HTTP ${row.status}`];
  for (const f of axeFindings) {
    lines.push(`  ${f.failing ? 'AXE FAIL' : 'axe warn'} ${f.id} (${f.impact}): ${f.help} [${entry.name} ${lang} ${vpName} ${url.pathname}${url.search}]`);
    lines.push(`      ${f.helpUrl}`);
    lines.push(formatTargets(f.nodes));
  }
  for (const e of errors) lines.push(`  error: ${e}`);
  for (const w of warnings) lines.push(`  warning: ${w}`);
  console.log(lines.join('\n'));
  return { row, axeFindings, page: `${entry.path} (${entry.name})` };
}

function printTable(rows) {
  const head = ['page', 'lang', 'viewport', 'status', 'html B', 'total B', 'reqs', 'axe s/c', 'axe m/m', 'result'];
  const body = rows.map((r) => [
    r.name, r.lang, r.viewport, String(r.status),
    r.htmlBytes == null ? '-' : String(r.htmlBytes),
    r.totalBytes == null ? '-' : String(r.totalBytes),
    String(r.requests),
    r.axeFail == null ? '-' : String(r.axeFail),
    r.axeWarn == null ? '-' : String(r.axeWarn),
    r.ok ? 'pass' : 'FAIL',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const numeric = new Set([3, 4, 5, 6, 7, 8]);
  const fmt = (cells) => cells.map((c, i) => (numeric.has(i) ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
  console.log(fmt(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const b of body) console.log(fmt(b));
}

// printFindings lists each axe rule once, with where it was seen.
function printFindings(all) {
  const byRule = new Map();
  for (const { axeFindings, page, row } of all) {
    for (const f of axeFindings) {
      const key = `${f.id}\u0000${f.impact}`;
      if (!byRule.has(key)) byRule.set(key, { ...f, where: new Map() });
      const w = byRule.get(key).where;
      if (!w.has(page)) w.set(page, new Set());
      w.get(page).add(`${row.lang}/${row.viewport}`);
    }
  }
  if (byRule.size === 0) {
    console.log('axe: no violations.');
    return;
  }
  const order = { critical: 0, serious: 1, moderate: 2, minor: 3 };
  const rules = [...byRule.values()].sort((a, b) => (order[a.impact] ?? 9) - (order[b.impact] ?? 9) || a.id.localeCompare(b.id));
  console.log('axe findings by rule:');
  for (const r of rules) {
    console.log(`  ${r.failing ? 'FAIL' : 'warn'} ${r.id} (${r.impact}): ${r.help}`);
    for (const [page, combos] of r.where) console.log(`      ${page}: ${[...combos].join(', ')}`);
  }
}

async function main() {
  const started = Date.now();
  const opts = parseCommandLine(process.argv.slice(2));
  const entries = await loadPages(opts.pagesFile, opts.only);
  await resolveFirst(opts.base, entries);
  await mkdir(opts.out, { recursive: true });

  // Playwright gives every launch a fresh temporary user-data dir and removes
  // it on close (it refuses --user-data-dir in args for launch()).
  let browser;
  try {
    browser = await chromium.launch({ executablePath: opts.chromiumPath, args: CHROMIUM_ARGS, timeout: TIMEOUT_MS });
  } catch (err) {
    console.error(`cannot start Chromium at ${opts.chromiumPath} (apt-get install chromium): ${err.message.split('\n')[0]}`);
    return 2;
  }
  console.log(`Chromium ${browser.version()}, ${opts.base.origin}, ${entries.length} page(s) from ${path.relative(process.cwd(), opts.pagesFile) || opts.pagesFile}`);

  const all = [];
  try {
    for (const entry of entries) {
      for (const lang of entry.langs) {
        for (const vp of entry.viewports) {
          all.push(await checkOne(browser, opts.base, opts.out, entry, lang, vp));
        }
      }
    }
  } finally {
    await browser.close().catch(() => {});
  }

  console.log('');
  printFindings(all);
  console.log('');
  printTable(all.map((a) => a.row));
  const failed = all.filter((a) => !a.row.ok).length;
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  console.log('');
  console.log(`screenshots: ${opts.out}; took ${secs}s`);
  console.log(`pages: ${all.length - failed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

main().then(
  (code) => { process.exitCode = code; },
  (err) => {
    if (err instanceof UsageError) {
      console.error(`check.mjs: ${err.message}`);
      process.exitCode = 2;
    } else {
      console.error(err);
      process.exitCode = 1;
    }
  },
);
