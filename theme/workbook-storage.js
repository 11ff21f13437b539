// Keeps what the reader types, per snippet and per exercise, in the browser's
// localStorage, so it survives a reload, a stopped or crashed worker and a
// closed tab. Where storage is refused (some private modes), edits live as
// long as the page. Keys: "workbook:code:<widget id>".
// Exposes window.workbookParts.createStore for workbook.js.
(function workbookStorage() {
  "use strict";

  const PREFIX = "workbook:code:";

  function storageWorks() {
    try {
      const probe = "workbook:probe";
      window.localStorage.setItem(probe, probe);
      window.localStorage.removeItem(probe);
      return true;
    } catch {
      return false;
    }
  }

  function createStore() {
    const persistent = storageWorks();
    const inPage = new Map();
    return {
      load(id) {
        if (inPage.has(id)) {
          return inPage.get(id);
        }
        try {
          return persistent ? window.localStorage.getItem(PREFIX + id) : null;
        } catch {
          return null;
        }
      },
      save(id, text) {
        inPage.set(id, text);
        try {
          if (persistent) {
            window.localStorage.setItem(PREFIX + id, text);
          }
        } catch {
          // Full storage: the edit still lives in this page.
        }
      },
      forget(id) {
        inPage.delete(id);
        try {
          if (persistent) {
            window.localStorage.removeItem(PREFIX + id);
          }
        } catch {
          // Nothing more to do: the page copy is gone.
        }
      },
    };
  }

  window.workbookParts = Object.assign(window.workbookParts || {}, { createStore });
})();
