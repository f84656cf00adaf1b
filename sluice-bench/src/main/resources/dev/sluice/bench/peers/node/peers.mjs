// The Node peers of `sluice bench peers` (dev.sluice.bench.peers.NodePeer runs this file).
//
//   node peers.mjs <graphile|pgboss> <command> <connectionString> [args...]
//     prepare                          create the peer's schema and queue
//     enqueue <from> <n>               ids from..from+n-1 with the bulk API, 4 calls in flight, 2,000 jobs a call
//     burn <n> <countsFile>            work until n jobs ran and the peer's table shows none pending (committed)
//     latency <rate> <total> <file>    open loop: job seq is due at seq/rate s (32 in flight); handler start minus due time
//     pending                          jobs not yet completed, from the peer's own tables
//
// Progress goes to stdout as {"done":k} lines, the result as one last JSON line; logs go to stderr.
// Counts files hold one byte per id (times its handler ran, capped at 255); latency files one
// little-endian float64 per seq (microseconds, -1 when the job never ran).
import { writeFileSync } from "node:fs";

const [peerName, command, conn, ...args] = process.argv.slice(2);
const ENQUEUE_BATCH = 2000;
const PRODUCERS = 4;
const LATENCY_PRODUCERS = 32; // jobs in flight in the latency phase, as InProcessPeer.LATENCY_PRODUCERS
const STALL_MS = 60_000;

const out = (o) => process.stdout.write(JSON.stringify(o) + "\n");
const micros = () => Number(process.hrtime.bigint() / 1000n);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function graphilePeer() {
  const gw = await import("graphile-worker");
  const logger = new gw.Logger(() => (level, message) => {
    if (level === "error" || level === "warning") console.error(`graphile-worker ${level}: ${message}`);
  });
  // The settings of Graphile Worker's performance page ("Quick stats ... achieved with this configuration").
  const preset = {
    worker: {
      connectionString: conn, concurrentJobs: 24, maxPoolSize: 25,
      localQueue: { size: 500 }, completeJobBatchDelay: 0, failJobBatchDelay: 0,
    },
  };
  let utils;
  // The producers' own pool, big enough for the latency phase's 32 jobs in flight.
  const producer = async () => {
    if (!utils) {
      const pool = new (await import("pg")).default.Pool({ connectionString: conn, max: 34 });
      const report = (e) => console.error(`graphile-worker producer pool: ${e.message}`);
      pool.on("error", report);
      pool.on("connect", (client) => client.on("error", report));
      utils = await gw.makeWorkerUtils({ pgPool: pool, logger });
    }
    return utils;
  };
  return {
    pendingSql: "select count(*)::int as n from graphile_worker._private_jobs",
    async prepare() { await (await producer()).migrate(); },
    async addMany(ids) { await (await producer()).addJobs(ids.map((i) => ({ identifier: "noop", payload: { i } }))); },
    async addOne(i) { await (await producer()).addJob("noop", { i }); },
    async start(onJob) {
      const runner = await gw.run({ preset, logger, noHandleSignals: true, taskList: { noop: async (payload) => onJob(payload.i) } });
      return { stop: () => runner.stop() };
    },
    async close() { if (utils) await utils.release(); },
  };
}

async function pgbossPeer() {
  const { PgBoss } = await import("pg-boss");
  // NOTIFY wakes workers; burstWhenBatchFull fetches again at once while batches come back full.
  const boss = new PgBoss({ connectionString: conn, useListenNotify: true, max: 40, schedule: false });
  boss.on("error", (e) => console.error(`pg-boss error: ${e.message ?? e}`));
  await boss.start();
  return {
    pendingSql: "select count(*)::int as n from pgboss.job where name = 'bench' and state::text in ('created', 'retry', 'active')",
    async prepare() { if (!(await boss.getQueue("bench"))) await boss.createQueue("bench", { notify: true }); },
    async addMany(ids) { await boss.insert("bench", ids.map((i) => ({ data: { i } }))); },
    async addOne(i) { await boss.send("bench", { i }); },
    async start(onJob) {
      await boss.work("bench", { batchSize: 150, localConcurrency: 4, burstWhenBatchFull: true, pollingIntervalSeconds: 0.5 },
        async (jobs) => { for (const job of jobs) onJob(job.data.i); });
      return { stop: () => boss.offWork("bench") };
    },
    async close() { await boss.stop({ graceful: true, wait: true }); },
  };
}

async function pending(pgModule) {
  const client = new pgModule.Client({ connectionString: conn });
  await client.connect();
  try {
    return (await client.query(peer.pendingSql)).rows[0].n;
  } finally {
    await client.end();
  }
}

async function waitUntil(label, progress, target, report) {
  let last = -1, lastChange = Date.now();
  for (;;) {
    const now = progress();
    if (report) report(now);
    if (now >= target) return;
    if (now !== last) { last = now; lastChange = Date.now(); }
    if (Date.now() - lastChange > STALL_MS) throw new Error(`${peerName} ${label} stalled at ${now} of ${target} for ${STALL_MS / 1000} s`);
    await sleep(20);
  }
}

async function waitCommitted(pgModule) {
  const started = Date.now();
  while ((await pending(pgModule)) > 0) {
    if (Date.now() - started > STALL_MS) throw new Error(`${peerName}: jobs still pending ${STALL_MS / 1000} s after their handlers ran`);
    await sleep(20);
  }
}

function counter(n) {
  const counts = new Uint8Array(n);
  let handled = 0;
  return { counts, get handled() { return handled; }, hit(i) { if (i >= 0 && i < n && counts[i] < 255) counts[i]++; handled++; } };
}

const peer = peerName === "graphile" ? await graphilePeer() : peerName === "pgboss" ? await pgbossPeer() : null;
if (!peer) throw new Error(`unknown peer ${peerName}; use graphile or pgboss`);
const pgModule = (await import("pg")).default;
let lastReport = 0;
const report = (done) => { const t = Date.now(); if (t - lastReport >= 250) { lastReport = t; out({ done }); } };

try {
  if (command === "prepare") {
    await peer.prepare();
    out({ ok: true });
  } else if (command === "enqueue") {
    const from = Number(args[0]), n = Number(args[1]);
    let next = 0, done = 0;
    const t0 = micros();
    await Promise.all(Array.from({ length: PRODUCERS }, async () => {
      while (next < n) {
        const start = next; next = Math.min(n, next + ENQUEUE_BATCH);
        const ids = []; for (let i = start; i < next; i++) ids.push(from + i);
        await peer.addMany(ids);
        done += ids.length; report(done);
      }
    }));
    out({ seconds: (micros() - t0) / 1e6 });
  } else if (command === "burn") {
    const n = Number(args[0]);
    const c = counter(n);
    const t0 = micros();
    const worker = await peer.start((i) => c.hit(i));
    await waitUntil("burn-down", () => c.handled, n, report);
    await waitCommitted(pgModule);
    const seconds = (micros() - t0) / 1e6;
    await worker.stop();
    writeFileSync(args[1], c.counts);
    out({ seconds, handled: c.handled });
  } else if (command === "latency") {
    const rate = Number(args[0]), total = Number(args[1]);
    const c = counter(total);
    const latency = new Float64Array(total).fill(-1);
    let t0 = 0;
    const worker = await peer.start((i) => {
      if (i >= 0 && i < total && latency[i] < 0) latency[i] = micros() - (t0 + (i * 1e6) / rate);
      c.hit(i);
    });
    let inFlight = 0, failed = null;
    t0 = micros() + 100_000;
    for (let seq = 0; seq < total; seq++) {
      const due = t0 + (seq * 1e6) / rate;
      // Never before its due time (a job enqueued early could start early: a negative latency).
      while (micros() < due) {
        const wait = (due - micros()) / 1000;
        await sleep(wait > 1 ? wait : 0);
      }
      while (inFlight >= LATENCY_PRODUCERS) await sleep(0);
      inFlight++;
      peer.addOne(seq).catch((e) => { failed = e; }).finally(() => { inFlight--; });
      if (failed) throw failed;
      report(c.handled);
    }
    await waitUntil("latency", () => c.handled, total, report);
    await waitCommitted(pgModule);
    await worker.stop();
    writeFileSync(args[2], Buffer.from(latency.buffer));
    writeFileSync(args[2] + ".counts", c.counts);
    out({ handled: c.handled });
  } else if (command === "pending") {
    out({ pending: await pending(pgModule) });
  } else {
    throw new Error(`unknown command ${command}`);
  }
} catch (e) {
  console.error(`${peerName} ${command} failed: ${e.stack ?? e}`);
  process.exitCode = 2;
} finally {
  await peer.close();
}
process.exit(process.exitCode ?? 0);
