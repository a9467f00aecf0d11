// Comments on passages: selecting words of the revision fills the comment form's passage,
// section and place, and says so to screen readers. Without this script the reviewer types or
// pastes the words; the server finds them either way (editorial/passages.py).
(function () {
  "use strict";
  var text = document.querySelector("[data-passage-text]");
  var form = document.getElementById("comment-form");
  if (!text || !form) { return; }
  var quote = form.querySelector('[data-passage="quote"]');
  var section = form.querySelector('[data-passage="section"]');
  var offset = form.querySelector('[data-passage="offset"]');
  var status = form.querySelector('[data-passage="status"]');

  // The words as readers read them: citation numbers left out, spaces collapsed, none before
  // a punctuation mark (as editorial.passages.words and articles.rendering.plain_text).
  function words(fragment) {
    var holder = document.createElement("div");
    holder.appendChild(fragment);
    holder.querySelectorAll("sup.citation, span.citation-missing").forEach(function (node) {
      node.remove();
    });
    // A block ends with a space, as in the server's reading.
    holder.querySelectorAll("p, li, h3, h4, h5, h6, blockquote, pre, tr, td, th, br").forEach(
      function (node) { node.insertAdjacentText("afterend", " "); }
    );
    return holder.textContent.replace(/\s+/g, " ").replace(/\s+([.,;:!?])/g, "$1");
  }

  function fill() {
    var selection = window.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) { return; }
    var range = selection.getRangeAt(0);
    var start = range.startContainer.nodeType === 1 ? range.startContainer : range.startContainer.parentElement;
    var owner = start && start.closest("[data-section-index]");
    var body = owner && owner.querySelector(".passage-text__body");
    if (!owner || !text.contains(range.endContainer) || !body || !body.contains(start)) { return; }
    var chosen = words(range.cloneContents()).trim();
    if (!chosen) { return; }
    var before = document.createRange();
    before.setStart(body, 0);
    before.setEnd(range.startContainer, range.startOffset);
    var lead = words(before.cloneContents()).replace(/^\s+/, "");
    quote.value = chosen;
    section.value = owner.getAttribute("data-section-index");
    offset.value = String(lead.length);
    status.textContent = "The passage is filled in from your selection: “" +
      (chosen.length > 80 ? chosen.slice(0, 80) + "…" : chosen) + "”. Write your comment below.";
  }

  document.addEventListener("selectionchange", function () {
    window.clearTimeout(fill.timer);
    fill.timer = window.setTimeout(fill, 150);
  });
  // Typing in the passage field is the reviewer's own choice of words: forget the place.
  quote.addEventListener("input", function () { offset.value = ""; });
})();
