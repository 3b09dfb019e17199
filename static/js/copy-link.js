// Progressive enhancement: a "Copy link" button beside each read-only invitation link.
document.querySelectorAll("[data-copy-button]").forEach((button) => {
  const input = document.getElementById(button.dataset.copyButton);
  if (!input || !navigator.clipboard) return;
  button.classList.remove("d-none");
  button.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(input.value);
      button.textContent = "Copied";
    } catch {
      input.select();
      button.textContent = "Press Ctrl+C to copy";
    }
  });
});
