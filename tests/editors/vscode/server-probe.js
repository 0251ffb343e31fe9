//! Asks the interview-prep server itself, over stdio, what it advertises and (when it offers
//! `interview-prep.progressSummary`) what the progress store in $INTERVIEW_PREP_DATA holds. The
//! VS Code test uses it to decide which quiz checks apply and to confirm a review was recorded,
//! independently of what the editor shows.

'use strict';
const { spawn } = require('node:child_process');

/** Runs one short LSP session: initialize, optional progressSummary, shutdown, exit. */
function probe(bin, env = process.env, timeoutMs = 15000) {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, ['serve'], { env, stdio: ['pipe', 'pipe', 'inherit'] });
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error('server probe timed out'));
    }, timeoutMs);
    let buffer = Buffer.alloc(0);
    const waiting = new Map();
    let nextId = 1;
    const send = (msg) => {
      const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...msg }));
      child.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
      child.stdin.write(body);
    };
    const request = (method, params) =>
      new Promise((res, rej) => {
        const id = nextId++;
        waiting.set(id, { res, rej });
        send({ id, method, params });
      });
    child.stdout.on('data', (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        const end = buffer.indexOf('\r\n\r\n');
        if (end < 0) return;
        const length = Number(/Content-Length: (\d+)/i.exec(buffer.subarray(0, end).toString())[1]);
        if (buffer.length < end + 4 + length) return;
        const msg = JSON.parse(buffer.subarray(end + 4, end + 4 + length).toString());
        buffer = buffer.subarray(end + 4 + length);
        if (msg.id !== undefined && msg.method) {
          send({ id: msg.id, result: null }); // a server request (e.g. a refresh): acknowledge
        } else if (msg.id !== undefined && waiting.has(msg.id)) {
          const w = waiting.get(msg.id);
          waiting.delete(msg.id);
          msg.error ? w.rej(new Error(msg.error.message)) : w.res(msg.result);
        }
      }
    });
    child.on('error', reject);
    (async () => {
      const init = await request('initialize', { processId: process.pid, rootUri: null, capabilities: {} });
      send({ method: 'initialized', params: {} });
      const commands = init.capabilities.executeCommandProvider?.commands ?? [];
      let summary = null;
      if (commands.includes('interview-prep.progressSummary')) {
        summary = await request('workspace/executeCommand', { command: 'interview-prep.progressSummary', arguments: [{}] });
      }
      await request('shutdown', null);
      send({ method: 'exit' });
      clearTimeout(timer);
      resolve({ version: init.serverInfo?.version, commands, summary });
    })().catch((e) => {
      clearTimeout(timer);
      child.kill();
      reject(e);
    });
  });
}

module.exports = { probe };

if (require.main === module) {
  probe(process.argv[2]).then((r) => console.log(JSON.stringify(r, null, 2)), (e) => {
    console.error(e);
    process.exit(1);
  });
}
