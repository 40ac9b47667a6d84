// The UGC moderation queue at keyboard speed: j/k move between posts, a approves, r opens the reject form,
// z shows the photos large. Everything here drives the plain forms and links each row already has, so the
// queue works the same without it. Rows are looked up on each key: filtering replaces the listing.
(() => {
  "use strict";

  const ROW_CELL = "[data-moderation-row]";
  const CURRENT = "moderation-current";
  const REMEMBERED = `moderation-queue-row:${location.pathname}`;

  const rows = () => [...document.querySelectorAll(ROW_CELL)].map((cell) => cell.closest("tr"));
  const currentRow = () => document.querySelector(`tr.${CURRENT}`);
  const lightbox = () => document.querySelector("[data-moderation-lightbox]");

  function select(index) {
    const all = rows();
    if (!all.length) return;
    const row = all[Math.max(0, Math.min(index, all.length - 1))];
    currentRow()?.classList.remove(CURRENT);
    row.classList.add(CURRENT);
    row.scrollIntoView({ block: "nearest" });
  }

  function move(step) {
    const row = currentRow();
    select(row ? rows().indexOf(row) + step : 0);
  }

  function openReject(row) {
    const details = row.querySelector("[data-moderation-reject]");
    if (!details) return;
    details.open = true;
    details.querySelector("select").focus();
  }

  // The lightbox: a post's photos large, one at a time ------------------------------

  let photos = [];
  let shown = 0;

  function showPhoto(index) {
    shown = (index + photos.length) % photos.length;
    const image = lightbox().querySelector("[data-moderation-lightbox-image]");
    image.src = photos[shown].href;
    image.alt = photos[shown].querySelector("img")?.alt || "";
  }

  function zoom(link) {
    photos = [...document.querySelectorAll(`[data-lightbox="${link.dataset.lightbox}"]`)];
    showPhoto(photos.indexOf(link));
    lightbox().showModal();
  }

  function onClick(event) {
    const link = event.target.closest("[data-lightbox]");
    if (link && lightbox()) {
      event.preventDefault();
      select(rows().indexOf(link.closest("tr")));
      zoom(link);
    } else if (event.target === lightbox()) {
      lightbox().close(); // a click on the backdrop
    }
  }

  // Keys ---------------------------------------------------------------------------

  function onRejectFormKey(event) {
    const details = event.target.closest("[data-moderation-reject]");
    if (!details) return false;
    if (event.key === "Enter" && event.target.tagName === "SELECT") {
      event.preventDefault();
      event.target.form.requestSubmit();
    } else if (event.key === "Escape") {
      details.open = false;
      event.target.blur();
    }
    return true;
  }

  function onKey(event) {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
    if (lightbox()?.open) {
      if (event.key === "ArrowRight") showPhoto(shown + 1);
      if (event.key === "ArrowLeft") showPhoto(shown - 1);
      return; // Esc closes the dialog by itself
    }
    if (onRejectFormKey(event) || event.target.closest("input, textarea, select, [contenteditable]")) return;
    const row = currentRow();
    const approve = row?.querySelector("[data-moderation-approve]");
    const photo = row?.querySelector("[data-lightbox]");
    const actions = {
      j: () => move(1),
      k: () => move(-1),
      a: () => approve?.requestSubmit(),
      r: () => row && openReject(row),
      z: () => photo && lightbox() && zoom(photo),
    };
    if (actions[event.key]) {
      event.preventDefault();
      actions[event.key]();
    }
  }

  function onSubmit(event) {
    // Back on the reloaded queue, the post that moved up into this place becomes the current one.
    const row = event.target.closest(ROW_CELL)?.closest("tr");
    if (row) sessionStorage.setItem(REMEMBERED, String(rows().indexOf(row)));
  }

  function start() {
    document.addEventListener("click", onClick);
    document.addEventListener("keydown", onKey);
    document.addEventListener("submit", onSubmit);
    document.querySelector("[data-moderation-shortcuts]")?.removeAttribute("hidden");
    const remembered = sessionStorage.getItem(REMEMBERED);
    if (remembered !== null) {
      sessionStorage.removeItem(REMEMBERED);
      select(Number(remembered));
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
