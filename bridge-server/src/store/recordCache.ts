/**
 * A bounded map of records read from SQLite, for the hot reads of the webhook path (each webhook looks its
 * conversation up). A read outside a transaction costs SQLite a shared lock and a WAL read mark, four fcntl calls at
 * several microseconds each on this VM (bench/capacity), more than the lookup itself. Entries are dropped on every
 * write to their row (never patched), so a rolled-back write cannot leave a wrong copy behind; the oldest go first
 * past `max`. Only valid while this process is the one writer of the file, as the SQLite store assumes anyway.
 * @example const cache = createRecordCache<ConversationRecord>(10_000); cache.read(id, () => readRow(id));
 */
export function createRecordCache<T extends object>(max: number) {
  const entries = new Map<string, T>();
  return {
    /** The cached record (a copy), or what `load` reads (cached when found). */
    read(id: string, load: () => T | null): T | null {
      const hit = entries.get(id);
      if (hit) return { ...hit };
      const loaded = load();
      if (loaded) {
        if (entries.size >= max) entries.delete(entries.keys().next().value as string);
        entries.set(id, loaded);
        return { ...loaded };
      }
      return null;
    },
    /** Forgets one record (after any write to its row). */
    drop(id: string): void {
      entries.delete(id);
    },
    /** Forgets everything (after a write that may touch any row). */
    clear(): void {
      entries.clear();
    },
  };
}
