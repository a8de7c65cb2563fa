import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { machineInfo, machineLine } from './machine';
import type { MachineInfo } from './machine';

/** Where result files go: `bench/results/<name>.json` (gitignored). */
export const RESULTS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../results');

/** What every result file holds besides the bench's own data. */
export interface ResultFile<T> {
  bench: string;
  date: string;
  machine: MachineInfo;
  data: T;
}

/** Writes `bench/results/<name>.json` with the machine noted, and returns its path. */
export function writeResult<T>(name: string, data: T, machine: MachineInfo = machineInfo()): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, `${name}.json`);
  const body: ResultFile<T> = { bench: name, date: new Date().toISOString(), machine, data };
  writeFileSync(file, `${JSON.stringify(body, null, 2)}\n`);
  return file;
}

/** A cell of a printed table. */
export type Cell = string | number | null;

/** Prints a plain-text table with right-aligned numbers. */
export function printTable(title: string, headers: string[], rows: Cell[][]): void {
  const text = rows.map((r) => r.map((c) => (c === null ? '–' : String(c))));
  const widths = headers.map((h, i) => Math.max(h.length, ...text.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[], raw: Cell[] | null): string =>
    cells
      .map((c, i) => (raw && typeof raw[i] === 'number' ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  console.log(`\n${title}`);
  console.log(line(headers, null));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  text.forEach((r, i) => console.log(line(r, rows[i] ?? null)));
}

/** Prints the machine line once at the start of a bench. */
export function printMachine(m: MachineInfo = machineInfo()): void {
  console.log(machineLine(m));
}

/** Formats a byte count as KB with one decimal (1 KB = 1024 bytes). */
export function kb(bytes: number): number {
  return Math.round((bytes / 1024) * 10) / 10;
}
