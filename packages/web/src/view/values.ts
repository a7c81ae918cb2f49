/**
 * The view layer's vocabulary: what a view model may put on screen. Text is always a dictionary
 * message; data (hashes, addresses, names, URIs) travels as typed values that the DOM layer renders
 * untranslated (`translate="no"`), and times as unix seconds that it formats in the reader's locale.
 */
import type { Hex } from "viem";
import type { MessageKey } from "../i18n/index.js";
import type { ParticipantInfo } from "./participants.js";

export type Value =
  | { kind: "text"; message: Message }
  /** A hash or id: shown in full (it wraps) with a copyable form. */
  | { kind: "hash"; value: Hex }
  /** A dataset id: a link to its page. */
  | { kind: "dataset"; id: Hex }
  | { kind: "participant"; participant: ParticipantInfo }
  /** A block time (unix seconds), and the block when known. */
  | { kind: "time"; seconds: bigint; block?: bigint | undefined }
  | { kind: "block"; number: bigint }
  /** A length of time (seconds), such as the notice left on a paused clock: shown in the reader's words. */
  | { kind: "duration"; seconds: bigint }
  | { kind: "number"; value: number | bigint }
  /** A URI as recorded: shown, linked only when it is http(s). */
  | { kind: "uri"; value: string }
  /** Untranslatable text from the data (a file name, a batch path, an unknown label). */
  | { kind: "raw"; text: string }
  /** A command or format name, shown as code. */
  | { kind: "code"; text: string }
  | { kind: "list"; items: Value[] }
  /** Values named in a sentence, joined the reader's way ("A and B", "A和B"). */
  | { kind: "series"; items: Value[] };

export type Param = number | bigint | Value;

export interface Message {
  key: MessageKey;
  params?: Record<string, Param> | undefined;
}

/** A labelled fact in a description list. */
export interface Fact {
  label: MessageKey;
  value: Value;
}

export const text = (key: MessageKey, params?: Record<string, Param>): Value => ({ kind: "text", message: params ? { key, params } : { key } });
export const message = (key: MessageKey, params?: Record<string, Param>): Message => (params ? { key, params } : { key });
