// Kennisbank Jonge Kind: small fixes on top of Material, as a file (the
// Content-Security-Policy refuses inline scripts from page content).
(() => {
  "use strict";

  // A table wider than the screen scrolls sideways inside Material's wrapper.
  // Keyboard users can only scroll it once it takes focus (WCAG 2.1.1); a
  // screen reader then announces it as a region with the table's caption.
  const scrollAreas = () => {
    for (const wrap of document.querySelectorAll(".md-typeset__scrollwrap")) {
      if (wrap.scrollWidth > wrap.clientWidth + 1) {
        const caption = wrap.querySelector("caption");
        const name = caption ? caption.textContent.trim() : "Tabel";
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        wrap.setAttribute("aria-label", `${name} (schuift opzij)`);
      } else if (wrap.hasAttribute("tabindex")) {
        wrap.removeAttribute("tabindex");
        wrap.removeAttribute("role");
        wrap.removeAttribute("aria-label");
      }
    }
  };

  let pending = 0;
  const later = () => {
    cancelAnimationFrame(pending);
    pending = requestAnimationFrame(scrollAreas);
  };
  if (typeof document$ !== "undefined") {
    document$.subscribe(later);
  } else {
    document.addEventListener("DOMContentLoaded", later);
  }
  window.addEventListener("load", later);
  window.addEventListener("resize", later);
})();
