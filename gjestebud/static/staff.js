/* Staff pages, progressive enhancement only: suggest a topic's web address from its title as it is typed.
   Without this script the server makes the same suggestion when the address is left empty. */
(function () {
  "use strict";
  var source = document.querySelector("[data-slug-source]");
  var target = document.querySelector("[data-slug-target]");
  if (!source || !target) { return; }
  var letters = { "æ": "ae", "ø": "o", "å": "a", "đ": "d", "ŋ": "n", "ŧ": "t", "ß": "ss" };

  function suggest(title) {
    return title.toLowerCase()
      .replace(/[æøåđŋŧß]/g, function (c) { return letters[c]; })
      .normalize("NFKD").replace(/[\u0300-\u036f]/g, "")
      .replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "")
      .slice(0, 80).replace(/-+$/, "");
  }

  // Only a slug the organiser has not typed themselves follows the title.
  var following = target.value === "" || target.value === suggest(source.value);
  source.addEventListener("input", function () {
    if (following) { target.value = suggest(source.value); }
  });
  target.addEventListener("input", function () { following = target.value === ""; });
}());
