// "Copy link" on fact-check pages. The button stays hidden where the clipboard is unavailable
// (no JavaScript, or an insecure origin), so readers never see a button that does nothing.
(function () {
  var buttons = document.querySelectorAll("[data-fc-copy]");
  if (!navigator.clipboard) {
    return;
  }
  buttons.forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(button.getAttribute("data-fc-copy")).then(function () {
        button.textContent = "Link copied";
      });
    });
  });
})();
