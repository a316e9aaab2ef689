import type { Page } from "playwright-core";
import { createsFor, type GatewayRequest } from "./gateway-traffic.ts";
import { assert, eventually, type Step, textboxAccessibility } from "./harness.ts";

/** What the steps need: the page, where it talks, what it sent, and where screenshots go. */
export interface StepContext {
  page: Page;
  appUrl: string;
  gatewayUrl: string;
  requests: readonly GatewayRequest[];
  /** The app's manifest: id -> document text. */
  manifest: Readonly<Record<string, string>>;
  screenshot: (name: string) => Promise<void>;
}

/** The e2e's story, in the order a person would live it. */
export function exampleSteps(context: StepContext): Step[] {
  const { page, appUrl, gatewayUrl, requests, manifest, screenshot } = context;
  // Emails unique to this run, so a rerun against a long-lived gateway still counts only its own.
  const run = Date.now().toString(36);
  const email = (name: string) => `${name}.${run}@example.com`;
  const button = page.getByRole("button", { name: "Create customer", exact: true });
  const field = (label: string) => page.getByLabel(label, { exact: true });
  const rowsWith = (address: string) => page.getByRole("row").filter({ has: page.getByRole("cell", { name: address, exact: true }) });
  const createdId = async () => {
    const text = await page.getByRole("status").filter({ hasText: "Created customer" }).innerText({ timeout: 20_000 });
    const id = /cst_[0-9a-z]+/.exec(text)?.[0];
    assert(id, `expected a cst_ id in "${text}"`);
    return id;
  };
  const fill = async (values: Record<string, string>) => {
    for (const [label, value] of Object.entries(values)) await field(label).fill(value);
  };
  /** Answers the next creates with this error, as the gateway would; for failures the sandbox cannot make on cue. */
  const stubCreateAnswer = async (extensions: Record<string, unknown>) => {
    await page.unroute(gatewayUrl);
    await page.route(gatewayUrl, (route) =>
      route.request().postDataJSON()?.operationName === "CreateCustomer"
        ? route.fulfill({
            status: 200,
            contentType: "application/graphql-response+json",
            headers: { "access-control-allow-origin": new URL(appUrl).origin },
            body: JSON.stringify({ data: { createCustomer: null }, errors: [{ message: "stubbed", path: ["createCustomer"], extensions }] }),
          })
        : route.fallback(),
    );
  };
  const reloadList = async () => {
    const reloads = page.waitForResponse((response) => response.url() === gatewayUrl && response.request().postDataJSON()?.operationName === "Customers");
    await page.getByRole("button", { name: "Reload list", exact: true }).click();
    await reloads;
  };

  return [
    {
      name: "the page lists the shop's demo customers, each with its email",
      run: async () => {
        await page.goto(appUrl);
        for (const address of ["customer@example.com", "customer.mark@example.com"]) {
          await rowsWith(address).waitFor({ timeout: 30_000 });
        }
        await screenshot("01-customers");
      },
    },
    {
      name: "a US customer with zip ABCDE is refused, with \"is invalid\" as Zip's accessible description",
      run: async () => {
        await fill({ "First name": "Ada", "Last name": "Lovelace", Email: email("ada"), IP: "10.0.0.1", Country: "US", Zip: "ABCDE" });
        await button.click();
        await eventually(async () => {
          const zip = await textboxAccessibility(page, "Zip");
          assert(zip.description.includes("is invalid"), `Zip's description is "${zip.description}"`);
          assert(zip.invalid, "Zip is not invalid in the accessibility tree");
        });
        assert((await field("Zip").getAttribute("aria-invalid")) === "true", 'Zip lacks aria-invalid="true"');
        assert((await field("Email").getAttribute("aria-invalid")) === null, "Email is marked invalid");
        await page.getByRole("alert").waitFor();
        await screenshot("02-zip-invalid");
      },
    },
    {
      name: "with the zip fixed the customer is created: its cst_ id shows and it joins the list",
      run: async () => {
        await fill({ Zip: "80202", State: "CO" });
        await button.click();
        const id = await createdId();
        const row = rowsWith(email("ada"));
        await row.waitFor({ timeout: 20_000 });
        assert((await page.getByText(/cst_/).count()) === 1, "the new id is not the only one on the page");
        await row.getByRole("button", { name: "Details of Ada Lovelace" }).click();
        await page.getByRole("article", { name: `Customer ${id}` }).getByText(email("ada")).waitFor({ timeout: 20_000 });
        assert((await field("Zip").getAttribute("aria-invalid")) === null, "Zip is still marked invalid");
        assert((await page.getByRole("alert").count()) === 0, "an alert is still shown");
        await screenshot("03-created");
      },
    },
    {
      name: "finding a customer by id shows its details, and an unknown id says no customer has it",
      run: async () => {
        const lookup = async (id: string) => {
          await page.getByLabel("Customer id", { exact: true }).fill(id);
          await page.getByRole("button", { name: "Find customer", exact: true }).click();
        };
        await lookup("cst_0000000000000000");
        await page.getByText("No customer has the id").waitFor({ timeout: 20_000 });
        await lookup("cst_5ca4fab9dfc7fcbf");
        const details = page.getByRole("article", { name: "Customer cst_5ca4fab9dfc7fcbf" });
        await details.getByText("+1-555-555-5555").waitFor({ timeout: 20_000 });
        assert((await details.innerText()).includes("John Doe"), "the details do not name John Doe");
        await screenshot("04-lookup");
      },
    },
    {
      name: "a double click on Create customer makes exactly one customer",
      run: async () => {
        await fill({ "First name": "Grace", "Last name": "Hopper", Email: email("grace"), IP: "10.0.0.2", Country: "GB", City: "London" });
        await button.dblclick();
        await createdId();
        await reloadList();
        assert((await rowsWith(email("grace")).count()) === 1, `expected one row for ${email("grace")}, found ${await rowsWith(email("grace")).count()}`);
        const keys = new Set(createsFor(requests, email("grace")).map((request) => request.idempotencyKey));
        assert(keys.size === 1 && !keys.has(undefined), `the creates carried keys ${[...keys].join(", ")}`);
        await screenshot("05-double-click");
      },
    },
    {
      name: "a create whose answer was lost is sent again under the same Idempotency-Key and makes one customer",
      run: async () => {
        // The gateway creates the customer, but the browser never hears back: as a dropped connection.
        let lost = false;
        await page.route(gatewayUrl, async (route) => {
          const response = await route.fetch();
          if (!lost && (await response.text()).includes('"createCustomer":{')) {
            lost = true;
            await route.abort("connectionreset");
          } else {
            await route.fulfill({ response });
          }
        });
        await fill({ "First name": "Linus", Email: email("linus"), IP: "10.0.0.3", Country: "FI" });
        await button.click();
        await page.getByRole("alert").filter({ hasText: "could not be reached" }).waitFor({ timeout: 20_000 });
        assert(lost, "no create answer was dropped");
        await screenshot("06-answer-lost");
        await page.unroute(gatewayUrl);
        await button.click();
        await createdId();
        await reloadList();
        assert((await rowsWith(email("linus")).count()) === 1, `expected one row for ${email("linus")}`);
        const sent = createsFor(requests, email("linus")).map((request) => request.idempotencyKey);
        assert(sent.length >= 2 && new Set(sent).size === 1 && sent[0], `the creates carried keys ${sent.join(", ")}`);
        await screenshot("07-sent-again");
      },
    },
    {
      name: "a create bePaid may or may not have made says, in the alert, to check the list before trying again",
      run: async () => {
        await stubCreateAnswer({ code: "UPSTREAM_OUTCOME_UNKNOWN" });
        await fill({ "First name": "Barbara", Email: email("barbara"), IP: "10.0.0.4" });
        await button.click();
        await page.getByRole("alert").filter({ hasText: "check the list before trying again" }).waitFor({ timeout: 20_000 });
        await screenshot("08-outcome-unknown");
      },
    },
    {
      name: "messages on no input of the form, base messages and a rate limit's wait go to the alert",
      run: async () => {
        await stubCreateAnswer({
          code: "BAD_USER_INPUT",
          fieldErrors: [
            { field: "zip", path: ["input", "zip"], messages: ["is invalid"] },
            { field: "billingAddress.city", path: ["input", "billingAddress", "city"], messages: ["can't be blank"] },
            { field: null, path: null, messages: ["Shop is not active"] },
          ],
        });
        await button.click();
        const alert = page.getByRole("alert");
        await alert.filter({ hasText: "Shop is not active" }).waitFor({ timeout: 20_000 });
        assert((await alert.innerText()).includes("Billing address city can't be blank"), `the alert says "${await alert.innerText()}"`);
        assert((await textboxAccessibility(page, "Zip")).description === "is invalid", "Zip does not carry its message");
        await screenshot("09-base-and-nested");
        await stubCreateAnswer({ code: "RATE_LIMITED", retryAfter: 30 });
        await button.click();
        await alert.filter({ hasText: "wait 30 seconds" }).waitFor({ timeout: 20_000 });
        assert((await field("Zip").getAttribute("aria-invalid")) === null, "Zip is still marked invalid");
        await page.unroute(gatewayUrl);
      },
    },
    {
      name: "every operation went to the gateway by its id in the app's manifest, never as other text",
      run: async () => {
        assert(requests.length > 0, "the page sent nothing");
        for (const request of requests) {
          assert(request.id && request.id in manifest, `${request.operationName} was sent without a manifest id (${request.id})`);
          assert(request.query === undefined || request.query === manifest[request.id], `${request.operationName} carried text that is not its manifest's`);
        }
      },
    },
  ];
}
