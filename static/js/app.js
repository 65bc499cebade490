// htmx ignores error responses (4xx/5xx) by default, so a refused request would change nothing on
// screen. Show the server's message instead, as plain text: the response is parsed into an inert
// document and only its text is copied, so markup in it never becomes live HTML.
(function () {
  "use strict";

  function region() {
    return document.getElementById("request-error");
  }

  function messageOf(xhr) {
    var body = xhr.responseText || "";
    var type = (xhr.getResponseHeader("Content-Type") || "").toLowerCase();
    var text = type.indexOf("text/html") === 0
      ? new DOMParser().parseFromString(body, "text/html").body.textContent
      : body;
    text = text.replace(/\s+\n/g, "\n").trim().slice(0, 1000);
    return text || "The request failed (" + xhr.status + "). Please try again.";
  }

  document.addEventListener("htmx:responseError", function (event) {
    var box = region();
    if (!box) return;
    box.textContent = messageOf(event.detail.xhr);
    box.hidden = false;
  });

  document.addEventListener("htmx:sendError", function () {
    var box = region();
    if (!box) return;
    box.textContent = "The server could not be reached. Check your connection and try again.";
    box.hidden = false;
  });

  document.addEventListener("htmx:beforeRequest", function () {
    var box = region();
    if (box && !box.hidden) {
      box.hidden = true;
      box.textContent = "";
    }
  });
})();
