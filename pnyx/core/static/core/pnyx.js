/* Pnyx progressive enhancements. Every page works without this file. */
(function () {
  "use strict";

  function csrfToken(form) {
    var input = (form || document).querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function replyBox() {
    return document.querySelector("#reply textarea[name=body]");
  }

  function insertIntoReply(text) {
    var box = replyBox();
    if (!box) return false;
    var before = box.value && !/\n\n$/.test(box.value) ? (box.value.replace(/\n*$/, "") + "\n\n") : box.value;
    box.value = before + text;
    box.focus();
    box.setSelectionRange(box.value.length, box.value.length);
    box.scrollIntoView({ block: "center" });
    return true;
  }

  /* Quote: put a quote of the whole post into the reply box. */
  document.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-quote-post]");
    if (!link || !replyBox()) return;
    event.preventDefault();
    fetch("/posts/" + encodeURIComponent(link.dataset.quotePost) + "/quote/", {
      headers: { "Accept": "application/json" }, credentials: "same-origin"
    })
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
      .then(function (data) { insertIntoReply(data.markup); })
      .catch(function () { window.location.href = link.href; });
  });

  /* Reply: jump to the reply box and focus it. */
  document.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-reply-link]");
    if (!link || !replyBox()) return;
    event.preventDefault();
    insertIntoReply("");
  });

  /* Quote selection: selecting text inside a post offers to quote just that excerpt. */
  var selectionButton = null;
  function hideSelectionButton() {
    if (selectionButton) { selectionButton.remove(); selectionButton = null; }
  }
  function offerSelectionQuote() {
    var selection = window.getSelection();
    if (!selection || selection.isCollapsed || !replyBox()) { hideSelectionButton(); return; }
    var range = selection.getRangeAt(0);
    var start = range.startContainer.parentElement && range.startContainer.parentElement.closest(".post-body");
    var end = range.endContainer.parentElement && range.endContainer.parentElement.closest(".post-body");
    var text = selection.toString().trim();
    if (!start || start !== end || !text) { hideSelectionButton(); return; }
    var article = start.closest("article.post");
    if (!article || !article.dataset.username) { hideSelectionButton(); return; }
    hideSelectionButton();
    selectionButton = document.createElement("button");
    selectionButton.type = "button";
    selectionButton.className = "button button-small quote-selection-button";
    selectionButton.textContent = "Quote selection";
    var rect = range.getBoundingClientRect();
    selectionButton.style.top = (window.scrollY + rect.bottom + 6) + "px";
    selectionButton.style.left = (window.scrollX + rect.left) + "px";
    selectionButton.addEventListener("mousedown", function (e) { e.preventDefault(); });
    selectionButton.addEventListener("click", function () {
      insertIntoReply('[quote="' + article.dataset.username + ', post:' + article.dataset.postId + '"]\n' + text + "\n[/quote]\n\n");
      hideSelectionButton();
      window.getSelection().removeAllRanges();
    });
    document.body.appendChild(selectionButton);
  }
  document.addEventListener("mouseup", function (event) {
    if (selectionButton && event.target === selectionButton) return;
    setTimeout(offerSelectionQuote, 0);
  });
  document.addEventListener("keyup", function (event) {
    if (event.shiftKey || event.key === "Shift") setTimeout(offerSelectionQuote, 0);
  });

  /* Composer: preview in place, and one submission however often Post is clicked. */
  document.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-preview]");
    if (!button) return;
    var form = button.form;
    var body = form.querySelector("textarea[name=body]");
    var panel = form.querySelector(".composer-preview");
    if (!body || !panel) return;
    event.preventDefault();
    var data = new FormData();
    data.append("body", body.value);
    fetch("/posting/preview/", {
      method: "POST", body: data, credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(form), "Accept": "application/json" }
    })
      .then(function (r) { return r.json(); })
      .then(function (result) {
        panel.hidden = false;
        var target = panel.querySelector(".post-body");
        if (result.error) { target.textContent = result.error; } else { target.innerHTML = result.html; }
      })
      .catch(function () { form.requestSubmit(button); });
  });
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches("form[data-composer]")) return;
    if (form.dataset.submitting === "1") { event.preventDefault(); return; }
    if (event.submitter && event.submitter.hasAttribute("data-preview")) return;
    form.dataset.submitting = "1";
    setTimeout(function () {
      form.querySelectorAll("button[data-submit]").forEach(function (b) { b.disabled = true; });
    }, 0);
  });

  /* Reactions: toggle in place and update the author's Reaction score on every card. */
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches("form.reaction-form")) return;
    var button = event.submitter;
    if (!button || !button.value) return;
    event.preventDefault();
    var data = new FormData();
    data.append("kind", button.value);
    fetch(form.action, {
      method: "POST", body: data, credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(form), "Accept": "application/json" }
    })
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
      .then(function (result) {
        result.reactions.forEach(function (reaction) {
          var b = form.querySelector('button[data-kind="' + reaction.kind + '"]');
          if (!b) return;
          b.classList.toggle("is-mine", reaction.mine);
          b.setAttribute("aria-pressed", reaction.mine ? "true" : "false");
          var count = b.querySelector(".reaction-count");
          if (reaction.count) {
            if (!count) { count = document.createElement("span"); count.className = "reaction-count"; b.append(" ", count); }
            count.textContent = reaction.count;
          } else if (count) { count.remove(); }
        });
        if (result.author) {
          document.querySelectorAll("[data-reaction-score]").forEach(function (el) {
            if (el.dataset.reactionScore === result.author) el.textContent = result.author_reaction_score;
          });
        }
      })
      .catch(function () {
        var input = document.createElement("input");
        input.type = "hidden"; input.name = "kind"; input.value = button.value;
        form.appendChild(input);
        form.submit();
      });
  });
})();
