// Screenshots of what users see, for docs/screens (run by scripts/screens.sh):
//   node screens.mjs URL NAME PASSWORD REFERENCE CODE OUTDIR [FILE.html ...]
// Each page of the dashboard and the patients' check, in French, at a laptop's width;
// then the local HTML files given (the scan and link reports).
import { chromium } from "playwright-core";
import { basename } from "node:path";

const [url, name, password, reference, code, out, ...files] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
});
// Whole pages, cut at 2,400 pixels: long tables say nothing more further down.
const shot = async (page, file) => {
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  await page.screenshot({
    path: `${out}/${file}.png`,
    fullPage: height <= 2400,
    clip: height > 2400 ? { x: 0, y: 0, width: 1280, height: 2400 } : undefined,
  });
  console.log(`${out}/${file}.png`);
};
try {
  const page = await browser.newPage({ locale: "fr-FR", viewport: { width: 1280, height: 800 } });
  await page.goto(`${url}/login`);
  await shot(page, "01-connexion");
  await page.fill("#name", name);
  await page.fill("#password", password);
  await Promise.all([page.waitForURL("**/breaches"), page.click("#signin")]);
  await shot(page, "02-violations");
  await page.goto(`${url}/breaches/${reference}`);
  await shot(page, "03-violation");
  await page.evaluate(() => document.querySelectorAll("#notifications, #timeline").forEach((d) => (d.open = true)));
  await shot(page, "04-violation-deplie");
  await page.goto(`${url}/breaches/${reference}/review`);
  await shot(page, "05-verification");
  await page.goto(`${url}/breaches/${reference}/drafts/supervisory_authority`);
  await shot(page, "06-projet-cnil");
  await page.goto(`${url}/register.html`);
  await shot(page, "07-registre");
  const patient = await (await browser.newContext({ locale: "fr-FR", viewport: { width: 1280, height: 800 } })).newPage();
  await patient.goto(`${url}/check`);
  await shot(patient, "08-verification-patient");
  await patient.fill("#code", code);
  await Promise.all([patient.waitForLoadState(), patient.click("form[action='/check/code'] button")]);
  await shot(patient, "09-reponse-patient");
  let n = 10;
  for (const f of files) {
    await page.goto(`file://${f}`);
    await shot(page, `${n++}-${basename(f, ".html")}`);
  }
} finally {
  await browser.close();
}
