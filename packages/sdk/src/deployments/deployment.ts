import type { Account, Address, Chain, PublicClient, Transport, WalletClient } from "viem";
import type { DprContracts } from "../actions/deployContracts.js";
import type { HashAlgorithmName } from "../hashing/algorithms.js";

/** The default location of the deployment record, relative to the working directory. */
export const defaultDeploymentPath = ".dpr/deployment.json";

/**
 * Where a DPR deployment lives: what `dpr deploy` writes and every other command reads
 * (`--deployment`, `DPR_DEPLOYMENT`, default `.dpr/deployment.json`).
 */
export interface Deployment {
  format: "dpr-deployment/1";
  chainId: number;
  contracts: DprContracts;
  /** The block of the first deployment transaction: where history starts. */
  deploymentBlock: bigint;
  /** The notice period the dataset registry was deployed with, in seconds. */
  noticePeriod: bigint;
  /**
   * The hash algorithm of every registration (fixed at deployment). Records written before it was recorded
   * lack it; read it from the registry then (`getHashAlgorithm`).
   */
  hashAlgorithm?: HashAlgorithmName | undefined;
  /** The zone admin at deployment time. */
  zoneAdmin: Address;
  /**
   * The zone's governance when the zone admin is a timelocked multisig (`dpr deploy --governance-owners`):
   * the Safe that proposes, the timelock that holds the admin role, and its minimum delay in seconds.
   */
  governance?: DeploymentGovernance | undefined;
  /** ISO 8601 time of the deployment. */
  deployedAt: string;
}

/** A zone's multisig and timelock, as the deployment record keeps them. */
export interface DeploymentGovernance {
  safe: Address;
  timelock: Address;
  minDelay: bigint;
}

/**
 * What every SDK action needs: a public client for reads, a wallet client for writes (with an
 * account), and the deployment's contract addresses.
 */
export interface DprContext {
  publicClient: PublicClient<Transport, Chain | undefined>;
  walletClient?: WalletClient<Transport, Chain | undefined, Account> | undefined;
  deployment: Deployment;
}
