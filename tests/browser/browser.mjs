// Starts Debian's Chromium headless through playwright-core (which downloads nothing), with
// the flags this machine needs as root. Playwright gives each launch a new, empty profile
// (user data directory) and removes it afterwards.
import { chromium } from "playwright-core";

export const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";

export async function withBrowser(work) {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ],
  });
  try {
    const context = await browser.newContext();
    return await work(context);
  } finally {
    await browser.close();
  }
}
