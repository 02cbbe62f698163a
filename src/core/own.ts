/**
 * A record's own entry for `key`, never one its prototype answers to: data files and requests name
 * things freely, and a model called "constructor" or a quant called "toString" must find nothing.
 */
export function own<T>(record: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}
