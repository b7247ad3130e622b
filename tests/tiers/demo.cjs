// Mocha's configuration for the demo tier, `npm run test:demo` (bash build.sh --test=demo): the demo server
// (npm start) and its pages in Chromium.
module.exports = {
  ...require('../../.mocharc.json'),
  spec: [
    'tests/js/demo.test.js',
    'tests/js/demo-chat.test.js',
    'tests/js/demo-hostile.test.js',
    'tests/js/demo-pages.test.js',
    'tests/js/demo-shared.test.js',
    'tests/js/demo-speed.test.js',
    'tests/js/demo-wall.test.js',
  ],
};
