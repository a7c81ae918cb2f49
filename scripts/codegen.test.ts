import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import * as sdk from "@dpr/sdk";
import { CONTRACTS, generate } from "./codegen.js";

describe("generated SDK files", () => {
  it("match the compiled contracts (run `npm run codegen` when this fails)", () => {
    for (const [name, content] of Object.entries(generate())) {
      const committed = readFileSync(join(__dirname, "../packages/sdk/src/generated", name), "utf8");
      expect(committed, `packages/sdk/src/generated/${name} is stale`).toBe(content);
    }
  });

  it("export an ABI and creation bytecode for every deployable contract", () => {
    for (const name of CONTRACTS) {
      const key = name.charAt(0).toLowerCase() + name.slice(1);
      expect((sdk as Record<string, unknown>)[`${key}Abi`]).toBeInstanceOf(Array);
      expect((sdk as Record<string, unknown>)[`${key}Bytecode`]).toMatch(/^0x[0-9a-f]{200,}$/);
    }
  });

  it("mirror the Solidity enumerations member for member", () => {
    expect(sdk.Jurisdiction).toEqual({
      GZ: 0,
      HK: 1,
      MO: 2,
      MAINLAND_OTHER: 3,
      OTHER: 4,
      SHENZHEN: 5,
      ZHUHAI: 6,
      FOSHAN: 7,
      HUIZHOU: 8,
      DONGGUAN: 9,
      ZHONGSHAN: 10,
      JIANGMEN: 11,
      ZHAOQING: 12,
    });
    expect(sdk.Role).toEqual({ HOLDER: 0, REGISTRAR: 1, REGULATOR: 2, AUDITOR: 3 });
    expect(sdk.Grade).toEqual({ GENERAL: 0, IMPORTANT: 1, CORE: 2 });
    expect(Object.keys(sdk.TransferMechanism)).toEqual([
      "NONE",
      "GBA_SC_HK",
      "GBA_SC_MO",
      "STANDARD_CONTRACT",
      "CERTIFICATION",
      "SECURITY_ASSESSMENT",
      "EXEMPT",
    ]);
  });
});
