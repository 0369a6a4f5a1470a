import { join, resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { DYNAMODB_LOCAL_MAIN, smallReadBufferClassPath } from './dynamodb-local-read-buffer';
import { freePort } from './free-port';
import { startServiceProcess, type ServiceProcess } from './service-process';
import { startUnixSocketProxy, UNIX_TO_TCP_RELAY, type UnixSocketProxy } from './unix-socket-proxy';

export interface DynamoDbLocalService extends ServiceProcess {
  /** e.g. http://127.0.0.1:41235 */
  readonly endpoint: string;
  /** The JVM's process id (a test pauses it with SIGSTOP to make a store outage). */
  readonly pid: number;
  /**
   * The unix socket the relay inside the namespace listens on: `endpoint` less its host-side hop (the
   * lookup benchmark connects here, as the registry's clients connect to it without a relay).
   */
  readonly socketPath: string;
}

export const DYNAMODB_LOCAL_HOME = resolve(__dirname, '../../../.tools/dynamodb-local');

export interface DynamoDbLocalOptions {
  readonly port?: number;
  /** Keep tables in files in this directory (npm start); in memory otherwise. */
  readonly dataDir?: string;
  /** The JVM's heap, GC and JIT flags; default QUICK_START_JVM. */
  readonly jvmOptions?: readonly string[];
  /** The relay into the namespace (NAMESPACE_SCRIPT): socat when installed (default), or always Node. */
  readonly relay?: 'socat-if-installed' | 'node';
  /**
   * How DynamoDB Local reads request bodies: through a 127-byte array (default), or through a new 16 MiB
   * array per request as 1.11.478 ships (`stock`, for the test that shows the difference); see
   * dynamodb-local-read-buffer.ts.
   */
  readonly readBuffer?: 'small' | 'stock';
}

/**
 * For tests and `npm start`: a small heap and the client compiler only (C1), which start and warm up
 * quickest. A server JVM's default (tiered up to C2) is faster once warm (the lookup benchmark).
 */
export const QUICK_START_JVM = ['-Xms64m', '-Xmx512m', '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1'];

/**
 * For the benchmarks: a server JVM's default JIT (tiered up to C2) with its heap sized up front, slower to
 * warm up and faster once warm, as a service that has been running is (real DynamoDB needs no warm-up).
 * A young generation of 768 MB: requests leave garbage and almost nothing alive, so a larger young
 * generation collects less often for the same cost per collection. Measured against DynamoDB Local alone
 * (1,500 calls of each operation, the JVM's CPU read from /proc, 2026-11-29), before its read buffer
 * was made small (dynamodb-local-read-buffer.ts), when each request left 16 MiB of garbage: per GetItem
 * 1.9 ms instead of 2.2, per conditional PutItem 1.7 instead of 2.1-2.4, per Query 1.8 instead of 2.4,
 * per 3-item TransactWriteItems 1.9 instead of 2.5-2.6.
 */
export const SERVER_JVM = ['-Xms1g', '-Xmx1g', '-Xmn768m', '-XX:+UseSerialGC'];

/** The port DynamoDB Local listens on inside its own network namespace (nothing else is there). */
const INNER_PORT = 8000;
/** Unix socket paths are limited to 108 bytes. */
const MAX_SOCKET_PATH = 100;

/**
 * Runs in `unshare --map-root-user --net`: a network namespace whose only interface is its own loopback.
 * DynamoDB Local (Jetty) has no bind option and listens on every interface; in there, every interface is
 * loopback. A relay inside listens on a unix socket (file system, reachable from the host) and forwards to
 * the JVM; the host side listens on 127.0.0.1 only (unix-socket-proxy.ts). The relay is socat where
 * scripts/bootstrap.sh could install it (a process per connection, in C: in the signing benchmark the
 * relay and JVM took ~0.7 CPU ms less per signed image, and a GetItem's p50 fell ~0.2 ms), else Node.
 */
const NAMESPACE_SCRIPT = `
node=$1; relay=$2; socket=$3; port=$4; shift 4
ip link set lo up || { echo "image-trust: cannot bring up the namespace's loopback" >&2; exit 1; }
"$@" & java=$!
if [ "$IMAGE_TRUST_RELAY" != node ] && command -v socat >/dev/null 2>&1; then
  socat UNIX-LISTEN:"$socket",fork,unlink-early TCP:127.0.0.1:"$port" & relay_pid=$!
else
  "$node" -e "$relay" "$socket" "$port" & relay_pid=$!
fi
echo "image-trust-jvm-pid=$java"
# socat's per-connection children too (they would outlive it until their client hangs up).
stop() { kill $java $relay_pid $(cat /proc/$relay_pid/task/$relay_pid/children 2>/dev/null) 2>/dev/null; }
trap 'stop; wait; exit 0' TERM INT
wait -n
stop; wait`;

/**
 * Starts the real DynamoDB Local (1.11.478, installed by scripts/bootstrap.sh) on the machine's Java,
 * reachable on 127.0.0.1 only (see NAMESPACE_SCRIPT).
 */
export async function startDynamoDbLocal(options: DynamoDbLocalOptions = {}): Promise<DynamoDbLocalService> {
  const jar = join(DYNAMODB_LOCAL_HOME, 'DynamoDBLocal.jar');
  if (!existsSync(jar))
    throw new Error(`DynamoDB Local is not installed at ${jar}: run bash scripts/bootstrap.sh`);
  // The manifest's Class-Path (DynamoDBLocal_lib) still applies to the jar on a class path.
  const classPath =
    options.readBuffer === 'stock' ? jar : `${smallReadBufferClassPath(DYNAMODB_LOCAL_HOME)}:${jar}`;
  const port = options.port ?? (await freePort());
  const endpoint = `http://127.0.0.1:${port}`;
  let socketPath = '';
  let proxy: UnixSocketProxy | undefined;
  const service = await startServiceProcess({
    name: 'dynamodb-local',
    dataDir: options.dataDir,
    command: (dir) => {
      socketPath = join(dir, 'dynamodb.sock');
      if (socketPath.length > MAX_SOCKET_PATH)
        throw new Error(`DynamoDB Local's socket path is too long for a unix socket: ${socketPath}`);
      const java = [
        'java',
        `-Dimage-trust.data=${dir}`,
        ...(options.jvmOptions ?? QUICK_START_JVM),
        `-Djava.library.path=${join(DYNAMODB_LOCAL_HOME, 'DynamoDBLocal_lib')}`,
        '-cp',
        classPath,
        DYNAMODB_LOCAL_MAIN,
        '-port',
        String(INNER_PORT),
        '-cors',
        'http://127.0.0.1',
        ...(options.dataDir ? ['-sharedDb', '-dbPath', dir] : ['-inMemory']),
      ];
      const inner = ['bash', '-c', NAMESPACE_SCRIPT, 'image-trust-dynamodb-namespace'];
      const relayArgs = [process.execPath, UNIX_TO_TCP_RELAY, socketPath, String(INNER_PORT)];
      return {
        cmd: 'unshare',
        args: ['--map-root-user', '--net', ...inner, ...relayArgs, ...java],
        env: { IMAGE_TRUST_RELAY: options.relay ?? 'socat-if-installed' },
      };
    },
    // Any DynamoDB-shaped answer (even a 400 for a bare request) means the server is up.
    ready: async () => {
      if (!existsSync(socketPath)) return false;
      proxy ??= await startUnixSocketProxy('127.0.0.1', port, socketPath);
      const res = await fetch(endpoint, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-amz-json-1.0',
          'x-amz-target': 'DynamoDB_20120810.ListTables',
        },
        body: '{}',
      });
      return res.status < 500;
    },
  }).catch(async (error: unknown) => {
    await proxy?.close();
    throw error;
  });
  const pid = Number(/image-trust-jvm-pid=(\d+)/.exec(service.output())?.[1]);
  return {
    ...service,
    endpoint,
    pid,
    socketPath,
    stop: async () => {
      await proxy?.close();
      await service.stop();
    },
  };
}
