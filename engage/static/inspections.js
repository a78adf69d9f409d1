// On-site answers: each item's form saves on its own (fetch), so a lost connection loses
// at most the answer being typed. Without JavaScript the forms post normally.
(function () {
  "use strict";
  var i18n = document.getElementById("i18n");
  if (!i18n || !window.fetch || !window.FormData) { return; }
  var doneEl = document.getElementById("done-count");
  var leftEl = document.getElementById("left-text");
  var bar = document.getElementById("done-bar");

  function save(form) {
    var status = form.querySelector(".answer-status");
    var data = new FormData(form);
    if (!data.get("result")) { return; }
    status.textContent = "…";
    fetch(form.action, {method: "POST", body: data, credentials: "same-origin",
                        headers: {"X-Requested-With": "fetch"}})
      .then(function (r) { return r.json().then(function (j) { return [r, j]; }); })
      .then(function (rj) {
        var j = rj[1];
        if (!j.ok) { status.textContent = j.message; status.className = "small mb-0 mt-1 answer-status text-danger"; return; }
        form.querySelector("[name=revision]").value = j.revision;
        form.classList.add("answered");
        var files = form.querySelector("[name=photos]"); if (files) { files.value = ""; }
        status.textContent = i18n.dataset.saved; status.className = "small mb-0 mt-1 answer-status text-success";
        doneEl.textContent = j.done;
        leftEl.textContent = i18n.dataset.left.replace("__N__", j.total - j.done);
        bar.style.width = (j.total ? Math.round(100 * j.done / j.total) : 0) + "%";
      })
      .catch(function () { status.textContent = i18n.dataset.offline; status.className = "small mb-0 mt-1 answer-status text-danger"; });
  }

  document.querySelectorAll("form[data-answer]").forEach(function (form) {
    form.addEventListener("submit", function (ev) { ev.preventDefault(); save(form); });
    form.querySelectorAll("[name=result]").forEach(function (radio) {
      radio.addEventListener("change", function () {
        if (radio.value !== "hazard") { save(form); }
      });
    });
  });
})();
