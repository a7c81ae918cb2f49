/**
 * Batch manifests: the on-chain anchor holds only the Merkle root and the manifest's hash. When the
 * indexer can read a manifest (a `file://` manifest URI, or a file in one of the configured manifest
 * folders) whose hash is the anchored one and whose files rebuild the anchored root, it stores the
 * files with their proofs, so `verify(contentHash)` finds files inside batches. A manifest that does not
 * match is ignored (and logged): the chain, not the file, is the authority.
 */
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type BatchManifest, batchFromManifest, manifestHash } from "@dpr/sdk";
import type { Logger } from "pino";
import type { Store } from "../store/createStore.js";
import type { Session } from "../store/db.js";

export interface ManifestLoader {
  /** Loads every pending anchor's manifest that can be found; returns how many were loaded. */
  loadPending(writer: Session): Promise<number>;
}

export function createManifestLoader(options: { store: Store; dirs: readonly string[]; logger: Logger }): ManifestLoader {
  const { store, dirs, logger } = options;
  /** Manifest hash → file, from the folders; rescanned when a pending hash is not in it. */
  let byHash = new Map<string, string>();
  /** Anchors whose manifest was found and failed its checks: not retried on every batch. */
  const rejected = new Set<string>();

  function scan(): void {
    const found = new Map<string, string>();
    const visit = (dir: string, depth: number) => {
      let entries: string[];
      try {
        entries = readdirSync(dir);
      } catch {
        return;
      }
      for (const entry of entries) {
        const path = join(dir, entry);
        let isDir = false;
        try {
          isDir = statSync(path).isDirectory();
        } catch {
          continue;
        }
        if (isDir && depth < 3) visit(path, depth + 1);
        else if (entry.endsWith(".json")) {
          const manifest = read(path);
          if (manifest) found.set(manifestHash(manifest).toLowerCase(), path);
        }
      }
    };
    for (const dir of dirs) visit(dir, 0);
    byHash = found;
  }

  function read(path: string): BatchManifest | null {
    try {
      const parsed = JSON.parse(readFileSync(path, "utf8")) as BatchManifest;
      return parsed && parsed.format === "dpr-batch-manifest/1" ? parsed : null;
    } catch {
      return null;
    }
  }

  function candidates(anchor: { manifest_hash: string; manifest_uri: string }): string[] {
    const paths: string[] = [];
    if (anchor.manifest_uri.startsWith("file://")) {
      try {
        paths.push(fileURLToPath(anchor.manifest_uri));
      } catch {
        // not a usable file URL
      }
    }
    const fromDirs = byHash.get(anchor.manifest_hash);
    if (fromDirs) paths.push(fromDirs);
    return paths;
  }

  return {
    async loadPending(writer) {
      const pending = (await store.anchorsWithoutManifest()).filter((a) => !rejected.has(a.id));
      if (pending.length === 0) return 0;
      if (dirs.length > 0 && pending.some((a) => !byHash.has(a.manifest_hash))) scan();
      let loaded = 0;
      for (const anchor of pending) {
        for (const path of candidates(anchor)) {
          const manifest = read(path);
          if (!manifest) continue;
          if (manifestHash(manifest).toLowerCase() !== anchor.manifest_hash) {
            logger.warn({ anchor: anchor.id, path }, "manifest hash differs from the anchored one; ignored");
            continue;
          }
          let batch: ReturnType<typeof batchFromManifest>;
          try {
            batch = batchFromManifest(manifest);
          } catch (error) {
            logger.warn({ anchor: anchor.id, path, err: error }, "manifest does not rebuild its root; ignored");
            rejected.add(anchor.id);
            continue;
          }
          if (batch.root.toLowerCase() !== anchor.id) {
            logger.warn({ anchor: anchor.id, path, root: batch.root }, "manifest is for another root; ignored");
            rejected.add(anchor.id);
            continue;
          }
          await store.writeAnchorFiles(
            anchor.id,
            batch.proofs.proofs.map((p) => ({ path: p.path, content_hash: p.contentHash.toLowerCase(), size: p.size, proof: p.proof.map((h) => h.toLowerCase()) })),
            writer,
          );
          logger.info({ anchor: anchor.id, files: manifest.files.length, path }, "batch manifest loaded");
          loaded += 1;
          break;
        }
      }
      return loaded;
    },
  };
}
