// The edit page keeps what was typed in this browser (localStorage) until it is saved, so a
// session that times out or a closed tab loses nothing: on the next visit the page offers to
// put the input back (posted to the server, which shows it again without saving it).
(function () {
  "use strict";

  function editForm() { return document.getElementById("edit-form"); }
  function storageKey(form) { return "jixiao:unsaved:" + form.dataset.document; }
  function typed(form) {
    return Array.from(new FormData(form)).filter(function (entry) {
      return entry[0] !== "csrfmiddlewaretoken" && entry[0] !== "op";
    });
  }

  document.addEventListener("input", function (event) {
    var form = editForm();
    if (!form || !form.contains(event.target)) { return; }
    localStorage.setItem(storageKey(form), JSON.stringify({ at: Date.now(), entries: typed(form) }));
  });

  function restore(form, entries) {
    var post = document.createElement("form");
    post.method = "post";
    post.action = form.action;
    function add(name, value) {
      var input = document.createElement("input");
      input.type = "hidden"; input.name = name; input.value = value;
      post.appendChild(input);
    }
    add("csrfmiddlewaretoken", form.querySelector("[name=csrfmiddlewaretoken]").value);
    entries.forEach(function (entry) { add(entry[0], entry[1]); });
    add("op", "restore");
    document.body.appendChild(post);
    post.submit();
  }

  function offerRestore() {
    var form = editForm();
    if (!form) { return; }
    var key = storageKey(form);
    if (form.hasAttribute("data-just-saved")) { localStorage.removeItem(key); return; }
    var kept = localStorage.getItem(key);
    if (!kept) { return; }
    var entries = JSON.parse(kept).entries;
    if (JSON.stringify(entries) === JSON.stringify(typed(form))) { return; }
    var banner = document.getElementById("restore-banner");
    banner.hidden = false;
    banner.querySelector(".restore").addEventListener("click", function () { restore(form, entries); });
    banner.querySelector(".discard").addEventListener("click", function () {
      localStorage.removeItem(key);
      banner.hidden = true;
    });
  }

  // The justification boxes follow the live check: the response carries a row per finding
  // (#live-justifications, out of band); a new finding gets its box, a box whose finding is
  // gone is marked and kept with what was typed (it may come back). A box on the page is
  // never replaced, so nothing typed while a check was on its way is lost.
  function followFindings() {
    var source = document.getElementById("live-justifications");
    var table = document.getElementById("justifications");
    // The page as rendered holds an empty source: only a live check says what is raised.
    if (!source || !table || !source.hasAttribute("data-live")) { return; }
    var raised = {};
    source.querySelectorAll("tr[data-justify]").forEach(function (row) {
      raised[row.dataset.justify] = row;
    });
    var shown = {};
    table.querySelectorAll("tr[data-justify]").forEach(function (row) {
      var key = row.dataset.justify;
      shown[key] = true;
      markGone(row, !raised[key], table.dataset.goneNote);
      if (raised[key]) { row.cells[0].replaceWith(raised[key].cells[0].cloneNode(true)); }
    });
    var body = table.tBodies[0] || table;
    Object.keys(raised).forEach(function (key) {
      if (!shown[key]) { body.appendChild(raised[key]); }
    });
  }

  function markGone(row, gone, note) {
    row.classList.toggle("gone", gone);
    var old = row.cells[0].querySelector(".gone-note");
    if (gone && !old) {
      var span = document.createElement("span");
      span.className = "gone-note";
      span.textContent = note + " ";
      row.cells[0].prepend(span);
    } else if (!gone && old) {
      old.remove();
    }
  }

  document.addEventListener("htmx:afterSettle", followFindings);
  document.addEventListener("DOMContentLoaded", offerRestore);
  document.addEventListener("htmx:responseError", function (event) {
    if (event.detail.xhr.status === 401) {
      document.getElementById("expired-banner").hidden = false;
    }
  });
})();
