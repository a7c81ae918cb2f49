#!/usr/bin/env bash
# CI's second pass on another Node.js line (issue 14): the unit and end-to-end suites of the SDK, the CLI
# and the indexer once more, on Node 24 by default. That Node comes from the npm registry's `node` package
# (its install script fetches the matching `node-<platform>` package from the registry too: no other
# download), installed into a scratch folder outside the repository. The repository's node_modules stay
# those the machine's npm installed: what runs here is what a user who upgrades Node without reinstalling
# runs. The native parts are N-API (Hardhat's EDR, keccak) or plain executables (esbuild, anvil), so they
# load on any line; a preflight says so before the tests start, and `node` is first on PATH, so that
# npx, vitest's workers, `hardhat node`, anvil's wrapper and the `dpr` programs the tests spawn all run
# on it.
#
#   scripts/ci/second-node.sh [MAJOR]     e.g. `scripts/ci/second-node.sh 22`; default 24
#
# DPR_SECOND_NODE_DIR names the scratch folder (default: $TMPDIR/dpr-node<MAJOR>, kept between runs and
# reinstalled only when it holds no Node of that line). PostgreSQL is used as by `npm test`
# (DPR_TEST_POSTGRES_URL, and CI=true makes its tests fail rather than skip without a server).
set -euo pipefail
cd "$(dirname "$0")/../.."

major="${1:-24}"
[[ "$major" =~ ^[0-9]+$ ]] || { echo "usage: $0 [MAJOR]  (a Node.js major version, e.g. 24)" >&2; exit 2; }
dir="${DPR_SECOND_NODE_DIR:-${TMPDIR:-/tmp}/dpr-node$major}"
bin="$dir/node_modules/node/bin"

if ! [[ -x "$bin/node" && "$("$bin/node" --version)" == "v$major."* ]]; then
  echo "== node@$major from the npm registry into $dir"
  rm -rf "$dir"
  mkdir -p "$dir"
  npm install --prefix "$dir" --no-audit --no-fund --no-package-lock --loglevel=error "node@$major"
fi
export PATH="$bin:$PATH"
echo "== second pass on node $(node --version) (npm $(npm --version)), with the node_modules installed before"

# A clean install on this line warns about no engine (a dry run: node_modules stay as they are).
install="$(npm ci --dry-run --ignore-scripts --no-audit --no-fund 2>&1)"
if grep -q EBADENGINE <<<"$install"; then
  echo "$install" >&2
  echo "npm ci on node $(node --version) warns that a package does not support it (EBADENGINE above)" >&2
  exit 1
fi

# The native parts, loaded by this Node: a clear message here rather than a puzzling test failure.
node -e '
  require("@nomicfoundation/edr");
  if (typeof require("keccak/bindings") !== "function") throw new Error("keccak: the native add-on did not load");
  const esbuild = require("esbuild");
  esbuild.transformSync("let a = 1");
  console.log(`Hardhat EDR, keccak (N-API) and esbuild ${esbuild.version} run on ${process.version}`);
'
anvil_version="$(node_modules/.bin/anvil --version)"
echo "${anvil_version%%$'\n'*}"

# The SDK, the CLI and the indexer: their unit tests, the end-to-end flows that run only them, and their
# tarballs installed and used outside the repository on this line (the page's browser tests, `npm start`,
# the benchmarks and the contract tests stay with the first pass).
npx vitest run \
  packages/sdk packages/cli packages/indexer \
  test/e2e/cli-story.test.ts test/e2e/graphql-docs.test.ts test/e2e/index-equals-chain.test.ts \
  test/e2e/packages.test.ts test/e2e/delegation.test.ts test/e2e/remote-signer.test.ts test/e2e/governance.test.ts test/e2e/organisations.test.ts
