// Find partners: a search is a GET, so a link to it can be shared. A long need would make the
// request line longer than web servers and proxies accept (gunicorn refuses 4 KB by default,
// most proxies 8 KB), so a form whose encoded fields pass `data-post-above` bytes is sent as a
// POST instead, with the CSRF token the page keeps in an inert <template>.
(function () {
  "use strict";

  const form = document.getElementById("partner-search");
  const token = document.getElementById("partner-search-token");
  if (!form || !token) {
    return;
  }
  const limit = Number(form.dataset.postAbove) || 2000;
  form.addEventListener("submit", function () {
    const size = new URLSearchParams(new FormData(form)).toString().length;
    if (size > limit && form.method !== "post") {
      form.method = "post";
      form.appendChild(token.content.cloneNode(true));
    }
  });
})();
