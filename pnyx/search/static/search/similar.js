/* Similar threads: on the new-thread form, as the title is typed, list the threads that may
   already cover the story (without this script, Preview shows the same list). */
(function () {
  "use strict";
  var box = document.querySelector("#similar-threads[data-similar-url]");
  var title = box && document.getElementById("id_title");
  if (!title) return;
  var timer, asked = title.value.trim();
  function ask() {
    var text = title.value.trim();
    if (text === asked) return;
    asked = text;
    if (text.length < 3) { box.replaceChildren(); return; }
    fetch(box.dataset.similarUrl + "?title=" + encodeURIComponent(text), { credentials: "same-origin" })
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.text(); })
      .then(function (html) {
        if (asked !== text) return;
        var t = document.createElement("template");
        t.innerHTML = html;
        box.replaceChildren(t.content);
      })
      .catch(function () { /* the list is a help, not a need */ });
  }
  title.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(ask, 400); });
})();
