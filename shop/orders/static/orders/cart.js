// Cart enhancements over plain HTML forms (which keep working without this script):
// the product page's "Add to cart" posts to the JSON API and updates the header count;
// the cart page's quantity fields get −/+ steppers that save through the API.
(function () {
  "use strict";

  var link = document.querySelector("[data-cart-link]");
  if (!link) return;
  var api = link.getAttribute("data-cart-api");

  function csrfToken(form) {
    var field = (form || document).querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  function send(method, url, body, token) {
    return fetch(url, {
      method: method,
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": token, "Accept": "application/json" },
      body: body ? JSON.stringify(body) : undefined
    }).then(function (response) {
      return response.json().then(function (data) { return { ok: response.ok, data: data }; });
    });
  }

  function showCount(count) {
    var badge = link.querySelector("[data-cart-count]");
    if (!badge) return;
    badge.textContent = String(count);
    badge.hidden = !count;
  }

  function say(container, text, isError) {
    var box = container.querySelector("[data-cart-status]");
    if (!box) {
      box = document.createElement("p");
      box.setAttribute("data-cart-status", "");
      box.setAttribute("role", "status");
      container.appendChild(box);
    }
    box.className = "notice" + (isError ? " notice--error" : "");
    box.textContent = text;
    return box;
  }

  // --- product page: add without leaving the page ------------------------------------
  var buy = document.querySelector("form.buy");
  if (buy && buy.getAttribute("action") && buy.getAttribute("action").indexOf("/cart/add/") !== -1) {
    buy.addEventListener("submit", function (event) {
      var chosen = buy.querySelector("input[name=variant]:checked");
      if (!chosen) return; // the browser's own "required" message applies
      event.preventDefault();
      var quantity = buy.querySelector("input[name=quantity]");
      send("POST", api + "/lines", { variant: chosen.value, quantity: quantity ? quantity.value : 1 },
           csrfToken(buy))
        .then(function (result) {
          if (!result.ok) { say(buy, result.data.detail || "Error", true); return; }
          showCount(result.data.count);
          var box = say(buy, result.data.message || "", false);
          var go = document.createElement("a");
          go.href = link.getAttribute("href");
          go.className = "cart-status__link";
          go.textContent = buy.getAttribute("data-text-go") || link.textContent.replace(/\d+.*$/, "").trim();
          box.appendChild(document.createTextNode(" "));
          box.appendChild(go);
        })
        .catch(function () { buy.submit(); });
    });
  }

  // --- cart page: steppers -------------------------------------------------------------
  var cart = document.querySelector("[data-cart]");
  if (!cart) return;
  var linesUrl = cart.getAttribute("data-api-lines");

  function render(data) {
    showCount(data.count);
    var byId = {};
    data.lines.forEach(function (line) { byId[line.id] = line; });
    cart.querySelectorAll("[data-line]").forEach(function (row) {
      var line = byId[row.getAttribute("data-line")];
      if (!line) { row.remove(); return; }
      row.querySelector("[data-line-total]").textContent = line.line_total_display;
      var input = row.querySelector("input[name=quantity]");
      if (input) { input.value = line.quantity; input.max = line.max_quantity; }
    });
    var total = cart.querySelector("[data-cart-total]");
    if (total) total.textContent = data.total_display;
    var subtotal = cart.querySelector("[data-cart-subtotal]");
    if (subtotal) subtotal.textContent = data.subtotal_display;
    if (!data.lines.length) window.location.reload();
  }

  cart.querySelectorAll("form[data-stepper]").forEach(function (form) {
    var input = form.querySelector("input[name=quantity]");
    var row = form.closest("[data-line]");
    var id = row.getAttribute("data-line");
    form.querySelector("[data-stepper-save]").hidden = true;

    function save() {
      send("PATCH", linesUrl + "/" + id, { quantity: input.value }, csrfToken(form)).then(function (result) {
        if (!result.ok) { say(form, result.data.detail || "Error", true); return; }
        render(result.data);
        if (result.data.message) say(form, result.data.message, false);
      });
    }

    [["−", -1], ["+", 1]].forEach(function (pair) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "stepper__button";
      button.textContent = pair[0];
      button.setAttribute("aria-label", pair[1] < 0 ? "−1" : "+1");
      button.addEventListener("click", function () {
        var next = Math.max(0, Math.min(Number(input.max || 99), Number(input.value || 0) + pair[1]));
        if (next === Number(input.value)) return;
        input.value = next;
        save();
      });
      if (pair[1] < 0) form.insertBefore(button, input); else input.after(button);
    });
    input.addEventListener("change", save);
    form.addEventListener("submit", function (event) { event.preventDefault(); save(); });
  });
})();
