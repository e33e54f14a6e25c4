// Give every ipywidgets slider an accessible name and a spoken value. The widget manager
// (@jupyter-widgets/html-manager 1.0.6) draws a slider as a noUiSlider handle with role="slider"
// but no name, so a screen reader says only "slider, 3". Name each handle after its widget's
// description ("exponent s") and make its value text the readout ("1.25"), as the widgets render
// and whenever a readout changes.
(function () {
  function describe(root) {
    root.querySelectorAll('.widget-slider, .widget-hslider').forEach(function (slider) {
      var label = slider.querySelector('.widget-label');
      var readout = slider.querySelector('.widget-readout');
      slider.querySelectorAll('[role="slider"]').forEach(function (handle) {
        var name = label && label.textContent.trim();
        if (name && handle.getAttribute('aria-label') !== name) { handle.setAttribute('aria-label', name); }
        var value = readout && readout.textContent.trim();
        if (value && handle.getAttribute('aria-valuetext') !== value) { handle.setAttribute('aria-valuetext', value); }
      });
    });
  }
  var pending = false;
  new MutationObserver(function () {
    if (pending) { return; }
    pending = true;
    window.requestAnimationFrame(function () { pending = false; describe(document); });
  }).observe(document.documentElement, {childList: true, subtree: true, characterData: true});
})();
