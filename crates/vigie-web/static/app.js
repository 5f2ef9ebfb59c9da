// Counts down every element with a data-due time (RFC 3339), once a second; a deadline
// that passes turns red. The page works without it: the server renders the same text.
(function () {
  var fr = document.documentElement.lang === "fr";
  function left(ms) {
    var late = ms < 0, s = Math.floor(Math.abs(ms) / 1000);
    var d = Math.floor(s / 86400), h = Math.floor(s % 86400 / 3600), m = Math.floor(s % 3600 / 60), sec = s % 60;
    var t = (d ? d + (fr ? " j " : " d ") : "") + String(h).padStart(2, "0") + " h " + String(m).padStart(2, "0") + " min " + String(sec).padStart(2, "0") + " s";
    return late ? (fr ? "en retard de " : "late by ") + t : t + (fr ? " restant" : " left");
  }
  function tick() {
    document.querySelectorAll("[data-due]").forEach(function (el) {
      var ms = Date.parse(el.getAttribute("data-due")) - Date.now();
      el.textContent = left(ms);
      el.classList.toggle("late", ms < 0);
    });
  }
  document.addEventListener("DOMContentLoaded", function () { tick(); setInterval(tick, 1000); });
})();

// The review page: the keys 1, 2, 3 and v press the button that names them, so that a
// pair takes a few seconds. The buttons work without it.
(function () {
  document.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey || /input|textarea|select/i.test(e.target.tagName)) return;
    var b = document.querySelector('button[data-key="' + e.key.toLowerCase() + '"]');
    if (b) { e.preventDefault(); b.click(); }
  });
})();
