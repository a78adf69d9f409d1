// Task forces: the print buttons of the roster and the poster (no inline scripts under the CSP),
// and "tick all" on the bulk pick-up list.
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) {
    window.print();
  }
});
document.addEventListener("change", (event) => {
  const all = event.target.closest("[data-check-all]");
  if (all) {
    document.querySelectorAll(all.dataset.checkAll).forEach((box) => { box.checked = all.checked; });
  }
});
