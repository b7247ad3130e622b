// node-http-transport.js as bundles for browsers, workers and edge runtimes have it (package.json "browser",
// which webpack, Rspack, Vite, esbuild and Parcel read when they build for browsers): never available, so that
// they leave out the node:http transport and its modules (5.5 KB minified), which they could not use.
export const nodeHttpAvailable = () => false;
export const startNodeHttpRequest = undefined;
export const nodeHttp2Available = () => false;
export const startNodeHttp2Request = undefined;
