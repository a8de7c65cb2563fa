import os from 'node:os';

/** The machine a result was measured on, written into every result file. */
export interface MachineInfo {
  cpuModel: string;
  cores: number;
  ramGiB: number;
  node: string;
  platform: string;
  /** System load averages (1, 5, 15 min) when the bench started: other work on the machine skews numbers. */
  loadAvg: number[];
}

/** Describes this machine. */
export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    ramGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    loadAvg: os.loadavg().map((n) => Math.round(n * 100) / 100),
  };
}

/** One line for the top of a printed table. */
export function machineLine(m: MachineInfo): string {
  return `machine: ${m.cpuModel}, ${m.cores} cores, ${m.ramGiB} GiB, node ${m.node}, load ${m.loadAvg.join('/')}`;
}
