// Headless Chromium from Debian's package, as the tests and benchmarks start
// it: a throw-away profile each time, and no background traffic of its own
// to blur what the page itself fetches.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";

export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

// A persistent context on a fresh profile; `close` also deletes the profile.
export async function launchFreshChromium(contextOptions = {}) {
  const profile = await mkdtemp(join(tmpdir(), "workbook-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: CHROMIUM_ARGS,
    ...contextOptions,
  });
  const close = async () => {
    await context.close();
    await rm(profile, { recursive: true, force: true });
  };
  return { context, close };
}
