/**
 * Test support: one dataset with many of everything a dataset lists — versions, confirmations,
 * objections, transfers, children and grandchildren — an organisation of many accounts, and a content
 * hash listed in many anchored files, several of each per block (so a cursor over a key that repeats
 * must neither skip nor repeat a row), with ids whose order is not the chain's (so a list that should
 * be in chain order but breaks ties by id shows).
 *
 * `writeCrowd` answers each nested list's items in the order the API gives them, each with the block it
 * appears at, so a test can say what any block's state holds. Checkpoint at block 60.
 */
import type { Queryable } from "../../store/db.js";
import { FixtureWriter, address, blockTime, hash, pendingDatasetRow } from "./writer.js";

export const CROWD_CHECKPOINT = 60;

/** An item of a nested list and the block it appears at. */
export interface CrowdItem {
  key: string;
  block: number;
}

const ORGANISATION = address(0xc0de);
const OTHER_ORGANISATION = address(0xd00d);
/** The 12 accounts of the organisation, 4 added per block from block 1, ids not in the order added. */
const ACCOUNTS = Array.from({ length: 12 }, (_, i) => ({ id: address(0x3000 + ((i * 5) % 12)), block: 1 + Math.floor(i / 4) }));
const OWNER = ACCOUNTS[0]!.id;
const ROOT = hash("crowd root");
const SHARED_CONTENT = hash("crowd shared content");

const byKeys = <T>(items: T[], ...keys: ((item: T) => number | string)[]): T[] =>
  [...items].sort((a, b) => {
    for (const key of keys) {
      const [x, y] = [key(a), key(b)];
      if (x !== y) return x < y ? -1 : 1;
    }
    return 0;
  });

const versions = Array.from({ length: 25 }, (_, k) => ({ id: k === 0 ? ROOT : hash(`crowd version ${k + 1}`), version: k + 1, block: k === 0 ? 4 : 5 + Math.floor((k - 1) / 4) }));
const children = Array.from({ length: 40 }, (_, i) => ({ id: hash(`crowd child ${i}`), block: 32 + Math.floor(i / 8) }));
const grandchildren = Array.from({ length: 10 }, (_, i) => ({ id: hash(`crowd grandchild ${i}`), parent: children[i]!.id, block: 37 }));
const anchors = [40, 41, 41, 42, 43].map((block, a) => ({ id: hash(`crowd anchor ${a}`), block }));

/** What the fixture holds, in the API's order. */
export interface Crowd {
  root: string;
  sharedContent: string;
  owner: string;
  /** The owner's organisation's other accounts: by block added, then id. */
  organisationAccounts: CrowdItem[];
  /** The root's series, oldest version first (the root is version 1). */
  versions: CrowdItem[];
  /** 30 confirmations of the root, 5 a block from block 11. */
  confirmations: CrowdItem[];
  /** 12 objections to the root, 3 a block from block 17; those at even positions are resolved at block 30. */
  objections: (CrowdItem & { resolvedAt: number | null })[];
  /** 9 transfers of the root, 3 a block from block 21, each cancelled at block 31. */
  transfers: CrowdItem[];
  /** The root's 40 children, 8 a block from block 32, in chain order (not their ids' order). */
  children: CrowdItem[];
  /** The lineage down from the root, two generations (`<depth> <child id>`): nearest first, then in chain order. */
  lineageDown: CrowdItem[];
  /** Files listing the shared content (`<batch> <path>`): 3 in each of 5 batches, oldest batch first, then batch id, then path. */
  anchoredIn: CrowdItem[];
}

/** The lists whose keys do not depend on event ids. */
const planned = {
  root: ROOT,
  sharedContent: SHARED_CONTENT,
  owner: OWNER,
  organisationAccounts: byKeys(
    ACCOUNTS.slice(1).map((a) => ({ key: a.id, block: a.block })),
    (a) => a.block,
    (a) => a.key,
  ),
  versions: versions.map((v) => ({ key: v.id, block: v.block })),
  children: children.map((c) => ({ key: c.id, block: c.block })),
  lineageDown: [...children.map((c) => ({ key: `1 ${c.id}`, block: c.block })), ...grandchildren.map((g) => ({ key: `2 ${g.id}`, block: g.block }))],
  anchoredIn: byKeys(
    anchors.flatMap((a) => [2, 0, 1].map((f) => ({ key: `${a.id} crowd/${f}.bin`, block: a.block, anchor: a.id }))),
    (f) => f.block,
    (f) => f.anchor,
    (f) => f.key,
  ).map(({ key, block }) => ({ key, block })),
};

/** Writes the crowd into an empty, migrated database; answers what it wrote. */
export async function writeCrowd(db: Queryable): Promise<Crowd> {
  const w = new FixtureWriter(db);
  const crowd: Crowd = { ...planned, confirmations: [], objections: [], transfers: [] };
  const admin = address(0xad);

  const participant = (id: string, organisation: string, block: number) => {
    w.event(block, "ParticipantAdded", { contract: "directory", actor: admin, participant: id, args: { account: id, organisation } });
    w.create(
      "participants",
      {
        id,
        organisation,
        jurisdiction: "gz",
        roles: ["holder", "registrar"],
        roles_mask: 3,
        legal_id_hash: hash(`legal ${id}`),
        metadata_uri: `ipfs://${id}`,
        suspended: false,
        added_by: admin,
        added_at: blockTime(block),
        added_block: block,
        updated_at: blockTime(block),
        updated_block: block,
      },
      block,
    );
  };
  for (const account of ACCOUNTS) participant(account.id, ORGANISATION, account.block);
  participant(address(0x4000), OTHER_ORGANISATION, 1);

  const dataset = (id: string, block: number, fields: { series?: string; version?: number; versionOf?: string | null; contentHash?: string } = {}) => {
    const { tx } = w.event(block, "DatasetRegistered", { contract: "datasets", actor: OWNER, dataset: id, args: { datasetId: id } });
    w.create(
      "datasets",
      pendingDatasetRow(block, tx, {
        id,
        series_id: fields.series ?? id,
        version_of: fields.versionOf ?? null,
        version: fields.version ?? 1,
        holder: OWNER,
        algorithm: "sha256",
        content_hash: fields.contentHash ?? hash(`content of ${id}`),
        metadata_hash: hash(`metadata of ${id}`),
        metadata_uri: `https://catalogue.example/crowd/${id}.json`,
        category: "public",
        grade: "general",
        contains_personal_data: false,
        sector: 1,
        jurisdiction: "gz",
        required_confirmations: 1,
      }),
      block,
    );
  };

  // The series: the root, then 24 versions, each superseding the one before.
  for (const [k, v] of versions.entries()) {
    if (k === 0) {
      dataset(ROOT, v.block, { contentHash: SHARED_CONTENT });
      continue;
    }
    const previous = versions[k - 1]!;
    w.update("datasets", previous.id, v.block, { superseded: true, superseded_by: v.id, updated_at: blockTime(v.block), updated_block: v.block });
    dataset(v.id, v.block, { series: ROOT, version: v.version, versionOf: previous.id });
  }

  for (let i = 0; i < 30; i++) {
    const block = 11 + Math.floor(i / 5);
    const registrar = ACCOUNTS[i % ACCOUNTS.length]!.id;
    const { id, tx } = w.event(block, "DatasetConfirmed", { contract: "datasets", actor: registrar, dataset: ROOT, args: { datasetId: ROOT } });
    w.insert("confirmations", {
      id,
      dataset_id: ROOT,
      registrar,
      confirmations: i + 1,
      required_confirmations: 1,
      notice_ends_at: null,
      timestamp: blockTime(block),
      block_number: block,
      tx_hash: tx,
    });
    crowd.confirmations.push({ key: id, block });
  }

  for (let i = 0; i < 12; i++) {
    const block = 17 + Math.floor(i / 3);
    const objector = ACCOUNTS[i % ACCOUNTS.length]!.id;
    const { id, tx } = w.event(block, "DatasetObjected", { contract: "datasets", actor: objector, dataset: ROOT, args: { datasetId: ROOT } });
    const evidence = { objector, evidence_hash: hash(`evidence ${i}`), timestamp: blockTime(block), block_number: block, tx_hash: tx };
    w.create("objections", { id, dataset_id: ROOT, ...evidence, resolved: false, resolver: null, upheld: null, decision_hash: null, outcome_status: null, previous_holder: null, new_holder: null, resolved_at: null, resolved_block: null }, block);
    crowd.objections.push({ key: id, block, resolvedAt: i % 2 === 0 ? 30 : null });
  }
  for (const objection of crowd.objections.filter((o) => o.resolvedAt !== null)) {
    w.event(30, "DatasetDisputeResolved", { contract: "datasets", actor: admin, dataset: ROOT, args: { datasetId: ROOT } });
    w.update("objections", objection.key, 30, {
      resolved: true,
      resolver: admin,
      upheld: false,
      decision_hash: hash(`decision ${objection.key}`),
      outcome_status: "confirmed",
      previous_holder: OWNER,
      new_holder: OWNER,
      resolved_at: blockTime(30),
      resolved_block: 30,
    });
  }

  for (let i = 0; i < 9; i++) {
    const block = 21 + Math.floor(i / 3);
    const to = ACCOUNTS[1 + i]!.id;
    const { id } = w.event(block, "DatasetTransferRequested", { contract: "datasets", actor: OWNER, dataset: ROOT, args: { datasetId: ROOT, to } });
    w.create("transfers", { id, dataset_id: ROOT, from_holder: OWNER, to_holder: to, status: "requested", registrar: null, requested_at: blockTime(block), requested_block: block, closed_at: null, closed_block: null }, block);
    crowd.transfers.push({ key: id, block });
  }
  for (const transfer of crowd.transfers) {
    w.event(31, "DatasetTransferCancelled", { contract: "datasets", actor: OWNER, dataset: ROOT, args: { datasetId: ROOT } });
    w.update("transfers", transfer.key, 31, { status: "cancelled", closed_at: blockTime(31), closed_block: 31 });
  }

  const derive = (child: string, parent: string, block: number) => {
    dataset(child, block);
    const { id } = w.event(block, "DatasetDerived", { contract: "datasets", dataset: child, args: { datasetId: child, parentId: parent, derivation: "transformation" } });
    w.insert("dataset_parents", { child_id: child, parent_id: parent, derivation: "transformation", position: 0, block_number: block, event_id: id });
  };
  for (const child of children) derive(child.id, ROOT, child.block);
  for (const grandchild of grandchildren) derive(grandchild.id, grandchild.parent, grandchild.block);

  for (const [a, anchor] of anchors.entries()) {
    const { id: eventId, tx } = w.event(anchor.block, "BatchAnchored", { contract: "anchors", actor: OWNER, anchor: anchor.id, args: { root: anchor.id } });
    w.insert("anchors", {
      id: anchor.id,
      anchorer: OWNER,
      algorithm: "sha256",
      leaf_count: 4,
      total_bytes: "4000",
      manifest_hash: hash(`crowd manifest ${a}`),
      manifest_uri: `ipfs://crowd-${a}`,
      anchored_at: blockTime(anchor.block),
      block_number: anchor.block,
      tx_hash: tx,
      event_id: eventId,
      manifest_loaded: true,
    });
    for (const f of [2, 0, 1]) {
      w.insert("anchor_files", { anchor_id: anchor.id, path: `crowd/${f}.bin`, content_hash: SHARED_CONTENT, size: "1000", proof: [hash(`proof ${a} ${f}`)] });
    }
    w.insert("anchor_files", { anchor_id: anchor.id, path: "crowd/other.bin", content_hash: hash(`other ${a}`), size: "1000", proof: [] });
  }

  w.block(CROWD_CHECKPOINT);
  await w.flush(CROWD_CHECKPOINT);
  return crowd;
}
