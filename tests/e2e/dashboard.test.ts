// Proves the executive dashboard works end to end on the demo: an executive opens it from the
// navigation and sees every KPI card with the data's freshness, narrows it to one warehouse, and
// drills from the order backlog to the order lines behind it (served from PostgreSQL), which all
// belong to that warehouse; the figures and the drill-down export as CSV.
import { test } from "node:test";
import assert from "node:assert/strict";
import { signIn, useBrowser } from "../support/browser";

const session = useBrowser();

test("an executive filters the dashboard by warehouse and drills from the backlog to its order lines", async () => {
  const { context, page } = await signIn(session.browser(), "exec");
  try {
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Executive dashboard" }).click();
    await page.waitForURL(/\/dashboard/, { timeout: 120_000 });
    assert.match(await page.getByTestId("freshness").innerText(), /Data as of \d{4}-\d{2}-\d{2}/);
    assert.equal(await page.locator("[data-kpi]").count(), 11, "one card per KPI");

    const warehouse = page.getByLabel("Warehouse");
    const option = warehouse.locator("option").nth(1);
    const warehouseId = await option.getAttribute("value");
    const warehouseCode = (await option.innerText()).split(" ")[0]!;
    await warehouse.selectOption(warehouseId!);
    await page.getByRole("button", { name: "Apply" }).click();
    await page.waitForURL((url) => url.searchParams.get("warehouse") === warehouseId);
    assert.equal(await page.getByLabel("Warehouse").inputValue(), warehouseId, "the filter stays chosen");

    await page.locator('[data-kpi="order_backlog"]').click();
    await page.waitForURL((url) => url.searchParams.get("kpi") === "order_backlog" && url.searchParams.get("warehouse") === warehouseId);
    const periods = await page.locator("a[data-period]").evaluateAll((links) => links.map((l) => (l as HTMLAnchorElement).href));
    assert.ok(periods.length > 0, "the backlog has periods");
    let rows = 0;
    for (const href of periods.reverse()) {
      await page.goto(href);
      rows = await page.locator('[data-testid="drill-down"] tbody tr').count();
      if (rows > 0) break;
    }
    assert.ok(rows > 0, "some period has backlog lines to drill into");
    const drill = page.getByTestId("drill-down");
    const headers = await drill.locator("thead th").allInnerTexts();
    const warehouseColumn = headers.indexOf("warehouse");
    assert.ok(warehouseColumn >= 0 && headers.includes("order_number"), `drill columns: ${headers.join(", ")}`);
    const warehouses = await drill.locator(`tbody tr td:nth-child(${warehouseColumn + 1})`).allInnerTexts();
    assert.ok(warehouses.every((code) => code === warehouseCode), `every line is in ${warehouseCode}: ${[...new Set(warehouses)].join(", ")}`);

    const csv = await page.request.get(await drill.getByRole("link", { name: "CSV" }).getAttribute("href") ?? "");
    assert.equal(csv.status(), 200);
    assert.match(await csv.text(), /^order_id,order_number,/);
  } finally {
    await context.close();
  }
});

test("the KPI API answers with the definition version and freshness, and names a bad filter", async () => {
  const { context, page } = await signIn(session.browser(), "exec");
  try {
    const ok = await page.request.get("/api/v1/kpi/fill_rate?grain=week");
    assert.equal(ok.status(), 200);
    const body = await ok.json() as { kpi: string; definitionVersion: number; freshness: { asOf: string }; series: unknown[] };
    assert.equal(body.kpi, "fill_rate");
    assert.equal(body.definitionVersion, 1);
    assert.ok(Date.parse(body.freshness.asOf) > 0);
    assert.ok(Array.isArray(body.series));
    const bad = await page.request.get("/api/v1/kpi/fill_rate?grain=year");
    assert.equal(bad.status(), 400);
    assert.match(JSON.stringify(await bad.json()), /grain/);
    const notApplicable = await page.request.get("/api/v1/kpi/working_capital?customer=1");
    assert.equal(notApplicable.status(), 400);
    assert.equal((await page.request.get("/api/v1/kpi/no_such_kpi")).status(), 404);
  } finally {
    await context.close();
  }
});
