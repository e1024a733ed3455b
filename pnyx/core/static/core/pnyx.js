/* Pnyx progressive enhancements; every page works without this file. No build step: keep it
   small (it counts towards the 100 KB thread-page budget, tests/browser/test_accessibility.py). */
(function () {
  "use strict";
  var FRAGMENT = { "Pnyx-Fragment": "1" }, JSON_ = { "Accept": "application/json" };
  var DRAFT_DELAY = 1000, DRAFT_MAX_WAIT = 5000, POLL_MS = Math.max(250, +window.PNYX_POLL_MS || 20000);
  var $ = function (sel, root) { return (root || document).querySelector(sel); };
  var $$ = function (sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); };
  var on = function (type, fn) { document.addEventListener(type, fn); };

  function token(form) { var i = $("input[name=csrfmiddlewaretoken]", form); return i ? i.value : ""; }
  function post(url, data, form, headers) {
    return fetch(url, { method: "POST", body: data, credentials: "same-origin",
      headers: Object.assign({ "X-CSRFToken": token(form) }, headers) });
  }
  function get(url, headers) { return fetch(url, { headers: headers || {}, credentials: "same-origin" }); }
  function ok(r) { if (!r.ok) throw new Error(r.status); return r; }
  function html(s) { var t = document.createElement("template"); t.innerHTML = s; return t.content; }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }
  function button(cls, text) { var b = el("button", cls, text); b.type = "button"; return b; }
  function newKey() {
    var b = crypto.getRandomValues(new Uint8Array(16));
    return Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
  }
  function store(kind, key, value) {
    try { if (value === undefined) kind.removeItem(key); else kind.setItem(key, JSON.stringify(value)); } catch (e) { /* private mode */ }
  }
  function load(kind, key) { try { return JSON.parse(kind.getItem(key) || "null"); } catch (e) { return null; } }

  /* Theme: set the same cookie as the no-script form, and switch at once. */
  on("submit", function (event) {
    var form = event.target;
    if (!form.matches(".theme-form") || !event.submitter) return;
    event.preventDefault();
    var theme = event.submitter.value, tail = "; path=/; samesite=lax" + (location.protocol === "https:" ? "; secure" : "");
    if (theme !== "light" && theme !== "dark") theme = "auto";
    document.cookie = theme === "auto" ? "pnyx_theme=; max-age=0" + tail : "pnyx_theme=" + theme + "; max-age=31536000" + tail;
    document.documentElement.setAttribute("data-theme", theme);
    var meta = $("meta[name=color-scheme]");
    if (meta) meta.content = theme === "auto" ? "light dark" : theme;
    $$("button[name=set]", form).forEach(function (b) { b.setAttribute("aria-pressed", String(b.value === theme)); });
  });

  /* Quoting: whole post, selection, or several posts ("+Quote", kept per thread in sessionStorage). */
  function replyBox() { return $("#reply textarea[name=body]"); }
  function insertIntoReply(text) {
    var box = replyBox();
    if (!box) return;
    box.value = (box.value && !/\n\n$/.test(box.value) ? box.value.replace(/\n*$/, "\n\n") : box.value) + text;
    box.focus();
    box.setSelectionRange(box.value.length, box.value.length);
    box.scrollIntoView({ block: "center" });
    box.dispatchEvent(new Event("input", { bubbles: true }));
  }
  function quoteMarkup(id) {
    return get("/posts/" + encodeURIComponent(id) + "/quote/", JSON_).then(ok)
      .then(function (r) { return r.json(); }).then(function (d) { return d.markup; });
  }
  on("click", function (event) {
    var link = event.target.closest("a[data-quote-post], a[data-reply-link]");
    if (!link || !replyBox()) return;
    event.preventDefault();
    if (!link.dataset.quotePost) { insertIntoReply(""); return; }
    quoteMarkup(link.dataset.quotePost).then(insertIntoReply).catch(function () { location.href = link.href; });
  });

  var selectionButton = null;
  function hideSelectionButton() { if (selectionButton) { selectionButton.remove(); selectionButton = null; } }
  function offerSelectionQuote() {
    var sel = window.getSelection();
    hideSelectionButton();
    if (!sel || sel.isCollapsed || !replyBox()) return;
    var range = sel.getRangeAt(0), text = sel.toString().trim();
    var body = function (node) { return node.parentElement && node.parentElement.closest(".post-main > .post-body"); };
    var start = body(range.startContainer), article = start && start.closest("article.post");
    var author = start && $("[data-reaction-score]", article);  /* the card's username */
    if (!author || start !== body(range.endContainer) || !text) return;
    selectionButton = button("button button-small quote-selection-button", "Quote selection");
    var rect = range.getBoundingClientRect();
    selectionButton.style.top = (scrollY + rect.bottom + 6) + "px";
    selectionButton.style.left = Math.max(0, Math.min(scrollX + rect.left, document.documentElement.clientWidth - 160)) + "px";
    selectionButton.addEventListener("mousedown", function (e) { e.preventDefault(); });
    selectionButton.addEventListener("click", function () {
      insertIntoReply('[quote="' + author.dataset.reactionScore + ", post:" + article.id.slice(5) + '"]\n' + text + "\n[/quote]\n\n");
      hideSelectionButton();
      window.getSelection().removeAllRanges();
    });
    document.body.appendChild(selectionButton);
  }
  on("mouseup", function (event) { if (event.target !== selectionButton) setTimeout(offerSelectionQuote, 0); });
  on("keyup", function (event) { if (event.shiftKey || event.key === "Shift") setTimeout(offerSelectionQuote, 0); });

  var posts = $(".posts[data-thread]"), multiKey = posts && "pnyx-multiquote:" + posts.dataset.thread, multiBar;
  function picked() { return load(sessionStorage, multiKey) || []; }
  function pick(ids) { store(sessionStorage, multiKey, ids); renderPicked(); }
  function renderPicked() {
    var ids = picked();
    $$("button.multiquote-toggle").forEach(function (b) { b.setAttribute("aria-pressed", String(ids.indexOf(b.dataset.postId) >= 0)); });
    if (!multiBar) {
      multiBar = el("div", "multiquote-bar");
      var insert = button("button button-small", "Insert quotes"), clear = button("button button-small button-secondary", "Clear");
      insert.addEventListener("click", function () {
        Promise.all(picked().map(quoteMarkup)).then(function (q) { insertIntoReply(q.join("")); pick([]); })
          .catch(function () { multiBar.firstChild.textContent = "Could not load the quotes; try again."; });
      });
      clear.addEventListener("click", function () { pick([]); });
      multiBar.append(el("span", "multiquote-count"), insert, clear);
      multiBar.firstChild.setAttribute("role", "status");
      $("#reply").before(multiBar);
    }
    multiBar.hidden = !ids.length;
    multiBar.firstChild.textContent = ids.length + (ids.length === 1 ? " post" : " posts") + " selected for quoting";
  }
  function enhancePosts(root) {
    if (!multiKey || !replyBox()) return;
    $$("article.post", root).forEach(function (article) {
      var actions = $(".post-actions", article);
      if (!actions || $(".multiquote-toggle", actions) || !$("[data-quote-post]", actions)) return;
      var toggle = button("multiquote-toggle", "+Quote"), item = el("li");
      toggle.dataset.postId = article.id.slice(5);
      toggle.setAttribute("aria-label", "+Quote post #" + article.dataset.position + " (multi-quote)");
      toggle.addEventListener("click", function () {
        var ids = picked(), at = ids.indexOf(toggle.dataset.postId);
        if (at >= 0) ids.splice(at, 1); else ids.push(toggle.dataset.postId);
        pick(ids);
      });
      item.appendChild(toggle);
      actions.prepend(item);
    });
    renderPicked();
  }

  /* Drafts: composers marked data-drafts save while the member types (debounced), keep a copy in
     localStorage until the server has it (offline, crash), and sync when back online. A save
     from a stale window gets a conflict notice instead of overwriting (sequence numbers). */
  var drafts = new WeakMap();
  function fields(form) {
    var title = $("input[name=title]", form);
    return { title: title ? title.value : "", body: $("textarea[name=body]", form).value };
  }
  function setFields(form, title, body) {
    var t = $("input[name=title]", form);
    if (t && title !== undefined) t.value = title;
    $("textarea[name=body]", form).value = body || "";
  }
  function localKey(form) { return "pnyx-draft:" + form.getAttribute("action"); }
  function keepLocal(form, extra) {
    store(localStorage, localKey(form), Object.assign(fields(form), { sequence: sequence(form) }, extra));
  }
  function sequence(form, value) {
    var input = $("input[name=draft_sequence]", form);
    if (value !== undefined && value !== null && input) input.value = String(value);
    return input ? parseInt(input.value || "0", 10) : 0;
  }
  function status(form, text, bad) {
    var s = $(".draft-status", form);
    if (s) { s.textContent = text; s.classList.toggle("is-unsaved", !!bad); }
  }
  function state(form) {
    if (!drafts.has(form)) drafts.set(form, { timer: null, first: 0, busy: false, again: false, unsynced: false });
    return drafts.get(form);
  }
  function draftData(form, withToken) {
    var f = fields(form), data = new FormData();
    if (withToken) data.append("csrfmiddlewaretoken", token(form));
    data.append("save_draft", "1");
    data.append("title", f.title);
    data.append("body", f.body);
    data.append("draft_sequence", String(sequence(form)));
    return data;
  }
  function schedule(form) {
    var s = state(form), now = Date.now();
    s.first = s.first || now;
    clearTimeout(s.timer);
    s.timer = setTimeout(function () { saveDraft(form); }, Math.max(0, Math.min(DRAFT_DELAY, s.first + DRAFT_MAX_WAIT - now)));
  }
  function cancelSave(form) { var s = state(form); clearTimeout(s.timer); s.timer = null; s.first = 0; }
  function saveDraft(form) {
    var s = state(form), sent = fields(form);
    cancelSave(form);
    if (form.dataset.submitting === "1" || $(".draft-conflict", form)) return;
    if (s.busy) { s.again = true; return; }
    s.busy = true;
    post(form.getAttribute("action"), draftData(form), form, JSON_)
      .then(function (r) { return r.json().then(function (json) { return [r.status, json]; }); })
      .then(function (result) {
        var code = result[0], json = result[1];
        if (code === 200) {
          sequence(form, json.sequence);
          s.unsynced = false;
          var now = fields(form);
          if (now.title === sent.title && now.body === sent.body) store(localStorage, localKey(form)); else keepLocal(form);
          var at = new Date(json.saved_at), two = function (n) { return ("0" + n).slice(-2); };
          status(form, "Draft saved " + two(at.getHours()) + ":" + two(at.getMinutes()) + ".");
        } else if (code === 409) {
          conflict(form, json);
        } else {
          s.unsynced = true;
          status(form, "Not saved: " + ((json.error && json.error.message) || "try again."), true);
        }
      })
      .catch(function () {
        s.unsynced = true;
        keepLocal(form);
        status(form, "Not saved (offline?). Your text is kept on this device and saved when you are back online.", true);
      })
      .then(function () { s.busy = false; if (s.again) { s.again = false; schedule(form); } });
  }
  /* Another window saved or posted this draft: show its text and let the member choose. */
  function conflict(form, other) {
    var old = $(".draft-conflict", form);
    if (old) old.remove();
    var box = el("div", "notice notice-warning draft-conflict"), p = el("p"), actions = el("div", "form-actions");
    var keep = button("button button-small", "Keep my text"), use = button("button button-small button-secondary", "Use the saved draft");
    box.setAttribute("role", "alert");
    p.append(el("strong", "", (other.error && other.error.message) || "This draft was changed in another window."),
      " Your text is kept below. The saved draft reads:");
    actions.append(keep, use);
    box.append(p, el("pre", "conflict-source", (other.title ? other.title + "\n\n" : "") + (other.body || "(empty: it was posted or cleared)")), actions);
    form.prepend(box);
    status(form, "Not saved: this draft changed in another window.", true);
    function done(message) {
      sequence(form, other.sequence);
      box.remove();
      $("textarea[name=body]", form).focus();
      if (message) status(form, message);
    }
    keep.addEventListener("click", function () { done(); saveDraft(form); });
    use.addEventListener("click", function () {
      setFields(form, other.title, other.body);
      store(localStorage, localKey(form));
      done("Using the saved draft.");
    });
    keep.focus();
  }
  function initDraft(form) {
    var local = load(localStorage, localKey(form)), now = fields(form);
    if (!local || (local.body === now.body && local.title === now.title)) return;
    if (local.submitted && !now.body && !now.title) { store(localStorage, localKey(form)); return; }  /* posted */
    if (local.sequence === sequence(form)) {
      setFields(form, local.title, local.body);
      status(form, "Restored text from this device that was not saved yet.");
      saveDraft(form);
    } else {
      conflict(form, { error: { message: "This device kept text that was never saved, and the draft changed since." },
        title: now.title, body: now.body, sequence: sequence(form) });
      setFields(form, local.title, local.body);
    }
  }
  on("input", function (event) {
    var form = event.target.form;
    if (!form || !form.matches("form[data-drafts]") || ["body", "title"].indexOf(event.target.name) < 0) return;
    keepLocal(form);
    schedule(form);
  });
  window.addEventListener("online", function () {
    $$("form[data-drafts]").forEach(function (form) { if (state(form).unsynced) saveDraft(form); });
  });
  window.addEventListener("pagehide", function () {  /* leaving with a save pending: send it */
    $$("form[data-drafts]").forEach(function (form) {
      if (!state(form).timer || form.dataset.submitting === "1") return;
      fetch(form.getAttribute("action"), { method: "POST", body: draftData(form, true), credentials: "same-origin",
        keepalive: true, headers: JSON_ }).catch(function () { /* the local copy stays */ });
    });
  });

  /* Composing: preview in place; replies and edits without a reload (the server answers with
     the post partial, or with the form and its errors); one submission however often Post is hit. */
  on("click", function (event) {
    var b = event.target.closest("button[data-preview]"), form = b && b.form, panel = form && $(".composer-preview", form);
    if (!panel) return;
    event.preventDefault();
    var data = new FormData();
    data.append("body", $("textarea[name=body]", form).value);
    post(form.dataset.previewUrl || "/posting/preview/", data, form, JSON_).then(function (r) { return r.json(); }).then(function (result) {
      panel.hidden = false;
      var target = $(".post-body", panel);
      if (result.error) target.textContent = result.error.message || result.error; else target.innerHTML = result.html;
    }).catch(function () { form.requestSubmit(b); });
  });
  function lastPosition() {
    var all = $$(".posts article.post");
    return all.length ? parseInt(all[all.length - 1].dataset.position, 10) : 0;
  }
  function focusPost(article) {
    article.setAttribute("tabindex", "-1");
    article.scrollIntoView({ block: "start" });
    article.focus({ preventScroll: true });
  }
  function submitInPlace(form) {
    var editing = form.closest("article.post"), buttons = $$("button[type=submit]", form);
    buttons.forEach(function (b) { b.disabled = true; });
    function release() { form.dataset.submitting = ""; buttons.forEach(function (b) { b.disabled = false; }); }
    post(form.getAttribute("action"), new FormData(form), form, FRAGMENT)
      .then(function (r) { return r.text().then(function (text) { return [r, text]; }); })
      .then(function (result) {
        var r = result[0], code = r.status, fresh = $("article.post", html(result[1]));
        if (editing && code === 200) {
          editing.replaceWith(fresh);
          enhancePosts(fresh.parentNode);
          focusPost(fresh);
        } else if (!editing && code === 201) {
          var list = $(".posts[data-live]");
          $("textarea[name=body]", form).value = "";
          $("input[name=idempotency_key]", form).value = newKey();
          sequence(form, r.headers.get("Pnyx-Draft-Sequence"));
          $(".composer-preview", form).hidden = true;
          store(localStorage, localKey(form));
          status(form, "");
          release();
          if (!list) { location.href = r.headers.get("Location"); return; }
          if (parseInt(fresh.dataset.position, 10) !== lastPosition() + 1) { loadNewPosts(); return; }
          list.appendChild(fresh);
          enhancePosts(list);
          focusPost(fresh);
        } else if (code === 400 || code === 409 || code === 429) {
          var slot = editing ? form.closest(".edit-slot") : form.parentNode;
          if (editing) { slot.replaceChildren(html(result[1])); addCancel(slot); } else { form.replaceWith(html(result[1])); }
          var focus = $("[role=alert]", slot) || $("textarea", slot);
          focus.setAttribute("tabindex", "-1");
          focus.focus();
        } else {
          throw new Error(code);
        }
      })
      .catch(function () {
        release();
        if (form.matches("[data-drafts]")) keepLocal(form);
        status(form, "Not sent: check your connection and post again (your text is kept).", true);
      });
  }
  on("submit", function (event) {
    var form = event.target, submitter = event.submitter;
    if (!form.matches("form[data-composer]") || (submitter && submitter.hasAttribute("data-preview"))) return;
    if (submitter && submitter.hasAttribute("data-save-draft")) { event.preventDefault(); saveDraft(form); return; }
    if (form.dataset.submitting === "1") { event.preventDefault(); return; }
    form.dataset.submitting = "1";
    if (form.matches("[data-drafts]")) { cancelSave(form); keepLocal(form, { submitted: true }); }
    if ((form.closest("#reply") && posts) || form.closest("article.post")) {
      event.preventDefault();
      submitInPlace(form);
      return;
    }
    setTimeout(function () { $$("button[data-submit]", form).forEach(function (b) { b.disabled = true; }); }, 0);
  });
  function addCancel(slot) {
    var actions = $(".form-actions", slot);
    if (!actions || $("[data-cancel-edit]", actions)) return;
    var cancel = button("button button-secondary", "Cancel");
    cancel.dataset.cancelEdit = "1";
    actions.appendChild(cancel);
  }
  on("click", function (event) {
    var link = event.target.closest("a[data-edit-post]"), cancel = event.target.closest("[data-cancel-edit]");
    var article = (link || cancel) && (link || cancel).closest("article.post");
    if (!article || !posts) return;
    event.preventDefault();
    if (cancel) {
      $(".edit-slot", article).remove();
      article.classList.remove("is-editing");
      $("a[data-edit-post]", article).focus();
      return;
    }
    if (article.classList.contains("is-editing")) return;
    get(link.href, FRAGMENT).then(ok).then(function (r) { return r.text(); }).then(function (text) {
      var slot = el("div", "edit-slot");
      slot.appendChild(html(text));
      addCancel(slot);
      $(".post-main > .post-body", article).after(slot);
      article.classList.add("is-editing");
      $("textarea", slot).focus();
    }).catch(function () { location.href = link.href; });
  });

  /* Reactions: toggle in place and update the author's Reaction score on every card. */
  on("submit", function (event) {
    var form = event.target, b = event.submitter;
    if (!form.matches("form.reaction-form") || !b || !b.value) return;
    event.preventDefault();
    var data = new FormData();
    data.append("kind", b.value);
    post(form.action, data, form, JSON_).then(ok).then(function (r) { return r.json(); }).then(function (result) {
      result.reactions.forEach(function (reaction) {
        var button_ = $('button[value="' + reaction.kind + '"]', form);
        if (!button_) return;
        button_.setAttribute("aria-pressed", String(reaction.mine));
        var count = $(".reaction-count", button_);
        if (reaction.count && !count) { count = el("span", "reaction-count"); button_.append(" ", count); }
        if (reaction.count) count.textContent = reaction.count; else if (count) count.remove();
      });
      $$("[data-reaction-score]").forEach(function (dd) {
        if (result.author && dd.dataset.reactionScore === result.author) dd.textContent = result.author_reaction_score;
      });
    }).catch(function () {
      var input = el("input");
      input.type = "hidden"; input.name = "kind"; input.value = b.value;
      form.appendChild(input);
      form.submit();
    });
  });

  /* New replies: on a thread's last page, ask now and then whether replies came in (an unchanged
     thread costs the server one query and a 304) and offer to show them without a reload. */
  var live = $(".posts[data-live]"), etag = live && live.dataset.etag, notice;
  function showNotice(count) {
    if (!notice) {
      notice = el("div", "new-replies");
      notice.setAttribute("role", "status");
      notice.appendChild(button("button")).addEventListener("click", loadNewPosts);
      live.after(notice);
    }
    notice.hidden = count <= 0;
    notice.firstChild.textContent = count === 1 ? "1 new reply — show it" : count + " new replies — show them";
  }
  function poll() {
    if (!live || document.hidden) return;
    fetch(live.dataset.stateUrl, { headers: etag ? { "If-None-Match": etag } : {}, credentials: "same-origin", cache: "no-store" })
      .then(function (r) {
        if (r.status !== 200) return;
        etag = r.headers.get("ETag");
        return r.json().then(function (s) { showNotice(s.post_count - lastPosition()); });
      }).catch(function () { /* next time */ });
  }
  function loadNewPosts() {
    get(live.dataset.postsUrl + "?after=" + lastPosition(), FRAGMENT).then(ok).then(function (r) { return r.text(); })
      .then(function (text) {
        var added = $$("article.post", html(text)).filter(function (a) { return !document.getElementById(a.id); });
        added.forEach(function (a) { live.appendChild(a); });
        enhancePosts(live);
        if (notice) notice.hidden = true;
        if (added.length) focusPost(added[0]);
        poll();
      }).catch(function () { if (notice) notice.firstChild.textContent = "Could not load the new replies; try again."; });
  }
  if (live) { setInterval(poll, POLL_MS); on("visibilitychange", poll); }

  $$("form[data-drafts]").forEach(initDraft);
  if (posts) enhancePosts(posts);
})();
