// A little script that only improves the pages: they all work without it.
(function () {
  "use strict";
  // The year slider sets the date to the end of that year, then shows it.
  document.querySelectorAll("[data-date-slider]").forEach(function (slider) {
    slider.addEventListener("change", function () {
      var form = slider.form;
      var date = form.querySelector("input[name=on]");
      var today = new Date().toISOString().slice(0, 10);
      var chosen = slider.value + "-12-31";
      date.value = chosen > today ? today : chosen;
      slider.disabled = true; // the date field carries the choice
      form.submit();
    });
  });
  document.querySelectorAll("form.when input[name=on]").forEach(function (input) {
    input.addEventListener("change", function () { if (input.value) { input.form.querySelector("[data-date-slider]").disabled = true; input.form.submit(); } });
  });
  // Sortable tables: click a heading to sort by that column.
  document.querySelectorAll("table.sortable").forEach(function (table) {
    table.querySelectorAll("th").forEach(function (th, index) {
      th.addEventListener("click", function () {
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        var numeric = th.dataset.type === "number";
        var asc = th.dataset.dir !== "asc";
        rows.sort(function (a, b) {
          var x = a.cells[index].dataset.value !== undefined ? a.cells[index].dataset.value : a.cells[index].textContent;
          var y = b.cells[index].dataset.value !== undefined ? b.cells[index].dataset.value : b.cells[index].textContent;
          if (numeric) { x = parseFloat(x) || -1; y = parseFloat(y) || -1; return asc ? x - y : y - x; }
          return asc ? x.localeCompare(y) : y.localeCompare(x);
        });
        th.dataset.dir = asc ? "asc" : "desc";
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  });
  // The Article 5 checker's map is equirectangular: x and y map linearly to longitude and latitude.
  document.querySelectorAll("[data-click-map] svg").forEach(function (svg) {
    svg.addEventListener("click", function (event) {
      var box = svg.getBoundingClientRect();
      var lon = -180 + 360 * (event.clientX - box.left) / box.width;
      var lat = 90 - 180 * (event.clientY - box.top) / box.height;
      var input = document.getElementById("place");
      input.value = lat.toFixed(3) + "," + lon.toFixed(3);
      input.form.submit();
    });
  });
})();
