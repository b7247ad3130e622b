// Throwaway certificates made with openssl for the TLS tests: a CA of their own, server certificates it
// signed, and a client certificate whose key is encrypted with a passphrase.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const EC_KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1'];
export const CLIENT_KEY_PASSPHRASE = 'test passphrase';

function openssl(args, cwd) {
  return new Promise((resolve, reject) =>
    execFile('openssl', args, { cwd, timeout: 20000 }, (error, stdout, stderr) =>
      error ? reject(new Error(`openssl ${args[0]} failed: ${stderr || error.message}`)) : resolve(stdout),
    ),
  );
}

// A key and a certificate for `subject`, signed by the CA in `dir` (ca.pem, ca.key), with `extensions`.
async function signed(dir, name, subject, extensions, keyArgs = ['-nodes']) {
  await writeFile(join(dir, `${name}.ext`), `${extensions}\n`);
  await openssl(['req', ...EC_KEY, ...keyArgs, '-subj', subject, '-keyout', `${name}.key`, '-out', `${name}.csr`], dir);
  await openssl(
    ['x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '1'].concat(
      ['-extfile', `${name}.ext`, '-out', `${name}.pem`],
    ),
    dir,
  );
  return { key: await readFile(join(dir, `${name}.key`)), cert: await readFile(join(dir, `${name}.pem`)) };
}

/**
 * { dir, ca, server, named, client, remove() }: ca is the CA certificate (PEM, also at dir/ca.pem); server is
 * { key, cert } for 127.0.0.1 and localhost; named the same for the name sse.test only; client { key, cert }
 * for client authentication, its key encrypted with CLIENT_KEY_PASSPHRASE.
 */
export async function makeTestCertificates() {
  const dir = await mkdtemp(join(tmpdir(), 'sse-certs-'));
  await openssl(
    ['req', '-x509', ...EC_KEY, '-nodes', '-days', '1', '-subj', '/CN=eventsource-wasm test CA'].concat([
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
      '-keyout',
      'ca.key',
      '-out',
      'ca.pem',
    ]),
    dir,
  );
  const server = await signed(dir, 'server', '/CN=127.0.0.1', 'subjectAltName=IP:127.0.0.1,DNS:localhost');
  const named = await signed(dir, 'named', '/CN=sse.test', 'subjectAltName=DNS:sse.test');
  const client = await signed(dir, 'client', '/CN=test client', 'extendedKeyUsage=clientAuth', [
    '-passout',
    `pass:${CLIENT_KEY_PASSPHRASE}`,
  ]);
  return {
    dir,
    ca: await readFile(join(dir, 'ca.pem')),
    server,
    named,
    client,
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}
