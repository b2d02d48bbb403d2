// Signature pads (visits/_signature_pad.html): touch, pen and mouse through signature_pad.
// On submit the drawing goes into the hidden input as a PNG data URL; an empty pad
// stops the submission with a message. Reusable by any form that includes the pad.
(function () {
  "use strict";

  function fit(canvas, pad) {
    var ratio = Math.max(window.devicePixelRatio || 1, 1);
    var data = pad.isEmpty() ? null : pad.toData();
    var width = canvas.parentElement.clientWidth || canvas.width;
    canvas.width = width * ratio;
    canvas.height = 200 * ratio;
    canvas.style.width = width + "px";
    canvas.style.height = "200px";
    canvas.getContext("2d").scale(ratio, ratio);
    pad.clear();
    if (data) { pad.fromData(data); }
  }

  function setUp(box) {
    var canvas = box.querySelector("canvas");
    var input = box.querySelector("input[type=hidden]");
    var message = box.querySelector(".kd-signature-empty");
    var pad = new window.SignaturePad(canvas, { minWidth: 0.8, maxWidth: 2.5, penColor: "#111" });
    fit(canvas, pad);
    window.addEventListener("resize", function () { fit(canvas, pad); });
    box.querySelector(".kd-signature-clear").addEventListener("click", function () {
      pad.clear();
      input.value = "";
    });
    var form = box.closest("form");
    if (!form) { return; }
    form.addEventListener("submit", function (event) {
      if (pad.isEmpty()) {
        event.preventDefault();
        message.classList.add("d-block");
        return;
      }
      message.classList.remove("d-block");
      input.value = pad.toDataURL("image/png");
    });
    box.kdSignaturePad = pad;
  }

  function start() {
    if (!window.SignaturePad) { return; }
    document.querySelectorAll(".kd-signature").forEach(function (box) {
      if (!box.kdSignaturePad) { setUp(box); }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
