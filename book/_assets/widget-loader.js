// Load the widget manager when a reader first reaches for a control (book/_ext/light_pages.py).
//
// Until then each explorer is a preview: its first frame as a plain image with its alt text, and its
// sliders drawn with label and readout as ARIA sliders. Pointing at a preview, touching it or moving
// focus into it loads require.js and @jupyter-widgets/html-manager (this script's data-scripts), after
// writing any slider position already chosen in a preview into the page's widget state, so the real
// explorer starts where the reader left the preview. When a widget has rendered, its preview goes, and a
// focused preview slider passes focus to the real slider in the same place.
(function () {
  var me = document.currentScript;
  if (!me) { return; }
  // Paths in data-scripts are relative to the site's root, the folder above _static/ (or absolute URLs).
  var root = new URL('../', me.src).href;
  var scripts = JSON.parse(me.getAttribute('data-scripts') || '[]');
  var started = false;
  var STATE = 'script[type="application/vnd.jupyter.widget-state+json"]';
  var VIEW = 'script[type="application/vnd.jupyter.widget-view+json"]';

  function previews() { return Array.prototype.slice.call(document.querySelectorAll('.widget-preview')); }

  // Slider positions chosen in the previews, written into the embedded state before the manager reads it.
  function carryPositions() {
    var tag = document.querySelector(STATE);
    if (!tag) { return; }
    var state = JSON.parse(tag.textContent);
    var models = state.state || {};
    var changed = false;
    document.querySelectorAll('.widget-preview [role="slider"][data-model-id]').forEach(function (handle) {
      var id = handle.getAttribute('data-model-id');
      var index = Number(handle.getAttribute('aria-valuenow'));
      var model = models[id];
      if (!model || model.state.index === index) { return; }
      model.state.index = index;
      changed = true;
      // The Stacks linked to this slider follow it (the links also update them when they start).
      Object.keys(models).forEach(function (key) {
        var link = models[key];
        if (link.model_name !== 'LinkModel' && link.model_name !== 'DirectionalLinkModel') { return; }
        var source = link.state.source, target = link.state.target;
        if (source && target && source[0] === 'IPY_MODEL_' + id && source[1] === 'index') {
          var other = models[String(target[0]).replace('IPY_MODEL_', '')];
          if (other) { other.state[target[1]] = index; }
        }
      });
    });
    if (changed) { tag.textContent = JSON.stringify(state); }
  }

  function inject(i) {
    if (i >= scripts.length) { document.dispatchEvent(new CustomEvent('widget-manager-loaded')); return; }
    var tag = document.createElement('script');
    var attrs = scripts[i][1] || {};
    Object.keys(attrs).forEach(function (name) { tag.setAttribute(name, attrs[name]); });
    tag.src = new URL(scripts[i][0], root).href;
    tag.onload = function () { inject(i + 1); };
    tag.onerror = function () {
      previews().forEach(function (p) { p.removeAttribute('aria-busy'); });
      console.warn('The widget manager could not be loaded: ' + tag.src);
    };
    document.head.appendChild(tag);
  }

  // Swap each preview for its widget once the manager has drawn it (the manager puts a .widget-subarea
  // right before the view's script, after the preview).
  function watch() {
    var observer = new MutationObserver(function () {
      previews().forEach(function (preview) {
        var view = preview.nextElementSibling;
        while (view && !view.matches(VIEW)) { view = view.nextElementSibling; }
        var area = view && view.previousElementSibling;
        if (!area || !area.classList.contains('widget-subarea') || !area.querySelector('.jupyter-widgets [role="slider"]')) {
          return;
        }
        var focused = preview.contains(document.activeElement) ?
          Array.prototype.indexOf.call(preview.querySelectorAll('[role="slider"]'), document.activeElement) : -1;
        preview.remove();
        if (focused >= 0) {
          var handle = area.querySelectorAll('[role="slider"]')[focused];
          if (handle) { handle.focus(); }
        }
      });
      if (!previews().length) { observer.disconnect(); }
    });
    observer.observe(document.body, {childList: true, subtree: true});
  }

  function start() {
    if (started) { return; }
    started = true;
    previews().forEach(function (p) { p.setAttribute('aria-busy', 'true'); });
    carryPositions();
    watch();
    inject(0);
  }

  // Before the manager arrives, a preview slider moves by keyboard (its readout and value follow; the
  // figure follows once the explorer is live).
  function step(handle, key) {
    var labels = JSON.parse(handle.getAttribute('data-labels'));
    var now = Number(handle.getAttribute('aria-valuenow')), last = labels.length - 1;
    var next = {ArrowRight: now + 1, ArrowUp: now + 1, ArrowLeft: now - 1, ArrowDown: now - 1,
                Home: 0, End: last, PageUp: now + 1, PageDown: now - 1}[key];
    if (next === undefined) { return false; }
    next = Math.max(0, Math.min(last, next));
    handle.setAttribute('aria-valuenow', String(next));
    handle.setAttribute('aria-valuetext', labels[next]);
    handle.firstElementChild.style.left = (100 * next / Math.max(last, 1)).toFixed(2) + '%';
    var readout = handle.parentElement.querySelector('.widget-preview-readout');
    if (readout) { readout.textContent = labels[next]; }
    return true;
  }

  function arm() {
    previews().forEach(function (preview) {
      ['pointerenter', 'pointerdown', 'touchstart', 'focusin'].forEach(function (type) {
        preview.addEventListener(type, start, {passive: true});
      });
      preview.addEventListener('keydown', function (event) {
        var handle = event.target.closest('[role="slider"]');
        if (handle && step(handle, event.key)) { event.preventDefault(); carryPositions(); }
      });
    });
  }

  if (document.readyState === 'loading') { document.addEventListener('DOMContentLoaded', arm); } else { arm(); }
})();
