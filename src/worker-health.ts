import http from 'node:http';
import { AddressInfo } from 'node:net';
import { HealthService } from './health/health.service';

/**
 * A worker's only HTTP: GET /health, what the API's /health says of the same parts (database,
 * Chromium, the queue in Redis) plus `role: "worker"`, for a supervisor or a load balancer's
 * probe. Anything else is 404. Resolves with the address it listens on.
 */
export function serveWorkerHealth(health: HealthService, port: number, host: string): Promise<{ server: http.Server; url: string }> {
  const server = http.createServer((req, res) => {
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
      res.end(JSON.stringify(body));
    };
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/health') return reply(404, { statusCode: 404, message: '未找到：工作进程只提供 GET /health' });
    health.check().then(
      (state) => reply(200, { ...state, role: 'worker', pid: process.pid }),
      (err: Error) => reply(500, { statusCode: 500, message: `状态检查失败：${err.message}` }),
    );
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const { port: bound } = server.address() as AddressInfo;
      resolve({ server, url: `http://${host.includes(':') ? `[${host}]` : host}:${bound}/health` });
    });
  });
}
