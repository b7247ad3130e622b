// Requests a Connection never makes, because fetch could never make them.

/**
 * Why fetch could never request `url`, or null: its URL has credentials ([fetch] "Request cannot be
 * constructed from a URL that includes credentials") or a scheme with no network to fetch it from
 * (fetch reads http:, https:, data: and blob:; the node:http transport only the first two, and
 * reports the others as network errors, as fetch reports a data: URL it cannot parse).
 */
export function invalidRequestReason(url) {
  const { protocol, username, password } = new URL(url);
  if (username !== '' || password !== '') return 'the URL includes credentials, which fetch never sends';
  if (!['http:', 'https:', 'data:', 'blob:'].includes(protocol)) return `fetch cannot request ${protocol} URLs`;
  return null;
}
