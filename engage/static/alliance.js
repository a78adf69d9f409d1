// Alliance pages: the print button of the annual summary.
document.querySelectorAll("[data-print]").forEach((b) => b.addEventListener("click", () => window.print()));
