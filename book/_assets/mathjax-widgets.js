// Load after Sphinx's inline `window.MathJax = {...}` configuration (priority
// 500) and before MathJax itself runs (it is deferred): html_js_files priority 501.
// @jupyter-widgets/base typesets widget labels and HTML with the MathJax 2 call
// MathJax.Hub.Queue(["Typeset", MathJax.Hub, element]). MathJax 3 has no Hub,
// so every widget with a description throws. Give MathJax 3 a small Hub that
// forwards to MathJax.typesetPromise.
(function () {
  var hub = {
    Queue: function (job) {
      var mj = window.MathJax;
      var element = Array.isArray(job) && job[0] === "Typeset" ? job[2] : null;
      if (!element || !mj || !mj.startup || !mj.startup.promise || !mj.typesetPromise) { return; }
      mj.startup.promise = mj.startup.promise
        .then(function () { return mj.typesetPromise([element]); })
        .catch(function (err) { console.warn("MathJax could not typeset a widget:", err); });
    }
  };
  var hasMathJax = window.MathJax !== undefined || document.querySelector('script[src*="mathjax"]');
  if (!hasMathJax) { return; }  // no MathJax on this page: the widgets skip typesetting
  var config = window.MathJax || {};
  if (config.version) {  // MathJax 3 already running
    config.Hub = config.Hub || hub;
    return;
  }
  config.startup = config.startup || {};
  var ready = config.startup.ready;
  config.startup.ready = function () {
    if (ready) { ready(); } else { window.MathJax.startup.defaultReady(); }
    window.MathJax.Hub = window.MathJax.Hub || hub;
  };
  config.Hub = hub;  // used if a widget renders before MathJax 3 has started
  window.MathJax = config;
})();
