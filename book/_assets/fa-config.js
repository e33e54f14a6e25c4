// Loaded before the book theme's fontawesome script: nest the SVG icons inside
// the <i> elements instead of replacing them, so ipywidgets' Play button (which
// looks up its <i> icons) keeps working. See scaling_lab/widgets.py.
window.FontAwesomeConfig = Object.assign(window.FontAwesomeConfig || {}, {autoReplaceSvg: 'nest'});
