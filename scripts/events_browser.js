// The check-in scanner and the programme's ordering, tried in headless Chromium.
//
//   npm install --prefix /tmp/pw playwright-core      (not part of the project)
//   python scripts/qr_y4m.py "$BASE/events/tickets/$CODE1" /tmp/qr.y4m
//   NODE_PATH=/tmp/pw/node_modules BASE=http://127.0.0.1:5000 CHECKIN_EVENT=2 \
//     PROGRAMME_EVENT=1 TYPED_CODE=$CODE2 VIDEO=/tmp/qr.y4m node scripts/events_browser.js
//
// Signs in as an organiser (ORGANISER, default the demo supervisor), checks one ticket
// in by its typed code and one by the (fake) camera, drags the first act of the
// programme below the third and moves the second up, and fails when a step does not
// persist or the pages log an error (the missing favicon aside).
const { chromium } = require("playwright-core");

const BASE = process.env.BASE || "http://127.0.0.1:5000";
const env = (name) => { if (!process.env[name]) { throw new Error(`set ${name}`); } return process.env[name]; };
const check = (ok, what) => { console.log(`${ok ? "ok  " : "FAIL"} ${what}`); if (!ok) { process.exitCode = 1; } };

(async () => {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--use-fake-ui-for-media-stream",
           "--use-fake-device-for-media-stream", `--use-file-for-fake-video-capture=${env("VIDEO")}`],
  });
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, permissions: ["camera"] });
  const page = await context.newPage();
  const problems = [];
  page.on("console", (m) => {
    if (m.type() === "error" && !(m.location().url || "").endsWith("/favicon.ico")) {
      problems.push(`${m.text()} ${m.location().url || ""}`);
    }
  });
  page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
  page.on("response", (r) => { if (r.status() >= 400 && !r.url().endsWith("/favicon.ico")) { problems.push(`${r.status()} ${r.url()}`); } });

  await page.goto(`${BASE}/auth/login`);
  await page.fill("input[name=email]", process.env.ORGANISER || "supervisor@example.com");
  await page.fill("input[name=password]", process.env.PASSWORD || "Engage-demo-2026");
  await Promise.all([page.waitForNavigation(), page.press("input[name=password]", "Enter")]);

  // Check-in: a typed code, then the camera.
  const event = env("CHECKIN_EVENT");
  await page.goto(`${BASE}/events/${event}/checkin`);
  const count = async () => Number(await page.textContent("[data-checked]"));
  const start = await count();
  await page.fill("#code", env("TYPED_CODE").toLowerCase());
  await Promise.all([page.waitForNavigation(), page.press("#code", "Enter")]);
  check(await count() === start + 1, "a typed ticket code checks in");
  await page.click("[data-start]");
  let scanned = "";
  try {
    await page.waitForFunction(() => {
      const r = document.querySelector("[data-result]");
      return r && r.textContent.trim().length > 0;
    }, null, { timeout: 20000 });
    scanned = await page.getAttribute("[data-result]", "class");
  } catch (e) { scanned = "nothing within 20 s"; }
  const reader = await page.evaluate(() => ("BarcodeDetector" in window ? "BarcodeDetector" : typeof window.jsQR === "function" ? "jsQR" : "none"));
  check(scanned.includes("alert-success") && await count() === start + 2,
        `the camera reads a ticket's QR code and checks it in (reader: ${reader})`);
  await page.click("[data-stop]");

  // Programme: drag, save, reload; then the up button.
  await page.setViewportSize({ width: 1366, height: 900 });
  await page.goto(`${BASE}/events/${env("PROGRAMME_EVENT")}/programme`);
  const ids = () => page.$$eval("[data-programme-order] [data-id]", (els) => els.map((e) => e.dataset.id));
  const before = await ids();
  const acts = page.locator("[data-programme-order] [data-id]");
  await acts.nth(0).dragTo(acts.nth(2), { targetPosition: { x: 40, y: 60 } });
  check(await page.isVisible("#order-form"), "dragging an act offers to save the order");
  await Promise.all([page.waitForNavigation(), page.click("#order-form button")]);
  await page.reload();
  const dragged = await ids();
  check(JSON.stringify(dragged.slice(0, 3)) === JSON.stringify([before[1], before[2], before[0]]),
        "the dragged order is saved");
  await Promise.all([page.waitForNavigation(),
                     acts.nth(1).locator("input[value=up] ~ button").click()]);
  await page.reload();
  const moved = await ids();
  check(moved[0] === dragged[1] && moved[1] === dragged[0], "the up button moves an act and it stays moved");

  check(problems.length === 0, `no console errors${problems.length ? ":\n  " + problems.join("\n  ") : ""}`);
  await browser.close();
})().catch((e) => { console.error(e); process.exit(1); });
