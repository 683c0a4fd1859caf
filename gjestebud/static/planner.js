/* Planner pages, progressive enhancement only: a "select all" checkbox at the top of each group of
   checkboxes marked with data-select-all (its value is the label, already translated by the page).
   Without this script every checkbox is still there to tick one by one. */
(function () {
  "use strict";
  var groups = document.querySelectorAll("fieldset[data-select-all]");
  Array.prototype.forEach.call(groups, function (group, index) {
    var boxes = group.querySelectorAll("input[type=checkbox]");
    if (boxes.length < 2) { return; }
    var wrapper = document.createElement("div");
    wrapper.className = "checkbox select-all";
    var all = document.createElement("input");
    all.type = "checkbox";
    all.id = "select-all-" + index;
    var label = document.createElement("label");
    label.htmlFor = all.id;
    label.textContent = group.getAttribute("data-select-all");
    wrapper.appendChild(all);
    wrapper.appendChild(label);
    var legend = group.querySelector("legend");
    group.insertBefore(wrapper, legend ? legend.nextSibling : group.firstChild);

    function sync() {
      var ticked = Array.prototype.filter.call(boxes, function (box) { return box.checked; }).length;
      all.checked = ticked === boxes.length;
      all.indeterminate = ticked > 0 && ticked < boxes.length;
    }
    all.addEventListener("change", function () {
      Array.prototype.forEach.call(boxes, function (box) { box.checked = all.checked; });
    });
    Array.prototype.forEach.call(boxes, function (box) { box.addEventListener("change", sync); });
    sync();
  });
}());
