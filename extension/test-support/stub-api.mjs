// A tiny stand-in for the fact-check API, for unit tests only: it records each request and
// answers with whatever the test queued (status, JSON body or raw text, optional delay).
import http from 'node:http';

export async function startStubApi() {
  const requests = [];
  let next = { status: 200, json: {} };

  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      const request = { method: req.method, url: req.url, headers: req.headers, body };
      requests.push(request);
      const reply = typeof next === 'function' ? next(request) : next;
      const send = () => {
        if (res.destroyed) return;
        if (reply.raw !== undefined) {
          res.writeHead(reply.status, { 'Content-Type': reply.contentType ?? 'text/plain' });
          res.end(reply.raw);
        } else {
          res.writeHead(reply.status, { 'Content-Type': 'application/json' });
          res.end(JSON.stringify(reply.json));
        }
      };
      if (reply.delayMs) setTimeout(send, reply.delayMs);
      else send();
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    /**
     * Answer the next requests with {status, json} or {status, raw, contentType}, optionally
     * delayed ({delayMs}); or with a function of the request returning such a reply.
     */
    respond(reply) {
      next = reply;
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}

/** A loopback port with nothing listening on it (connection refused). */
export async function closedPortUrl() {
  const server = http.createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}
