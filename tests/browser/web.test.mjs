// dossier's web app in a real browser: Debian's chromium driven by playwright-core.
//
//   DOSSIER_BIN=target/release/dossier node --test tests/browser/web.test.mjs
//
// Builds the demo knowledge base plus a hostile report and an analyst, serves it on a free
// port, then walks the pages a person would: home, search "Ghaly", the profile, a footnote to
// its source sentence, the map, the link graph, the hostile report, logging in and merging two
// entities. Any console error (a CSP violation included), page error or dialog (an `alert` from
// an injected script) fails the test. Screenshots go to target/browser-artifacts/.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, mkdirSync, writeFileSync, rmSync, existsSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
const targetDir = process.env.CARGO_TARGET_DIR ? resolve(root, process.env.CARGO_TARGET_DIR) : join(root, "target");
const bin = process.env.DOSSIER_BIN ? resolve(process.env.DOSSIER_BIN) : join(targetDir, "release", "dossier");
const artifacts = join(targetDir, "browser-artifacts");
const chromiumPath = process.env.CHROMIUM || "/usr/bin/chromium";
const PASSWORD = "browser test password";

// A report written for this test: names, a title and links that carry script payloads.
const HOSTILE = `Raids near <script>alert('heading')</script> Menaka

On 4 March 2023, fighters of the <img src=x onerror=alert('name')> Brigade attacked the town of Menaka, according to residents.[1] Their commander, Abu <svg/onload=alert('svg')> Musa, said the raid answered army strikes.[2] A video was posted at javascript:alert('link') the next day.

[1] Sahel Monitor, "Menaka raid <script>alert('cite')</script>", 5 March 2023, javascript:alert('url').
[2] Radio Menaka, "Commander speaks", 6 March 2023, https://example.org/commander?a=1&b="><svg onload=alert('q')>.
`;

let dir, server, browser, context, base;
const problems = [];

function dossier(args, input) {
  const r = spawnSync(bin, ["--db", join(dir, "kb.db"), ...args], { input, encoding: "utf8" });
  if (r.status !== 0) {
    throw new Error(`dossier ${args.join(" ")} failed (${r.status}): ${r.stderr}`);
  }
  return r.stdout;
}

function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once("error", fail);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });
}

function serve(port) {
  return new Promise((ok, fail) => {
    const child = spawn(bin, ["--db", join(dir, "kb.db"), "serve", "--addr", `127.0.0.1:${port}`], {
      stdio: ["ignore", "ignore", "pipe"],
    });
    let said = "";
    const timer = setTimeout(() => fail(new Error(`server did not start: ${said}`)), 30000);
    child.stderr.on("data", (chunk) => {
      said += chunk;
      if (said.includes("serving")) {
        clearTimeout(timer);
        ok(child);
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      fail(new Error(`server exited with ${code}: ${said}`));
    });
  });
}

async function shot(page, name) {
  await page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });
}

before(async () => {
  assert.ok(existsSync(bin), `no dossier binary at ${bin} (cargo build --release first)`);
  mkdirSync(artifacts, { recursive: true });
  dir = mkdtempSync(join(tmpdir(), "dossier-browser-"));
  dossier(["demo", "--into", join(dir, "kb.db"), "--build-only", "--examples", join(root, "examples")]);
  writeFileSync(join(dir, "hostile.txt"), HOSTILE);
  dossier(["ingest", join(dir, "hostile.txt"), "--title", `Field note <script>alert('title')</script>"><img src=x onerror=alert('t')>`,
    "--url", "javascript:alert('srcurl')"]);
  dossier(["user", "add", "ana", "--role", "analyst"], `${PASSWORD}\n`);
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  server = await serve(port);
  browser = await chromium.launchPersistentContext(join(dir, "chromium-profile"), {
    executablePath: chromiumPath,
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    viewport: { width: 1280, height: 900 },
  });
  context = browser;
  context.on("page", watch);
  // Nothing may leave the machine: any request to another host is recorded and refused.
  await context.route("**/*", (route) => {
    const url = new URL(route.request().url());
    if (url.hostname !== "127.0.0.1") {
      problems.push(`request left the machine: ${url}`);
      return route.abort();
    }
    return route.continue();
  });
});

after(async () => {
  if (browser) await browser.close();
  if (server) server.kill();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function watch(page) {
  page.on("console", (msg) => {
    if (msg.type() === "error") problems.push(`console error on ${page.url()}: ${msg.text()}`);
  });
  page.on("pageerror", (err) => problems.push(`page error on ${page.url()}: ${err.message}`));
  page.on("dialog", async (d) => {
    problems.push(`a script ran on ${page.url()}: ${d.type()} ${d.message()}`);
    await d.dismiss();
  });
}

async function newPage() {
  const page = await context.newPage();
  return page;
}

test("a person's path through the app", async () => {
  const page = await newPage();

  // Home.
  await page.goto(`${base}/`);
  assert.match(await page.title(), /dossier/);
  assert.ok(await page.locator(".counts").isVisible());
  await shot(page, "01-home");

  // Search "Ghaly": the man is found under another spelling.
  await page.fill("main input[name=q]", "Ghaly");
  await Promise.all([page.waitForURL(/\/search\?q=Ghaly/), page.press("main input[name=q]", "Enter")]);
  const person = page.locator("ul.entities a.entity").first();
  assert.match(await person.innerText(), /Gh[a-z]+/);
  assert.ok((await page.locator("ol.hits mark").count()) > 0, "sentences are highlighted");
  await shot(page, "02-search");

  // The profile: every line footnoted.
  await Promise.all([page.waitForURL(/\/entities\/\d+$/), person.click()]);
  const profileUrl = page.url();
  assert.ok((await page.locator("section.notes li").count()) > 0, "the profile has footnotes");
  assert.ok((await page.locator("ul.facts li sup.fn").count()) > 0, "facts carry footnote marks");
  await shot(page, "03-profile");

  // A footnote to its source sentence: the sentence is the page's target.
  const noteLink = page.locator("section.notes a[href*='#s']").first();
  const href = await noteLink.getAttribute("href");
  await Promise.all([page.waitForURL(/\/sources\/[0-9a-f]+#s\d+$/), noteLink.click()]);
  const anchor = href.split("#")[1];
  const sentence = page.locator(`#${anchor}`);
  assert.ok(await sentence.isVisible(), "the sentence is shown");
  assert.equal(await page.evaluate(() => document.querySelector(":target")?.id), anchor);
  await shot(page, "04-source-sentence");

  // A fact beside the text scrolls to its sentence.
  const fact = page.locator("aside.found a.to").first();
  if (await fact.count()) {
    const to = (await fact.getAttribute("href")).slice(1);
    await fact.click();
    assert.equal(await page.evaluate(() => document.querySelector(":target")?.id), to);
  }

  // The map.
  await page.goto(`${base}/map`);
  assert.ok(await page.locator("svg.map").isVisible());
  assert.ok((await page.locator("svg.map .ev").count()) > 0, "events are drawn");
  assert.ok((await page.locator("svg.map path title").count()) > 10, "countries are drawn");
  await shot(page, "05-map");

  // The link graph of the profile's entity, then as of a year with the slider's form.
  await page.goto(profileUrl);
  await Promise.all([page.waitForURL(/\/graph\/\d+/), page.click("text=Link graph")]);
  assert.ok(await page.locator("svg.graph").isVisible());
  assert.ok((await page.locator("svg.graph .node").count()) > 1, "neighbours are drawn");
  await shot(page, "06-graph");
  const slider = page.locator("input[name=year]");
  if (await slider.count()) {
    const min = await slider.getAttribute("min");
    await Promise.all([page.waitForURL(/year=/), slider.fill(min)]);
    assert.ok(await page.locator("svg.graph").isVisible());
    await shot(page, "07-graph-asof");
  }

  // The hostile report: shown as text, nothing runs (the dialog handler would record it).
  await page.goto(`${base}/search?q=Menaka`);
  await page.goto(`${base}/sources`);
  const hostile = page.locator("a", { hasText: "Field note" }).first();
  await Promise.all([page.waitForURL(/\/sources\/[0-9a-f]+$/), hostile.click()]);
  assert.match(await page.locator("h1").innerText(), /<script>alert\('title'\)<\/script>/);
  assert.ok((await page.locator(".text").innerText()).includes("<img src=x onerror=alert('name')>"));
  assert.equal(await page.locator("main script, main img, main iframe").count(), 0);
  assert.equal(await page.locator("a[href^='javascript:']").count(), 0);
  await shot(page, "08-hostile-source");

  // Log in as an analyst and merge two entities from the review page.
  await page.goto(`${base}/login?next=/review`);
  await page.fill("input[name=name]", "ana");
  await page.fill("input[name=password]", PASSWORD);
  await shot(page, "09-login");
  await Promise.all([page.waitForURL(/\/review$/), page.click("form.login button")]);
  assert.match(await page.locator("nav .user").innerText(), /ana/);
  await shot(page, "10-review");
  const ids = await page.evaluate(async () => {
    const r = await fetch("/api/entities?type=person");
    return (await r.json()).slice(0, 2).map((e) => e.id);
  });
  assert.equal(ids.length, 2);
  await page.fill("#merge-left", String(ids[0]));
  await page.fill("#merge-right", String(ids[1]));
  await Promise.all([page.waitForURL(/\/entities\/\d+$/), page.click("#merge-submit")]);
  const merged = Number(page.url().split("/").pop());
  assert.ok(ids.includes(merged), `the merged entity is one of ${ids}`);
  await shot(page, "11-merged");
  const gone = ids.find((i) => i !== merged);
  await page.goto(`${base}/entities/${gone}`);
  assert.equal(Number(page.url().split("/").pop()), merged, "the absorbed entity leads to the merged one");

  assert.deepEqual(problems, [], problems.join("\n"));
});
