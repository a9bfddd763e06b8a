// Progressive enhancement only; every page works without JavaScript.
// - Follow-up questions (and co-op-only fields) appear in place when their condition holds.
//   Without JavaScript the server shows them on the next page load.
// - Ticking an answer marked "only on its own" unticks the others, and the other way round
//   (the server refuses the combination either way).
// - The resume link can be copied with one tap.
(function () {
  "use strict";

  function checkedValues(name) {
    var inputs = document.querySelectorAll('[name="' + name + '"]');
    var values = [];
    Array.prototype.forEach.call(inputs, function (input) {
      if (input.type === "radio" || input.type === "checkbox") {
        if (input.checked) values.push(input.value);
      } else if (input.value) {
        values.push(input.value);
      }
    });
    return values;
  }

  function updateFollowUps() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-depends-on]"), function (block) {
      var wanted = block.getAttribute("data-depends-values").split(" ");
      var show = checkedValues(block.getAttribute("data-depends-on")).some(function (value) {
        return wanted.indexOf(value) !== -1;
      });
      block.hidden = !show;
      // The page tells the server which follow-ups the person saw.
      var shown = block.querySelector('input[name="shown"]');
      if (shown) shown.disabled = !show;
    });
  }

  function exclusiveChange(input) {
    if (input.type !== "checkbox" || !input.checked) return;
    var group = document.querySelectorAll('input[type="checkbox"][name="' + input.name + '"]');
    var isExclusive = !!input.closest("[data-exclusive]");
    Array.prototype.forEach.call(group, function (other) {
      if (other === input || !other.checked) return;
      var otherExclusive = !!other.closest("[data-exclusive]");
      if (isExclusive || otherExclusive) other.checked = false;
    });
  }

  document.addEventListener("change", function (event) {
    exclusiveChange(event.target);
    updateFollowUps();
  });
  updateFollowUps();

  Array.prototype.forEach.call(document.querySelectorAll("[data-copy-target]"), function (button) {
    var field = document.getElementById(button.getAttribute("data-copy-target"));
    if (!field) return;
    var status = button.closest(".resume-box") && button.closest(".resume-box").querySelector(".copy-status");
    button.hidden = false;
    button.addEventListener("click", function () {
      field.focus();
      field.select();
      var done = function () { if (status) status.textContent = button.getAttribute("data-copied"); };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value).then(done, function () {
          if (document.execCommand("copy")) done();
        });
      } else if (document.execCommand("copy")) {
        done();
      }
    });
  });
  Array.prototype.forEach.call(document.querySelectorAll("[data-select-on-focus]"), function (field) {
    field.addEventListener("focus", function () { field.select(); });
  });
})();
