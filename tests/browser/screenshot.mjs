// node screenshot.mjs PAGE.html|PICTURE.svg OUT.png [WIDTH] [full|SELECTOR]
// A screenshot of a local file in headless Chromium: of a page, its first screen
// (WIDTH × 0.75 WIDTH), with `full` all of it, or with a CSS selector that element; of an SVG
// picture, the whole picture (shown inline in an empty page: Chromium does not capture SVG
// documents whole).
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { resolve } from "node:path";
import { withBrowser } from "./browser.mjs";

const [file, out, widthText, mode] = process.argv.slice(2);
if (!file || !out) {
  console.error("usage: node screenshot.mjs FILE OUT.png [WIDTH] [full]");
  process.exit(2);
}
const width = Number(widthText || 1100);
await withBrowser(async (context) => {
  const page = await context.newPage();
  await page.setViewportSize({ width, height: Math.round(width * 0.75) });
  if (file.endsWith(".svg")) {
    const svg = readFileSync(file, "utf8");
    await page.setContent(`<!DOCTYPE html><html><body style="margin:0">${svg}</body></html>`);
    await page.locator("svg").first().screenshot({ path: out });
  } else {
    await page.goto(pathToFileURL(resolve(file)).href);
    if (mode && mode !== "full") {
      await page.locator(mode).first().screenshot({ path: out });
    } else {
      await page.screenshot({ path: out, fullPage: mode === "full" });
    }
  }
});
