// Article editor: the "insert image" button uploads one image and puts its
// Markdown link where the cursor is. Without JavaScript, chosen images are
// added at the end of the body when the form is saved.
(function () {
  const button = document.getElementById("kb-insert-image");
  const body = document.getElementById("body");
  if (!button || !body) return;
  const picker = document.createElement("input");
  picker.type = "file";
  picker.accept = "image/jpeg,image/png,image/webp,image/gif";
  button.hidden = false;
  button.addEventListener("click", () => picker.click());
  picker.addEventListener("change", async () => {
    const file = picker.files[0];
    if (!file) return;
    const form = new FormData();
    form.append("image", file);
    const token = document.querySelector("input[name=csrf_token]");
    const status = document.getElementById("kb-insert-status");
    status.textContent = button.dataset.busy;
    try {
      const response = await fetch(button.dataset.url, {
        method: "POST", body: form, credentials: "same-origin",
        headers: token ? { "X-CSRFToken": token.value } : {},
      });
      const data = await response.json();
      if (!response.ok) { status.textContent = data.error || button.dataset.failed; return; }
      const at = body.selectionStart ?? body.value.length;
      const text = "\n" + data.markdown + "\n";
      body.value = body.value.slice(0, at) + text + body.value.slice(body.selectionEnd ?? at);
      body.selectionStart = body.selectionEnd = at + text.length;
      body.focus();
      status.textContent = "";
    } catch (e) {
      status.textContent = button.dataset.failed;
    } finally {
      picker.value = "";
    }
  });
})();
