// Load after the widget manager (embed-amd.js): a disposed widget view must get no Lumino message.
//
// @jupyter-widgets/html-manager 1.0.6 ships @jupyter-widgets/base, @jupyter-widgets/controls and the
// manager as separate bundles, and each has its own copy of @lumino/messaging, so a page with widgets
// runs three message loops. When a slider moves, a Stack (or Box) view of the controls bundle shows a
// new child view and posts it a "resize" through the controls' loop, to be delivered at the next
// animation frame. If the slider moves again before that frame (a key held down, a quick drag, a busy
// machine that draws frames late), the child view is removed and its Lumino widget disposed; dispose
// clears the messages posted to it only from base's loop. The stale "resize" then reaches the disposed
// widget, whose processMessage (JupyterLuminoWidget, JupyterLuminoPanelWidget) calls
// this._view.processLuminoMessage with _view already null:
//   TypeError: Cannot read properties of null (reading 'processLuminoMessage')
// Within one loop Lumino never delivers a posted message to a disposed widget; this restores that rule
// across the bundles: a disposed widget drops the message (it has no view and no DOM node to resize).
// tests/site/browse.py moves every slider faster than the screen repaints and requires a clean console.
(function () {
  function guard(cls) {
    if (!cls || !cls.prototype || cls.prototype.processMessage.dropsMessagesWhenDisposed) { return; }
    var processMessage = cls.prototype.processMessage;
    var guarded = function (msg) {
      if (this.isDisposed) { return; }
      return processMessage.call(this, msg);
    };
    guarded.dropsMessagesWhenDisposed = true;
    cls.prototype.processMessage = guarded;
  }
  function install() {
    // Only where the manager defined @jupyter-widgets/base: elsewhere require.js would fetch it by name.
    if (typeof window.require !== 'function' || !document.querySelector('script[src*="embed-amd"]')) { return false; }
    window.require(['@jupyter-widgets/base'], function (base) {
      guard(base.JupyterLuminoWidget);
      guard(base.JupyterLuminoPanelWidget);
    });
    return true;
  }
  // Views are created after the load event (embed-amd.js waits for it), so this runs before any exists;
  // a guard installed twice is a no-op.
  if (!install()) { document.addEventListener('DOMContentLoaded', install); }
  // Where the manager loads only when a reader reaches for a control (widget-loader.js), install then.
  document.addEventListener('widget-manager-loaded', install);
})();
