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
})();
