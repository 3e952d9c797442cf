// Starts Pagefind's search interface on the search page. A file of our own (not inline) so
// the Content-Security-Policy can stay strict.
(function () {
  var target = document.getElementById("fc-find");
  if (!target || typeof PagefindUI === "undefined") {
    return;
  }
  target.innerHTML = "";
  new PagefindUI({
    element: "#fc-find",
    bundlePath: target.getAttribute("data-bundle"),
    showSubResults: false,
    showImages: false,
    resetStyles: false,
  });
  // Pagefind's box carries only a title; screen readers need a real accessible name.
  var label = function () {
    var input = target.querySelector("input");
    if (input) {
      input.setAttribute("aria-label", "Search fact-checks");
      return true;
    }
    return false;
  };
  if (!label()) {
    new MutationObserver(function (changes, observer) {
      if (label()) {
        observer.disconnect();
      }
    }).observe(target, { childList: true, subtree: true });
  }
})();
