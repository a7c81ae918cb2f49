import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createStore } from "./createStore.js";
import { createDb } from "./db.js";
import { migrations } from "./migrate.js";

/**
 * A new PGlite folder starts from a copy of the migrated template that the first one left in the
 * temporary folder. The templates live in a temporary folder of this test's own (TMPDIR), so that the
 * machine's are neither used nor changed.
 */
describe("PGlite folders started from the migrated template", () => {
  let root: string;
  const previousTmp = process.env.TMPDIR;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), "dpr-pglite-templates-"));
    process.env.TMPDIR = join(root, "tmp");
    mkdirSync(process.env.TMPDIR);
  });
  afterAll(() => {
    process.env.TMPDIR = previousTmp;
    rmSync(root, { recursive: true, force: true });
  });
  const templates = () => readdirSync(join(root, "tmp")).filter((name) => name.startsWith("dpr-pglite-template-")).sort();
  const open = async (name: string) => {
    const db = await createDb({ dataDir: join(root, name) });
    await createStore(db);
    return db;
  };
  const versions = async (db: Awaited<ReturnType<typeof createDb>>) =>
    (await db.query<{ version: number }>("select version from dpr_migrations order by version")).map((row) => row.version);

  it("leaves a dump and a migrated folder after the first; the next folders are copies, each its own database", async () => {
    const first = await open("first");
    expect(templates()).toHaveLength(2);
    expect(templates().filter((name) => /\.tar\.gz$/.test(name))).toHaveLength(1);
    expect(templates().filter((name) => /-schema-[0-9a-f]{16}\.d$/.test(name))).toHaveLength(1);
    await first.query("insert into dpr_meta (key, value) values ('identity', '\"first\"')");

    const second = await open("second");
    expect(await versions(second)).toEqual(migrations.map((m) => m.version));
    // The copy holds nothing of the first database, and writing to it changes neither the first nor the template.
    expect(await second.query("select * from dpr_meta")).toEqual([]);
    await second.query("insert into dpr_meta (key, value) values ('identity', '\"second\"')");
    expect(await first.query("select value from dpr_meta")).toEqual([{ value: '"first"' }]);
    await Promise.all([first.close(), second.close()]);

    const third = await open("third");
    expect(await third.query("select * from dpr_meta")).toEqual([]);
    // Reopened, a folder keeps what was written to it.
    await third.close();
    const again = await open("second");
    expect(await again.query("select value from dpr_meta")).toEqual([{ value: '"second"' }]);
    await again.close();
  });

  it("forgets a damaged template, starts the folder afresh and makes another template", async () => {
    const folder = templates().find((name) => name.endsWith(".d"))!;
    const base = join(root, "tmp", folder, "base");
    rmSync(base, { recursive: true, force: true });
    writeFileSync(join(root, "tmp", folder, "global", "pg_control"), "not a control file");
    const db = await open("after-damage");
    expect(await versions(db)).toEqual(migrations.map((m) => m.version));
    await db.query("insert into dpr_meta (key, value) values ('identity', '\"ok\"')");
    await db.close();
    const next = await open("after-repair");
    expect(await next.query("select * from dpr_meta")).toEqual([]);
    expect(await versions(next)).toEqual(migrations.map((m) => m.version));
    await next.close();
  });
});
