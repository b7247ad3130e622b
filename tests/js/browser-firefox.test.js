// The browser tests of browser.test.js in headless Firefox ESR (Debian's firefox-esr over WebDriver BiDi): helpers/browser-suite.js.
import { launchFirefox } from './helpers/browsers.js';
import { defineBrowserSuite } from './helpers/browser-suite.js';

defineBrowserSuite({ name: 'firefox', title: 'headless Firefox ESR', launch: launchFirefox });
