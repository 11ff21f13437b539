// The two ways every page script makes its markup: an element holding text
// (set as text, never parsed: much of it is the reader's program or its
// output), and a widget button. Loaded before the other workbook scripts.
// Exposes window.workbookParts.element and button.
(function workbookDom() {
  "use strict";

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text !== undefined) {
      node.textContent = text;
    }
    return node;
  }

  // `action` names the button for the page's own code and its tests
  // (data-wb-action); `title` says more on hover.
  function button(action, text, title) {
    const node = element("button", "wb-button", text);
    node.type = "button";
    node.dataset.wbAction = action;
    if (title) {
      node.title = title;
    }
    return node;
  }

  window.workbookParts = Object.assign(window.workbookParts || {}, { element, button });
})();
