import { parseQueueConfig } from './queue-config';

describe('parseQueueConfig', () => {
  it('defaults to the embedded queue in one process doing both roles', () => {
    expect(parseQueueConfig({})).toMatchObject({ redisUrl: null, role: 'all', prefix: 'nct', partSize: 20, attempts: 3, keepDays: 30, workerHealthPort: null });
  });

  it('takes Redis, a prefix and a role', () => {
    expect(parseQueueConfig({ REDIS_URL: 'redis://10.0.0.7:6379/2', QUEUE_PREFIX: 'hubei', ROLE: 'worker' })).toMatchObject({ redisUrl: 'redis://10.0.0.7:6379/2', prefix: 'hubei', role: 'worker' });
    expect(parseQueueConfig({ REDIS_URL: 'redis://x', ROLE: 'worker', WORKER_HEALTH_PORT: '9101' }).workerHealthPort).toBe(9101);
  });

  it('names the bad variable and what it should be', () => {
    expect(() => parseQueueConfig({ REDIS_URL: 'localhost:6379' })).toThrow('REDIS_URL must be a redis:// or rediss:// URL, got "localhost:6379"');
    expect(() => parseQueueConfig({ ROLE: 'printer', REDIS_URL: 'redis://x' })).toThrow('ROLE must be one of api, worker, all, got "printer"');
    expect(() => parseQueueConfig({ ROLE: 'worker' })).toThrow('ROLE=worker needs REDIS_URL');
    expect(() => parseQueueConfig({ QUEUE_PREFIX: 'a:b' })).toThrow('QUEUE_PREFIX must be 1-64 letters');
    expect(() => parseQueueConfig({ BATCH_PART_SIZE: '0' })).toThrow('BATCH_PART_SIZE must be an integer from 1 to 200, got "0"');
    expect(() => parseQueueConfig({ BATCH_KEEP_DAYS: '7d' })).toThrow('BATCH_KEEP_DAYS must be an integer from 1 to 3650, got "7d"');
    expect(() => parseQueueConfig({ WORKER_HEALTH_PORT: '70000' })).toThrow('WORKER_HEALTH_PORT must be a port number (0: any free port), got "70000"');
  });
});
