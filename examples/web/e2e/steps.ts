import type { Page } from "playwright-core";
import { createsFor, type GatewayRequest } from "./gateway-traffic.ts";
import { assert, eventually, type Step, textboxAccessibility } from "./harness.ts";

/** What the steps need: the page, where it talks, what it sent, and where screenshots go. */
export interface StepContext {
  page: Page;
  appUrl: string;
  /** The app's own `/graphql`, which its server forwards to the gateway: where the page sends every operation. */
  graphqlUrl: string;
  /** The gateway behind it. */
  gatewayUrl: string;
  /** Stops the gateway (for the last step: what the page says when it is down). */
  stopGateway: () => Promise<void>;
  requests: readonly GatewayRequest[];
  /** The app's manifest: id -> document text. */
  manifest: Readonly<Record<string, string>>;
  /** This run's tag, in every email it makes. */
  run: string;
  /** The customers seeded before the page opened, in bePaid's order after the docs' two. */
  seeded: readonly { id: string; email: string; city: string }[];
  screenshot: (name: string) => Promise<void>;
}

/** Customers seeded through the gateway before the page opens: with the docs' two, a shop of 45. */
export const SEEDED = 43;

/** The e2e's story, in the order a person would live it. */
export function exampleSteps(context: StepContext): Step[] {
  const { page, appUrl, graphqlUrl, gatewayUrl, stopGateway, requests, manifest, run, seeded, screenshot } = context;
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
  const stubCreateResponse = async (extensions: Record<string, unknown>) => {
    await page.unroute(graphqlUrl);
    await page.route(graphqlUrl, (route) =>
      route.request().postDataJSON()?.operationName === "CreateCustomer"
        ? route.fulfill({
            status: 200,
            contentType: "application/graphql-response+json",
            body: JSON.stringify({ data: { createCustomer: null }, errors: [{ message: "stubbed", path: ["createCustomer"], extensions }] }),
          })
        : route.fallback(),
    );
  };
  /** What has the keyboard focus: the input's label, or the element's role and text. */
  const focused = () =>
    page.evaluate(() => {
      const element = document.activeElement;
      if (element instanceof HTMLInputElement) return `input ${element.labels?.[0]?.textContent ?? element.name}`;
      return `${element?.getAttribute("role") ?? element?.tagName.toLowerCase()} ${element?.textContent ?? ""}`;
    });
  const customerRows = page.locator("table tbody tr");
  const countText = page.locator("#customers-count");
  const loadMore = page.getByRole("button", { name: "Load more", exact: true });
  const searchBox = page.getByLabel("Search customers", { exact: true });
  /** Types into the search box and waits for the gateway's answer to that search. */
  const searchFor = async (text: string) => {
    const answered = page.waitForResponse(
      (response) => response.url() === graphqlUrl && response.request().postDataJSON()?.variables?.filter?.search === text,
    );
    await searchBox.fill(text);
    await answered;
  };
  /** Empties the search box and waits for the gateway's first page of the whole list. */
  const clearSearch = async () => {
    const answered = page.waitForResponse((response) => {
      const sent = response.url() === graphqlUrl ? response.request().postDataJSON() : undefined;
      return sent?.operationName === "CustomerPage" && sent.variables?.filter == null && sent.variables?.after == null;
    });
    await searchBox.fill("");
    await answered;
    await countText.filter({ hasText: /^Showing \d+ of \d+ customers$|^All \d+ customers$/ }).waitFor({ timeout: 20_000 });
  };
  /** Clicks "Load more" until the whole list is loaded, each time once the page before has come. */
  const loadToEnd = async () => {
    while ((await loadMore.count()) > 0) {
      const before = await countText.innerText();
      await loadMore.click();
      await countText.filter({ hasNotText: before }).waitFor({ timeout: 20_000 });
    }
  };
  /** How many customers the shop holds with this email, as a search for it says. */
  const customersWithEmail = async (address: string) => {
    await searchFor(address);
    await countText.filter({ hasText: address }).waitFor({ timeout: 20_000 });
    const count = await rowsWith(address).count();
    await clearSearch();
    return count;
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
      name: "the list shows 20 of the shop's 45 customers, and \"Load more\" twice shows all 45, in bePaid's order",
      run: async () => {
        await countText.filter({ hasText: "Showing 20 of 45 customers" }).waitFor({ timeout: 20_000 });
        assert((await customerRows.count()) === 20, `expected 20 rows, found ${await customerRows.count()}`);
        await loadMore.click();
        await countText.filter({ hasText: "Showing 40 of 45 customers" }).waitFor({ timeout: 20_000 });
        assert((await customerRows.count()) === 40, `expected 40 rows, found ${await customerRows.count()}`);
        await screenshot("02-load-more");
        await loadMore.click();
        await countText.filter({ hasText: "All 45 customers" }).waitFor({ timeout: 20_000 });
        assert((await customerRows.count()) === 45, `expected 45 rows, found ${await customerRows.count()}`);
        assert((await loadMore.count()) === 0, '"Load more" is still shown with every customer loaded');
        const emails = await customerRows.locator("td:nth-child(2)").allInnerTexts();
        const expected = ["customer@example.com", "customer.mark@example.com", ...seeded.map((customer) => customer.email)];
        assert(JSON.stringify(emails) === JSON.stringify(expected), `the rows are not the shop's customers in order: ${emails.join(", ")}`);
        const pages = requests.filter((request) => request.operationName === "CustomerPage");
        assert(pages.slice(-2).every((request) => typeof request.variables?.after === "string"), "Load more did not ask for the page after the last cursor");
        await screenshot("03-all-loaded");
      },
    },
    {
      name: "searching narrows the list through filter.search, and an emptied search shows everyone again",
      run: async () => {
        const vilnius = seeded.filter((customer) => customer.city === "Vilnius");
        await searchFor("vilnius");
        await countText.filter({ hasText: `${vilnius.length} customers match “vilnius”` }).waitFor({ timeout: 20_000 });
        const places = await customerRows.locator("td:nth-child(3)").allInnerTexts();
        assert(places.length === vilnius.length && places.every((place) => place.includes("Vilnius")), `the rows are ${places.join("; ")}`);
        await screenshot("04-search");
        await searchFor("nobody-is-called-this");
        await page.getByText("No customer matches “nobody-is-called-this”.").waitFor({ timeout: 20_000 });
        await clearSearch();
        await rowsWith("customer@example.com").waitFor({ timeout: 20_000 });
      },
    },
    {
      name: "Email and IP are required inputs, and an empty one stops the form before anything is sent, with focus on it",
      run: async () => {
        for (const label of ["First name", "Last name", "Email", "IP", "Country", "Zip", "State", "Phone", "Address", "City", "External id"]) {
          const required = (await field(label).getAttribute("required")) !== null;
          assert(required === (label === "Email" || label === "IP"), `${label} is ${required ? "" : "not "}required`);
        }
        const sentBefore = requests.length;
        await fill({ "First name": "Nobody", IP: "10.0.0.9" });
        await button.click();
        await eventually(async () => {
          const email = await textboxAccessibility(page, "Email");
          assert(email.invalid && email.description !== "", `Email is not marked with the browser's message: ${JSON.stringify(email)}`);
        });
        assert((await focused()) === "input Email", `the focus is on ${await focused()}, not on Email`);
        assert((await field("IP").getAttribute("aria-invalid")) === null, "IP, which is filled in, is marked invalid");
        await screenshot("05-email-required");
        await fill({ Email: "not-an-email" });
        await button.click();
        await eventually(async () => assert((await textboxAccessibility(page, "Email")).description.includes("@"), "a malformed email is not explained"));
        assert(requests.length === sentBefore, `the page sent ${requests.length - sentBefore} requests for a form it should have stopped`);
        await fill({ "First name": "", IP: "", Email: "" });
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
        // bePaid's 422 came through the gateway (not the browser's check), and the focus went to the field it names.
        assert(createsFor(requests, email("ada")).length === 1, "the create was not sent to the gateway");
        assert((await focused()) === "input Zip", `the focus is on ${await focused()}, not on Zip`);
        await screenshot("06-zip-invalid");
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
        await screenshot("07-created");
        // bePaid lists it last: loading the list to its end shows it there, once.
        await loadToEnd();
        await countText.filter({ hasText: "All 46 customers" }).waitFor({ timeout: 20_000 });
        const emails = await customerRows.locator("td:nth-child(2)").allInnerTexts();
        assert(emails.length === 46 && emails.at(-1) === email("ada"), `the list ends with ${emails.at(-1)} after ${emails.length} rows`);
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
        await screenshot("08-lookup");
      },
    },
    {
      name: "a double click on Create customer makes exactly one customer",
      run: async () => {
        await fill({ "First name": "Grace", "Last name": "Hopper", Email: email("grace"), IP: "10.0.0.2", Country: "GB", City: "London" });
        await button.dblclick();
        await createdId();
        await screenshot("09-double-click");
        const graces = await customersWithEmail(email("grace"));
        assert(graces === 1, `a search finds ${graces} customers with ${email("grace")}, not one`);
        const keys = new Set(createsFor(requests, email("grace")).map((request) => request.idempotencyKey));
        assert(keys.size === 1 && !keys.has(undefined), `the creates carried keys ${[...keys].join(", ")}`);
      },
    },
    {
      name: "a create whose answer was lost is sent again under the same Idempotency-Key and makes one customer",
      run: async () => {
        // The gateway creates the customer, but the browser never hears back: as a dropped connection.
        let lost = false;
        await page.route(graphqlUrl, async (route) => {
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
        await page.getByRole("alert").filter({ hasText: "sending the same form again will not create the customer twice" }).waitFor({ timeout: 20_000 });
        assert((await focused()).startsWith("alert "), `the focus is on ${await focused()}, not on the alert`);
        assert(lost, "no create answer was dropped");
        await screenshot("10-answer-lost");
        await page.unroute(graphqlUrl);
        await button.click();
        await createdId();
        await screenshot("11-sent-again");
        const linuses = await customersWithEmail(email("linus"));
        assert(linuses === 1, `a search finds ${linuses} customers with ${email("linus")}, not one`);
        const sent = createsFor(requests, email("linus")).map((request) => request.idempotencyKey);
        assert(sent.length >= 2 && new Set(sent).size === 1 && sent[0], `the creates carried keys ${sent.join(", ")}`);
      },
    },
    {
      name: "a create bePaid may or may not have made says, in the alert, to check the list before trying again",
      run: async () => {
        await stubCreateResponse({ code: "UPSTREAM_OUTCOME_UNKNOWN" });
        await fill({ "First name": "Barbara", Email: email("barbara"), IP: "10.0.0.4" });
        await button.click();
        await page.getByRole("alert").filter({ hasText: "check the list before trying again" }).waitFor({ timeout: 20_000 });
        await screenshot("12-outcome-unknown");
      },
    },
    {
      name: "messages on no input of the form, base messages and a rate limit's wait go to the alert",
      run: async () => {
        await stubCreateResponse({
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
        await screenshot("13-base-and-nested");
        await stubCreateResponse({ code: "RATE_LIMITED", retryAfter: 30 });
        await button.click();
        await alert.filter({ hasText: "wait 30 seconds" }).waitFor({ timeout: 20_000 });
        assert((await field("Zip").getAttribute("aria-invalid")) === null, "Zip is still marked invalid");
        // No input to point at: the focus is on the alert, so a keyboard or screen-reader user is where the news is.
        assert((await focused()).startsWith("alert Too many requests"), `the focus is on ${await focused()}, not on the alert`);
        await page.unroute(graphqlUrl);
      },
    },
    {
      name: "a refused call says why in plain words: no token, or documents the gateway does not trust",
      run: async () => {
        const alert = page.getByRole("alert");
        await stubCreateResponse({ code: "UNAUTHENTICATED" });
        await button.click();
        await alert.filter({ hasText: "The gateway asks for a token and this app has none: start npm run example with EXAMPLE_GATEWAY_TOKEN" }).waitFor({ timeout: 20_000 });
        await stubCreateResponse({ code: "PERSISTED_QUERY_NOT_ALLOWED" });
        await button.click();
        await alert.filter({ hasText: "add examples/web/src/gql/persisted-documents.json to its GATEWAY_TRUSTED_DOCUMENTS" }).waitFor({ timeout: 20_000 });
        await screenshot("14-untrusted");
        await page.unroute(graphqlUrl);
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
    {
      name: "with the gateway stopped, the list and the form say it is not running at its URL and how to start it",
      run: async () => {
        await stopGateway();
        const notRunning = `The gateway is not running at ${gatewayUrl}: start it with npm start`;
        await page.getByRole("button", { name: "Reload list", exact: true }).click();
        await page.getByRole("status").filter({ hasText: notRunning }).waitFor({ timeout: 20_000 });
        await fill({ "First name": "Alan", Email: email("alan"), IP: "10.0.0.5" });
        await button.click();
        await page.getByRole("alert").filter({ hasText: notRunning }).waitFor({ timeout: 20_000 });
        assert((await focused()).startsWith(`alert ${notRunning}`), `the focus is on ${await focused()}, not on the alert`);
        assert(!(await page.locator("body").innerText()).includes("could not be reached"), "the page still says only that something could not be reached");
        await screenshot("15-gateway-down");
      },
    },
  ];
}
