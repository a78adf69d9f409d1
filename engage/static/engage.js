// Engage: small behaviours; no inline scripts (the CSP forbids them).
document.addEventListener("submit", (event) => {
  const form = event.target.closest("form[data-confirm]");
  if (form && !window.confirm(form.dataset.confirm)) {
    event.preventDefault();
  }
});
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-print]");
  if (button) {
    event.preventDefault();
    window.print();
  }
});
// A held photo's remove button: take it out here; without JavaScript the
// button sends the form back to drop it.
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-drop-held]");
  if (button) {
    event.preventDefault();
    button.closest("[data-held]").remove();
  }
});
// Copy a link (the private follow link) to the clipboard.
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-copy]");
  if (!button) {
    return;
  }
  const source = document.querySelector(button.dataset.copy);
  const text = source ? source.textContent.trim() : "";
  const done = () => {
    button.textContent = button.dataset.copied;
  };
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(text).then(done, () => {});
  } else if (source) {
    const range = document.createRange();
    range.selectNodeContents(source);
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    if (document.execCommand("copy")) {
      done();
    }
  }
});
// A refused form's summary takes the focus (for browsers that ignore autofocus on it).
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.querySelector(".form-refused[autofocus]");
  if (summary && document.activeElement !== summary) {
    summary.focus();
  }
});
