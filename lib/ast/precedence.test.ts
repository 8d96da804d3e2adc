import { describe, expect, it } from "vitest";
import { binaryOperandPrec, Prec, precedenceOf } from "./precedence.js";

describe("precedence", () => {
  it("orders application above negation and negation above ?", () => {
    expect(Prec.apply).toBeGreaterThan(Prec.negate);
    expect(Prec.negate).toBeGreaterThan(Prec.hasAttr);
  });
  it("makes -> right-associative and + left-associative", () => {
    expect(binaryOperandPrec("->", "right")).toBe(Prec.implies);
    expect(binaryOperandPrec("->", "left")).toBe(Prec.implies + 1);
    expect(binaryOperandPrec("+", "left")).toBe(Prec.additive);
    expect(binaryOperandPrec("+", "right")).toBe(Prec.additive + 1);
  });
  it("treats == as non-associative", () => {
    expect(binaryOperandPrec("==", "left")).toBe(Prec.equality + 1);
  });
  it("classifies open-ended expressions lowest", () => {
    expect(
      precedenceOf({
        type: "lambda",
        param: { type: "identParam", name: "x" },
        body: { type: "ident", name: "x" },
      }),
    ).toBe(Prec.open);
  });
});
