// axe-core on Engage's main pages, in both languages, at phone (390 px) and desktop (1366 px)
// widths, plus a navbar check (nothing off-screen, no wrapped entry, one line) and one <h1>.
// Needs Chromium and, once: npm install (see docs/accessibility.md). Reads only the app it tests.
// usage: node axe.js http://127.0.0.1:5000 [result.json]   (the demo park loaded)
const { chromium } = require('playwright-core');
const fs = require('fs');
const path = require('path');

const BASE = process.argv[2] || 'http://127.0.0.1:5105';
const OUT = process.argv[3] || 'axe-result.json';
const AXE = fs.readFileSync(path.join(require.resolve('axe-core'), '..', 'axe.min.js'), 'utf8');
const PASSWORD = 'Engage-demo-2026';

// A page is a path, or the first link in <main> of the page `from` whose path matches `link`.
const PROBLEM = { from: '/problems', link: '^/problems/P-[0-9-]+$' };
const ARTICLE = { from: '/knowledge/', link: '^/knowledge/articles/[0-9]+$' };
const ALLIANCE = { from: '/alliance/', link: '^/alliance/[0-9]+$' };
const ROLES = {
  visitor: { email: null, pages: ['/', '/knowledge/', ARTICLE, '/events/', '/emergency'] },
  employee: { email: 'employee@example.com', pages: ['/', '/problems', PROBLEM, '/my-work', '/knowledge/', ARTICLE, '/alliance/', '/events/'] },
  supervisor: { email: 'supervisor@example.com', pages: ['/', '/dashboard', '/problems', ALLIANCE] },
  admin: { email: 'admin@example.com', pages: ['/', '/admin/users', '/admin/companies', '/admin/departments', '/admin/areas', '/admin/audit'] },
};
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

async function resolve(page, spec) {
  if (typeof spec === 'string') return spec;
  await page.goto(BASE + spec.from);
  const path = await page.evaluate((pattern) => {
    const re = new RegExp(pattern);
    const a = [...document.querySelectorAll('main a[href]')].find((el) => re.test(new URL(el.href).pathname));
    return a ? new URL(a.href).pathname : null;
  }, spec.link);
  if (!path) throw new Error(`no link ${spec.link} on ${spec.from}`);
  return path;
}
const WIDTHS = [390, 1366];
const LANGS = ['zh_Hans', 'en'];

async function setLanguage(page, lang) {
  await page.goto(BASE + '/');
  await Promise.all([
    page.waitForNavigation(),
    page.evaluate((l) => {
      const input = document.querySelector(`input[name=lang][value="${l}"]`);
      input.form.submit();
    }, lang),
  ]);
}

async function signIn(page, email) {
  await page.goto(BASE + '/auth/login');
  await page.fill('#email', email);
  await page.fill('#password', PASSWORD);
  await Promise.all([page.waitForNavigation(), page.click('main button[type=submit]')]);
}

async function navbarFit(page, width) {
  return page.evaluate((w) => {
    const problems = [];
    const nav = document.querySelector('nav.navbar');
    if (document.documentElement.scrollWidth > w + 1) problems.push(`page scrolls sideways (${document.documentElement.scrollWidth}px)`);
    for (const el of nav.querySelectorAll('.navbar-brand, .nav-link, .nav-search, .nav-bell, .navbar-toggler, .btn')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || el.closest('.dropdown-menu') || el.closest('.collapse:not(.show)') && getComputedStyle(el.closest('.collapse')).display === 'none') continue;
      if (r.right > w + 1 || r.left < -1) problems.push(`off-screen: ${el.textContent.trim().slice(0, 30)}`);
      const lh = parseFloat(getComputedStyle(el).lineHeight) || 24;
      const lines = el.getClientRects().length;
      if (el.classList.contains('nav-link') && (r.height > lh * 1.6 + 16 || lines > 1)) problems.push(`wrapped: ${el.textContent.trim().slice(0, 30)}`);
    }
    const h1s = document.querySelectorAll('h1').length;
    if (h1s !== 1) problems.push(`${h1s} h1`);
    const navHeight = nav.getBoundingClientRect().height;
    if (navHeight > 80) problems.push(`navbar is ${Math.round(navHeight)}px tall`);
    return problems;
  }, width);
}

(async () => {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
  const results = [];
  for (const [role, spec] of Object.entries(ROLES)) {
    for (const lang of LANGS) {
      const context = await browser.newContext({ bypassCSP: true, viewport: { width: 1366, height: 900 } });
      const page = await context.newPage();
      if (spec.email) await signIn(page, spec.email);
      await setLanguage(page, lang);
      for (const width of WIDTHS) {
        await page.setViewportSize({ width, height: width < 800 ? 844 : 900 });
        for (const pageSpec of spec.pages) {
          const url = await resolve(page, pageSpec);
          const resp = await page.goto(BASE + url);
          await page.addScriptTag({ content: AXE });
          const axe = await page.evaluate(async () => {
            const r = await window.axe.run(document, { resultTypes: ['violations'] });
            return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length, targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
          });
          const serious = axe.filter((v) => v.impact === 'serious' || v.impact === 'critical');
          const fit = await navbarFit(page, width);
          results.push({ role, lang, width, url, status: resp.status(), serious: serious.reduce((s, v) => s + v.nodes, 0), rules: serious, other: axe.filter((v) => !serious.includes(v)).map((v) => `${v.id}:${v.impact}:${v.nodes}`), navbar: fit });
          process.stdout.write(`${role} ${lang} ${width} ${url} ${resp.status()} serious=${serious.map((v) => `${v.id}(${v.nodes})`).join(',') || 0} other=${axe.filter((v) => !serious.includes(v)).map((v) => v.id).join(',')} nav=${fit.join('; ')}\n`);
        }
      }
      await context.close();
    }
  }
  await browser.close();
  fs.writeFileSync(OUT, JSON.stringify(results, null, 1));
})();
