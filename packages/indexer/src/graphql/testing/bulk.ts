/**
 * Test support: many rows whose ordering keys repeat a lot (dozens of datasets per block, a handful of
 * sectors, grades and expiry times, many events per timestamp), for paging tests: a cursor over a
 * non-unique key must neither skip nor repeat a row.
 */
import type { Queryable } from "../../store/db.js";
import { FixtureWriter, address, blockTime, hash } from "./writer.js";

export const BULK = { participants: 60, datasets: 300, grants: 1200, anchors: 40, checkpoint: 50 } as const;

const JURISDICTIONS = ["gz", "hk", "mo", "mainland-other", "other"];
const GRADES = ["general", "important", "core"];
const RIGHTS = ["holding", "processing-use", "product-operation"];
const MECHANISMS = ["none", "gba-sc-hk", "gba-sc-mo", "standard-contract", "certification", "security-assessment", "exempt"];

export const bulkParticipant = (i: number): string => address(0x1000 + i);
export const bulkDataset = (i: number): string => hash(`bulk dataset ${i}`);

export async function writeBulk(db: Queryable): Promise<void> {
  const w = new FixtureWriter(db);
  for (let i = 0; i < BULK.participants; i++) {
    const block = 1 + Math.floor(i / 10);
    const id = bulkParticipant(i);
    w.event(block, "ParticipantAdded", { contract: "directory", actor: address(0xad), participant: id, args: { account: id } });
    w.create(
      "participants",
      {
        id,
        organisation: address(0x2000 + (i % 7)),
        jurisdiction: JURISDICTIONS[i % JURISDICTIONS.length],
        roles: i % 4 === 0 ? ["holder", "registrar"] : ["holder"],
        roles_mask: i % 4 === 0 ? 3 : 1,
        legal_id_hash: hash(`legal ${i}`),
        metadata_uri: `ipfs://p-${i}`,
        suspended: i % 9 === 0,
        added_by: address(0xad),
        added_at: blockTime(block),
        added_block: block,
        updated_at: blockTime(block),
        updated_block: block,
      },
      block,
    );
  }
  for (let i = 0; i < BULK.datasets; i++) {
    const block = 10 + Math.floor(i / 50);
    const id = bulkDataset(i);
    const holder = bulkParticipant(i % BULK.participants);
    // Every third dataset is confirmed; its notice period ends at one of three times, so statuses mix.
    const confirmed = i % 3 === 0;
    const { tx } = w.event(block, "DatasetRegistered", { contract: "datasets", actor: holder, dataset: id, args: { datasetId: id } });
    w.create(
      "datasets",
      {
        id,
        series_id: id,
        version_of: null,
        version: 1 + (i % 3),
        holder,
        registrant: holder,
        algorithm: i % 5 === 0 ? "sm3" : "sha256",
        content_hash: hash(`bulk content ${i}`),
        metadata_hash: hash(`bulk metadata ${i}`),
        metadata_uri: `https://catalogue.example/bulk/${i}.json`,
        category: ["public", "enterprise", "personal"][i % 3],
        grade: GRADES[i % 3],
        contains_personal_data: i % 2 === 0,
        sector: i % 7,
        jurisdiction: JURISDICTIONS[i % JURISDICTIONS.length],
        required_confirmations: 1,
        confirmations: confirmed ? 1 : 0,
        declassified: false,
        stage: confirmed ? "confirmed" : i % 11 === 0 ? "disputed" : "pending",
        frozen: i % 13 === 0,
        superseded: false,
        superseded_by: null,
        confirmed_at: confirmed ? blockTime(block) : null,
        notice_ends_at: confirmed ? blockTime(40 + (i % 3) * 10) : null,
        pending_transfer_to: null,
        registered_at: blockTime(block),
        registered_block: block,
        registered_tx: tx,
        updated_at: blockTime(block + (i % 4)),
        updated_block: block + (i % 4),
      },
      block,
    );
  }
  for (let i = 0; i < BULK.grants; i++) {
    const block = 20 + Math.floor(i / 100);
    const id = String(i + 1);
    const datasetIndex = i % BULK.datasets;
    const dataset = bulkDataset(datasetIndex);
    const grantor = bulkParticipant(datasetIndex % BULK.participants);
    const grantee = bulkParticipant((i * 7) % BULK.participants);
    const { tx } = w.event(block, "GrantIssued", { contract: "grants", actor: grantor, dataset, grant: id, participant: grantee, args: { grantId: id } });
    w.create(
      "grants",
      {
        id,
        dataset_id: dataset,
        grantee,
        grantor,
        right: RIGHTS[i % 3],
        purpose_code: i % 4,
        purpose_hash: hash(`purpose ${i}`),
        scope_hash: hash(`scope ${i}`),
        starts_at: blockTime(block),
        expires_at: [0, blockTime(45), blockTime(500)][i % 3],
        terms_hash: hash(`terms ${i}`),
        mechanism: MECHANISMS[i % MECHANISMS.length],
        contract_hash: hash(`contract ${i}`),
        impact_assessment_hash: hash(`impact ${i}`),
        consent_records_root: hash(`consent ${i}`),
        filing_ref: hash(`filing ${i}`),
        cross_border: i % 7 !== 0,
        state: ["active", "awaiting-acknowledgement", "suspended", "revoked"][i % 4],
        acknowledged_by: null,
        acknowledged_at: null,
        closed_by: null,
        closed_at: null,
        last_reason_hash: null,
        issued_at: blockTime(block),
        issued_block: block,
        issued_tx: tx,
        updated_at: blockTime(block + (i % 5)),
        updated_block: block + (i % 5),
      },
      block,
    );
  }
  for (let i = 0; i < BULK.anchors; i++) {
    const block = 40 + Math.floor(i / 10);
    const id = hash(`bulk anchor ${i}`);
    const anchorer = bulkParticipant(i % BULK.participants);
    const { id: eventId, tx } = w.event(block, "BatchAnchored", { contract: "anchors", actor: anchorer, anchor: id, args: { root: id } });
    w.insert("anchors", {
      id,
      anchorer,
      algorithm: "sha256",
      leaf_count: [10, 20, 30, 40][i % 4],
      total_bytes: ["1000", "123456789012345678901234567890", "5000"][i % 3],
      manifest_hash: hash(`bulk manifest ${i}`),
      manifest_uri: `ipfs://bulk-${i}`,
      anchored_at: blockTime(block),
      block_number: block,
      tx_hash: tx,
      event_id: eventId,
      manifest_loaded: i === 0,
    });
    // The first batch lists its files, enough of them to page through.
    if (i === 0) {
      for (let f = 0; f < 25; f++) w.insert("anchor_files", { anchor_id: id, path: `files/${String(f).padStart(3, "0")}.bin`, content_hash: hash(`bulk file ${f}`), size: String(f * 100), proof: [hash(`p ${f}`)] });
    }
  }
  await w.flush(BULK.checkpoint);
}
