// POSTs to the demo server from a loopback address of each client's own: the demo counts its rate limits
// per client address (127.0.0.0/8 is all loopback on Linux).
import http from 'node:http';

const clientAddresses = new Map();

/** POSTs JSON `body` to `url` from the loopback address of `client`. Resolves to { status, text }. */
export function postAs(client, url, body) {
  if (!clientAddresses.has(client)) clientAddresses.set(client, `127.0.1.${clientAddresses.size + 1}`);
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      {
        method: 'POST',
        localAddress: clientAddresses.get(client),
        headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) },
        timeout: 10000,
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk) => {
          text += chunk;
        });
        response.on('end', () => resolve({ status: response.statusCode, text }));
      },
    );
    request.on('timeout', () => request.destroy(new Error(`POST ${url}: no answer in 10 s`)));
    request.on('error', reject);
    request.end(body);
  });
}
