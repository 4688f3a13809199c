/*
 * Opens TossPayments' card registration window (SDK v2) from a button that carries the page's
 * data-* values: the script (Toss's, or the sandbox's stand-in), the client key and the customer's
 * customerKey, and where Toss sends the browser back. The SDK call is exactly Toss's:
 * TossPayments(clientKey).payment({customerKey}).requestBillingAuth({method: 'CARD', ...}).
 */
(function () {
  'use strict';

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      if (window.TossPayments) {
        resolve();
        return;
      }
      var script = document.createElement('script');
      script.src = src;
      script.onload = function () { resolve(); };
      script.onerror = function () { reject(new Error('script')); };
      document.head.appendChild(script);
    });
  }

  function open(button) {
    var data = button.dataset;
    var status = document.getElementById(data.status);
    button.disabled = true;
    loadScript(data.script)
      .then(function () {
        var payment = window.TossPayments(data.clientKey).payment({ customerKey: data.customerKey });
        var request = { method: 'CARD', successUrl: data.successUrl, failUrl: data.failUrl };
        if (data.customerEmail) { request.customerEmail = data.customerEmail; }
        if (data.customerName) { request.customerName = data.customerName; }
        return payment.requestBillingAuth(request);
      })
      .catch(function () {
        button.disabled = false;
        if (status) {
          status.hidden = false;
        }
      });
  }

  document.addEventListener('click', function (event) {
    var button = event.target.closest('[data-card-window]');
    if (button) {
      event.preventDefault();
      open(button);
    }
  });
})();
