// Signs in to a running `vigie serve`, opens a breach from the list, and checks what a
// DPO sees: a countdown that ticks and is red once late, the evidence and probability
// charts drawn, and the patient check answering a code. Run by tests/browser.rs:
//   node dashboard.mjs URL NAME PASSWORD REFERENCE CODE SCREENSHOT
import { chromium } from "playwright-core";

const [url, name, password, reference, code, shot] = process.argv.slice(2);
const fail = (why) => { console.error(why); process.exit(1); };

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
try {
  const page = await browser.newPage({ locale: "fr-FR" });
  await page.goto(`${url}/breaches`);
  if (!page.url().endsWith("/login")) fail(`not sent to sign in: ${page.url()}`);
  await page.fill("#name", name);
  await page.fill("#password", password);
  await Promise.all([page.waitForURL("**/breaches"), page.click("#signin")]);

  // The list: the case, with its deadline counting down.
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

  // The pair in review: its page from the breach's link, answered with the key 1.
  await Promise.all([page.waitForURL(`**/breaches/${reference}/review`), page.locator(`a[href='/breaches/${reference}/review']`).click()]);
  if (!(await page.locator("#pair h2").textContent()).includes("P7")) fail("the pair in review is not shown");
  await page.keyboard.press("1");
  try {
    await page.getByText("Aucune paire").waitFor({ timeout: 10000 });
  } catch (e) {
    fail(`the key did not answer: ${await page.locator("main").textContent()}`);
  }

  // The patient's check, in another context (no session).
  const patient = await (await browser.newContext({ locale: "fr-FR" })).newPage();
  await patient.goto(`${url}/check`);
  await patient.fill("#code", code);
  await Promise.all([patient.waitForLoadState(), patient.click("form[action='/check/code'] button")]);
  const result = await patient.locator("#result").textContent();
  if (!result.includes("Vos données font partie")) fail(`the check did not answer: ${result}`);
  console.log("ok");
} finally {
  await browser.close();
}
