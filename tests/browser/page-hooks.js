// Records what the page throws and logs, for drivers that cannot see it (WebDriver gives WebKitGTK no console log): load it first.
//
// window.__pageErrors: uncaught errors and unhandled rejections, as text; window.__consoleLog: console.error
// and console.warn calls. A classic script, so that it runs before any module of the page.
(function () {
  var errors = (window.__pageErrors = []);
  var logged = (window.__consoleLog = []);
  var describe = function (value) {
    return value && value.stack ? String(value.stack) : String(value);
  };
  window.addEventListener('error', function (event) {
    errors.push(event.error ? describe(event.error) : event.message + ' (' + event.filename + ':' + event.lineno + ')');
  });
  window.addEventListener('unhandledrejection', function (event) {
    errors.push('unhandled rejection: ' + describe(event.reason));
  });
  ['error', 'warn'].forEach(function (level) {
    var original = console[level];
    console[level] = function () {
      logged.push(level + ': ' + Array.prototype.map.call(arguments, describe).join(' '));
      return original.apply(console, arguments);
    };
  });
})();
