/* Pnyx progressive enhancements. Every page works without this file; with it, replies and
   edits go in without a reload, drafts save while typing, quotes gather from several posts,
   new replies announce themselves, and the theme switches at once. No build step. */
(function () {
  "use strict";

  var FRAGMENT = { "Pnyx-Fragment": "1" };
  var DRAFT_DELAY = 1000;     /* save this long after the last keystroke… */
  var DRAFT_MAX_WAIT = 5000;  /* …and at least this often while typing on */
  var POLL_MS = window.PNYX_POLL_MS || 20000;

  function csrfToken(form) {
    var input = (form || document).querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function post(url, data, form, headers) {
    return fetch(url, {
      method: "POST", body: data, credentials: "same-origin",
      headers: Object.assign({ "X-CSRFToken": csrfToken(form) }, headers || {})
    });
  }

  function newKey() {
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  function fromHTML(html) {
    var template = document.createElement("template");
    template.innerHTML = html;
    return template.content;
  }

  function status(form, text, unsaved) {
    var el = form.querySelector(".draft-status");
    if (!el) return;
    el.textContent = text;
    el.classList.toggle("is-unsaved", !!unsaved);
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
    box.dispatchEvent(new Event("input", { bubbles: true }));
    return true;
  }

  function quoteMarkup(postId) {
    return fetch("/posts/" + encodeURIComponent(postId) + "/quote/", {
      headers: { "Accept": "application/json" }, credentials: "same-origin"
    }).then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
      .then(function (data) { return data.markup; });
  }

  /* ------------------------------------------------------------ theme */
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches(".theme-form") || !event.submitter) return;
    event.preventDefault();
    var theme = event.submitter.value;
    var secure = location.protocol === "https:" ? "; secure" : "";
    if (theme === "light" || theme === "dark") {
      document.cookie = "pnyx_theme=" + theme + "; path=/; max-age=31536000; samesite=lax" + secure;
    } else {
      theme = "auto";
      document.cookie = "pnyx_theme=; path=/; max-age=0; samesite=lax" + secure;
    }
    document.documentElement.setAttribute("data-theme", theme);
    var meta = document.querySelector("meta[name=color-scheme]");
    if (meta) meta.content = theme === "auto" ? "light dark" : theme;
    form.querySelectorAll("button[name=set]").forEach(function (b) {
      b.setAttribute("aria-pressed", b.value === theme ? "true" : "false");
    });
  });

  /* ------------------------------------------------------------ quoting */
  /* Quote: put a quote of the whole post into the reply box. */
  document.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-quote-post]");
    if (!link || !replyBox()) return;
    event.preventDefault();
    quoteMarkup(link.dataset.quotePost)
      .then(insertIntoReply)
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
    selectionButton.style.left = Math.max(0, Math.min(window.scrollX + rect.left, document.documentElement.clientWidth - 160)) + "px";
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

  /* Multi-quote: "+Quote" marks posts (kept for this thread in sessionStorage, so it
     survives moving between pages); "Insert quotes" puts them all into the reply box. */
  var posts = document.querySelector(".posts[data-thread]");
  var multiKey = posts ? "pnyx-multiquote:" + posts.dataset.thread : null;
  var multiBar = null;

  function selectedQuotes() {
    try { return JSON.parse(sessionStorage.getItem(multiKey) || "[]"); } catch (e) { return []; }
  }
  function storeQuotes(ids) {
    try { sessionStorage.setItem(multiKey, JSON.stringify(ids)); } catch (e) { /* private mode */ }
    renderMultiQuote();
  }
  function renderMultiQuote() {
    var ids = selectedQuotes();
    document.querySelectorAll("button.multiquote-toggle").forEach(function (b) {
      b.setAttribute("aria-pressed", ids.indexOf(b.dataset.postId) >= 0 ? "true" : "false");
    });
    if (!multiBar) {
      multiBar = document.createElement("div");
      multiBar.className = "multiquote-bar";
      multiBar.hidden = true;
      multiBar.innerHTML = '<span role="status" class="multiquote-count"></span> ' +
        '<button type="button" class="button button-small" data-insert-quotes>Insert quotes</button> ' +
        '<button type="button" class="button button-small button-secondary" data-clear-quotes>Clear</button>';
      var reply = document.getElementById("reply");
      reply.parentNode.insertBefore(multiBar, reply);
    }
    multiBar.hidden = ids.length === 0;
    multiBar.querySelector(".multiquote-count").textContent =
      ids.length === 1 ? "1 post selected for quoting" : ids.length + " posts selected for quoting";
  }
  function enhancePosts(root) {
    if (!multiKey || !replyBox()) return;
    root.querySelectorAll("article.post").forEach(function (article) {
      var actions = article.querySelector(".post-actions");
      if (!actions || actions.querySelector(".multiquote-toggle") || !actions.querySelector("[data-quote-post]")) return;
      var item = document.createElement("li");
      var button = document.createElement("button");
      button.type = "button";
      button.className = "multiquote-toggle";
      button.dataset.postId = article.dataset.postId;
      button.textContent = "+Quote";
      button.setAttribute("aria-pressed", "false");
      button.setAttribute("aria-label", "+Quote post #" + article.dataset.position + " (multi-quote)");
      item.appendChild(button);
      actions.insertBefore(item, actions.firstChild);
    });
    renderMultiQuote();
  }
  document.addEventListener("click", function (event) {
    var toggle = event.target.closest("button.multiquote-toggle");
    if (toggle) {
      var ids = selectedQuotes();
      var at = ids.indexOf(toggle.dataset.postId);
      if (at >= 0) ids.splice(at, 1); else ids.push(toggle.dataset.postId);
      storeQuotes(ids);
      return;
    }
    if (event.target.closest("[data-clear-quotes]")) { storeQuotes([]); return; }
    if (event.target.closest("[data-insert-quotes]")) {
      Promise.all(selectedQuotes().map(quoteMarkup))
        .then(function (quotes) { insertIntoReply(quotes.join("")); storeQuotes([]); })
        .catch(function () { multiBar.querySelector(".multiquote-count").textContent = "Could not load the quotes; try again."; });
    }
  });

  /* ------------------------------------------------------------ drafts */
  /* Composers marked data-drafts save to the server while the member types (debounced),
     keep a copy in localStorage until the server has it, and sync when back online.
     A save from a stale window gets a conflict notice instead of overwriting. */
  var draftState = new WeakMap();

  function draftFields(form) {
    var title = form.querySelector("input[name=title]");
    return { title: title ? title.value : "", body: form.querySelector("textarea[name=body]").value };
  }
  function localKey(form) { return "pnyx-draft:" + form.getAttribute("action"); }
  function readLocal(form) {
    try { return JSON.parse(localStorage.getItem(localKey(form)) || "null"); } catch (e) { return null; }
  }
  function writeLocal(form, extra) {
    var fields = draftFields(form);
    var entry = Object.assign({ title: fields.title, body: fields.body, sequence: sequenceOf(form) }, extra || {});
    try { localStorage.setItem(localKey(form), JSON.stringify(entry)); } catch (e) { /* full or private */ }
  }
  function dropLocal(form) {
    try { localStorage.removeItem(localKey(form)); } catch (e) { /* private mode */ }
  }
  function sequenceOf(form) {
    var input = form.querySelector("input[name=draft_sequence]");
    return input ? parseInt(input.value || "0", 10) : 0;
  }
  function setSequence(form, sequence) {
    var input = form.querySelector("input[name=draft_sequence]");
    if (input) input.value = String(sequence);
  }
  function state(form) {
    var s = draftState.get(form);
    if (!s) { s = { timer: null, first: 0, inFlight: false, again: false, unsynced: false }; draftState.set(form, s); }
    return s;
  }

  function scheduleDraft(form) {
    var s = state(form);
    var now = Date.now();
    if (!s.first) s.first = now;
    clearTimeout(s.timer);
    var wait = Math.max(0, Math.min(DRAFT_DELAY, s.first + DRAFT_MAX_WAIT - now));
    s.timer = setTimeout(function () { saveDraft(form); }, wait);
  }

  function saveDraft(form) {
    var s = state(form);
    clearTimeout(s.timer);
    s.timer = null;
    s.first = 0;
    if (form.dataset.submitting === "1" || form.querySelector(".draft-conflict")) return Promise.resolve();
    if (s.inFlight) { s.again = true; return Promise.resolve(); }
    s.inFlight = true;
    var fields = draftFields(form);
    var data = new FormData();
    data.append("save_draft", "1");
    data.append("title", fields.title);
    data.append("body", fields.body);
    data.append("draft_sequence", String(sequenceOf(form)));
    return post(form.getAttribute("action"), data, form, { "Accept": "application/json" })
      .then(function (r) { return r.json().then(function (json) { return { code: r.status, json: json }; }); })
      .then(function (result) {
        if (result.code === 200) {
          setSequence(form, result.json.sequence);
          s.unsynced = false;
          var now = draftFields(form);
          if (now.title === fields.title && now.body === fields.body) dropLocal(form); else writeLocal(form);
          var at = new Date(result.json.saved_at);
          status(form, "Draft saved " + ("0" + at.getHours()).slice(-2) + ":" + ("0" + at.getMinutes()).slice(-2) + ".");
        } else if (result.code === 409) {
          showConflict(form, result.json);
        } else {
          s.unsynced = true;
          status(form, "Not saved: " + ((result.json.error && result.json.error.message) || "try again."), true);
        }
      })
      .catch(function () {
        s.unsynced = true;
        writeLocal(form);
        status(form, "Not saved — offline? Your text is kept on this device and saved when you are back online.", true);
      })
      .then(function () {
        s.inFlight = false;
        if (s.again) { s.again = false; scheduleDraft(form); }
      });
  }

  /* Another window saved (or posted) this draft: show what it has, let the member choose. */
  function showConflict(form, other) {
    var old = form.querySelector(".draft-conflict");
    if (old) old.remove();
    var box = document.createElement("div");
    box.className = "notice notice-warning draft-conflict";
    box.setAttribute("role", "alert");
    var p = document.createElement("p");
    var strong = document.createElement("strong");
    strong.textContent = (other.error && other.error.message) || "This draft was changed in another window.";
    p.appendChild(strong);
    p.appendChild(document.createTextNode(" Your text is kept below. The saved draft reads:"));
    var pre = document.createElement("pre");
    pre.className = "conflict-source";
    pre.textContent = (other.title ? other.title + "\n\n" : "") + (other.body || "(empty: it was posted or cleared)");
    var actions = document.createElement("div");
    actions.className = "form-actions";
    var keep = document.createElement("button");
    keep.type = "button"; keep.className = "button button-small"; keep.textContent = "Keep my text";
    var use = document.createElement("button");
    use.type = "button"; use.className = "button button-small button-secondary"; use.textContent = "Use the saved draft";
    actions.append(keep, use);
    box.append(p, pre, actions);
    form.insertBefore(box, form.firstChild);
    status(form, "Not saved: this draft changed in another window.", true);
    keep.addEventListener("click", function () {
      setSequence(form, other.sequence);
      box.remove();
      saveDraft(form);
      form.querySelector("textarea[name=body]").focus();
    });
    use.addEventListener("click", function () {
      setSequence(form, other.sequence);
      var title = form.querySelector("input[name=title]");
      if (title && other.title !== undefined) title.value = other.title;
      form.querySelector("textarea[name=body]").value = other.body || "";
      box.remove();
      dropLocal(form);
      status(form, "Using the saved draft.");
      form.querySelector("textarea[name=body]").focus();
    });
    keep.focus();
  }

  function initDrafts(form) {
    if (!form.querySelector("textarea[name=body]")) return;
    var local = readLocal(form);
    if (local) {
      var now = draftFields(form);
      if (local.submitted && !now.body && !now.title) {
        dropLocal(form);  /* it was posted; the server emptied the draft */
      } else if (local.body !== now.body || local.title !== now.title) {
        if (local.sequence === sequenceOf(form)) {
          var title = form.querySelector("input[name=title]");
          if (title) title.value = local.title;
          form.querySelector("textarea[name=body]").value = local.body;
          status(form, "Restored text from this device that was not saved yet.");
          saveDraft(form);
        } else {
          showConflict(form, {
            error: { message: "This device kept text that was never saved, and the draft changed since." },
            title: now.title, body: now.body, sequence: sequenceOf(form)
          });
          var t = form.querySelector("input[name=title]");
          if (t) t.value = local.title;
          form.querySelector("textarea[name=body]").value = local.body;
        }
      }
    }
  }

  document.addEventListener("input", function (event) {
    var form = event.target.form;
    if (!form || !form.matches("form[data-drafts]")) return;
    if (event.target.name !== "body" && event.target.name !== "title") return;
    writeLocal(form);
    scheduleDraft(form);
  });
  window.addEventListener("online", function () {
    document.querySelectorAll("form[data-drafts]").forEach(function (form) {
      if (state(form).unsynced) saveDraft(form);
    });
  });
  /* Leaving with a save still pending: send it anyway (the local copy stays regardless). */
  window.addEventListener("pagehide", function () {
    document.querySelectorAll("form[data-drafts]").forEach(function (form) {
      var s = state(form);
      if (!s.timer || form.dataset.submitting === "1") return;
      clearTimeout(s.timer);
      var fields = draftFields(form);
      var data = new FormData();
      data.append("csrfmiddlewaretoken", csrfToken(form));
      data.append("save_draft", "1");
      data.append("title", fields.title);
      data.append("body", fields.body);
      data.append("draft_sequence", String(sequenceOf(form)));
      fetch(form.getAttribute("action"), {
        method: "POST", body: data, credentials: "same-origin", keepalive: true,
        headers: { "Accept": "application/json", "X-CSRFToken": csrfToken(form) }
      }).catch(function () { /* the local copy is the fallback */ });
    });
  });

  /* ------------------------------------------------------------ composing */
  /* Preview in place. */
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
    post("/posting/preview/", data, form, { "Accept": "application/json" })
      .then(function (r) { return r.json(); })
      .then(function (result) {
        panel.hidden = false;
        var target = panel.querySelector(".post-body");
        if (result.error) { target.textContent = result.error; } else { target.innerHTML = result.html; }
      })
      .catch(function () { form.requestSubmit(button); });
  });

  function lastPosition() {
    var all = document.querySelectorAll(".posts article.post");
    return all.length ? parseInt(all[all.length - 1].dataset.position, 10) : 0;
  }

  function focusPost(article) {
    article.setAttribute("tabindex", "-1");
    article.scrollIntoView({ block: "start" });
    article.focus({ preventScroll: true });
  }

  function resetReplyForm(form, sequence) {
    form.querySelector("textarea[name=body]").value = "";
    var key = form.querySelector("input[name=idempotency_key]");
    if (key) key.value = newKey();
    if (sequence !== null && sequence !== undefined && sequence !== "") setSequence(form, sequence);
    var preview = form.querySelector(".composer-preview");
    if (preview) preview.hidden = true;
    dropLocal(form);
    status(form, "");
  }

  /* A reply posted from the thread page goes in without a reload: the server answers with
     the post as the page renders it (or, when it fails, with the form and its errors). */
  function submitInPlace(form) {
    var editing = form.closest("article.post");
    var data = new FormData(form);
    var buttons = form.querySelectorAll("button[type=submit]");
    buttons.forEach(function (b) { b.disabled = true; });
    post(form.getAttribute("action"), data, form, FRAGMENT)
      .then(function (r) {
        return r.text().then(function (html) { return { r: r, html: html }; });
      })
      .then(function (result) {
        var code = result.r.status;
        if (editing && code === 200) {
          var fresh = fromHTML(result.html).querySelector("article.post");
          editing.replaceWith(fresh);
          enhancePosts(fresh.parentNode);
          focusPost(fresh);
        } else if (!editing && code === 201) {
          var article = fromHTML(result.html).querySelector("article.post");
          var position = parseInt(article.dataset.position, 10);
          resetReplyForm(form, result.r.headers.get("Pnyx-Draft-Sequence"));
          form.dataset.submitting = "";
          buttons.forEach(function (b) { b.disabled = false; });
          var list = document.querySelector(".posts[data-live]");
          if (!list) { window.location.href = result.r.headers.get("Location"); return; }
          if (position === lastPosition() + 1) {
            list.appendChild(article);
            enhancePosts(list);
            focusPost(article);
          } else {
            loadNewPosts();
          }
        } else if (code === 400 || code === 409) {
          var replacement = fromHTML(result.html);
          var slot = editing ? form.closest(".edit-slot") : form.parentNode;
          if (editing) { slot.innerHTML = ""; slot.appendChild(replacement); addCancel(slot); }
          else { form.replaceWith(replacement); }
          var focusable = slot.querySelector("[role=alert]") || slot.querySelector("textarea");
          if (focusable) { focusable.setAttribute("tabindex", "-1"); focusable.focus(); }
        } else {
          throw new Error(code);
        }
      })
      .catch(function () {
        form.dataset.submitting = "";
        buttons.forEach(function (b) { b.disabled = false; });
        if (form.matches("[data-drafts]")) writeLocal(form);
        status(form, "Not sent: check your connection and post again (your text is kept).", true);
      });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches("form[data-composer]")) return;
    var submitter = event.submitter;
    if (submitter && submitter.hasAttribute("data-preview")) return;
    if (submitter && submitter.hasAttribute("data-save-draft")) {
      event.preventDefault();
      saveDraft(form);
      return;
    }
    if (form.dataset.submitting === "1") { event.preventDefault(); return; }
    form.dataset.submitting = "1";
    if (form.matches("[data-drafts]")) {
      clearTimeout(state(form).timer);
      writeLocal(form, { submitted: true });
    }
    var inPlace = (form.closest("#reply") && document.querySelector(".posts")) || form.closest("article.post");
    if (inPlace) {
      event.preventDefault();
      submitInPlace(form);
      return;
    }
    setTimeout(function () {
      form.querySelectorAll("button[data-submit]").forEach(function (b) { b.disabled = true; });
    }, 0);
  });

  /* ------------------------------------------------------------ editing in place */
  function addCancel(slot) {
    var actions = slot.querySelector(".form-actions");
    if (!actions || actions.querySelector("[data-cancel-edit]")) return;
    var cancel = document.createElement("button");
    cancel.type = "button";
    cancel.className = "button button-secondary";
    cancel.dataset.cancelEdit = "1";
    cancel.textContent = "Cancel";
    actions.appendChild(cancel);
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-edit-post]");
    if (link) {
      var article = link.closest("article.post");
      if (!article || !document.querySelector(".posts")) return;
      event.preventDefault();
      if (article.classList.contains("is-editing")) return;
      fetch(link.href, { headers: FRAGMENT, credentials: "same-origin" })
        .then(function (r) { if (!r.ok) throw new Error(r.status); return r.text(); })
        .then(function (html) {
          var slot = document.createElement("div");
          slot.className = "edit-slot";
          slot.appendChild(fromHTML(html));
          addCancel(slot);
          article.querySelector(".post-body").after(slot);
          article.classList.add("is-editing");
          var box = slot.querySelector("textarea");
          box.focus();
        })
        .catch(function () { window.location.href = link.href; });
      return;
    }
    var cancel = event.target.closest("[data-cancel-edit]");
    if (cancel) {
      var post = cancel.closest("article.post");
      cancel.closest(".edit-slot").remove();
      post.classList.remove("is-editing");
      var edit = post.querySelector("a[data-edit-post]");
      if (edit) edit.focus();
    }
  });

  /* ------------------------------------------------------------ reactions */
  /* Toggle in place and update the author's Reaction score on every card. */
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches("form.reaction-form")) return;
    var button = event.submitter;
    if (!button || !button.value) return;
    event.preventDefault();
    var data = new FormData();
    data.append("kind", button.value);
    post(form.action, data, form, { "Accept": "application/json" })
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

  /* ------------------------------------------------------------ new replies */
  /* On a thread's last page, ask now and then (If-None-Match: an unchanged thread costs
     the server one query and a 304) whether replies came in; offer to show them. */
  var live = document.querySelector(".posts[data-live]");
  var etag = live ? live.dataset.etag : null;
  var notice = null;

  function showNotice(count) {
    if (!notice) {
      notice = document.createElement("div");
      notice.className = "new-replies";
      notice.setAttribute("role", "status");
      var button = document.createElement("button");
      button.type = "button";
      button.className = "button";
      button.addEventListener("click", loadNewPosts);
      notice.appendChild(button);
      live.after(notice);
    }
    notice.hidden = count <= 0;
    notice.firstChild.textContent = count === 1 ? "1 new reply — show it" : count + " new replies — show them";
  }

  function poll() {
    if (!live || document.hidden) return;
    var headers = etag ? { "If-None-Match": etag } : {};
    fetch(live.dataset.stateUrl, { headers: headers, credentials: "same-origin", cache: "no-store" })
      .then(function (r) {
        if (r.status === 304 || !r.ok) return;
        etag = r.headers.get("ETag");
        return r.json().then(function (state) { showNotice(state.post_count - lastPosition()); });
      })
      .catch(function () { /* try again next time */ });
  }

  function loadNewPosts() {
    var first = lastPosition();
    fetch(live.dataset.postsUrl + "?after=" + first, { headers: FRAGMENT, credentials: "same-origin" })
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.text(); })
      .then(function (html) {
        var fragment = fromHTML(html);
        var added = Array.prototype.filter.call(fragment.querySelectorAll("article.post"), function (a) {
          return !document.getElementById(a.id);
        });
        added.forEach(function (a) { live.appendChild(a); });
        enhancePosts(live);
        if (notice) notice.hidden = true;
        if (added.length) focusPost(added[0]);
        poll();
      })
      .catch(function () { if (notice) notice.firstChild.textContent = "Could not load the new replies; try again."; });
  }

  if (live) {
    setInterval(poll, POLL_MS);
    document.addEventListener("visibilitychange", poll);
  }

  /* ------------------------------------------------------------ start */
  document.querySelectorAll("form[data-drafts]").forEach(initDrafts);
  if (posts) enhancePosts(posts);
})();
