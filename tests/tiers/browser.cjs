// Mocha's configuration for the browser tier, `npm run test:browser` (bash build.sh --test=browser, which
// installs the browsers if missing): the tests in real browsers, headless Chromium, Firefox ESR and
// WebKitGTK. The demo's pages and the bundlers' apps, also in Chromium, are in the demo and scale tiers.
module.exports = {
  ...require('../../.mocharc.json'),
  spec: [
    'tests/js/browser.test.js',
    'tests/js/browser-firefox.test.js',
    'tests/js/browser-webkit.test.js',
    'tests/js/legacy-browser.test.js',
    'tests/js/page-lifecycle.test.js',
    'tests/js/shared-connection.test.js',
  ],
};
