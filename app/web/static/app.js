/* Assay UI: uploads with progress, live parse status, the evidence page viewer and
   self-refreshing admin pages. Plain JavaScript, no build step; every page works without it. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  var csrfMeta = document.querySelector('meta[name="csrf-token"]');
  var CSRF = csrfMeta ? csrfMeta.getAttribute("content") : "";
  var WAITING = { received: true, parsing: true };

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function setStatus(badge, status, text) {
    badge.className = "status status-" + status;
    badge.textContent = text || status;
  }

  function problemText(xhr) {
    try {
      var body = JSON.parse(xhr.responseText);
      if (body.documents && body.documents[0] && body.documents[0].error) return body.documents[0].error;
      if (body.detail) return body.title ? body.title + ": " + body.detail : body.detail;
    } catch (e) { /* not JSON */ }
    return "The upload failed (HTTP " + xhr.status + ").";
  }

  /* ---- live status of a vendor's documents ---- */
  var vendor = document.getElementById("vendor");
  var tracked = {};     // document id -> upload row, for files uploaded from this page
  var inFlight = 0;     // uploads still sending bytes
  var polling = false;

  function pageWaiting() {
    if (!vendor) return false;
    var docs = vendor.querySelectorAll("[data-document-id][data-status]");
    for (var i = 0; i < docs.length; i++) if (WAITING[docs[i].getAttribute("data-status")]) return true;
    return false;
  }

  function refreshSections() {
    return fetch(window.location.pathname + window.location.search, { headers: { Accept: "text/html" }, credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) {
        if (!html) return;
        var fresh = new DOMParser().parseFromString(html, "text/html");
        var regions = document.querySelectorAll("[data-swap][id]");
        for (var i = 0; i < regions.length; i++) {
          var replacement = fresh.getElementById(regions[i].id);
          if (replacement) regions[i].replaceWith(document.importNode(replacement, true));
        }
        var freshVendor = fresh.getElementById("vendor");
        if (freshVendor) vendor.setAttribute("data-assessment-id", freshVendor.getAttribute("data-assessment-id"));
        var tabs = fresh.querySelector(".tabs");
        var oldTabs = document.querySelector(".tabs");
        if (tabs && oldTabs) oldTabs.replaceWith(document.importNode(tabs, true));
      });
  }

  function poll() {
    if (!vendor || polling) return;
    polling = true;
    var id = vendor.getAttribute("data-vendor-id");
    function tick() {
      fetch("/vendors/" + id + "/status", { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (data) {
          if (!data) { polling = false; return; }
          var waiting = false, unknown = false;
          data.documents.forEach(function (d) {
            if (WAITING[d.status]) waiting = true;
            var row = tracked[d.id];
            if (row) {
              var text = d.status === "parsed" ? "parsed" + (d.kind ? " · " + d.kind.replace(/_/g, " ") : "")
                : d.status === "failed" ? "failed" : d.status;
              setStatus(row.badge, d.status, text);
              row.li.setAttribute("data-status", d.status);
              if (d.status === "failed" && d.error && !row.li.querySelector(".error")) row.li.appendChild(el("span", "error", d.error));
            }
            var article = vendor.querySelector('article[data-document-id="' + d.id + '"]');
            if (!article) { unknown = true; return; }
            article.setAttribute("data-status", d.status);
            var badge = article.querySelector("[data-status-badge]");
            if (badge) { setStatus(badge, d.status); badge.setAttribute("data-status-badge", ""); }
          });
          var changed = (data.assessment_id || "") !== (vendor.getAttribute("data-assessment-id") || "");
          var busy = waiting || inFlight > 0;
          var next = changed || unknown ? refreshSections() : Promise.resolve();
          return next.then(function () {
            if (busy) setTimeout(tick, 1500);
            else polling = false;
          });
        })
        .catch(function () { polling = false; });
    }
    tick();
  }

  /* ---- uploads: picker, drag and drop, one request per file with its progress ---- */
  /* Files go one at a time (SQLite takes one writer at a time); each shows its own progress. */
  var queue = [];
  var sending = false;

  function addRow(list, file) {
    var li = el("li");
    li.setAttribute("data-upload-file", file.name);
    li.setAttribute("data-status", "waiting");
    var bar = el("progress");
    bar.max = 100; bar.value = 0;
    bar.setAttribute("aria-label", "Upload progress of " + file.name);
    var badge = el("span", "status status-received", "waiting to upload");
    li.appendChild(el("span", "name", file.name)); li.appendChild(bar); li.appendChild(badge);
    list.appendChild(li);
    return { li: li, bar: bar, badge: badge };
  }

  function sendNext() {
    if (sending || !queue.length) return;
    sending = true;
    var job = queue.shift();
    var row = job.row;
    setStatus(row.badge, "uploading", "uploading");
    row.li.setAttribute("data-status", "uploading");
    var body = new FormData();
    body.append("file", job.file, job.file.name);
    body.append("csrf_token", CSRF);
    var xhr = new XMLHttpRequest();
    xhr.open("POST", job.form.action);
    xhr.setRequestHeader("Accept", "application/json");
    xhr.setRequestHeader("X-CSRF-Token", CSRF);
    xhr.upload.addEventListener("progress", function (e) {
      if (e.lengthComputable) row.bar.value = Math.round((e.loaded / e.total) * 100);
    });
    xhr.addEventListener("loadend", function () {
      inFlight -= 1;
      sending = false;
      var result = null;
      try { result = JSON.parse(xhr.responseText); } catch (e) { result = null; }
      var doc = result && result.documents && result.documents[0];
      if (xhr.status >= 200 && xhr.status < 300 && doc && doc.id) {
        row.bar.value = 100;
        row.li.setAttribute("data-document-id", doc.id);
        row.li.setAttribute("data-status", doc.status);
        setStatus(row.badge, doc.status, doc.created ? doc.status : doc.status + " (already uploaded)");
        tracked[doc.id] = { li: row.li, badge: row.badge };
      } else {
        setStatus(row.badge, "error", "not uploaded");
        row.li.setAttribute("data-status", "error");
        row.li.appendChild(el("span", "error", problemText(xhr)));
      }
      sendNext();
      poll();
    });
    xhr.send(body);
  }

  function uploadAll(form, files) {
    var list = form.querySelector("[data-upload-list]");
    for (var i = 0; i < files.length; i++) {
      inFlight += 1;
      queue.push({ form: form, file: files[i], row: addRow(list, files[i]) });
    }
    sendNext();
  }

  var forms = document.querySelectorAll("form[data-upload]");
  Array.prototype.forEach.call(forms, function (form) {
    var input = form.querySelector('input[type="file"][name="file"]');
    input.required = false;
    input.addEventListener("change", function () {
      if (input.files.length) uploadAll(form, input.files);
      input.value = "";
    });
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      if (input.files.length) uploadAll(form, input.files);
    });
    ["dragenter", "dragover"].forEach(function (type) {
      form.addEventListener(type, function (e) { e.preventDefault(); form.classList.add("dragging"); });
    });
    ["dragleave", "drop"].forEach(function (type) {
      form.addEventListener(type, function (e) { e.preventDefault(); form.classList.remove("dragging"); });
    });
    form.addEventListener("drop", function (e) {
      if (e.dataTransfer && e.dataTransfer.files.length) uploadAll(form, e.dataTransfer.files);
    });
  });

  if (vendor && vendor.getAttribute("data-live") === "on" && pageWaiting()) poll();

  /* ---- evidence: open the cited page large ---- */
  var viewer = document.getElementById("page-viewer");
  document.addEventListener("click", function (e) {
    var link = e.target.closest ? e.target.closest("a[data-enlarge]") : null;
    if (!link || !viewer || typeof viewer.showModal !== "function") return;
    e.preventDefault();
    var img = viewer.querySelector("[data-dialog-image]");
    img.src = link.getAttribute("href");
    var inner = link.querySelector("img");
    img.alt = inner ? inner.alt : "";
    viewer.querySelector("[data-dialog-caption]").textContent = link.getAttribute("data-caption") || "";
    viewer.showModal();
  });

  /* ---- "New vendor" opens its form ---- */
  document.addEventListener("click", function (e) {
    var opener = e.target.closest ? e.target.closest("[data-open-details]") : null;
    if (!opener) return;
    var details = document.getElementById(opener.getAttribute("data-open-details"));
    if (details) { details.open = true; }
  });

  /* ---- admin pages with running work refresh themselves ---- */
  var refresher = document.querySelector("[data-refresh]");
  if (refresher) {
    var seconds = parseInt(refresher.getAttribute("data-refresh"), 10) || 5;
    setTimeout(function () { window.location.reload(); }, seconds * 1000);
  }
})();
