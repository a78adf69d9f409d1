/* Events: printing, the phone check-in scanner, programme dragging, photo batch upload. */
(function () {
  "use strict";

  document.querySelectorAll("[data-print]").forEach(function (b) {
    b.addEventListener("click", function () { window.print(); });
  });

  // ---- Event form: show only the company or alliance choice the audience needs. ----
  var audience = document.querySelector("[data-audience]");
  if (audience) {
    var chooser = audience.querySelector("select[name=audience]");
    var follow = function () {
      audience.querySelectorAll("[data-audience-for]").forEach(function (col) {
        col.classList.toggle("d-none", col.dataset.audienceFor !== chooser.value);
      });
    };
    chooser.addEventListener("change", follow);
    follow();
  }

  // ---- Check-in: BarcodeDetector where the browser has one, else jsQR (vendored). ----
  var scanner = document.getElementById("scanner");
  if (scanner) {
    var video = scanner.querySelector("video");
    var canvas = scanner.querySelector("canvas");
    var view = scanner.querySelector(".scanner-view");
    var result = scanner.querySelector("[data-result]");
    var stream = null, detector = null, busy = false, lastCode = "", lastAt = 0;

    var show = function (ok, text) {
      result.className = "alert mt-2 fs-5 alert-" + (ok ? "success" : "danger");
      result.textContent = text;
    };
    var counts = function (data) {
      if (data && typeof data.checked === "number") {
        document.querySelector("[data-checked]").textContent = data.checked;
        document.querySelector("[data-confirmed]").textContent = data.confirmed;
      }
    };
    var send = function (code) {
      var now = Date.now();
      if (busy || (code === lastCode && now - lastAt < 4000)) { return; }
      busy = true; lastCode = code; lastAt = now;
      var body = new FormData();
      body.append("csrf_token", scanner.dataset.csrf);
      body.append("code", code);
      fetch(scanner.dataset.post, {method: "POST", body: body, credentials: "same-origin",
                                   headers: {"Accept": "application/json"}})
        .then(function (r) { return r.json(); })
        .then(function (data) { show(data.ok, data.message); counts(data);
          if (navigator.vibrate) { navigator.vibrate(data.ok ? 80 : [60, 60, 60]); } })
        .catch(function () { show(false, scanner.dataset.msgError); })
        .finally(function () { busy = false; });
    };
    var loadJsQR = function () {
      return new Promise(function (resolve, reject) {
        if (window.jsQR) { resolve(); return; }
        var s = document.createElement("script");
        s.src = scanner.dataset.jsqr; s.onload = resolve; s.onerror = reject;
        document.head.appendChild(s);
      });
    };
    var tick = function () {
      if (!stream) { return; }
      if (video.readyState >= 2) {
        if (detector) {
          detector.detect(video).then(function (codes) {
            if (codes.length) { send(codes[0].rawValue); }
          }).catch(function () {});
        } else if (window.jsQR) {
          var w = video.videoWidth, h = video.videoHeight, scale = Math.min(1, 640 / w);
          canvas.width = Math.floor(w * scale); canvas.height = Math.floor(h * scale);
          var ctx = canvas.getContext("2d", {willReadFrequently: true});
          ctx.drawImage(video, 0, 0, canvas.width, canvas.height);
          var img = ctx.getImageData(0, 0, canvas.width, canvas.height);
          var found = window.jsQR(img.data, img.width, img.height, {inversionAttempts: "dontInvert"});
          if (found && found.data) { send(found.data); }
        }
      }
      setTimeout(function () { requestAnimationFrame(tick); }, 200);
    };
    var start = function () {
      if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
        show(false, scanner.dataset.msgNocamera); return;
      }
      var ready = ("BarcodeDetector" in window)
        ? window.BarcodeDetector.getSupportedFormats().then(function (formats) {
            if (formats.indexOf("qr_code") >= 0) { detector = new window.BarcodeDetector({formats: ["qr_code"]}); }
            else { return loadJsQR(); }
          })
        : loadJsQR();
      ready.then(function () {
        return navigator.mediaDevices.getUserMedia({video: {facingMode: "environment"}, audio: false});
      }).then(function (s) {
        stream = s; video.srcObject = s; video.play();
        view.classList.remove("d-none");
        scanner.querySelector("[data-start]").classList.add("d-none");
        tick();
      }).catch(function () { show(false, scanner.dataset.msgNocamera); });
    };
    var stop = function () {
      if (stream) { stream.getTracks().forEach(function (t) { t.stop(); }); }
      stream = null; view.classList.add("d-none");
      scanner.querySelector("[data-start]").classList.remove("d-none");
    };
    scanner.querySelector("[data-start]").addEventListener("click", start);
    scanner.querySelector("[data-stop]").addEventListener("click", stop);
    // The live count, for several phones at several doors.
    setInterval(function () {
      if (document.hidden) { return; }
      fetch(scanner.dataset.count, {credentials: "same-origin"}).then(function (r) { return r.json(); })
        .then(counts).catch(function () {});
    }, 10000);
  }

  // ---- Programme: drag to reorder (up/down buttons are the accessible fallback). ----
  var list = document.querySelector("[data-programme-order]");
  if (list) {
    var form = document.getElementById("order-form");
    var dragged = null;
    list.querySelectorAll("[draggable=true]").forEach(function (item) {
      item.addEventListener("dragstart", function (e) {
        dragged = item; item.classList.add("dragging");
        e.dataTransfer.effectAllowed = "move";
        e.dataTransfer.setData("text/plain", item.dataset.id);
      });
      item.addEventListener("dragend", function () { item.classList.remove("dragging"); dragged = null; });
      item.addEventListener("dragover", function (e) {
        e.preventDefault();
        if (!dragged || dragged === item) { return; }
        var r = item.getBoundingClientRect();
        list.insertBefore(dragged, (e.clientY - r.top) > r.height / 2 ? item.nextSibling : item);
      });
    });
    list.addEventListener("drop", function (e) {
      e.preventDefault();
      // Number the acts as they now stand; the planned times follow once saved.
      list.querySelectorAll("[data-act-number]").forEach(function (el, i) {
        el.textContent = "#" + (i + 1);
      });
      form.querySelector("[name=order]").value = Array.prototype.map.call(
        list.querySelectorAll("[data-id]"), function (el) { return el.dataset.id; }).join(",");
      form.classList.remove("d-none");
    });
  }

  // ---- Photos: send a batch one file at a time, with progress; refusals listed. ----
  var upload = document.querySelector("[data-photo-upload]");
  if (upload) {
    upload.addEventListener("submit", function (e) {
      var input = upload.querySelector("input[type=file]");
      if (!window.fetch || !input.files.length) { return; }
      e.preventDefault();
      var files = Array.prototype.slice.call(input.files);
      var bar = upload.querySelector(".progress-bar"), log = upload.querySelector("[data-upload-log]");
      upload.querySelector(".progress").classList.remove("d-none");
      var done = 0, saved = 0;
      var next = function () {
        if (!files.length) { window.location.reload(); return; }
        var body = new FormData();
        body.append("csrf_token", upload.querySelector("[name=csrf_token]").value);
        body.append("photos", files.shift());
        fetch(upload.action, {method: "POST", body: body, credentials: "same-origin",
                              headers: {"Accept": "application/json"}})
          .then(function (r) { return r.json(); })
          .then(function (data) {
            saved += data.saved || 0;
            (data.refused || []).forEach(function (pair) {
              var li = document.createElement("li"); li.className = "text-danger";
              li.textContent = pair[0] + ": " + pair[1]; log.appendChild(li);
            });
          })
          .catch(function () {})
          .finally(function () {
            done += 1;
            var pct = Math.round(100 * done / (done + files.length));
            bar.style.width = pct + "%"; bar.textContent = done + " / " + (done + files.length);
            if (files.length) { next(); } else if (!log.children.length) { window.location.reload(); }
            else { upload.querySelector("[data-upload-done]").classList.remove("d-none"); }
          });
      };
      next();
    });
  }
})();
