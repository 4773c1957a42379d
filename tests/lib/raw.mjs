// Raw HTTP over TCP for the tests that must see the wire: what the server
// answers before a body is sent, a status line sent twice, a connection the
// server closes. rawConnect() gives a socket that keeps everything the
// server sent and tells how the connection ended.
import net from 'node:net';

// Connects to base ("http://127.0.0.1:PORT"), from localAddress if given.
// Resolves once connected with a RawConnection.
export function rawConnect(base, { localAddress } = {}) {
  const u = new URL(base);
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: u.hostname, port: Number(u.port), localAddress });
    socket.once('connect', () => { socket.removeListener('error', reject); resolve(new RawConnection(socket)); });
    socket.once('error', reject);
  });
}

export class RawConnection {
  constructor(socket) {
    this.socket = socket;
    this.chunks = [];
    this.waiters = [];
    // How the connection ended: null while open, else 'end' (the server
    // closed it), 'reset' (ECONNRESET or EPIPE) or 'error: ...'.
    this.endedHow = null;
    this.ended = new Promise(resolve => { this.resolveEnded = resolve; });
    socket.on('data', d => { this.chunks.push(d); this.wake(); });
    const finish = how => {
      if (this.endedHow || this.closedByUs) return;
      this.endedHow = how;
      this.resolveEnded(how);
      this.wake();
    };
    socket.on('end', () => finish('end'));
    socket.on('error', e => finish(e.code === 'ECONNRESET' || e.code === 'EPIPE' ? 'reset' : `error: ${e.code || e.message}`));
    socket.on('close', () => finish('end'));
  }

  get received() { return Buffer.concat(this.chunks); }
  get text() { return this.received.toString('latin1'); }

  wake() {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  // Sends data (string or Buffer); resolves once written, or at once when
  // the connection is gone (the write is then lost, as the server meant).
  write(data) {
    return new Promise(resolve => {
      if (this.endedHow || this.socket.destroyed) return resolve(false);
      this.socket.write(data, err => resolve(!err));
    });
  }

  // Waits until check(text) holds or the connection ends, at most ms;
  // resolves with check's last value.
  async until(check, ms, what = 'data') {
    const end = Date.now() + ms;
    for (;;) {
      const v = check(this.text);
      if (v || this.endedHow) return v;
      const left = end - Date.now();
      if (left <= 0) throw new Error(`no ${what} within ${ms} ms; got ${JSON.stringify(this.text.slice(0, 200))}`);
      await new Promise(resolve => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => { clearTimeout(t); resolve(); });
      });
    }
  }

  // The head of the first answer (status line and headers), once it is in.
  async head(ms = 10000) {
    await this.until(t => t.includes('\r\n\r\n'), ms, 'answer');
    return parseHead(this.text);
  }

  // Resolves with how the connection ended, or null if it is still open
  // after ms.
  async endedWithin(ms) {
    if (this.endedHow) return this.endedHow;
    let timer;
    const r = await Promise.race([this.ended, new Promise(resolve => { timer = setTimeout(() => resolve(null), ms); })]);
    clearTimeout(timer);
    return r;
  }

  // Closes the connection from this side (not counted as an ending).
  close() {
    this.closedByUs = true;
    this.socket.destroy();
  }
}

// {statusLine, status, headers (lower-case names), body (what followed the
// head)} of an answer in text.
export function parseHead(text) {
  const at = text.indexOf('\r\n\r\n');
  const head = at < 0 ? text : text.slice(0, at);
  const [statusLine, ...lines] = head.split('\r\n');
  const headers = {};
  for (const l of lines) {
    const colon = l.indexOf(':');
    if (colon > 0) headers[l.slice(0, colon).trim().toLowerCase()] = l.slice(colon + 1).trim();
  }
  const m = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine);
  return { statusLine, status: m ? Number(m[1]) : null, headers, body: at < 0 ? '' : text.slice(at + 4) };
}

// The status lines in a stream of answers.
export const statusLines = text => text.split('\r\n').filter(l => /^HTTP\/1\.[01] \d{3}/.test(l));

// A request head: method, path, headers {name: value} (Host: x unless
// given as null), HTTP/1.1 unless version is given.
export function requestHead(method, path, headers = {}, version = 'HTTP/1.1') {
  const all = { Host: 'x', ...headers };
  let text = `${method} ${path} ${version}\r\n`;
  for (const [k, v] of Object.entries(all)) if (v !== null && v !== undefined) text += `${k}: ${v}\r\n`;
  return text + '\r\n';
}
