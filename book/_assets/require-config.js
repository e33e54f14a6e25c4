// Load before require.min.js (html_js_files priority < 500).
// @jupyter-widgets/html-manager derives its webpack public path from the
// require.js URL of each bundled module ("@jupyter-widgets/controls", ...).
// Without this, those URLs are relative to the page, so its icon fonts are
// requested from <page dir>/@jupyter-widgets/... and 404. Point them at the
// vendored copy in _static/html-manager/ instead.
(function () {
  var here = document.currentScript && document.currentScript.src;
  if (!here) { return; }
  var base = new URL("html-manager", here).href;
  var config = {paths: {"@jupyter-widgets": base, "@jupyter-widgets/html-manager/dist": base}};
  if (typeof window.require === "function" && window.require.config) {
    window.require.config(config);
  } else {
    window.require = config;  // require.js reads this object as its configuration when it loads
  }
})();
