/** Unix seconds as an ISO 8601 time (UTC), to the second, for messages. */
export function isoTime(seconds: bigint | number): string {
  return new Date(Number(seconds) * 1000).toISOString().replace(".000Z", "Z");
}
