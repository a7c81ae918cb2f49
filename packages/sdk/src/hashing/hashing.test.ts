import { describe, expect, it } from "vitest";
import { hashAlgorithmName, hashAlgorithmOf } from "./algorithms.js";
import { hashBytes, hashStream } from "./hashStream.js";

const utf8 = (s: string) => new TextEncoder().encode(s);

describe("content hashing (browser-safe)", () => {
  // FIPS 180-2 appendix B, and GB/T 32905-2016 appendix A.
  it.each([
    ["sha256", "", "0xe3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"],
    ["sha256", "abc", "0xba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"],
    [
      "sha256",
      "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
      "0x248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
    ],
    ["sm3", "abc", "0x66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"],
    ["sm3", "abcd".repeat(16), "0xdebe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732"],
    ["keccak256", "", "0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"],
  ] as const)("%s of %j matches the published vector", async (algorithm, input, expected) => {
    expect(await hashBytes(utf8(input), algorithm)).toBe(expected);
  });

  it("gives the same digest however the input is chunked, and counts the bytes", async () => {
    const data = new Uint8Array(1_000_003).map((_, i) => (i * 31) & 0xff);
    const whole = await hashBytes(data, "sm3");
    async function* chunks() {
      for (let i = 0; i < data.length; i += 65_537) yield data.subarray(i, i + 65_537);
    }
    const progress: number[] = [];
    const streamed = await hashStream(chunks(), { algorithm: "sm3", onProgress: (n) => progress.push(n) });
    expect(streamed).toEqual({ hash: whole, size: data.length });
    expect(progress.at(-1)).toBe(data.length);
    expect(progress.length).toBe(Math.ceil(data.length / 65_537));
  });

  it("reads web ReadableStreams", async () => {
    const stream = new Blob([utf8("ab"), utf8("c")]).stream();
    expect((await hashStream(stream)).hash).toBe("0xba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });

  it("names algorithms both ways and refuses unknown names", () => {
    expect(hashAlgorithmOf("SHA-256")).toBe(0);
    expect(hashAlgorithmOf("sm3")).toBe(1);
    expect(hashAlgorithmName(2)).toBe("keccak256");
    expect(() => hashAlgorithmOf("md5")).toThrowErrorMatchingInlineSnapshot(`
      [InvalidHashError: unknown hash algorithm "md5"
      Hint: use one of: sha256, sm3, keccak256]
    `);
  });
});
