/* Instant search in the header: results while typing, from GET /api/search.
   Without this file the header's search box is a plain GET form to the results page.
   - waits 200 ms after the last keystroke, and cancels a request that a newer one replaces;
   - arrows move through the results, Enter opens the chosen one (or submits the form),
     Escape closes the panel;
   - everything from the server is inserted as text, never as HTML. */
(function () {
  "use strict";

  var DEBOUNCE_MS = 200;
  var MIN_CHARS = 2;
  var PAGE_SIZE = 6;

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function setUp(form) {
    var input = form.querySelector("input[name=q]");
    var panel = form.querySelector("[role=listbox]");
    if (!input || !panel || !window.fetch || !window.AbortController) return;
    var texts = form.dataset;
    var timer = null;
    var controller = null;
    var options = [];
    var active = -1;

    function close() {
      panel.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      options = [];
      active = -1;
    }

    function open() {
      panel.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }

    function select(index) {
      if (!options.length) return;
      if (index < -1) index = options.length - 1;
      if (index >= options.length) index = -1;
      options.forEach(function (option, i) { option.setAttribute("aria-selected", i === index ? "true" : "false"); });
      active = index;
      if (index >= 0) {
        input.setAttribute("aria-activedescendant", options[index].id);
        options[index].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function option(href, className) {
      var link = element("a", "instant__option" + (className ? " " + className : ""));
      link.href = href;
      link.id = "instant-option-" + options.length;
      link.setAttribute("role", "option");
      link.setAttribute("aria-selected", "false");
      link.tabIndex = -1;
      options.push(link);
      return link;
    }

    function hitOption(hit) {
      var link = option(hit.url);
      var thumb = element("img", "instant__thumb");
      thumb.alt = "";
      thumb.loading = "lazy";
      if (hit.image) thumb.src = hit.image;
      link.appendChild(thumb);
      var name = element("span", "instant__name", hit.name);
      if (!hit.in_stock) name.appendChild(element("span", "instant__stock", texts.textOut));
      link.appendChild(name);
      var price = element("span", "instant__price", hit.price_display);
      if (hit.old_price_display) price.appendChild(element("s", null, hit.old_price_display));
      link.appendChild(price);
      return link;
    }

    function render(data) {
      panel.textContent = "";
      options = [];
      active = -1;
      if (data.correction) {
        panel.appendChild(element("p", "instant__correction", texts.textCorrection + " «" + data.correction.text + "»"));
      }
      if (!data.hits.length) {
        panel.appendChild(element("p", "instant__empty", texts.textEmpty));
      }
      var hits = element("div", "instant__section");
      data.hits.forEach(function (hit) { hits.appendChild(hitOption(hit)); });
      panel.appendChild(hits);
      if (data.categories.length > 1) {
        var section = element("div", "instant__section");
        section.appendChild(element("p", "instant__heading", texts.textCategories));
        data.categories.slice(0, 4).forEach(function (category) {
          var link = option(category.url);
          link.appendChild(element("span", "instant__name", category.label));
          link.appendChild(element("span", "instant__count", String(category.count)));
          section.appendChild(link);
        });
        panel.appendChild(section);
      }
      if (data.total) {
        var all = option(data.search_url, "instant__all");
        all.appendChild(element("span", "instant__name", texts.textAll + " (" + data.total + ")"));
        panel.appendChild(all);
      }
      open();
    }

    function search() {
      var value = input.value;
      if (value.trim().length < MIN_CHARS) {
        if (controller) controller.abort();
        close();
        return;
      }
      if (controller) controller.abort();  // a newer query replaces the one still on its way
      controller = new AbortController();
      var params = new URLSearchParams({ q: value, page_size: String(PAGE_SIZE), lang: texts.lang || "uk" });
      fetch(texts.api + "?" + params.toString(), { signal: controller.signal, headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (data) { if (data && input.value === value) render(data); })
        .catch(function (error) { if (error.name !== "AbortError") close(); });
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(search, DEBOUNCE_MS);
    });

    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (panel.hidden) return;
        event.preventDefault();
        select(active + (event.key === "ArrowDown" ? 1 : -1));
      } else if (event.key === "Enter") {
        if (!panel.hidden && active >= 0) {
          event.preventDefault();
          window.location.assign(options[active].href);
        }
      } else if (event.key === "Escape") {
        if (!panel.hidden) {
          event.preventDefault();
          close();
        }
      }
    });

    document.addEventListener("click", function (event) {
      if (!form.contains(event.target)) close();
    });
    form.addEventListener("submit", function () {
      if (controller) controller.abort();
      window.clearTimeout(timer);
    });
  }

  function start() {
    document.querySelectorAll("form[data-instant-search]").forEach(setUp);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
