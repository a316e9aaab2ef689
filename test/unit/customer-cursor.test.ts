import { describe, expect, it } from "vitest";
import { cursorKey, decodeCursor, encodeCursor } from "../../src/customers/customer-cursor.js";

const SHOP = cursorKey("digest-of-shop-one");
const OTHER = cursorKey("digest-of-shop-two");

describe("customer cursors", () => {
  it("name the customer they were issued for, under the same shop's key", () => {
    const cursor = encodeCursor(SHOP, "cst_5ca4fab9dfc7fcbf");
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(SHOP, cursor)).toBe("cst_5ca4fab9dfc7fcbf");
    expect(decodeCursor(cursorKey("digest-of-shop-one"), cursor)).toBe("cst_5ca4fab9dfc7fcbf");
  });

  it("are the same for the same customer and shop every time, and differ between shops", () => {
    expect(encodeCursor(SHOP, "cst_1")).toBe(encodeCursor(cursorKey("digest-of-shop-one"), "cst_1"));
    expect(encodeCursor(SHOP, "cst_1")).not.toBe(encodeCursor(OTHER, "cst_1"));
  });

  it("are refused under another shop's key", () => {
    expect(decodeCursor(OTHER, encodeCursor(SHOP, "cst_5ca4fab9dfc7fcbf"))).toBeUndefined();
  });

  it("are refused when any character is changed, so no cursor can be made up for another customer", () => {
    const cursor = encodeCursor(SHOP, "cst_5ca4fab9dfc7fcbf");
    for (let index = 0; index < cursor.length; index++) {
      const replaced = cursor[index] === "A" ? "B" : "A";
      expect(decodeCursor(SHOP, `${cursor.slice(0, index)}${replaced}${cursor.slice(index + 1)}`)).toBeUndefined();
    }
  });

  it.each([
    ["an empty string", ""],
    ["text that is not base64url", "not a cursor!"],
    ["base64 with padding", `${encodeCursor(SHOP, "cst_1")}=`],
    ["a MAC with no id", Buffer.alloc(12).toString("base64url")],
    ["a cursor too long to be one", "A".repeat(2000)],
  ])("refuses %s", (_, cursor) => {
    expect(decodeCursor(SHOP, cursor)).toBeUndefined();
  });

  it("carries ids of any characters, up to bePaid's longest", () => {
    for (const id of ["cst_ü", "😀".repeat(255)]) expect(decodeCursor(SHOP, encodeCursor(SHOP, id))).toBe(id);
  });
});
