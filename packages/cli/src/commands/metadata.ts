import { createReadStream } from "node:fs";
import { link, readFile, rename, stat, unlink, writeFile } from "node:fs/promises";
import { basename, extname } from "node:path";
import { createInterface } from "node:readline";
import type { Command } from "commander";
import type { DprMetadataDocument, MetadataField, MetadataFieldType, MetadataProblem } from "@dpr/sdk";
import { textHash } from "../io/digest.js";
import { type CommandEnv, commandEnv } from "../io/env.js";
import { CliError, usageError } from "../io/errors.js";
import { ExitCode } from "../io/exitCodes.js";
import { hashFileWithProgress } from "../io/hashing.js";
import { parseUint } from "../io/parse.js";

/** Media types by file extension; anything else is application/octet-stream. */
const MEDIA_TYPES: Record<string, string> = {
  ".csv": "text/csv",
  ".tsv": "text/tab-separated-values",
  ".txt": "text/plain",
  ".json": "application/json",
  ".geojson": "application/geo+json",
  ".jsonl": "application/x-ndjson",
  ".ndjson": "application/x-ndjson",
  ".xml": "application/xml",
  ".parquet": "application/vnd.apache.parquet",
  ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  ".xls": "application/vnd.ms-excel",
  ".pdf": "application/pdf",
  ".zip": "application/zip",
  ".gz": "application/gzip",
};

/** How many data rows of a CSV are read to guess its column types. */
const SAMPLE_ROWS = 100;

/** The fields of one CSV line (quotes as RFC 4180; a quoted field that runs past the line ends the sample: null). */
export function splitCsvLine(line: string): string[] | null {
  const fields: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const char = line[i]!;
    if (quoted) {
      if (char === '"' && line[i + 1] === '"') (field += '"'), i++;
      else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"' && field === "") quoted = true;
    else if (char === ",") fields.push(field), (field = "");
    else field += char;
  }
  if (quoted) return null;
  fields.push(field);
  return fields;
}

/** The most specific type every sampled value of a column fits (empty values say nothing). */
export function guessType(values: readonly string[]): MetadataFieldType {
  const present = values.map((v) => v.trim()).filter((v) => v !== "");
  if (present.length === 0) return "string";
  const all = (pattern: RegExp) => present.every((v) => pattern.test(v));
  if (all(/^[+-]?\d+$/)) return "integer";
  if (all(/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/)) return "number";
  if (all(/^(true|false)$/i)) return "boolean";
  if (all(/^\d{4}-\d{2}-\d{2}$/)) return "date";
  if (all(/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/)) return "datetime";
  return "string";
}

/**
 * The columns of a CSV from its header (leading `#` comment lines and blank lines skipped), each with the
 * type its first rows suggest. Reads only as far as the sample: a file of any size costs the same.
 */
export async function csvFields(path: string): Promise<MetadataField[]> {
  const stream = createReadStream(path, { encoding: "utf8" });
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  let header: string[] | null = null;
  const samples: string[][] = [];
  try {
    for await (const raw of lines) {
      const line = header === null ? raw.replace(/^\uFEFF/, "") : raw;
      if (header === null) {
        if (line.trim() === "" || line.startsWith("#")) continue;
        header = splitCsvLine(line);
        if (header === null) break;
        continue;
      }
      if (line.trim() === "") continue;
      const row = splitCsvLine(line);
      if (row === null) break;
      samples.push(row);
      if (samples.length >= SAMPLE_ROWS) break;
    }
  } finally {
    lines.close();
    stream.destroy();
  }
  if (header === null) throw usageError(`${path} has no CSV header line`, "its first line (after # comments) must name the columns");
  return header.map((name, index) => ({ name: name.trim(), type: guessType(samples.map((row) => row[index] ?? "")) }));
}

/** Which language a free text given on the command line is in: Chinese when it has Han characters, else English. */
const languageOf = (text: string) => (/\p{Script=Han}/u.test(text) ? "zh" : "en");

/** A comma-separated list without empty items; "none" is the empty list. */
const list = (value: string): string[] =>
  value.trim().toLowerCase() === "none"
    ? []
    : value
        .split(",")
        .map((item) => item.trim())
        .filter(Boolean);

/** `PROCESSING_USE` or `processing use` → `processing-use`, as documents spell names. */
const label = (name: string) => name.trim().toLowerCase().replace(/[_\s]+/g, "-");

interface InitOptions {
  out?: string;
  force?: boolean;
  uri?: string;
  downloadUrl?: string;
  titleZh?: string;
  titleEn?: string;
  descriptionZh?: string;
  descriptionEn?: string;
  sector?: string;
  category?: string;
  grade?: string;
  personal?: boolean;
  jurisdiction?: string;
  openness?: string;
  rights?: string;
  regions?: string;
  purposes?: string;
  maxTermDays?: string;
  licence?: string;
  licenceUri?: string;
  publisher?: string;
  contactName?: string;
  contactEmail?: string;
}

/** The flags `init` cannot do without, in the order they are asked for, with the question put on a terminal. */
const NEEDED: readonly { key: keyof InitOptions; flag: string; question: string }[] = [
  { key: "titleEn", flag: "--title-zh or --title-en", question: "Title (English; leave empty to give a Chinese one)" },
  { key: "titleZh", flag: "--title-zh or --title-en", question: "标题 Title (Chinese)" },
  { key: "descriptionEn", flag: "--description-zh or --description-en", question: "Description (English; leave empty to give a Chinese one)" },
  { key: "descriptionZh", flag: "--description-zh or --description-en", question: "描述 Description (Chinese)" },
  { key: "sector", flag: "--sector", question: "Sector (population, finance, health, education, transport, biosafety, other)" },
  { key: "category", flag: "--category", question: "Category (public, enterprise, personal)" },
  { key: "grade", flag: "--grade", question: "Grade (general, important)" },
  { key: "personal", flag: "--personal or --no-personal", question: "Does it contain personal information? (yes/no)" },
  { key: "jurisdiction", flag: "--jurisdiction", question: "Jurisdiction where it is held (gz, hk, mo, shenzhen, …)" },
  { key: "publisher", flag: "--publisher", question: "Publisher (the holder's name)" },
  { key: "contactEmail", flag: "--contact-email", question: "Contact email" },
  { key: "licence", flag: "--licence", question: "Licence (e.g. CC BY 4.0)" },
  { key: "openness", flag: "--openness", question: "Openness (open, conditional, not-open)" },
  { key: "rights", flag: "--rights", question: "Rights that may be granted (holding, processing-use, product-operation; comma-separated, or none)" },
  { key: "regions", flag: "--regions", question: "Where grantees may be (same-region, gba, anywhere)" },
  { key: "purposes", flag: "--purposes", question: "Purpose codes or classes (comma-separated, e.g. 110,200; dpr purposes lists them)" },
];

/** Whether a needed value is still missing (a title or description needs one language of the two). */
function missing(options: InitOptions, key: keyof InitOptions): boolean {
  const has = (k: keyof InitOptions) => options[k] !== undefined && options[k] !== "";
  if (key === "titleEn" || key === "titleZh") return !has("titleEn") && !has("titleZh");
  if (key === "descriptionEn" || key === "descriptionZh") return !has("descriptionEn") && !has("descriptionZh");
  // The personal category implies personal data.
  if (key === "personal") return options.personal === undefined && label(options.category ?? "") !== "personal";
  return !has(key);
}

/** Asks on the terminal for what the flags left out (stdin a TTY), or fails naming every missing flag. */
async function complete(options: InitOptions): Promise<void> {
  const gaps = NEEDED.filter((need) => missing(options, need.key));
  if (gaps.length === 0) return;
  if (!process.stdin.isTTY) {
    const flags = [...new Set(gaps.map((gap) => gap.flag))];
    throw usageError(`missing ${flags.join(", ")}`, "give them as flags, or run dpr metadata init on a terminal to be asked");
  }
  const terminal = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  // Lines are read through the iterator, which buffers them: pasted answers are not lost between questions.
  const answers = terminal[Symbol.asyncIterator]();
  const ask = async (question: string) => {
    terminal.setPrompt(`${question}: `);
    terminal.prompt();
    const next = await answers.next();
    if (next.done) throw usageError("cancelled: no answer", "give the missing values as flags");
    return String(next.value).trim();
  };
  try {
    for (const need of NEEDED) {
      // Asked in order, so a title given in English is not asked again in Chinese.
      while (missing(options, need.key)) {
        const answer = await ask(need.question);
        if (need.key === "personal") {
          if (/^(y|yes|是)$/i.test(answer)) options.personal = true;
          else if (/^(n|no|否)$/i.test(answer)) options.personal = false;
          continue;
        }
        if (answer === "" && (need.key === "titleEn" || need.key === "descriptionEn")) break;
        if (answer !== "" || need.key === "rights" || need.key === "purposes") (options as Record<string, unknown>)[need.key] = answer === "" ? "none" : answer;
      }
    }
  } finally {
    terminal.close();
  }
}

/** `--title-zh`/`--title-en` as a language map, without the empty ones. */
const languageMap = (zh: string | undefined, en: string | undefined): Record<string, string> =>
  Object.fromEntries(
    (
      [
        ["zh", zh],
        ["en", en],
      ] as const
    ).filter((entry): entry is readonly ["zh" | "en", string] => entry[1] !== undefined && entry[1].trim() !== ""),
  );

/** Problems as lines under a heading. */
const problemLines = (problems: readonly MetadataProblem[]) => problems.map((p) => `  ${p.message}`).join("\n");

/** Writes `text` to `out` whole (a reader never sees half of it); without `force`, refuses an existing file, atomically. */
async function writeAtomically(out: string, text: string, force: boolean): Promise<void> {
  const temporary = `${out}.${process.pid}.tmp`;
  const why = (error: unknown) => {
    const code = (error as NodeJS.ErrnoException).code;
    return code === "ENOENT" ? "no such folder" : code === "EISDIR" ? "it is a folder" : code === "EACCES" ? "permission denied" : String(code ?? error);
  };
  try {
    await writeFile(temporary, text, { encoding: "utf8", mode: 0o644, flag: "wx" });
  } catch (error) {
    throw usageError(`cannot write ${out}: ${why(error)}`);
  }
  try {
    // link() fails if the name exists, so two runs cannot both think they created it.
    if (force) await rename(temporary, out);
    else await link(temporary, out);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") throw usageError(`${out} already exists`, "pass --force to replace it, or --out FILE to write another one");
    throw usageError(`cannot write ${out}: ${why(error)}`);
  } finally {
    await unlink(temporary).catch(() => undefined);
  }
}

/** The document `init` writes for a file, from the (completed) flags; flag errors name the flag. */
async function buildDocument(env: CommandEnv, file: string, options: InitOptions): Promise<DprMetadataDocument> {
  const sdk = await import("@dpr/sdk");
  const byFlag = <T>(flag: string, parse: () => T): T => {
    try {
      return parse();
    } catch (error) {
      const { shortMessage, message, hint } = error as { shortMessage?: string; message: string; hint?: string };
      throw usageError(`${flag}: ${shortMessage ?? message}`, hint);
    }
  };
  const sector = byFlag("--sector", () => label(sdk.sectorName(sdk.parseSector(options.sector!)) ?? options.sector!));
  const category = byFlag("--category", () => label(sdk.categoryName(sdk.parseCategory(options.category!))));
  const grade = byFlag("--grade", () => label(sdk.gradeName(sdk.parseGrade(options.grade!))));
  const jurisdiction = byFlag("--jurisdiction", () => label(sdk.jurisdictionName(sdk.parseJurisdiction(options.jurisdiction!))));
  const rights = byFlag("--rights", () => list(options.rights!).map((right) => label(sdk.rightName(sdk.parseRight(right)))));
  const purposes = list(options.purposes!).map((code) => parseUint(code, "--purposes", 65_535));
  const maxTermDays = options.maxTermDays === undefined ? undefined : parseUint(options.maxTermDays, "--max-term-days", sdk.MAX_TERM_DAYS);
  const containsPersonalData = options.personal ?? category === "personal";

  const { hash, size } = await hashFileWithProgress(env, file, "sha256");
  const mediaType = MEDIA_TYPES[extname(file).toLowerCase()] ?? "application/octet-stream";
  const fields = mediaType === "text/csv" ? await csvFields(file) : undefined;
  const identifier = basename(file, extname(file));

  const document: Record<string, unknown> = {
    format: sdk.METADATA_FORMAT,
    uri: options.uri,
    identifier: /^[A-Za-z0-9._-]{1,128}$/.test(identifier) ? identifier : undefined,
    title: languageMap(options.titleZh, options.titleEn),
    description: languageMap(options.descriptionZh, options.descriptionEn),
    sector,
    category,
    grade,
    containsPersonalData,
    jurisdiction,
    publisher: { name: { [languageOf(options.publisher!)]: options.publisher! } },
    contactPoint: { name: options.contactName ?? options.publisher!, email: options.contactEmail },
    licence: { title: { [languageOf(options.licence!)]: options.licence! }, uri: options.licenceUri },
    distributions: [{ mediaType, byteSize: size, downloadURL: options.downloadUrl, checksum: { algorithm: "sha256", value: hash } }],
    fields,
    borderConditions: {
      openness: label(options.openness!),
      rights,
      granteeRegions: label(options.regions!),
      purposes,
      maxTermDays,
    },
  };
  // Absent options leave no key (JSON.stringify drops undefined), so the document has no empty fields.
  return JSON.parse(JSON.stringify(document)) as DprMetadataDocument;
}

/** A document's text, refused as a usage error when it cannot be read. */
async function readDocument(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw usageError(`cannot read ${path}: ${code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a folder" : String(code ?? error)}`);
  }
}

/**
 * Reads and checks a metadata document (format dpr-metadata/1): its problems, the document when it has
 * none, and the SHA-256 of its bytes (what a registration records).
 */
export async function checkMetadataFile(
  path: string,
): Promise<{ document: DprMetadataDocument | null; problems: MetadataProblem[]; metadataHash: `0x${string}` }> {
  const bytes = await readDocument(path);
  const { createHash } = await import("node:crypto");
  const metadataHash = `0x${createHash("sha256").update(bytes).digest("hex")}` as const;
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return { document: null, problems: [{ path: "", message: "document: not UTF-8 text" }], metadataHash };
  }
  const { parseMetadataDocument } = await import("../io/parts/metadata.js");
  return { ...parseMetadataDocument(text), metadataHash };
}

export function registerMetadata(program: Command): void {
  const metadata = program
    .command("metadata")
    .summary("write and check metadata documents (format dpr-metadata/1)")
    .description(
      "A dataset's metadata document (format dpr-metadata/1, docs/metadata.md) describes it for the directory: titles, publisher, licence, columns, and the border conditions a registration records on chain. `dpr register --metadata DOC` records its SHA-256 and refuses a document that is invalid or contradicts the registration. Needs no chain.",
    );

  metadata
    .command("init")
    .description(
      "Writes a metadata document for a file: the distribution (media type from the extension, size, SHA-256) and, for a CSV, its columns from the header with types guessed from the first rows (the file is not read whole). What the flags leave out is asked for on a terminal; otherwise the command fails naming the missing flags. The document is checked before it is written.",
    )
    .argument("<file>", "the data file the document describes")
    .option("--out <doc>", "where to write the document (default: FILE's name with .meta.json)")
    .option("--force", "replace --out if it exists")
    .option("--uri <uri>", "where the document will be published (dpr register records it as the metadata URI)")
    .option("--download-url <url>", "where the file can be downloaded")
    .option("--title-zh <text>", "title in Chinese")
    .option("--title-en <text>", "title in English")
    .option("--description-zh <text>", "description in Chinese")
    .option("--description-en <text>", "description in English")
    .option("--sector <sector>", "population, finance, health, education, transport, biosafety or other")
    .option("--category <category>", "public, enterprise or personal")
    .option("--grade <grade>", "general or important")
    .option("--personal", "the data contains personal information (implied by --category personal)")
    .option("--no-personal", "the data contains no personal information")
    .option("--jurisdiction <code>", "where the data is held: gz, hk, mo, mainland-other, other, or a GBA city (shenzhen, zhuhai, …)")
    .option("--openness <openness>", "open | conditional | not-open")
    .option("--rights <rights>", "comma-separated: holding, processing-use, product-operation (none when not open)")
    .option("--regions <regions>", "where grantees may be: same-region | gba | anywhere")
    .option("--purposes <codes>", "comma-separated purpose codes or classes (100, 200, …; none when not open); dpr purposes lists them")
    .option("--max-term-days <days>", "the longest grant term in days (default: no limit)")
    .option("--licence <text>", "the licence's name, e.g. \"CC BY 4.0\"")
    .option("--licence-uri <url>", "the licence's text")
    .option("--publisher <name>", "who publishes the data (the holder)")
    .option("--contact-name <name>", "whom to ask (default: the publisher)")
    .option("--contact-email <email>", "the contact's email")
    .addHelpText(
      "after",
      `
With --json: {"file","document","metadataHash","fields"}.

Example:
  dpr metadata init visits.csv --title-en "Outpatient visits, 2025 Q1" --description-en "Visits by department." \\
      --sector health --category public --grade general --no-personal --jurisdiction gz \\
      --publisher "Health Commission" --contact-email data@health.example --licence "CC BY 4.0" \\
      --openness conditional --rights processing-use --regions gba --purposes 110,200 --max-term-days 365`,
    )
    .action(async (file: string, options: InitOptions, command: Command) => {
      const env = await commandEnv(command);
      const info = await stat(file).catch((error: NodeJS.ErrnoException) => {
        throw usageError(`cannot read ${file}: ${error.code === "ENOENT" ? "no such file" : String(error.code ?? error)}`);
      });
      if (!info.isFile()) throw usageError(`${file} is not a file`, "a metadata document describes one file");
      const out = options.out ?? `${file.slice(0, file.length - extname(file).length)}.meta.json`;
      if (out === file) throw usageError(`--out ${out} is the data file itself`);
      if (!options.force && (await stat(out).then(() => true, () => false))) {
        throw usageError(`${out} already exists`, "pass --force to replace it, or --out FILE to write another one");
      }
      await complete(options);
      const document = await buildDocument(env, file, options);
      const text = `${JSON.stringify(document, null, 2)}\n`;
      const { parseMetadataDocument } = await import("../io/parts/metadata.js");
      const { problems } = parseMetadataDocument(text);
      if (problems.length > 0) {
        throw new CliError("the document would not be valid; nothing was written", { exitCode: ExitCode.Usage, details: problems.map((p) => p.message).join("\n"), hint: "fix the flags these fields come from" });
      }
      await writeAtomically(out, text, Boolean(options.force));
      env.out.result(
        { file: out, document, metadataHash: textHash(text), fields: document.fields?.length ?? 0 },
        { file: out, metadataHash: textHash(text), fields: document.fields?.map((f) => `${f.name} (${f.type})`).join(", ") || "-" },
      );
    });

  metadata
    .command("validate")
    .description(`Checks metadata documents against the format dpr-metadata/1 (its JSON Schema and the zone's rules). Prints OK or each problem, naming the field; exits ${ExitCode.NotVerified} when any document has a problem.`)
    .argument("<doc...>", "the documents")
    .addHelpText(
      "after",
      `
With --json: {"valid","documents":[{"file","valid","metadataHash","problems":[{"path","message"}]}]}
(path: a JSON pointer into the document).

Example:
  dpr metadata validate demo/metadata/*.json`,
    )
    .action(async (docs: string[], _options: unknown, command: Command) => {
      const env = await commandEnv(command);
      const documents = [];
      for (const file of docs) {
        const { problems, metadataHash } = await checkMetadataFile(file);
        documents.push({ file, valid: problems.length === 0, metadataHash, problems });
      }
      const valid = documents.every((d) => d.valid);
      if (!valid) env.setExitCode(ExitCode.NotVerified);
      if (env.out.json) {
        env.out.result({ valid, documents });
        return;
      }
      env.out.text(
        documents
          .map((d) => (d.valid ? `${d.file}: OK\n` : `${d.file}: ${d.problems.length} problem${d.problems.length === 1 ? "" : "s"}\n${problemLines(d.problems)}\n`))
          .join(""),
      );
    });
}
