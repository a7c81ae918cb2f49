/** The SDK's parts that `dpr verify` loads on demand (see files.ts): the chain's verdict and the notice clock. */
export { noticeClock, verifyContent } from "@dpr/sdk";
