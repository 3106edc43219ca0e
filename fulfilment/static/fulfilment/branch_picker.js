// Nova Poshta branch picker over the plain checkout form (which works without this script:
// "Show branches" redraws it). As the shopper types the city, cities come from our stored
// directory into a datalist; once a city is chosen its branches replace the branch field.
(function () {
  "use strict";

  var city = document.querySelector("input[data-np-city]");
  if (!city || city.hasAttribute("data-np-ready")) return;
  city.setAttribute("data-np-ready", "");
  var form = city.form;
  var list = document.createElement("datalist");
  list.id = city.id + "-options";
  city.setAttribute("list", list.id);
  city.parentNode.appendChild(list);
  var timer = null;
  var shown = null;

  function getJSON(url) {
    return fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; });
  }

  function option(value, label) {
    var element = document.createElement("option");
    element.value = value;
    element.textContent = label;
    return element;
  }

  function fillCities(data) {
    list.replaceChildren();
    (data && data.cities || []).forEach(function (item) { list.appendChild(option(item.name, item.label)); });
  }

  function showBranches(data) {
    var groups = data && data.groups || [];
    var current = form.elements.namedItem("branch");
    if (!groups.length || !current) return;
    var select = document.createElement("select");
    select.name = current.name;
    select.id = current.id;
    select.setAttribute("data-np-branch", "");
    select.appendChild(option("", current.getAttribute("data-placeholder") || "—"));
    groups.forEach(function (group) {
      var parent = select;
      if (groups.length > 1) {
        parent = document.createElement("optgroup");
        parent.label = group.city;
        select.appendChild(parent);
      }
      group.branches.forEach(function (label) { parent.appendChild(option(label, label)); });
    });
    select.value = current.value;
    current.replaceWith(select);
  }

  function lookUpBranches() {
    var name = city.value.trim();
    if (name.length < 2 || name === shown) return;
    shown = name;
    getJSON(city.getAttribute("data-branches-url") + "?city=" + encodeURIComponent(name)).then(showBranches);
  }

  city.addEventListener("input", function () {
    window.clearTimeout(timer);
    var query = city.value.trim();
    if (query.length < 2) return;
    timer = window.setTimeout(function () {
      getJSON(city.getAttribute("data-cities-url") + "?q=" + encodeURIComponent(query)).then(fillCities);
    }, 250);
  });
  city.addEventListener("change", lookUpBranches);
})();
