import { after, before } from "node:test";
import assert from "node:assert/strict";
import sparticuz from "@sparticuz/chromium";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";

/**
 * Browser tests drive the real production app that tests/run.ts starts on its own database with
 * the demo distributor, through the Chromium that the @sparticuz/chromium npm package ships.
 */
export const DEMO_USERS = ["admin", "exec", "controller", "planner", "sales", "buyer", "warehouse"] as const;
export type DemoUser = (typeof DEMO_USERS)[number];

const NAVIGATION_TIMEOUT_MS = 30_000;

export function baseUrl(): string {
  const url = process.env.KEEL_E2E_BASE_URL;
  if (!url) throw new Error("KEEL_E2E_BASE_URL is not set: run browser tests through `npx tsx tests/run.ts tests/e2e/<file>`");
  return url.replace(/\/$/, "");
}

export function e2ePassword(): string {
  const password = process.env.KEEL_E2E_PASSWORD;
  if (!password) throw new Error("KEEL_E2E_PASSWORD is not set: run browser tests through tests/run.ts");
  return password;
}

/**
 * sparticuz's flags are tuned for serverless functions; its --single-process makes Chromium exit
 * when the first browser context closes, so every test after it would fail. Each test here
 * opens and closes its own context (its own cookies), so that one flag is dropped.
 */
const DROPPED_ARGS = new Set(["--single-process"]);

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: await sparticuz.executablePath(),
    args: [...sparticuz.args.filter((arg) => !DROPPED_ARGS.has(arg)), "--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    headless: true,
  });
}

/** One browser for the whole test file, closed when its tests end. Call at the top of the file. */
export function useBrowser(): { browser(): Browser } {
  let instance: Browser | null = null;
  before(async () => {
    instance = await launchBrowser();
  });
  after(async () => {
    await instance?.close();
  });
  return {
    browser() {
      assert.ok(instance, "the browser is launched in before()");
      return instance;
    },
  };
}

/** A fresh context (no cookies) with a page whose relative URLs go to the app. */
export async function newPage(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL: baseUrl(), viewport: { width: 1400, height: 900 } });
  context.setDefaultTimeout(NAVIGATION_TIMEOUT_MS);
  const page = await context.newPage();
  return { context, page };
}

/** Fills and submits the sign-in form as a person would. */
export async function submitSignIn(page: Page, username: string, password: string): Promise<void> {
  await page.goto("/sign-in");
  await page.getByLabel("User name").fill(username);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** Signs in through the form and waits for the home page; returns the signed-in page. */
export async function signIn(browser: Browser, username: DemoUser): Promise<{ context: BrowserContext; page: Page }> {
  const session = await newPage(browser);
  await submitSignIn(session.page, username, e2ePassword());
  await session.page.waitForURL((url) => url.pathname === "/");
  return session;
}

/** The trimmed text of every cell in one column (by header text) of the table matched by selector. */
export async function columnTexts(page: Page, tableSelector: string, header: string): Promise<string[]> {
  const table = page.locator(tableSelector);
  const headers = (await table.locator("thead th").allTextContents()).map((text) => text.trim());
  const index = headers.indexOf(header);
  assert.ok(index >= 0, `column ${header} not found in ${headers.join(", ")}`);
  const cells = await table.locator(`tbody tr td:nth-child(${index + 1})`).allTextContents();
  return cells.map((text) => text.trim());
}

/** Parses a displayed amount ("1,234.50", "-7.00") to minor units at the given scale, exactly. */
export function amountToMinor(text: string, digits: number): bigint {
  const clean = text.replace(/[,\s]/g, "").replace(/[A-Z]{3}$/, "");
  const match = /^(-)?(\d+)(?:\.(\d+))?$/.exec(clean);
  assert.ok(match, `not an amount: ${text}`);
  const [, sign, whole, fraction = ""] = match;
  assert.ok(fraction.length === digits, `expected ${digits} decimals in ${text}`);
  const minor = BigInt(`${whole}${fraction}`);
  return sign ? -minor : minor;
}

/** The total a list's pager reports ("1–50 of 1187" → 1187). */
export async function pagerTotal(page: Page): Promise<number> {
  const text = (await page.getByTestId("pager-count").innerText()).trim();
  const match = /of ([\d,]+)$/.exec(text);
  assert.ok(match, `pager text ${text}`);
  return Number(match[1]!.replaceAll(",", ""));
}

/** Names of the main navigation's links, in order. */
export async function navLabels(page: Page): Promise<string[]> {
  return (await page.getByRole("navigation", { name: "Main" }).getByRole("link").allTextContents()).map((text) => text.trim());
}

/**
 * Submits a create form for a customer or supplier. When Keel warns that the new record resembles
 * an existing one (browser tests create look-alike names on purpose), it saves again as a user who
 * checked would, and waits for the saved page either way.
 */
export async function submitCreateMaster(page: Page, buttonName: string): Promise<{ warned: boolean }> {
  const isSaved = (url: URL): boolean => url.searchParams.get("saved") === "created";
  await page.getByRole("button", { name: buttonName }).click();
  const saved = page.waitForURL(isSaved).then(() => "saved" as const, () => "timeout" as const);
  const warned = page.getByText("save again to create it anyway").first().waitFor().then(() => "warned" as const, () => "timeout" as const);
  const first = await Promise.race([saved, warned]);
  if (first === "warned") {
    await page.getByRole("button", { name: buttonName }).click();
    await page.waitForURL(isSaved);
    return { warned: true };
  }
  assert.equal(first, "saved", "the create form neither saved nor warned of a similar record");
  return { warned: false };
}
