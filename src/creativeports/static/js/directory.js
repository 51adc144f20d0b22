// The directory's filters ask the server as the reader types, changes a filter or submits. Typing
// a word and pressing Enter would ask three times: the browser's change event and the submit at
// once, then the typing's request when its pause ends. Each would abort the one before (hx-sync)
// to fetch the same results again. So the form drops a request for exactly the fields of the
// request on its way, and, unless the reader asked with the button or Enter, for exactly the
// fields whose results are shown.
(function () {
  "use strict";

  const FORM_ID = "directory-filters";
  const fields = function (form) {
    return form ? new URLSearchParams(new FormData(form)).toString() : null;
  };
  let shown = fields(document.getElementById(FORM_ID)); // the fields of the results on the page
  let pending = null; // the fields of the request on its way
  const ours = function (event) {
    return event.target instanceof HTMLFormElement && event.target.id === FORM_ID;
  };

  // Listened for on the document: going back restores an earlier page, with a new form.
  document.addEventListener("htmx:confirm", function (event) {
    if (!ours(event)) {
      return;
    }
    const asked = fields(event.target);
    const trigger = event.detail.triggeringEvent;
    const submitted = trigger && trigger.type === "submit";
    if (asked === pending || (!submitted && asked === shown)) {
      event.preventDefault();
    }
  });
  document.addEventListener("htmx:configRequest", function (event) {
    if (ours(event)) {
      pending = fields(event.target);
    }
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    if (ours(event)) {
      shown = event.detail.successful ? pending : shown;
      pending = null;
    }
  });
  // A page restored by going back shows the results of its form's fields as restored.
  document.addEventListener("htmx:historyRestore", function () {
    shown = fields(document.getElementById(FORM_ID));
    pending = null;
  });
})();
