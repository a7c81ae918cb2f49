/**
 * Generates the demo's anchored batch: a day of hourly readings from twelve roadside air-quality
 * stations (fictional), one small JSON file per station and hour, in demo/batch/, plus the batch's
 * manifest (demo/batch-manifests/, which the indexer reads) and every file's proof
 * (demo/batch-proofs/, for `dpr verify FILE --proof …`).
 *
 * Run once; the output is committed. It is deterministic (a seeded generator), so running it again
 * rewrites the same bytes, and `--check` says whether the committed files are what it would write.
 *
 *   npx tsx scripts/demo/generate-batch.ts [--check]
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { buildBatch, hashBytes } from "@dpr/sdk";
import { BATCH_DAY, BATCH_MANIFEST_FILE, BATCH_PROOFS_FILE } from "./story.js";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const demoDir = join(repoRoot, "demo");

const STATIONS = [
  { code: "RS01", zh: "东湖大道路口", en: "Donghu Avenue junction", district: "SC01", traffic: 1.3 },
  { code: "RS02", zh: "西岭立交", en: "Xiling interchange", district: "SC02", traffic: 1.5 },
  { code: "RS03", zh: "南港码头路", en: "Nangang Wharf Road", district: "SC03", traffic: 1.1 },
  { code: "RS04", zh: "北苑公园东门", en: "Beiyuan Park east gate", district: "SC04", traffic: 0.6 },
  { code: "RS05", zh: "江心大桥南", en: "Jiangxin Bridge south", district: "SC05", traffic: 1.4 },
  { code: "RS06", zh: "云台隧道口", en: "Yuntai tunnel portal", district: "SC06", traffic: 1.6 },
  { code: "RS07", zh: "火车东站广场", en: "East Railway Station square", district: "SC01", traffic: 1.2 },
  { code: "RS08", zh: "大学城北路", en: "University Town North Road", district: "SC03", traffic: 0.8 },
  { code: "RS09", zh: "科学城中路", en: "Science City Middle Road", district: "SC06", traffic: 0.9 },
  { code: "RS10", zh: "环城高速收费站", en: "Ring Expressway toll plaza", district: "SC02", traffic: 1.7 },
  { code: "RS11", zh: "滨江西路", en: "Riverside West Road", district: "SC05", traffic: 0.7 },
  { code: "RS12", zh: "机场快线站", en: "Airport Express station", district: "SC04", traffic: 1.0 },
] as const;

/** mulberry32: a small seeded generator, so the same readings come out on every run. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const round = (value: number, digits: number) => Number(value.toFixed(digits));

/** The batch's files: path (relative to demo/batch) → content. */
function readings(): Map<string, string> {
  const next = random(20250315);
  const files = new Map<string, string>();
  for (const station of STATIONS) {
    for (let hour = 0; hour < 24; hour++) {
      // Traffic peaks at 08:00 and 18:00; ozone and temperature peak mid-afternoon.
      const rush = Math.exp(-((hour - 8) ** 2) / 4) + Math.exp(-((hour - 18) ** 2) / 5);
      const sun = Math.max(0, Math.sin(((hour - 6) / 14) * Math.PI));
      const noise = () => 0.85 + 0.3 * next();
      const no2 = (18 + 42 * rush * station.traffic) * noise();
      const reading = {
        notice: "FICTIONAL DATA for the DPR demo.",
        station: station.code,
        name: { zh: station.zh, en: station.en },
        district: station.district,
        hour: `${BATCH_DAY}T${String(hour).padStart(2, "0")}:00:00+08:00`,
        pm2_5: round((14 + 22 * rush * station.traffic) * noise(), 1),
        pm10: round((27 + 35 * rush * station.traffic) * noise(), 1),
        no2: round(no2, 1),
        o3: round((24 + 71 * sun - 0.3 * no2) * noise(), 1),
        co: round((0.38 + 0.5 * rush * station.traffic) * noise(), 2),
        temperature_c: round(17.5 + 7.5 * sun + next(), 1),
        humidity_pct: Math.round(84 - 22 * sun + 6 * next()),
        valid_minutes: next() < 0.03 ? 45 : 60,
      };
      files.set(`${station.code}/${BATCH_DAY}T${String(hour).padStart(2, "0")}.json`, `${JSON.stringify(reading)}\n`);
    }
  }
  return files;
}

async function main(): Promise<void> {
  const check = process.argv.includes("--check");
  const files = readings();
  const batch = buildBatch(
    await Promise.all(
      [...files].map(async ([path, text]) => {
        const bytes = new TextEncoder().encode(text);
        return { path, contentHash: await hashBytes(bytes, "sha256"), size: BigInt(bytes.length) };
      }),
    ),
    { algorithm: "sha256" },
  );
  const outputs = new Map<string, string>([
    ...[...files].map(([path, text]) => [join("batch", path), text] as const),
    [BATCH_MANIFEST_FILE, `${JSON.stringify(batch.manifest, null, 2)}\n`],
    [BATCH_PROOFS_FILE, `${JSON.stringify(batch.proofs, null, 2)}\n`],
  ]);

  if (check) {
    const stale = [...outputs].filter(([path, text]) => {
      try {
        return readFileSync(join(demoDir, path), "utf8") !== text;
      } catch {
        return true;
      }
    });
    if (stale.length > 0) {
      console.error(`demo batch: ${stale.length} file(s) differ from what the generator writes, e.g. demo/${stale[0]![0]}`);
      process.exitCode = 1;
    } else {
      console.error(`demo batch: up to date (${files.size} files, root ${batch.root})`);
    }
    return;
  }
  rmSync(join(demoDir, "batch"), { recursive: true, force: true });
  for (const [path, text] of outputs) {
    mkdirSync(dirname(join(demoDir, path)), { recursive: true });
    writeFileSync(join(demoDir, path), text);
  }
  console.error(`demo batch: wrote ${files.size} files, root ${batch.root}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
