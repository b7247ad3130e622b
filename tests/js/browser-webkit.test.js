// The browser tests of browser.test.js in WebKitGTK (Debian's MiniBrowser under WebKitWebDriver, on Xvfb): helpers/browser-suite.js.
import { launchWebKit } from './helpers/browsers.js';
import { defineBrowserSuite } from './helpers/browser-suite.js';

defineBrowserSuite({ name: 'webkit', title: 'WebKitGTK', launch: launchWebKit });
