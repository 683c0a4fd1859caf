/* Progressive enhancement: a "copy" button next to texts the host passes on. The page works without it. */
(function () {
  "use strict";
  document.querySelectorAll("textarea[data-copy-label]").forEach(function (area) {
    if (!navigator.clipboard) { return; }
    var button = document.createElement("button");
    var status = document.createElement("span");
    button.type = "button";
    button.className = "secondary";
    button.textContent = area.dataset.copyLabel;
    status.setAttribute("role", "status");
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(area.value).then(function () {
        status.textContent = " " + area.dataset.copiedLabel;
      });
    });
    var actions = document.createElement("p");
    actions.appendChild(button);
    actions.appendChild(status);
    area.insertAdjacentElement("afterend", actions);
  });
})();
