import { createHmac } from "node:crypto";
import { type Hex, hexToBytes, keccak256, stringToBytes } from "viem";
import { describe, expect, it } from "vitest";
import { InvalidArgumentError } from "../errors/base.js";
import { legalIdentityHash, normaliseLegalIdentity, parseZoneSecret } from "./legalIdentity.js";

const secret: Hex = `0x${"a7".repeat(32)}`;
const otherSecret: Hex = `0x${"3e".repeat(32)}`;
/** A real-looking unified social credit code: 18 characters from a small alphabet, guessable in bulk. */
const creditCode = "91440101MA59TEST01";

/** The error a promise is rejected with; a test failure when it resolves. */
async function refusal(promise: Promise<unknown>): Promise<InvalidArgumentError> {
  const error = await promise.then(
    (value) => {
      throw new Error(`expected a refusal, got ${String(value)}`);
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InvalidArgumentError);
  return error as InvalidArgumentError;
}

const nodeHmac = (key: Hex, identifier: string): Hex => `0x${createHmac("sha256", hexToBytes(key)).update(identifier, "utf8").digest("hex")}`;

describe("legalIdentityHash", () => {
  it("is HMAC-SHA256 of the normalised identifier under the zone secret, as Node computes it", async () => {
    expect(await legalIdentityHash(creditCode, secret)).toBe(nodeHmac(secret, creditCode));
    // A secret longer than SHA-256's block (64 bytes) is hashed first, as HMAC says.
    const long: Hex = `0x${"0f".repeat(80)}`;
    expect(await legalIdentityHash(creditCode, long)).toBe(nodeHmac(long, creditCode));
    // Non-ASCII identifiers are hashed as UTF-8.
    expect(await legalIdentityHash("香港商業登記12345678", secret)).toBe(nodeHmac(secret, "香港商業登記12345678"));
  });

  it("cannot be reversed by hashing candidates without the secret: the commitment is not the plain keccak", async () => {
    const committed = await legalIdentityHash(creditCode, secret);
    // What the first version put on chain, and what an attacker enumerating codes would compute.
    for (const guess of [keccak256(stringToBytes(creditCode)), keccak256(stringToBytes(creditCode.toLowerCase()))]) {
      expect(committed).not.toBe(guess);
    }
    // Someone with another secret (another zone, or a guessed key) gets another commitment.
    expect(await legalIdentityHash(creditCode, otherSecret)).not.toBe(committed);
    // Neighbouring codes, as an enumeration would try them, all differ from the commitment but the right one.
    const neighbours = Array.from({ length: 100 }, (_, n) => `91440101MA59TEST${String(n).padStart(2, "0")}`);
    const hits = [];
    for (const candidate of neighbours) if ((await legalIdentityHash(candidate, otherSecret)) === committed) hits.push(candidate);
    expect(hits).toEqual([]);
  });

  it("gives one commitment however the identifier was typed", async () => {
    const expected = await legalIdentityHash(creditCode, secret);
    for (const typed of [" 91440101MA59TEST01 ", "91440101ma59test01", "9144-0101-MA59-TEST01", "9144 0101 MA59 TEST01", "９１４４０１０１ＭＡ５９ＴＥＳＴ０１"]) {
      expect(await legalIdentityHash(typed, secret), typed).toBe(expected);
    }
    expect(normaliseLegalIdentity("\t hk-br 1234-5678\n")).toBe("HKBR12345678");
  });

  it("takes a ready 32-byte commitment as it is, without a secret", async () => {
    const ready = `0x${"AB".repeat(32)}`;
    expect(await legalIdentityHash(` ${ready} `)).toBe(ready.toLowerCase());
    expect(await legalIdentityHash(ready, secret)).toBe(ready.toLowerCase());
  });

  it("refuses an identifier without a secret, a short secret and non-hex, never echoing the secret", async () => {
    await expect(legalIdentityHash(creditCode)).rejects.toThrowErrorMatchingInlineSnapshot(`
      [InvalidArgumentError: a legal identifier is committed with the zone secret, and none was given
      Hint: give the zone secret, or the ready 32-byte commitment (0x + 64 hex digits)]
    `);
    await expect(legalIdentityHash(creditCode, "  ")).rejects.toBeInstanceOf(InvalidArgumentError);
    const short = `0x${"be".repeat(31)}`;
    const shortError = await refusal(legalIdentityHash(creditCode, short));
    expect(shortError.message).toMatchInlineSnapshot(`
      "the zone secret is too short: 31 bytes, at least 32 are needed
      Hint: draw it at random, e.g. openssl rand -hex 32"
    `);
    expect(shortError.message).not.toContain("bebebe");
    const notHex = `0x${"zz".repeat(40)}`;
    const notHexError = await refusal(legalIdentityHash(creditCode, notHex));
    expect(notHexError.message).toMatchInlineSnapshot(`
      "the zone secret is not hex
      Hint: give at least 32 bytes as hex (0x…)"
    `);
    expect(notHexError.message).not.toContain("zzzz");
    await expect(legalIdentityHash(" -- ", secret)).rejects.toBeInstanceOf(InvalidArgumentError);
  });

  it("reads a secret as hex with or without 0x, or as bytes", () => {
    const bytes = hexToBytes(secret);
    expect(parseZoneSecret(secret)).toEqual(bytes);
    expect(parseZoneSecret(`${secret.slice(2)}\n`)).toEqual(bytes);
    expect(parseZoneSecret(bytes)).toBe(bytes);
    expect(() => parseZoneSecret(bytes.slice(1))).toThrow(InvalidArgumentError);
  });
});
