/* Progressive enhancement for forms. A form sent back with errors puts focus on its error summary, and the
   summary's links put focus in the field. A form posts to the address without any #fragment (left there by
   the skip link, say): the browser would otherwise focus the fragment's target instead of the summary. */
(function () {
  "use strict";
  document.querySelectorAll("form:not([action])").forEach(function (form) {
    form.addEventListener("submit", function () {
      form.setAttribute("action", location.pathname + location.search);
    });
  });
  var summary = document.getElementById("error-summary");
  if (!summary) { return; }
  summary.focus();
  summary.addEventListener("click", function (event) {
    var link = event.target.closest("a[href^='#']");
    var field = link && document.getElementById(link.getAttribute("href").slice(1));
    if (!field) { return; }
    event.preventDefault();
    field.scrollIntoView({block: "center"});
    field.focus();
  });
})();
