import type { Deployment } from "./deployment.js";

/**
 * The JSON text of a deployment record, as `dpr deploy` writes it: pretty-printed, fields in a fixed
 * order, bigints as decimal strings, ending with a newline. {@link parseDeployment} reads it back.
 *
 * @example
 * await writeFile(".dpr/deployment.json", serializeDeployment(deployment))
 */
export function serializeDeployment(deployment: Deployment): string {
  const { contracts } = deployment;
  const document = {
    format: deployment.format,
    chainId: deployment.chainId,
    contracts: {
      directory: contracts.directory,
      datasets: contracts.datasets,
      grants: contracts.grants,
      anchors: contracts.anchors,
      forwarder: contracts.forwarder,
    },
    deploymentBlock: deployment.deploymentBlock.toString(),
    noticePeriod: deployment.noticePeriod.toString(),
    hashAlgorithm: deployment.hashAlgorithm,
    zoneAdmin: deployment.zoneAdmin,
    governance: deployment.governance && {
      safe: deployment.governance.safe,
      timelock: deployment.governance.timelock,
      minDelay: deployment.governance.minDelay.toString(),
    },
    deployedAt: deployment.deployedAt,
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
