// Keyboard access to scrolling boxes (WCAG 2.1.1): each .scroll region can take the focus and is
// named after its table's or section's heading, so arrow keys scroll it.
(function () {
  "use strict";
  document.querySelectorAll(".scroll").forEach(function (box) {
    if (box.hasAttribute("tabindex")) { return; }
    box.setAttribute("tabindex", "0");
    box.setAttribute("role", "region");
    var section = box.closest("section") || box.parentElement;
    var heading = section ? section.querySelector("h1, h2, h3") : null;
    box.setAttribute("aria-label", heading ? heading.textContent.trim() : document.title);
  });
})();
