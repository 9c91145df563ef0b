import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { PrismaService } from '../prisma/prisma.service';
import { ReportsService } from '../reports/reports.service';
import { JobQueue, QueueHealth } from '../jobs/batch.types';

type QueueSize = { running: number; waiting: number };
type RendererState = { state: 'running' | 'idle' | 'remote' | 'unknown'; workers?: number; browsers?: number; launches?: number; queue?: QueueSize; singleReports?: QueueSize };

export interface Health {
  status: 'ok' | 'degraded';
  database: 'ok' | 'error';
  renderer: RendererState;
  queue: QueueHealth | { state: 'unknown' };
}

/**
 * Whether the parts a process depends on work (database, Chromium, the batch queue), never what
 * data they hold: GET /health of an API process, and of a worker that has a health port.
 */
@Injectable()
export class HealthService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly moduleRef: ModuleRef,
  ) {}

  async check(): Promise<Health> {
    let database: Health['database'] = 'ok';
    try {
      await this.prisma.$queryRawUnsafe('SELECT 1');
    } catch {
      database = 'error';
    }
    const queue = await this.queue();
    return { status: database === 'ok' && queue.state === 'ok' ? 'ok' : 'degraded', database, renderer: await this.renderer(), queue };
  }

  /** The batch queue: in-process, or Redis (when REDIS_URL is set; 'error' while it is away). */
  private async queue(): Promise<QueueHealth | { state: 'unknown' }> {
    try {
      return await this.moduleRef.get(JobQueue, { strict: false }).health();
    } catch {
      return { state: 'unknown' };
    }
  }

  /**
   * Chromium starts on the first print, so "idle" (no browser yet or recycled) is healthy too. An
   * API process of the multi-machine mode prints on the workers ("remote"): how many take pages.
   * None is not "degraded": the API still answers everything but downloads (503 until one is back),
   * and a load balancer must not take every API process out for it.
   */
  private async renderer(): Promise<RendererState> {
    try {
      const reports = this.moduleRef.get(ReportsService, { strict: false });
      const remote = reports.remoteWorkers();
      if (remote) return { state: 'remote', workers: await remote, singleReports: reports.printer.singles.size };
      const chromium = reports.printer.printer;
      const browsers = chromium.pids().length;
      return { state: browsers > 0 ? 'running' : 'idle', browsers, launches: chromium.launches, queue: reports.printer.queue.size, singleReports: reports.printer.singles.size };
    } catch {
      return { state: 'unknown' };
    }
  }
}
