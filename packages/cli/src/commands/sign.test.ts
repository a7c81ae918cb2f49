import * as sdk from "@dpr/sdk";
import { describe, expect, it } from "vitest";
import { namedArguments, readable } from "./sign.js";

describe("what dpr sign and dpr submit print of a call", () => {
  it("names a registration's enumerations and its border conditions in the words of dpr conditions show", () => {
    const borderConditions = sdk.parseBorderConditions({ openness: "conditional", rights: ["processing-use"], granteeRegions: "gba", purposes: [110, 201], maxTermSeconds: 86_400 });
    const args = namedArguments(sdk, "datasets", "register", [{ category: 1, grade: 0, jurisdiction: 0, sector: 5, borderConditions }]);
    expect(args).toEqual({
      registration: {
        category: sdk.categoryName(1),
        grade: sdk.gradeName(0),
        jurisdiction: sdk.jurisdictionName(0),
        sector: sdk.sectorName(5),
        borderConditions: { openness: "conditional", rights: ["processing-use"], granteeRegions: "gba", purposeClasses: [100, 200], maxTermSeconds: 86_400 },
      },
    });
  });

  it("shows values this SDK does not know as the numbers the chain holds", () => {
    const unknown = { openness: 9, rights: 0, regions: 0, purposeClasses: 0, maxTerm: 0 };
    expect(readable(sdk, { conditions: unknown })).toEqual({ conditions: unknown });
    expect(readable(sdk, { grade: 99 })).toEqual({ grade: 99 });
  });
});
