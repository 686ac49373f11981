// Proves sign-in through the real form: every demo user gets in and lands on a home page with
// their name, a wrong password is refused with a message, pages without a session redirect to
// /sign-in, and signing out ends the session.
import { test } from "node:test";
import assert from "node:assert/strict";
import { DEMO_USERS, newPage, signIn, submitSignIn, useBrowser } from "../support/browser";

const session = useBrowser();

test("a wrong password shows an error and stays on the sign-in page", async () => {
  const { context, page } = await newPage(session.browser());
  try {
    await submitSignIn(page, "admin", "definitely-not-the-password");
    assert.match(await page.getByTestId("sign-in-error").innerText(), /wrong password/i);
    assert.equal(new URL(page.url()).pathname, "/sign-in");
    const cookies = await context.cookies();
    assert.equal(cookies.some((c) => c.name === "keel_session"), false);
  } finally {
    await context.close();
  }
});

test("an unknown user is refused like a wrong password", async () => {
  const { context, page } = await newPage(session.browser());
  try {
    await submitSignIn(page, "nobody-at-all", "whatever");
    assert.match(await page.getByTestId("sign-in-error").innerText(), /unknown user name or wrong password/i);
  } finally {
    await context.close();
  }
});

test("a page without a session redirects to the sign-in page", async () => {
  const { context, page } = await newPage(session.browser());
  try {
    await page.goto("/items");
    assert.equal(new URL(page.url()).pathname, "/sign-in");
    await page.goto("/ledger/trial-balance");
    assert.equal(new URL(page.url()).pathname, "/sign-in");
  } finally {
    await context.close();
  }
});

for (const username of DEMO_USERS) {
  test(`the demo user ${username} signs in and sees their home page`, async () => {
    const { context, page } = await signIn(session.browser(), username);
    try {
      assert.equal(await page.getByTestId("username").textContent(), username);
      assert.match(await page.locator("h1").innerText(), /^Welcome, /);
      const cookie = (await context.cookies()).find((c) => c.name === "keel_session");
      assert.ok(cookie, "the session cookie is set");
      assert.equal(cookie.httpOnly, true);
      assert.equal(cookie.sameSite, "Lax");
    } finally {
      await context.close();
    }
  });
}

test("signing out ends the session and protected pages redirect again", async () => {
  const { context, page } = await signIn(session.browser(), "planner");
  try {
    const cookieBefore = (await context.cookies()).find((c) => c.name === "keel_session");
    assert.ok(cookieBefore);
    await page.getByTestId("user-menu").click();
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL((url) => url.pathname === "/sign-in");
    await page.goto("/items");
    assert.equal(new URL(page.url()).pathname, "/sign-in");
    // The old cookie is revoked on the server, not only deleted in the browser.
    await context.addCookies([{ ...cookieBefore }]);
    await page.goto("/items");
    assert.equal(new URL(page.url()).pathname, "/sign-in");
  } finally {
    await context.close();
  }
});
