import { existsSync, readFileSync } from 'node:fs';

/**
 * CPU time the hypervisor gave to other guests (Linux "steal"): on a shared virtual machine it
 * explains why two runs of the same code differ. Undefined where /proc/stat is missing.
 */
export interface CpuSample {
  steal: number;
  /** Idle and waiting for I/O. */
  idle: number;
  total: number;
}

export const sampleCpu = (): CpuSample | undefined => {
  if (!existsSync('/proc/stat')) return undefined;
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  // cpu user nice system idle iowait irq softirq steal guest guest_nice (guest time is inside user)
  const ticks = line.trim().split(/\s+/).slice(1, 9).map(Number);
  if (ticks.length < 8 || ticks.some(Number.isNaN)) return undefined;
  return {
    steal: ticks[7] ?? 0,
    idle: (ticks[3] ?? 0) + (ticks[4] ?? 0),
    total: ticks.reduce((sum, value) => sum + value, 0),
  };
};

export const stealPercent = (from: CpuSample | undefined, to: CpuSample | undefined): number | undefined => {
  if (!from || !to || to.total <= from.total) return undefined;
  return (100 * (to.steal - from.steal)) / (to.total - from.total);
};

/** Percent of the machine's CPU time spent working (by anyone) between two samples. */
export const busyPercent = (from: CpuSample | undefined, to: CpuSample | undefined): number | undefined => {
  if (!from || !to || to.total <= from.total) return undefined;
  return 100 - (100 * (to.idle - from.idle)) / (to.total - from.total);
};
