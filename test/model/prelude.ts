/**
 * The state every random sequence starts from, so that short sequences already reach grants:
 * D1-D6 confirmed and past their notice period (general GZ data of `holder`, important data of
 * `holder2`, personal data held in Hong Kong by `holderHK`, general mainland data of `mainlandOther`,
 * general data held in Shenzhen by `holderSZ`, personal data of `holder` derived from D1), G1 active
 * (D1 to holder2), G2 and G3 awaiting the regulator under the GBA standard contract (D3 from Hong Kong
 * to `holder` in GZ; D5 from Shenzhen, a GBA city other than GZ, to `holderHK`), D7 disputed (general
 * data of `holder`, objected to by `holder2`), D8 in its notice period (general data of `holder2`) and
 * D9 pending (important personal data held in Macao by `holderMO`).
 *
 * It runs once on chain inside the fixture (checked against the model like any step) and is replayed
 * on a fresh model at the start of every sequence.
 */
import { type Hex, zeroHash } from "viem";
import { Category, Derivation, Grade, Jurisdiction, NO_BORDER_CONDITIONS, Right, TransferMechanism } from "@dpr/sdk";
import { h } from "../helpers/dpr.js";
import type { Name } from "./cast.js";
import { type Command, type Context, confirmCommand, grantCommand, objectCommand, registerCommand } from "./commands.js";
import { type RegistrationInput, datasetIdOf } from "./rules.js";

function registration(label: string, r: Partial<RegistrationInput>): RegistrationInput {
  return {
    algorithm: 0,
    contentHash: h(`model:prelude:${label}`),
    metadataHash: h(`model:prelude:metadata:${label}`),
    metadataURI: "",
    category: Category.PUBLIC,
    grade: Grade.GENERAL,
    containsPersonalData: false,
    sector: 5,
    jurisdiction: Jurisdiction.GZ,
    versionOf: zeroHash,
    parents: [],
    borderConditions: NO_BORDER_CONDITIONS,
    ...r,
  };
}

const EVIDENCE = {
  contractHash: h("model:evidence:contract"),
  impactAssessmentHash: h("model:evidence:impact-assessment"),
  consentRecordsRoot: h("model:evidence:consent"),
  filingRef: h("model:evidence:filing"),
};

/** The prelude's steps, each built when it runs (its text names datasets by the labels given so far). */
export function prelude(ctx: Context): (() => Command)[] {
  const a = (name: Name) => ctx.accounts[name];
  const regs = {
    general: registration("general", {}),
    important: registration("important", { grade: Grade.IMPORTANT, category: Category.ENTERPRISE }),
    personalHK: registration("personal-hk", {
      category: Category.PERSONAL,
      containsPersonalData: true,
      jurisdiction: Jurisdiction.HK,
    }),
    // Not open: every grant on it is refused by its border conditions.
    mainland: registration("mainland", {
      category: Category.ENTERPRISE,
      jurisdiction: Jurisdiction.MAINLAND_OTHER,
      borderConditions: { openness: 3, rights: 0, regions: 0, purposeClasses: 0, maxTerm: 0 },
    }),
    disputed: registration("disputed", { sector: 1 }),
    // Disputed while still in review (no confirmation yet): a decision returns it to review.
    disputedInReview: registration("disputed-in-review", { sector: 4 }),
    // Conditional, processing/use only, its own region, purpose classes 0-2, two days at most.
    inNotice: registration("in-notice", {
      sector: 2,
      borderConditions: { openness: 2, rights: 0b010, regions: 0, purposeClasses: 0b111, maxTerm: 2 * 86_400 },
    }),
    pending: registration("pending", {
      grade: Grade.IMPORTANT,
      category: Category.PERSONAL,
      containsPersonalData: true,
      jurisdiction: Jurisdiction.MO,
    }),
    // Open to the GBA for processing/use and product operation, purpose classes 0-2, 120 days at most.
    shenzhen: registration("shenzhen", {
      jurisdiction: Jurisdiction.SHENZHEN,
      borderConditions: { openness: 1, rights: 0b110, regions: 1, purposeClasses: 0b111, maxTerm: 120 * 86_400 },
    }),
  };
  const id = (r: RegistrationInput): Hex => datasetIdOf(r.algorithm, r.contentHash);
  const derived = registration("derived", {
    category: Category.PERSONAL,
    containsPersonalData: true,
    parents: [{ datasetId: id(regs.general), derivation: Derivation.AGGREGATION }],
  });
  const grant = (dataset: RegistrationInput, grantee: Name, mechanism: TransferMechanism, expiresIn: bigint) => () => {
    const t = ctx.now + 1n;
    return grantCommand(ctx, a(ctx.nameOf(ctx.model.dataset(id(dataset))!.holder) as Name), {
      datasetId: id(dataset),
      grantee: a(grantee),
      terms: {
        right: Right.PROCESSING_USE,
        purposeCode: 1,
        purposeHash: h("model:purpose"),
        scopeHash: h("model:scope"),
        startsAt: 0,
        expiresAt: expiresIn === 0n ? 0 : Number(t + expiresIn),
        termsHash: h("model:terms"),
        mechanism,
        evidence: EVIDENCE,
      },
    });
  };
  return [
    () => registerCommand(ctx, a("holder"), regs.general),
    () => registerCommand(ctx, a("holder2"), regs.important),
    () => registerCommand(ctx, a("holderHK"), regs.personalHK),
    () => registerCommand(ctx, a("mainlandOther"), regs.mainland),
    () => registerCommand(ctx, a("holderSZ"), regs.shenzhen),
    () => confirmCommand(ctx, a("registrar"), id(regs.general)),
    () => confirmCommand(ctx, a("registrar"), id(regs.important)),
    () => confirmCommand(ctx, a("registrar2"), id(regs.important)),
    () => confirmCommand(ctx, a("registrar2"), id(regs.personalHK)),
    () => confirmCommand(ctx, a("cdo"), id(regs.personalHK)),
    () => confirmCommand(ctx, a("registrar"), id(regs.mainland)),
    () => confirmCommand(ctx, a("registrar2"), id(regs.shenzhen)),
    // Derivation needs a confirmed parent: D1 leaves its notice period first.
    () => ({ kind: "advance", text: "advance past the notice period", to: ctx.now + ctx.model.noticePeriod }),
    () => registerCommand(ctx, a("holder"), derived),
    () => confirmCommand(ctx, a("registrar"), id(derived)),
    () => confirmCommand(ctx, a("registrar2"), id(derived)),
    () => ({ kind: "advance", text: "advance past the notice period", to: ctx.now + ctx.model.noticePeriod }),
    grant(regs.general, "holder2", TransferMechanism.NONE, 0n),
    grant(regs.personalHK, "holder", TransferMechanism.GBA_SC_HK, 90n * 86_400n),
    grant(regs.shenzhen, "holderHK", TransferMechanism.GBA_SC_HK, 90n * 86_400n),
    () => registerCommand(ctx, a("holder"), regs.disputed),
    () => confirmCommand(ctx, a("registrar"), id(regs.disputed)),
    () => objectCommand(ctx, a("holder2"), id(regs.disputed), h("model:evidence:prelude")),
    () => registerCommand(ctx, a("holder2"), regs.disputedInReview),
    () => objectCommand(ctx, a("holder"), id(regs.disputedInReview), h("model:evidence:prelude-in-review")),
    () => registerCommand(ctx, a("holder2"), regs.inNotice),
    () => confirmCommand(ctx, a("registrar"), id(regs.inNotice)),
    () => registerCommand(ctx, a("holderMO"), regs.pending),
  ];
}
