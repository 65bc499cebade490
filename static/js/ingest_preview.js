// The ingest review page works without this file (links jump, checkboxes tick, buttons post). It adds:
// smooth scrolling between a passage and its candidate with both marked, and keys to walk the
// candidates (j / k), accept or reject the current one (x) and show its passage (o).
(function () {
  "use strict";

  var current = null;

  function candidates() {
    return Array.prototype.slice.call(document.querySelectorAll(".pv-row .pv-candidate"));
  }

  function marksOf(card) {
    var id = card.id.replace("event-", "ev-").replace("claim-", "cl-");
    return document.querySelectorAll(".pv-text mark." + id);
  }

  function select(card, scroll) {
    if (current) {
      current.classList.remove("pv-current");
      marksOf(current).forEach(function (m) { m.classList.remove("pv-current"); });
    }
    current = card;
    if (!card) return;
    card.classList.add("pv-current");
    marksOf(card).forEach(function (m) { m.classList.add("pv-current"); });
    if (scroll) card.scrollIntoView({ behavior: "smooth", block: "center" });
  }

  function jump(link, event) {
    var target = document.getElementById(link.getAttribute("href").slice(1));
    if (!target) return;
    event.preventDefault();
    history.replaceState(null, "", link.getAttribute("href"));
    if (target.classList.contains("pv-candidate")) {
      select(target, true);
      target.focus({ preventScroll: true });
    } else {
      select(link.closest(".pv-candidate"), false);
      target.scrollIntoView({ behavior: "smooth", block: "center" });
    }
  }

  function typing(element) {
    var tag = element && element.tagName;
    return tag === "INPUT" || tag === "SELECT" || tag === "TEXTAREA" || (element && element.isContentEditable);
  }

  function move(step) {
    var all = candidates();
    if (!all.length) return;
    var at = all.indexOf(current);
    var next = at === -1 ? (step > 0 ? 0 : all.length - 1) : Math.min(Math.max(at + step, 0), all.length - 1);
    select(all[next], true);
    all[next].focus({ preventScroll: true });
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (!document.querySelector(".pv-form")) return;
    candidates().forEach(function (card) { card.tabIndex = -1; });
    document.querySelectorAll(".pv-keys").forEach(function (hint) { hint.hidden = false; });

    document.addEventListener("click", function (event) {
      var link = event.target.closest && event.target.closest("a.pv-link, a.pv-passage");
      if (link) jump(link, event);
    });

    document.addEventListener("keydown", function (event) {
      if (event.altKey || event.ctrlKey || event.metaKey || typing(event.target)) return;
      if (event.key === "j") { move(1); event.preventDefault(); }
      else if (event.key === "k") { move(-1); event.preventDefault(); }
      else if (event.key === "x" && current) {
        var box = current.querySelector(".pv-accept input[type=checkbox]");
        if (box) { box.checked = !box.checked; event.preventDefault(); }
      } else if (event.key === "o" && current) {
        var passage = current.querySelector("a.pv-passage");
        if (passage) passage.click();
        event.preventDefault();
      }
    });
  });
})();
