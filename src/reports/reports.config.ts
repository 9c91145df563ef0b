import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../config/app-config';
import type { CpuPriority } from './chromium-printer';

/** Settings of the PDF service, read once from the environment; a bad value fails at start-up. */
export interface ReportsConfig {
  chromiumPath: string;
  /** CJK font subset into each printed document (src/reports/cjk-font-subset.ts). */
  cjkFontPath: string;
  /**
   * Prints running at once (one Chromium page each); defaults to the number of cores, at most 4
   * (with ROLE=api, pages printing on the workers: 8).
   */
  concurrency: number;
  /** Of those, how many single reports (HTTP downloads) may take; one less by default, so the API keeps a core (ROLE=api: all). */
  singleConcurrency: number;
  /** Print jobs allowed to wait; past that a request gets 503 with Retry-After. */
  queueSize: number;
  printTimeoutMs: number;
  /** A browser is replaced after this many prints (long-lived browsers grow). */
  maxPrintsPerBrowser: number;
  /**
   * REPORT_CPU_PRIORITY=idle: Chromium prints in the idle scheduling class, so requests beside a
   * printing batch are answered first (see README, "Running on more than one machine"). Not the
   * default: where the cores are busy with anything else, prints would wait for it.
   */
  cpuPriority: CpuPriority;
}

function positiveInt(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < 1) throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return Number(raw);
}

/**
 * Pages an API process (ROLE=api) has printing on the workers at once by default: they wait on the
 * workers' cores, not on its own, which print nothing; the workers take them in turn from the queue.
 */
const REMOTE_PRINTS = 8;

export function loadReportsConfig(env: NodeJS.ProcessEnv = process.env): ReportsConfig {
  const { chromiumPath, queue } = loadConfig(env);
  const printsOnWorkers = queue.role === 'api' && queue.redisUrl !== null;
  const cores = Math.max(1, Math.min(4, os.availableParallelism()));
  const concurrency = positiveInt(env, 'REPORT_CONCURRENCY', printsOnWorkers ? REMOTE_PRINTS : cores);
  // Printing here, single reports leave a core to the requests; printing on the workers, all slots are theirs.
  const singles = printsOnWorkers ? concurrency : Math.max(1, concurrency - 1);
  return {
    chromiumPath,
    cjkFontPath: env.REPORT_CJK_FONT ?? '/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf',
    concurrency,
    singleConcurrency: Math.min(concurrency, positiveInt(env, 'REPORT_SINGLE_CONCURRENCY', singles)),
    queueSize: positiveInt(env, 'REPORT_QUEUE_SIZE', 16),
    printTimeoutMs: positiveInt(env, 'REPORT_PRINT_TIMEOUT_MS', 30000),
    maxPrintsPerBrowser: positiveInt(env, 'REPORT_MAX_PRINTS', 100),
    cpuPriority: cpuPriority(env),
  };
}

function cpuPriority(env: NodeJS.ProcessEnv): CpuPriority {
  const raw = env.REPORT_CPU_PRIORITY;
  if (raw === undefined || raw === '' || raw === 'normal') return 'normal';
  if (raw !== 'idle') throw new Error(`REPORT_CPU_PRIORITY must be normal or idle, got "${raw}"`);
  if (process.platform !== 'linux' || !onPath('chrt', env)) throw new Error('REPORT_CPU_PRIORITY=idle needs Linux and its chrt command (Debian package util-linux)');
  return 'idle';
}

function onPath(command: string, env: NodeJS.ProcessEnv): boolean {
  return (env.PATH ?? '').split(path.delimiter).some((dir) => dir && fs.existsSync(path.join(dir, command)));
}
