// The write page, enhanced: add a section, move sections up and down. Without JavaScript the
// same form works with its "Position" numbers, "Remove this section" boxes and an empty extra
// section after each save.
(function () {
  "use strict";

  function init() {
    var list = document.getElementById("section-list");
    var template = document.getElementById("section-template");
    if (!list || !template || list.closest("fieldset[disabled]")) {
      return;
    }
    var prefix = list.dataset.prefix;
    var total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
    var max = document.getElementById("id_" + prefix + "-MAX_NUM_FORMS");

    function items() {
      return Array.prototype.slice.call(list.children);
    }

    function renumber() {
      items().forEach(function (item, index) {
        var order = item.querySelector(".section-order");
        var typed = Array.prototype.some.call(
          item.querySelectorAll("input[type=text], textarea"),
          function (input) { return input.value.trim() !== ""; }
        );
        if (order) {
          // An untouched empty section stays untouched, so the server ignores it.
          order.value = typed || order.defaultValue ? index + 1 : "";
        }
        var legend = item.querySelector("legend");
        if (legend) {
          legend.textContent = "Section " + (index + 1);
        }
      });
    }

    function button(label, onClick) {
      var element = document.createElement("button");
      element.type = "button";
      element.className = "section-move";
      element.textContent = label;
      element.addEventListener("click", onClick);
      return element;
    }

    function announce(item, text) {
      var live = document.getElementById("section-live");
      if (live) {
        live.textContent = text;
      }
      var heading = item.querySelector("input[type=text]");
      if (heading) {
        heading.focus();
      }
    }

    function enhance(item) {
      var controls = item.querySelector(".section-form__controls");
      if (!controls || controls.querySelector(".section-move")) {
        return;
      }
      controls.appendChild(
        button("Move up", function () {
          if (item.previousElementSibling) {
            list.insertBefore(item, item.previousElementSibling);
            renumber();
            announce(item, "Section moved up.");
          }
        })
      );
      controls.appendChild(
        button("Move down", function () {
          if (item.nextElementSibling) {
            list.insertBefore(item.nextElementSibling, item);
            renumber();
            announce(item, "Section moved down.");
          }
        })
      );
    }

    var live = document.createElement("p");
    live.id = "section-live";
    live.className = "visually-hidden";
    live.setAttribute("aria-live", "polite");
    list.parentNode.insertBefore(live, list.nextSibling);

    var add = button("Add a section", function () {
      var count = parseInt(total.value, 10);
      if (max && count >= parseInt(max.value, 10)) {
        live.textContent = "No more sections can be added.";
        return;
      }
      var html = template.innerHTML.replace(/__prefix__/g, String(count));
      var holder = document.createElement("ol");
      holder.innerHTML = html;
      var item = holder.firstElementChild;
      list.appendChild(item);
      total.value = count + 1;
      enhance(item);
      renumber();
      announce(item, "Section added.");
    });
    add.className = "section-add";
    live.parentNode.insertBefore(add, live);

    items().forEach(enhance);
    list.closest("form").addEventListener("submit", renumber);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
