// Progressive enhancement only: hide follow-up questions until their trigger answer is chosen.
// Without JavaScript every follow-up question is shown with a note saying when to answer it.
(function () {
  "use strict";
  var dependents = document.querySelectorAll("[data-depends-on]");
  if (!dependents.length) return;
  function update() {
    dependents.forEach(function (block) {
      var name = block.getAttribute("data-depends-on");
      var wanted = block.getAttribute("data-depends-values").split(" ");
      var chosen = Array.prototype.map.call(
        document.querySelectorAll('input[name="' + name + '"]:checked'),
        function (input) { return input.value; }
      );
      var show = chosen.some(function (value) { return wanted.indexOf(value) !== -1; });
      block.classList.toggle("is-hidden", !show);
      var note = block.querySelector(".condition");
      if (note) note.classList.add("is-hidden");
    });
  }
  document.addEventListener("change", update);
  update();
})();
