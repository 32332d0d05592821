// node mermaid.mjs MAP.mmd...
// Draws each Mermaid map with the real Mermaid (its browser bundle) in headless Chromium, as
// the code-hosting sites do. Prints {"maps": [{"file", "error", "nodes", "edges"}]} and exits 1
// if any map does not parse or draw, 2 on a usage error.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { withBrowser } from "./browser.mjs";

const require = createRequire(import.meta.url);
const MERMAID = require.resolve("mermaid/dist/mermaid.min.js");

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: node mermaid.mjs MAP.mmd...");
  process.exit(2);
}

const maps = await withBrowser(async (context) => {
  const page = await context.newPage();
  await page.setContent("<!DOCTYPE html><html><body></body></html>");
  await page.addScriptTag({ path: MERMAID });
  await page.evaluate(() => mermaid.initialize({ startOnLoad: false, securityLevel: "strict" }));
  const results = [];
  for (const [i, file] of files.entries()) {
    const text = readFileSync(file, "utf8");
    const result = await page.evaluate(async ({ text, id }) => {
      try {
        await mermaid.parse(text);
        const { svg } = await mermaid.render(id, text);
        const doc = new DOMParser().parseFromString(svg, "image/svg+xml");
        return {
          error: null,
          nodes: doc.querySelectorAll("g.node").length,
          edges: doc.querySelectorAll("path.flowchart-link").length,
        };
      } catch (e) {
        return { error: String(e && e.message ? e.message : e), nodes: 0, edges: 0 };
      }
    }, { text, id: `map${i}` });
    results.push({ file, ...result });
  }
  return results;
});

console.log(JSON.stringify({ maps }, null, 2));
process.exit(maps.some((m) => m.error) ? 1 : 0);
