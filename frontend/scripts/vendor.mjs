// Copies the few Ace files the workbook page loads from node_modules into
// src/sandbox/ace/, where mdBook picks them up as static files. The copies are
// build output (gitignored), so upgrading Ace is a package.json bump only.
// Usage: npm run vendor   (from frontend/, after npm ci)
import { copyFile, mkdir, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const FILES = [
  "ace.js",
  "mode-python.js",
  "mode-rust.js",
  // The pair mdBook's own playground uses for its light and dark themes.
  "theme-dawn.js",
  "theme-tomorrow_night.js",
];

const here = dirname(fileURLToPath(import.meta.url));
const target = resolve(here, "..", "..", "src", "sandbox", "ace");
const require = createRequire(import.meta.url);
const source = join(dirname(require.resolve("ace-builds/package.json")), "src-min-noconflict");

// Start clean so a file dropped from FILES does not linger in the book.
await rm(target, { recursive: true, force: true });
await mkdir(target, { recursive: true });
for (const name of FILES) {
  await copyFile(join(source, name), join(target, name));
}
// Ace's BSD licence asks for its notice to travel with every copy we publish.
await copyFile(join(source, "..", "LICENSE"), join(target, "LICENSE"));
console.log(`vendor: copied ${FILES.length} Ace files into ${target}`);
