/* Search results show prose: no raw TeX, no Python source (book/_ext/search_text.py adds this file).

   Sphinx's search (searchtools.js) writes each result's snippet from the text of the page it fetches, and
   that text holds every formula as raw TeX, "\(N\)", since MathJax typesets only in the reader's browser, and
   every code cell's source. Before the text is taken, this strips code cells, outputs and the page's
   furniture, and writes each formula as plain text ("\(\alpha_N \approx 0.076\)" becomes "α_N ≈ 0.076"). */
(() => {
  "use strict";
  const NAMES = {
    alpha: "α", beta: "β", gamma: "γ", delta: "δ", epsilon: "ε", varepsilon: "ε", zeta: "ζ", eta: "η",
    theta: "θ", kappa: "κ", lambda: "λ", mu: "μ", nu: "ν", xi: "ξ", pi: "π", rho: "ρ", sigma: "σ", tau: "τ",
    phi: "φ", varphi: "φ", chi: "χ", psi: "ψ", omega: "ω", Gamma: "Γ", Delta: "Δ", Theta: "Θ", Lambda: "Λ",
    Sigma: "Σ", Phi: "Φ", Psi: "Ψ", Omega: "Ω", ell: "ℓ", times: "×", cdot: "·", approx: "≈", le: "≤",
    leq: "≤", ge: "≥", geq: "≥", ne: "≠", neq: "≠", propto: "∝", infty: "∞", sim: "~", to: "→",
    rightarrow: "→", pm: "±", gtrsim: "≳", lesssim: "≲", sum: "Σ", prod: "Π", partial: "∂", top: "ᵀ",
    mid: "|", ldots: "…", dots: "…", cdots: "…", in: "∈", setminus: "∖", quad: " ", qquad: " ",
  };
  // Macros that only style or size what follows: dropped, their argument kept.
  const STYLE = /\\(?:mathrm|text|textrm|mathbf|mathit|mathsf|mathtt|operatorname|rm|bf|it|mathcal|mathbb|boldsymbol|displaystyle|left|right|bigl|bigr|Bigl|Bigr|biggl|biggr|big|Big|bigg|Bigg|hat|tilde|bar|widehat|widetilde|overline|limits|nolimits)(?![A-Za-z])/g;

  /** TeX as a reader would say it in plain text (not a TeX parser: enough for a search snippet). */
  function texToText(tex) {
    let text = tex.trim().replace(/^\\\(|\\\)$/g, "").replace(/^\\\[|\\\]$/g, "").replace(/^\$\$?|\$\$?$/g, "");
    text = text.replace(/\\begin\{[a-z*]+\}|\\end\{[a-z*]+\}/g, " ").replace(/\\\\|&/g, " ").replace(STYLE, "")
      .replace(/\{\s+/g, "{");
    for (let i = 0; i < 3; i++) {  // innermost first: N^{\alpha} -> N^\alpha, then \frac{A}{B} -> (A)/(B)
      text = text.replace(/([_^])\{([^{}]*)\}/g, "$1$2")
        .replace(/\\[dt]?frac\s*\{([^{}]*)\}\s*\{([^{}]*)\}/g, "($1)/($2)");
    }
    text = text.replace(/\\([A-Za-z]+)/g, (whole, name) => NAMES[name] ?? name)
      .replace(/\\[,;:! ]/g, " ").replace(/\\([{}%$#_])/g, "$1").replace(/[{}]/g, "");
    return text.replace(/\s+/g, " ").trim();
  }

  // Not prose: code cells (source and outputs), widgets, and the page's header, sidebars, footer links and
  // print-only table of contents.
  const NOT_PROSE = ".headerlink, script, style, div.cell_input, div.cell_output, div.highlight, pre, " +
    ".jupyter-widgets, .widget-subarea, .bd-sidebar-secondary, .header-article-items, .prev-next-area, " +
    ".bd-footer-article, .bd-footer-content, .onlyprint";

  /** The page's HTML with only its prose left, and every formula as plain text. */
  function proseHtml(htmlString) {
    const doc = new DOMParser().parseFromString(htmlString, "text/html");
    doc.querySelectorAll(NOT_PROSE).forEach((element) => element.remove());
    doc.querySelectorAll(".math").forEach((element) => {
      element.replaceWith(doc.createTextNode(` ${texToText(element.textContent)} `));
    });
    return doc.documentElement.outerHTML;
  }

  window.scalingLabSearchText = { texToText, proseHtml };

  function patch() {
    // searchtools.js declares `const Search` at the top level: a global binding, not a window property.
    if (typeof Search === "undefined" || Search.scalingLabProse) return;
    const htmlToText = Search.htmlToText;
    Search.htmlToText = (htmlString, anchor) => htmlToText(proseHtml(htmlString), anchor);
    Search.scalingLabProse = true;
  }
  patch();
  document.addEventListener("DOMContentLoaded", patch);
})();
