/**
 * Aggregate statistics at a block, in one statement: totals and GROUP BY counts, with the clock-based
 * statuses computed at the block's time like everywhere else.
 */
import { SECTORS } from "@dpr/sdk";
import type { RunSql } from "./loaders.js";
import { type At, Params, visibleAt } from "./sql.js";

export interface Count {
  key: string;
  count: number;
}

export interface Stats {
  datasets: number;
  participants: number;
  grants: number;
  anchors: number;
  anchoredFiles: string;
  events: number;
  datasetsBySector: Count[];
  datasetsByCategory: Count[];
  datasetsByGrade: Count[];
  datasetsByJurisdiction: Count[];
  datasetsByStatus: Count[];
  grantsByRight: Count[];
  grantsByMechanism: Count[];
  grantsByStatus: Count[];
  participantsByJurisdiction: Count[];
}

const sectorLabels = new Map<string, string>(Object.entries(SECTORS).map(([name, code]) => [String(code), name.toLowerCase()]));

/** A sector's label (`health`), or its code as text for a sector the SDK does not name yet. */
export function sectorLabel(code: number): string {
  return sectorLabels.get(String(code)) ?? String(code);
}

export async function stats(run: RunSql, at: At): Promise<Stats> {
  const p = new Params();
  const asOf = p.add(at.asOf, "int8");
  const datasets = `(select t.* from datasets t where ${visibleAt("versioned", "t", p, at)})`;
  const grants = `(select t.* from grants t where ${visibleAt("versioned", "t", p, at)})`;
  // Participants now: an account the onboarding office removed is not one.
  const participants = `(select t.* from participants t where ${visibleAt("versioned", "t", p, at)} and t.removed_block is null)`;
  const anchors = `(select t.* from anchors t where ${visibleAt("appended", "t", p, at)})`;
  const events = `(select t.block_number from events t where ${visibleAt("appended", "t", p, at)})`;
  const group = (name: string, source: string, key: string) => `select '${name}' as g, (${key})::text as key, count(*)::int8 as n from ${source} t group by 2`;
  const rows = await run<{ g: string; key: string; n: number }>(
    [
      `select 'total:datasets' as g, null as key, count(*)::int8 as n from ${datasets} t`,
      `select 'total:participants', null, count(*)::int8 from ${participants} t`,
      `select 'total:grants', null, count(*)::int8 from ${grants} t`,
      `select 'total:anchors', null, count(*)::int8 from ${anchors} t`,
      `select 'total:anchoredFiles', coalesce(sum(t.leaf_count), 0)::text, 0::int8 from ${anchors} t`,
      `select 'total:events', null, count(*)::int8 from ${events} t`,
      group("datasetsBySector", datasets, "t.sector"),
      group("datasetsByCategory", datasets, "t.category"),
      group("datasetsByGrade", datasets, "t.grade"),
      group("datasetsByJurisdiction", datasets, "t.jurisdiction"),
      group("datasetsByStatus", datasets, `dpr_dataset_status(t.stage, t.frozen, t.notice_ends_at, ${asOf})`),
      group("grantsByRight", grants, 't."right"'),
      group("grantsByMechanism", grants, "t.mechanism"),
      group("grantsByStatus", grants, `dpr_grant_status(t.state, t.starts_at, t.expires_at, ${asOf})`),
      group("participantsByJurisdiction", participants, "t.jurisdiction"),
    ].join("\nunion all\n"),
    p.values,
  );
  const total = (name: string) => rows.find((row) => row.g === `total:${name}`);
  const counts = (name: string, label: (key: string) => string = (key) => key): Count[] =>
    rows
      .filter((row) => row.g === name)
      .map((row) => ({ key: label(row.key), count: row.n }))
      .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
  return {
    datasets: total("datasets")?.n ?? 0,
    participants: total("participants")?.n ?? 0,
    grants: total("grants")?.n ?? 0,
    anchors: total("anchors")?.n ?? 0,
    anchoredFiles: total("anchoredFiles")?.key ?? "0",
    events: total("events")?.n ?? 0,
    datasetsBySector: counts("datasetsBySector", (key) => sectorLabel(Number(key))),
    datasetsByCategory: counts("datasetsByCategory"),
    datasetsByGrade: counts("datasetsByGrade"),
    datasetsByJurisdiction: counts("datasetsByJurisdiction"),
    datasetsByStatus: counts("datasetsByStatus"),
    grantsByRight: counts("grantsByRight"),
    grantsByMechanism: counts("grantsByMechanism"),
    grantsByStatus: counts("grantsByStatus"),
    participantsByJurisdiction: counts("participantsByJurisdiction"),
  };
}
