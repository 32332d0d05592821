// node axe.mjs PAGE.html...
// Checks each page with axe-core in headless Chromium against WCAG 2.0 and 2.1, levels A and
// AA, and axe's best practices; and that the page loads nothing but itself (no scripts,
// styles, fonts or images from anywhere). Prints one JSON object:
//   {"pages": [{"file", "violations": [{"id", "impact", "help", "targets": [...]}], "requests": [...]}]}
// and exits 1 if any page has a violation or made a request, 2 on a usage error.
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { resolve } from "node:path";
import { withBrowser } from "./browser.mjs";

const require = createRequire(import.meta.url);
const AXE = require.resolve("axe-core/axe.min.js");
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"];

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: node axe.mjs PAGE.html...");
  process.exit(2);
}

const pages = await withBrowser(async (context) => {
  const results = [];
  for (const file of files) {
    const page = await context.newPage();
    const url = pathToFileURL(resolve(file)).href;
    const requests = [];
    page.on("request", (request) => {
      if (request.url() !== url && !request.url().startsWith("data:")) requests.push(request.url());
    });
    await page.goto(url);
    // axe is added by the test, after the page has loaded: the page itself has no scripts.
    await page.addScriptTag({ path: AXE });
    const result = await page.evaluate(
      (tags) => axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] }),
      TAGS,
    );
    results.push({
      file,
      violations: result.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        targets: v.nodes.map((n) => n.target.join(" ")),
      })),
      requests,
    });
    await page.close();
  }
  return results;
});

console.log(JSON.stringify({ pages }, null, 2));
const failed = pages.some((p) => p.violations.length > 0 || p.requests.length > 0);
process.exit(failed ? 1 : 0);
