// Small helpers on every page. A file of our own (not inline) so the Content-Security-Policy
// can stay strict.
(function () {
  "use strict";

  // "Copy link" on fact-check pages. The button stays hidden where the clipboard is unavailable
  // (no JavaScript, or an insecure origin), so readers never see a button that does nothing.
  function copyLinks() {
    if (!navigator.clipboard) {
      return;
    }
    document.querySelectorAll("[data-fc-copy]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(button.getAttribute("data-fc-copy")).then(function () {
          button.textContent = button.getAttribute("data-fc-copied") || button.textContent;
        });
      });
    });
  }

  // A table wider than the page scrolls sideways inside its own box (Material wraps tables in
  // .md-typeset__scrollwrap). Keyboard users can only scroll a box they can focus, so each
  // one that really scrolls becomes a focusable, named region (WCAG 2.1.1).
  function focusableScrollBoxes() {
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (box) {
      if (box.scrollWidth <= box.clientWidth || box.hasAttribute("tabindex")) {
        return;
      }
      box.tabIndex = 0;
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", nameOf(nearestHeading(box)) || tableName());
    });
  }

  // The word for a table in the page's language, from the theme (main.html).
  function tableName() {
    var main = document.getElementById("fc-main");
    return (main && main.getAttribute("data-fc-table")) || "Table";
  }

  // A heading's words, without its permalink sign.
  function nameOf(heading) {
    if (!heading) {
      return "";
    }
    var copy = heading.cloneNode(true);
    copy.querySelectorAll(".headerlink").forEach(function (link) {
      link.remove();
    });
    return copy.textContent.trim();
  }

  // The heading a box sits under.
  function nearestHeading(element) {
    var headings = document.querySelectorAll(".md-typeset h1, .md-typeset h2, .md-typeset h3");
    var found = null;
    headings.forEach(function (heading) {
      if (heading.compareDocumentPosition(element) & Node.DOCUMENT_POSITION_FOLLOWING) {
        found = heading;
      }
    });
    return found;
  }

  // On a phone the menu is one row that scrolls sideways: show the reader's section in it.
  function showCurrentSection() {
    var active = document.querySelector(".fc-menu__link--active");
    var row = active && active.closest(".fc-menu__list");
    if (row && row.scrollWidth > row.clientWidth) {
      // Measured on screen, so it works both ways: a right-to-left row starts at its right.
      var rowBox = row.getBoundingClientRect();
      var itemBox = active.parentElement.getBoundingClientRect();
      if (itemBox.right > rowBox.right) {
        row.scrollLeft += itemBox.right - rowBox.right + 16;
      } else if (itemBox.left < rowBox.left) {
        row.scrollLeft -= rowBox.left - itemBox.left + 16;
      }
    }
  }

  copyLinks();
  showCurrentSection();
  // Material wraps tables after its own script has run; run again once it has.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(function () {
      window.requestAnimationFrame(focusableScrollBoxes);
    });
  } else {
    window.addEventListener("load", focusableScrollBoxes);
  }
  window.addEventListener("resize", focusableScrollBoxes);
})();
