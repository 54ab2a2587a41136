/* sphinx-shortscience: the preview of a paper link (title, authors, venue, year).
 *
 * The preview is the link's title attribute, which browsers show on hover alone and only
 * after a delay. This shows it at once, styled by the theme, and on keyboard focus too.
 * Without this script the title attribute still works.
 */
(() => {
  "use strict";
  const LINK = "a.shortscience-paper-link";
  const HOVER_DELAY = 250;
  let tip = null;
  let shownFor = null;
  let timer = 0;

  function previewOf(link) {
    // moved to a data attribute so that the browser's own tooltip does not show it twice
    if (link.hasAttribute("title")) {
      link.dataset.shortsciencePreview = link.getAttribute("title");
      link.removeAttribute("title");
    }
    return link.dataset.shortsciencePreview || "";
  }

  function hide() {
    clearTimeout(timer);
    if (shownFor) {
      shownFor.removeAttribute("aria-describedby");
      shownFor = null;
    }
    if (tip) {
      tip.hidden = true;
    }
  }

  function show(link) {
    clearTimeout(timer);
    const text = previewOf(link);
    if (!text) {
      return;
    }
    if (!tip) {
      tip = document.createElement("div");
      tip.id = "shortscience-preview";
      tip.className = "shortscience-preview";
      tip.setAttribute("role", "tooltip");
      document.body.appendChild(tip);
    }
    hide();
    tip.textContent = text;
    tip.hidden = false;
    shownFor = link;
    link.setAttribute("aria-describedby", tip.id);
    place();
  }

  function place() {
    if (!shownFor) {
      return;
    }
    const box = shownFor.getBoundingClientRect();
    const gap = 6;
    const width = tip.offsetWidth;
    const height = tip.offsetHeight;
    const left = Math.max(gap, Math.min(box.left, window.innerWidth - width - gap));
    const below = box.bottom + gap + height <= window.innerHeight || box.top < height + gap;
    tip.style.left = `${left}px`;
    tip.style.top = `${below ? box.bottom + gap : box.top - height - gap}px`;
  }

  document.addEventListener("mouseover", (event) => {
    const link = event.target.closest && event.target.closest(LINK);
    if (link && link !== shownFor) {
      previewOf(link);
      clearTimeout(timer);
      timer = setTimeout(() => show(link), HOVER_DELAY);
    }
  });
  document.addEventListener("mouseout", (event) => {
    const link = event.target.closest && event.target.closest(LINK);
    if (link && !link.contains(event.relatedTarget)) {
      clearTimeout(timer);
      if (shownFor === link && document.activeElement !== link) {
        hide();
      }
    }
  });
  document.addEventListener("focusin", (event) => {
    const link = event.target.closest && event.target.closest(LINK);
    if (link) {
      show(link);
    }
  });
  document.addEventListener("focusout", hide);
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      hide();
    }
  });
  // fixed to the window, so it follows its link when the page or a sidebar scrolls
  window.addEventListener("scroll", place, true);
  window.addEventListener("resize", place);
})();
