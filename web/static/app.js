// The page works without this script. It makes the chat answer in place, leaves quickly, explains words on tap,
// takes you to the clause an answer quotes, and follows the reading of photos.
"use strict";

(function () {
  var EXIT_PRESSES = 3;
  var EXIT_WINDOW_MS = 1000;
  var READING_POLL_MS = 1500;

  function leave(url) {
    document.body.innerHTML = "";
    document.title = "Loading";
    window.location.replace(url);
  }

  function setUpExit() {
    var link = document.querySelector("[data-exit]");
    var hint = document.querySelector("[data-exit-hint]");
    if (!link) return;
    if (hint) hint.hidden = false;
    link.addEventListener("click", function (event) {
      event.preventDefault();
      leave(link.href);
    });
    var presses = [];
    document.addEventListener("keyup", function (event) {
      if (event.key !== "Shift") return;
      var now = Date.now();
      presses = presses.filter(function (t) { return now - t < EXIT_WINDOW_MS; });
      presses.push(now);
      if (presses.length >= EXIT_PRESSES) leave(link.href);
    });
  }

  function showClause(index, moveFocus) {
    var clause = document.getElementById("clause-" + index);
    if (!clause) return false;
    document.querySelectorAll(".clause.is-target").forEach(function (c) { c.classList.remove("is-target"); });
    clause.classList.add("is-target");
    clause.scrollIntoView({ block: "center" });
    if (moveFocus) clause.focus({ preventScroll: true });
    return true;
  }

  function setUpClauseLinks() {
    document.addEventListener("click", function (event) {
      var link = event.target.closest("[data-clause-link]");
      if (!link) return;
      if (showClause(link.getAttribute("data-clause-link"), true)) {
        event.preventDefault();
        history.replaceState(null, "", "#clause-" + link.getAttribute("data-clause-link"));
      }
    });
  }

  function setUpTerms() {
    document.addEventListener("click", function (event) {
      var term = event.target.closest(".term");
      document.querySelectorAll(".term.is-open").forEach(function (t) {
        if (t !== term) t.classList.remove("is-open");
      });
      if (term) {
        term.classList.toggle("is-open");
        term.classList.remove("is-dismissed");
      }
    });
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape") return;
      document.querySelectorAll(".term").forEach(function (t) {
        t.classList.remove("is-open");
        if (t === document.activeElement) t.classList.add("is-dismissed");
      });
    });
    document.addEventListener("focusout", function (event) {
      if (event.target.classList && event.target.classList.contains("term")) {
        event.target.classList.remove("is-dismissed");
      }
    });
  }

  function setUpPrint() {
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
    window.addEventListener("beforeprint", function () {
      document.querySelectorAll("details").forEach(function (d) { d.open = true; });
    });
  }

  function announce(status, text) {
    status.textContent = "";
    window.setTimeout(function () { status.textContent = text; }, 100);
  }

  function ask(form, question) {
    var chat = form.closest(".chat");
    var log = chat.querySelector("#chat-log");
    var status = chat.querySelector("#chat-status");
    var box = chat.querySelector("#question");
    var data = new URLSearchParams();
    data.set("csrf", form.querySelector("[name=csrf]").value);
    data.set("view", form.querySelector("[name=view]").value);
    data.set("question", question);
    chat.classList.add("is-busy");
    announce(status, "Finding an answer…");
    fetch(form.action, {
      method: "POST",
      headers: { "X-Requested-With": "fetch", "Content-Type": "application/x-www-form-urlencoded" },
      body: data.toString(),
      credentials: "same-origin"
    }).then(function (response) {
      return response.text().then(function (html) { return { ok: response.ok, html: html }; });
    }).then(function (reply) {
      chat.classList.remove("is-busy");
      clearProblem(chat);
      if (!reply.ok) {
        showProblem(chat, box, reply.html);
        return;
      }
      log.insertAdjacentHTML("beforeend", reply.html);
      var added = log.lastElementChild;
      var answer = added.querySelector(".answer-bubble");
      announce(status, answer ? answer.innerText : "");
      box.value = "";
      added.scrollIntoView({ block: "start" });
    }).catch(function () {
      chat.classList.remove("is-busy");
      showProblem(chat, box, "<p class=\"field-error\">We could not reach the helper. Check your connection and try again. Your question is still in the box.</p>");
    });
  }

  function clearProblem(chat) {
    var old = chat.querySelector("[data-chat-problem]");
    if (old) old.remove();
    var box = chat.querySelector("#question");
    box.removeAttribute("aria-invalid");
    box.setAttribute("aria-describedby", "question-hint");
  }

  function showProblem(chat, box, html) {
    var holder = document.createElement("div");
    holder.setAttribute("data-chat-problem", "");
    holder.id = "question-error";
    holder.innerHTML = html;
    box.parentNode.insertBefore(holder, box);
    box.setAttribute("aria-invalid", "true");
    box.setAttribute("aria-describedby", "question-hint question-error");
    announce(chat.querySelector("#chat-status"), holder.innerText);
    box.focus();
  }

  function setUpChat() {
    document.querySelectorAll("[data-chat-form]").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        if (!window.fetch) return;
        event.preventDefault();
        var chosen = event.submitter && event.submitter.name === "question" ? event.submitter.value : null;
        var box = form.closest(".chat").querySelector("#question");
        ask(form, chosen !== null ? chosen : box.value);
      });
    });
  }

  // Photos straight from a phone are 3 to 8 MB each, so a few pages pass the upload limit. When they would, the
  // script sends smaller copies instead: at most SHRINK_STEPS[0][0] pixels on the long side first (still sharp
  // enough to read), smaller again only if that is not enough. One photo at a time, so a phone's memory copes.
  // Without the script, or for pictures the browser cannot open (HEIC in most browsers), the files go as they are
  // and the server says plainly if they are too big.
  var SHRINK_STEPS = [[3000, 0.85], [2400, 0.8], [1800, 0.75]];

  function isPicture(file) {
    return /^image\/(jpeg|png|webp)$/.test(file.type);
  }

  function totalSize(files) {
    return files.reduce(function (sum, file) { return sum + file.size; }, 0);
  }

  function smaller(file, side, quality) {
    return createImageBitmap(file, { imageOrientation: "from-image" }).then(function (bitmap) {
      var scale = Math.min(1, side / Math.max(bitmap.width, bitmap.height));
      var canvas = document.createElement("canvas");
      canvas.width = Math.round(bitmap.width * scale);
      canvas.height = Math.round(bitmap.height * scale);
      canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
      bitmap.close();
      return new Promise(function (resolve, reject) {
        canvas.toBlob(function (blob) {
          if (!blob) { reject(new Error("not encoded")); return; }
          var name = file.name.replace(/\.[^.]*$/, "") + ".jpg";
          resolve(blob.size < file.size ? new File([blob], name, { type: "image/jpeg" }) : file);
        }, "image/jpeg", quality);
      });
    });
  }

  function shrinkAll(files, limit, step) {
    var side = SHRINK_STEPS[step][0];
    var quality = SHRINK_STEPS[step][1];
    return files.reduce(function (done, file) {
      return done.then(function (list) {
        return smaller(file, side, quality).then(function (made) { return list.concat([made]); });
      });
    }, Promise.resolve([])).then(function (made) {
      if (totalSize(made) <= limit || step + 1 >= SHRINK_STEPS.length) return made;
      return shrinkAll(files, limit, step + 1);
    });
  }

  function setUpPhotoShrinking() {
    var form = document.querySelector("form.upload[data-limit-bytes]");
    var input = form && form.querySelector("#file");
    if (!input || !window.createImageBitmap || !window.DataTransfer || !window.File) return;
    var limit = Number(form.getAttribute("data-limit-bytes")) - 64 * 1024;  // room for the form around them
    var status = form.querySelector("[data-upload-status]");
    form.addEventListener("submit", function (event) {
      var files = Array.prototype.slice.call(input.files || []);
      if (form.hasAttribute("data-shrunk") || !files.length || totalSize(files) <= limit || !files.every(isPicture)) {
        return;
      }
      event.preventDefault();
      status.textContent = "Making your photos smaller before we send them. This takes a few seconds.";
      shrinkAll(files, limit, 0).then(function (made) {
        var list = new DataTransfer();
        made.forEach(function (file) { list.items.add(file); });
        input.files = list.files;
      }).catch(function () { /* send them as they are: the server says plainly if they are too big */ })
        .then(function () {
          form.setAttribute("data-shrunk", "");
          status.textContent = "Sending your photos.";
          form.submit();
        });
    });
  }

  // While photos are read, the page asks how far reading has got and says it in its live region; when reading is
  // over it goes to /reading again, which shows the result or what went wrong. Without the script the page has a link.
  function setUpReading() {
    var box = document.querySelector("[data-reading]");
    if (!box || !window.fetch) return;
    var said = box.querySelector("[data-reading-said]");
    var bar = box.querySelector("[data-reading-bar]");
    var left = box.querySelector("[data-reading-left]");
    var again = document.querySelector("[data-reading-again]");
    var misses = 0;
    if (again) again.hidden = true;

    function show(now) {
      if (said.textContent !== now.said) said.textContent = now.said;
      left.textContent = now.left;
      if (now.pages) {
        bar.max = now.pages;
        bar.value = now.done;
        bar.hidden = false;
      }
    }

    function poll() {
      fetch(box.getAttribute("data-status-url"), {
        headers: { "X-Requested-With": "fetch" }, credentials: "same-origin", cache: "no-store"
      }).then(function (response) {
        if (!response.ok) throw new Error("status " + response.status);
        return response.json();
      }).then(function (now) {
        misses = 0;
        if (now.state !== "waiting" && now.state !== "reading") {
          window.location.replace("/reading");
          return;
        }
        show(now);
        window.setTimeout(poll, READING_POLL_MS);
      }).catch(function () {
        misses += 1;
        if (misses === 3) {
          said.textContent = "We cannot reach the assistant just now. We will keep trying.";
          if (again) again.hidden = false;
        }
        window.setTimeout(poll, READING_POLL_MS * Math.min(misses + 1, 5));
      });
    }
    window.setTimeout(poll, READING_POLL_MS);
  }

  function focusErrors() {
    var summary = document.querySelector("[data-error-summary]");
    if (summary) summary.focus();
  }

  function showTarget() {
    var match = /^#clause-(\d+)$/.exec(window.location.hash);
    if (match) showClause(match[1], false);
  }

  document.addEventListener("DOMContentLoaded", function () {
    setUpExit();
    setUpClauseLinks();
    setUpTerms();
    setUpPrint();
    setUpChat();
    setUpReading();
    setUpPhotoShrinking();
    focusErrors();
    showTarget();
  });
})();
