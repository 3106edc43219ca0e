/* Progressive enhancement for the storefront. Every page works without this file:
   filters are a GET form, the gallery and slider scroll natively, links are links. */
(function () {
  "use strict";

  document.documentElement.classList.add("js");

  /* --- filters: submit on change, drop empty fields, hide the Apply button --- */
  function submitFilters(form) {
    // Empty prices and the default sort only clutter the URL.
    Array.prototype.forEach.call(form.elements, function (field) {
      if ((field.name === "price_min" || field.name === "price_max") && !field.value) field.disabled = true;
      if (field.name === "sort" && field.value === "default") field.disabled = true;
    });
    form.submit();
  }

  function setUpFilters() {
    var form = document.querySelector("form[data-autosubmit]");
    if (!form) return;
    var apply = form.querySelector("[data-apply]");
    if (apply) apply.hidden = true;
    // `change` on elements tied to the form with form="…" does not bubble through it.
    document.addEventListener("change", function (event) {
      var target = event.target;
      if (target.form === form && target.type !== "number") submitFilters(form);
    });
    // Price fields submit on Enter or when the shopper leaves them.
    form.addEventListener("change", function (event) {
      if (event.target.type === "number") submitFilters(form);
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      submitFilters(form);
    });
    // Coming back from the next page (back/forward cache) must find the fields usable.
    window.addEventListener("pageshow", function () {
      Array.prototype.forEach.call(form.elements, function (field) { field.disabled = false; });
    });

    // On narrow screens the filter panel starts folded unless something is filtered.
    var details = document.querySelector("[data-filters]");
    if (!details || !window.matchMedia) return;
    var wide = window.matchMedia("(min-width: 60em)");
    var filtered = /[?&](?!page=|sort=)[^=]+=/.test(window.location.search);
    function fit() { details.open = wide.matches || filtered; }
    fit();
    if (wide.addEventListener) wide.addEventListener("change", fit);
  }

  /* --- scroll-snap tracks: slide to an item, know which one is shown --- */
  function currentIndex(track) {
    var width = track.clientWidth || 1;
    return Math.round(track.scrollLeft / width);
  }

  function scrollToIndex(track, index) {
    var items = track.children;
    if (!items.length) return;
    index = (index + items.length) % items.length;
    track.scrollTo({ left: items[index].offsetLeft - track.offsetLeft, behavior: "smooth" });
  }

  function setUpSliders() {
    document.querySelectorAll("[data-slider]").forEach(function (slider) {
      var track = slider.querySelector("[data-slider-track]");
      var prev = slider.querySelector("[data-slider-prev]");
      var next = slider.querySelector("[data-slider-next]");
      if (!track || !prev || !next) return;
      prev.hidden = false;
      next.hidden = false;
      prev.addEventListener("click", function () { scrollToIndex(track, currentIndex(track) - 1); });
      next.addEventListener("click", function () { scrollToIndex(track, currentIndex(track) + 1); });
    });
  }

  function setUpGalleries() {
    document.querySelectorAll("[data-gallery]").forEach(function (gallery) {
      var track = gallery.querySelector("[data-gallery-track]");
      var thumbs = gallery.querySelectorAll("[data-gallery-thumb]");
      if (!track || !thumbs.length) return;

      function mark(index) {
        thumbs.forEach(function (thumb, i) {
          if (i === index) thumb.setAttribute("aria-current", "true");
          else thumb.removeAttribute("aria-current");
        });
      }

      thumbs.forEach(function (thumb, index) {
        thumb.addEventListener("click", function (event) {
          // Scroll the gallery only, not the whole page to the anchor.
          event.preventDefault();
          scrollToIndex(track, index);
          mark(index);
        });
      });

      var pending;
      track.addEventListener("scroll", function () {
        window.clearTimeout(pending);
        pending = window.setTimeout(function () { mark(currentIndex(track)); }, 80);
      }, { passive: true });
    });
  }

  function start() {
    setUpFilters();
    setUpSliders();
    setUpGalleries();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
