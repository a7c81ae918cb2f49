import { type AdminProposal, jsonSafe } from "./proposal.js";

/**
 * The JSON text of a proposal file: pretty-printed, ending with a newline. `parseAdminProposal`
 * reads it back.
 *
 * @example
 * await writeFile("onboard.json", serializeAdminProposal(proposal))
 */
export function serializeAdminProposal(proposal: AdminProposal): string {
  return `${JSON.stringify(jsonSafe(proposal), null, 2)}\n`;
}
