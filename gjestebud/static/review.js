/* Guided review, progressive enhancement only: keyboard shortcuts for the answer buttons (each button's
   data-keys lists its keys) and the hint that tells them. Without this script the buttons are plain form
   buttons. Keys typed into a field, or with a modifier, are left alone. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-review]");
  if (!form) { return; }
  var hint = form.querySelector(".review-keys");
  if (hint) { hint.hidden = false; }
  var buttons = form.querySelectorAll("button[data-keys]");
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || event.repeat) { return; }
    var target = event.target;
    if (target && /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) { return; }
    var key = (event.key || "").toLowerCase();
    Array.prototype.some.call(buttons, function (button) {
      if (button.getAttribute("data-keys").split(" ").indexOf(key) === -1) { return false; }
      event.preventDefault();
      if (form.getAttribute("data-sent")) { return true; }
      form.setAttribute("data-sent", "1");
      if (form.requestSubmit) { form.requestSubmit(button); } else { button.click(); }
      return true;
    });
  });
}());
