// Redis for the multi-machine tests (test/batches-cluster.e2e-spec.ts): they use the Redis on
// 127.0.0.1:6379 when one answers there. When nothing listens and set-up runs as root, Debian's
// redis-server is installed and started on loopback (no persistence: the tests' keys are
// throwaway); otherwise the exact command is printed, and the test says what is missing.
import { spawnSync } from 'node:child_process';
import net from 'node:net';

const PORT = 6379;

/** Whether something accepts connections on 127.0.0.1:6379 (within a second). */
function listening() {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port: PORT });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

export async function ensureTestRedis({ log, run, has }) {
  if (await listening()) return;
  if (process.getuid?.() !== 0 || !has('apt-get')) {
    log(`nothing listens on 127.0.0.1:${PORT}: the multi-machine tests need Redis. As root: apt-get install -y redis-server && redis-server --daemonize yes --bind 127.0.0.1 --port ${PORT}`);
    return;
  }
  if (!has('redis-server')) {
    log('installing Debian package redis-server (for the multi-machine tests)');
    run('apt-get', ['update', '-qq']);
    run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'redis-server'], { DEBIAN_FRONTEND: 'noninteractive' });
  }
  // The package may have started it already (where an init system runs).
  if (await listening()) return;
  log(`starting redis-server on 127.0.0.1:${PORT}`);
  const started = spawnSync('redis-server', ['--daemonize', 'yes', '--bind', '127.0.0.1', '--port', String(PORT), '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  if (started.status !== 0 || !(await listening())) log(`redis-server did not start on 127.0.0.1:${PORT}; the multi-machine tests will say so`);
}
