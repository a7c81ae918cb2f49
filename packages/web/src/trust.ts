/**
 * The page's trust anchor: which registry it answers for officially, and whether what it reads now is
 * that registry.
 *
 * The official registry is the deployment (chain id and the four contract addresses) and the JSON-RPC
 * endpoint that the server serving the page was started with (`/api/deployment` and `/api/web-config`
 * on the page's own origin), with the indexer's GraphQL API beside them (`/graphql`). A build may pin
 * them instead (`VITE_DPR_DEPLOYMENT_FILE`, `VITE_DPR_RPC_URL`, `VITE_DPR_GRAPHQL_URL`, see
 * vite.config.ts): a pin wins over the server, and a server that names another registry than the pin is
 * itself not official.
 *
 * Anything else the page is told to read — a link's `?rpc=`, `?deployment=`, `?graphql=`, settings saved
 * in the browser — may be used, but is never the official registry, even when the node it names reports
 * the official chain id and answers at the official addresses: any node can put any code there.
 */
import { type Deployment, parseDeployment } from "@dpr/sdk";
import { type ServerSettings, type SettingName, type SettingSource, type Settings, absoluteUrl, defaultSettings } from "./config.js";

/** What makes a registry the one it is: its chain and its four contracts. */
export interface RegistryId {
  chainId: number;
  contracts: Pick<Deployment["contracts"], (typeof contractNames)[number]>;
}

/**
 * The contracts of a registry, in the order the page lists them: those the page reads. The request
 * forwarder is not among them: it only carries signed requests to these, which trust it immutably.
 */
export const contractNames = ["directory", "datasets", "grants", "anchors"] as const satisfies readonly (keyof Deployment["contracts"])[];

export function registryIdOf(deployment: Pick<Deployment, "chainId" | "contracts">): RegistryId {
  const { directory, datasets, grants, anchors } = deployment.contracts;
  return { chainId: deployment.chainId, contracts: { directory, datasets, grants, anchors } };
}

/** Whether two records name the same registry: the same chain id and the same four addresses. */
export function sameRegistry(a: RegistryId, b: RegistryId): boolean {
  return a.chainId === b.chainId && contractNames.every((name) => a.contracts[name].toLowerCase() === b.contracts[name].toLowerCase());
}

/** What a build pins, as vite.config.ts injects it (`__DPR_PIN__`): the record's JSON text and two URLs. */
export interface RawPin {
  deployment: string | null;
  rpcUrl: string | null;
  graphqlUrl: string | null;
}

/** The pinned parts of the official registry (each null when the build pins none). */
export interface Pin {
  deployment: Deployment | null;
  rpcUrl: string | null;
  graphqlUrl: string | null;
}

export const noPin: Readonly<Pin> = { deployment: null, rpcUrl: null, graphqlUrl: null };

declare const __DPR_PIN__: RawPin | undefined;

/** What this build pins (nothing outside a Vite build, e.g. in unit tests). */
export function builtPin(): RawPin | null {
  return typeof __DPR_PIN__ === "undefined" ? null : __DPR_PIN__;
}

/**
 * Reads a build's pin. vite.config.ts already refuses a build with a malformed pin; this checks the
 * record as the page reads every record, and throws `TypeError` naming what is wrong.
 */
export function parsePin(raw: RawPin | null, base: string): Pin {
  if (!raw) return noPin;
  let deployment: Deployment | null = null;
  if (raw.deployment !== null) {
    try {
      deployment = parseDeployment(raw.deployment, { source: "the pinned deployment record" });
    } catch (error) {
      throw new TypeError(`the pinned deployment record is not a DPR deployment record: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return { deployment, rpcUrl: raw.rpcUrl === null ? null : absoluteUrl(raw.rpcUrl, base), graphqlUrl: raw.graphqlUrl === null ? null : absoluteUrl(raw.graphqlUrl, base) };
}

/** The pinned URLs as settings: the values in force where neither the address nor the browser names one. */
export function pinnedSettings(pin: Pin): Partial<Settings> {
  const settings: Partial<Settings> = {};
  if (pin.rpcUrl !== null) settings.rpcUrl = pin.rpcUrl;
  if (pin.graphqlUrl !== null) settings.graphqlUrl = pin.graphqlUrl;
  return settings;
}

/** What the page's own server said its deployment record is (`/api/deployment` on the page's origin). */
export type ServerDeployment = { kind: "given"; url: string; deployment: Deployment } | { kind: "failed"; url: string; details: string };

/** The official registry, absolute URLs throughout. */
export interface Anchor {
  deployment: Deployment;
  /** Where the page reads the official record (its own origin's `/api/deployment`). */
  deploymentUrl: string;
  rpcUrl: string;
  graphqlUrl: string;
  /** Which parts the build pins. */
  pinned: { deployment: boolean; rpcUrl: boolean; graphqlUrl: boolean };
  /**
   * What the server serving the page names where it differs from the pin: it is then not official
   * (null parts agree, or the server did not say).
   */
  serverDisagrees: { deployment: RegistryId | null; rpcUrl: string | null } | null;
}

export type AnchorState =
  /** Asking the page's own server. */
  | { kind: "resolving" }
  | { kind: "known"; anchor: Anchor }
  /**
   * Neither the build nor the page's own server names the official registry: the page has none to
   * compare with. `missing` says which part, `details` why the server could not say.
   */
  | { kind: "unknown"; missing: ("deployment" | "rpcUrl")[]; details: string[] };

/** `/api/deployment` on the page's own origin: the official record, whatever the address says. */
export function officialDeploymentUrl(base: string): string {
  return new URL(defaultSettings.deploymentUrl, new URL(base).origin).toString();
}

/**
 * The official registry from the build's pin and the page's own server: each part pinned, else the
 * server's. The server's `{"rpcUrl": null}` stands for the page's built-in endpoint (what the server's
 * Content-Security-Policy then lets the page read); no answer at all leaves the part unknown.
 *
 * @example
 * resolveAnchor(parsePin(builtPin(), location.href), { deployment, web }, location.href)
 */
export function resolveAnchor(pin: Pin, server: { deployment: ServerDeployment; web: ServerSettings }, base: string): AnchorState {
  const served = server.deployment.kind === "given" ? server.deployment.deployment : null;
  const servedRpc = server.web.kind === "given" ? server.web.settings.rpcUrl! : server.web.kind === "none" ? absoluteUrl(defaultSettings.rpcUrl, base) : null;
  const deployment = pin.deployment ?? served;
  const rpcUrl = pin.rpcUrl ?? servedRpc;
  if (deployment === null || rpcUrl === null) {
    const missing: ("deployment" | "rpcUrl")[] = [];
    const details: string[] = [];
    if (deployment === null) missing.push("deployment");
    if (deployment === null && server.deployment.kind === "failed") details.push(`${server.deployment.url}: ${server.deployment.details}`);
    if (rpcUrl === null) missing.push("rpcUrl");
    if (rpcUrl === null && server.web.kind === "failed") details.push(`${server.web.url}: ${server.web.details}`);
    return { kind: "unknown", missing, details };
  }
  const deploymentDiffers = pin.deployment !== null && served !== null && !sameRegistry(registryIdOf(pin.deployment), registryIdOf(served));
  const rpcDiffers = pin.rpcUrl !== null && servedRpc !== null && servedRpc !== pin.rpcUrl;
  return {
    kind: "known",
    anchor: {
      deployment,
      deploymentUrl: officialDeploymentUrl(base),
      rpcUrl,
      graphqlUrl: pin.graphqlUrl ?? absoluteUrl(defaultSettings.graphqlUrl, base),
      pinned: { deployment: pin.deployment !== null, rpcUrl: pin.rpcUrl !== null, graphqlUrl: pin.graphqlUrl !== null },
      serverDisagrees: deploymentDiffers || rpcDiffers ? { deployment: deploymentDiffers ? registryIdOf(served!) : null, rpcUrl: rpcDiffers ? servedRpc : null } : null,
    },
  };
}

/** What the page reads now. */
export interface InUse {
  settings: Settings;
  sources: Record<SettingName, SettingSource>;
  /** The record the page connected with (loaded, or pinned); null until it is read, or when it cannot be. */
  deployment: RegistryId | null;
}

/** A setting in force that is not the official one. */
export interface Difference {
  setting: SettingName;
  /** Where it came from: the address (not saved), or the browser (saved by the reader's choice). */
  source: SettingSource;
  /** Absolute. */
  used: string;
  official: string;
}

export type Trust =
  | { kind: "resolving" }
  /** No official registry to compare with (see {@link AnchorState}). */
  | { kind: "unknown"; missing: ("deployment" | "rpcUrl")[]; details: string[]; used: UsedRegistry }
  | { kind: "official"; anchor: Anchor; used: UsedRegistry }
  | {
      kind: "other";
      anchor: Anchor;
      used: UsedRegistry;
      differences: Difference[];
      /** The verdicts are not the official registry's: the node or the deployment record is another. */
      otherVerdicts: boolean;
      /** Some of it came from the address and is not saved ("Keep using this registry" would save it). */
      unsaved: boolean;
    };

/** The registry the page reads, as the banner names it. */
export interface UsedRegistry {
  registry: RegistryId | null;
  rpcUrl: string;
  graphqlUrl: string;
  deploymentUrl: string;
}

/**
 * Whether the page reads the official registry. A setting is another registry's when its value is not
 * the official one — the node and the GraphQL API by URL (another node is another registry, whatever it
 * answers), the deployment record by what it names (a copy of the official record elsewhere names the
 * official registry; a record not read yet, elsewhere, is taken for another).
 */
export function evaluateTrust(anchor: AnchorState, inUse: InUse, base: string): Trust {
  const used: UsedRegistry = {
    registry: inUse.deployment,
    rpcUrl: absoluteUrl(inUse.settings.rpcUrl, base),
    graphqlUrl: absoluteUrl(inUse.settings.graphqlUrl, base),
    deploymentUrl: absoluteUrl(inUse.settings.deploymentUrl, base),
  };
  if (anchor.kind === "resolving") return { kind: "resolving" };
  if (anchor.kind === "unknown") return { kind: "unknown", missing: anchor.missing, details: anchor.details, used };
  const official = anchor.anchor;
  const differences: Difference[] = [];
  const differ = (setting: SettingName, value: string) => differences.push({ setting, source: inUse.sources[setting], used: used[setting], official: value });
  if (used.rpcUrl !== official.rpcUrl) differ("rpcUrl", official.rpcUrl);
  const recordIsOfficial = inUse.deployment !== null ? sameRegistry(inUse.deployment, registryIdOf(official.deployment)) : used.deploymentUrl === official.deploymentUrl && !official.pinned.deployment;
  if (!recordIsOfficial) differ("deploymentUrl", official.deploymentUrl);
  if (used.graphqlUrl !== official.graphqlUrl) differ("graphqlUrl", official.graphqlUrl);
  if (differences.length === 0) return { kind: "official", anchor: official, used };
  return {
    kind: "other",
    anchor: official,
    used,
    differences,
    otherVerdicts: differences.some((d) => d.setting !== "graphqlUrl"),
    unsaved: differences.some((d) => d.source === "query"),
  };
}
