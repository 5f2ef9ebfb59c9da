// Signs in to a running `vigie serve`, opens a breach from the list, and checks what a
// DPO sees: a countdown that ticks and is red once late, the evidence and probability
// charts drawn, and the patient check answering a code. Run by tests/browser.rs:
//   node dashboard.mjs URL NAME PASSWORD REFERENCE CODE SCREENSHOT
import { chromium } from "playwright-core";
import { fileURLToPath } from "node:url";

const [url, name, password, reference, code, shot] = process.argv.slice(2);
const fail = (why) => { console.error(why); process.exit(1); };
const axePath = fileURLToPath(new URL("./node_modules/axe-core/axe.min.js", import.meta.url));

// WCAG 2.1 A and AA (what RGAA 4 follows), checked by axe-core in the page as shown (the
// contexts bypass the pages' CSP only to inject it).
const audit = async (page, what) => {
  await page.addScriptTag({ path: axePath });
  const found = await page.evaluate(async () => {
    const r = await window.axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    });
    return r.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`);
  });
  if (found.length) fail(`${what}: not accessible:\n${found.join("\n")}`);
};

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
try {
  const page = await browser.newPage({ locale: "fr-FR", bypassCSP: true });
  await page.goto(`${url}/breaches`);
  if (!page.url().endsWith("/login")) fail(`not sent to sign in: ${page.url()}`);
  await audit(page, "sign-in");
  await page.fill("#name", name);
  await page.fill("#password", password);
  await Promise.all([page.waitForURL("**/breaches"), page.click("#signin")]);

  // The list: the case, with its deadline counting down.
  await audit(page, "breaches");
  const row = page.locator("tr.case", { hasText: reference });
  if (await row.count() !== 1) fail("the breach is not listed");
  const countdown = row.locator(".countdown");
  const first = await countdown.textContent();
  await page.waitForTimeout(1500);
  const second = await countdown.textContent();
  if (first === second) fail(`the countdown does not tick: ${first}`);
  if (!(await countdown.getAttribute("class")).includes("late")) fail("a passed deadline is not red");
  const colour = await countdown.evaluate((el) => getComputedStyle(el).color);
  if (colour !== "rgb(176, 0, 32)") fail(`late is not red: ${colour}`);

  // The breach page: obligations with countdowns, charts drawn with bars.
  await Promise.all([page.waitForURL(`**/breaches/${reference}`), row.locator("a").click()]);
  const late = await page.locator("#obligations .countdown.late").count();
  if (late < 1) fail("no late obligation shown in red");
  const bars = await page.locator("svg.chart rect").count();
  if (bars < 2) fail(`charts without bars: ${bars}`);
  const box = await page.locator("svg.chart rect").first().boundingBox();
  if (!box || box.width <= 0) fail("a chart bar is not drawn");
  await page.screenshot({ path: shot, fullPage: true });
  await audit(page, "breach");

  // The pair in review: its page from the breach's link, answered with the key 1.
  await Promise.all([page.waitForURL(`**/breaches/${reference}/review`), page.locator(`a[href='/breaches/${reference}/review']`).click()]);
  if (!(await page.locator("#pair h2").textContent()).includes("P7")) fail("the pair in review is not shown");
  await audit(page, "review");
  await page.keyboard.press("1");
  try {
    await page.getByText("Aucune paire").waitFor({ timeout: 10000 });
  } catch (e) {
    fail(`the key did not answer: ${await page.locator("main").textContent()}`);
  }

  // The patient's check, in another context (no session).
  const patient = await (await browser.newContext({ locale: "fr-FR", bypassCSP: true })).newPage();
  await patient.goto(`${url}/check`);
  // Who wrote to the patient, and what the page does, before anything is typed.
  const intro = await patient.locator("main").textContent();
  if (!intro.includes("Laboratoire Exemple") || !intro.includes("n'est pas enregistré")) fail(`the check page does not say who and why: ${intro}`);
  if ((await patient.locator(".controller img").count()) !== 1) fail("the controller's logo is not shown");
  await audit(patient, "check");
  await patient.fill("#code", code);
  await Promise.all([patient.waitForLoadState(), patient.click("form[action='/check/code'] button")]);
  const result = await patient.locator("#result").textContent();
  if (!result.includes("Vos données font partie")) fail(`the check did not answer: ${result}`);
  await audit(patient, "check answered");
  // Keyboard only: the code field is reached with Tab and the form sent with Enter.
  const keyboard = await (await browser.newContext({ locale: "fr-FR", bypassCSP: true })).newPage();
  await keyboard.goto(`${url}/check`);
  for (let i = 0; i < 20 && (await keyboard.evaluate(() => document.activeElement?.id)) !== "code"; i++) {
    await keyboard.keyboard.press("Tab");
  }
  if ((await keyboard.evaluate(() => document.activeElement?.id)) !== "code") fail("the code field cannot be reached with Tab");
  await keyboard.keyboard.type(code);
  await Promise.all([keyboard.waitForLoadState(), keyboard.keyboard.press("Enter")]);
  await keyboard.locator("#result").waitFor();
  if (!(await keyboard.locator("#result").textContent()).includes("Vos données font partie")) fail("the check does not answer from the keyboard");
  console.log("ok");
} finally {
  await browser.close();
}
