// The demo service's own call, by hand: StartJob over gRPC-Web (the one call
// outside google.longrunning.Operations). Its payloads, JobProgress and
// JobResult, are decoded by lro-web's type registry (see app.js).

function pushVarint(out, n) {
  while (n > 0x7f) {
    out.push((n % 0x80) | 0x80);
    n = Math.floor(n / 0x80);
  }
  out.push(n);
}

function readVarint(bytes, i) {
  let n = 0;
  for (let shift = 1; i < bytes.length; shift *= 0x80) {
    const b = bytes[i++];
    n += (b & 0x7f) * shift;
    if (b < 0x80) return [n, i];
  }
  throw new Error("truncated varint");
}

/** The fields of a protobuf message: [number, value] pairs (varints and byte strings). */
function* fields(bytes) {
  let i = 0;
  while (i < bytes.length) {
    let key;
    [key, i] = readVarint(bytes, i);
    const wire = key & 7;
    if (wire === 0) {
      let v;
      [v, i] = readVarint(bytes, i);
      yield [key >>> 3, v];
    } else if (wire === 2) {
      let len;
      [len, i] = readVarint(bytes, i);
      yield [key >>> 3, bytes.subarray(i, i + len)];
      i += len;
    } else {
      throw new Error(`unexpected wire type ${wire}`);
    }
  }
}

const text = (bytes) => new TextDecoder().decode(bytes);

function encodeStartJob({ durationMs, steps, failCode, failMessage, label, unavailableCalls, retryDelayMs }) {
  const out = [];
  const utf8 = new TextEncoder();
  const varint = (field, n) => { if (n) { pushVarint(out, field << 3); pushVarint(out, n); } };
  const string = (field, s) => {
    if (!s) return;
    const b = utf8.encode(s);
    pushVarint(out, (field << 3) | 2);
    pushVarint(out, b.length);
    out.push(...b);
  };
  varint(1, durationMs);
  varint(2, steps);
  varint(3, failCode);
  string(4, failMessage);
  string(5, label);
  varint(7, unavailableCalls);
  varint(8, retryDelayMs);
  return Uint8Array.from(out);
}

/** One unary call of the demo Jobs service: the reply message's bytes. */
async function call(baseUrl, method, message) {
  const body = new Uint8Array(5 + message.length);
  new DataView(body.buffer).setUint32(1, message.length);
  body.set(message, 5);
  const res = await fetch(`${baseUrl}/lro.demo.v1.Jobs/${method}`, {
    method: "POST",
    headers: { "content-type": "application/grpc-web+proto", "x-grpc-web": "1" },
    body,
  });
  const headerStatus = res.headers.get("grpc-status");
  if (headerStatus && headerStatus !== "0") {
    throw new Error(decodeURIComponent(res.headers.get("grpc-message") ?? `gRPC status ${headerStatus}`));
  }
  const bytes = new Uint8Array(await res.arrayBuffer());
  let reply = null;
  for (let i = 0; i + 5 <= bytes.length;) {
    const flag = bytes[i];
    const len = new DataView(bytes.buffer, i + 1, 4).getUint32(0);
    const frame = bytes.subarray(i + 5, i + 5 + len);
    i += 5 + len;
    if (flag & 0x80) {
      const trailers = text(frame);
      const status = /grpc-status:\s*(\d+)/i.exec(trailers)?.[1];
      if (status && status !== "0") {
        const msg = /grpc-message:\s*(.*)/i.exec(trailers)?.[1] ?? "";
        throw new Error(`${method} failed (${status}): ${decodeURIComponent(msg.trim())}`);
      }
    } else {
      reply = frame;
    }
  }
  if (!reply) throw new Error(`${method} returned no message`);
  return reply;
}

/**
 * Starts a job on the server at `baseUrl` (`{ durationMs, steps, failCode,
 * failMessage, label, unavailableCalls, retryDelayMs }`, as StartJobRequest);
 * resolves with its operation's name.
 */
export async function startJob(baseUrl, job) {
  const reply = await call(baseUrl, "StartJob", encodeStartJob(job));
  for (const [field, value] of fields(reply)) if (field === 1) return text(value);
  throw new Error("StartJob returned no operation");
}

/**
 * What the server counted for operation `name` ("" for every call), by
 * GetStats: `calls` per Operations method, `openWaits` (WaitOperation
 * calls open on it now), `openWaitsAll` (on every operation) and
 * `peakOpenWaits` (the most open at once, on every operation, since the
 * server started or since a call with `resetPeak`, which starts it anew).
 */
export async function statsOf(baseUrl, name, { resetPeak = false } = {}) {
  const request = name ? [10, ...encodeString(name)] : [];
  if (resetPeak) request.push(2 << 3, 1);
  const reply = await call(baseUrl, "GetStats", Uint8Array.from(request));
  const stats = { calls: {}, openWaits: 0, openWaitsAll: 0, peakOpenWaits: 0 };
  for (const [field, value] of fields(reply)) {
    if (field === 2) stats.openWaits = value;
    if (field === 4) stats.openWaitsAll = value;
    if (field === 5) stats.peakOpenWaits = value;
    // ServerStats.calls: map<string, uint64>, entries of (1: method, 2: count).
    if (field !== 1) continue;
    let method = "";
    for (const [f, v] of fields(value)) {
      if (f === 1) method = text(v);
      if (f === 2) stats.calls[method] = v;
    }
  }
  return stats;
}

/** How many Operations calls named the operation: what waiting on it cost. */
export async function rpcsOf(baseUrl, name) {
  const { calls } = await statsOf(baseUrl, name);
  return Object.values(calls).reduce((a, b) => a + b, 0);
}

function encodeString(s) {
  const out = [];
  const b = new TextEncoder().encode(s);
  pushVarint(out, b.length);
  out.push(...b);
  return out;
}
