import {
  Category,
  DatasetStatus,
  Derivation,
  Grade,
  GrantStatus,
  Jurisdiction,
  Right,
  SECTORS,
  TransferMechanism,
  datasetRegistryAbi,
  grantRegistryAbi,
  hashAlgorithmNames,
  toLabel,
} from "@dpr/sdk";
import { describe, expect, it } from "vitest";
import { hasMessage } from "../i18n/index.js";
import { labelValue } from "./labels.js";

const labelsOf = (members: Record<string, number>) => Object.keys(members).map((name) => toLabel(name));

describe("labels", () => {
  it("has a message for every label the contracts define, so none shows untranslated", () => {
    const groups: [string, string[]][] = [
      ["status", labelsOf(DatasetStatus).filter((l) => l !== "unregistered")],
      ["grantStatus", labelsOf(GrantStatus).filter((l) => l !== "none")],
      ["jurisdiction", labelsOf(Jurisdiction)],
      ["category", labelsOf(Category)],
      ["grade", labelsOf(Grade)],
      ["derivation", labelsOf(Derivation)],
      ["right", labelsOf(Right)],
      ["mechanism", labelsOf(TransferMechanism)],
      ["sector", labelsOf(SECTORS)],
      ["algorithm", [...hashAlgorithmNames]],
    ];
    const missing = groups.flatMap(([group, labels]) => labels.filter((label) => !hasMessage(`${group}.${label}`)).map((label) => `${group}.${label}`));
    expect(missing).toEqual([]);
  });

  it("has a timeline sentence for every event of the dataset and grant registries", () => {
    const events = [...datasetRegistryAbi, ...grantRegistryAbi].filter((item) => item.type === "event").map((item) => item.name);
    expect(events.length).toBeGreaterThan(15);
    // A resolution is told as upheld or dismissed.
    // Some events have one sentence per outcome instead: a dispute upheld or dismissed, a vote for each outcome.
    const variants = (name: string, ...suffixes: string[]) => suffixes.every((suffix) => hasMessage(`event.${name}.${suffix}`));
    const missing = events.filter(
      (name) => !hasMessage(`event.${name}`) && !variants(name, "upheld", "dismissed") && !variants(name, "reject", "newHolder", "revoke", "correct"),
    );
    expect(missing).toEqual([]);
  });

  it("shows a label it has no message for as it is, untranslated", () => {
    expect(labelValue("mechanism", "gba-sc-hk")).toEqual({ kind: "text", message: { key: "mechanism.gba-sc-hk" } });
    expect(labelValue("mechanism", "bilateral-treaty")).toEqual({ kind: "raw", text: "bilateral-treaty" });
  });
});
