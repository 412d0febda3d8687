// Buyer portal: Stripe's Payment Element for a payment request (card or US bank account). The card details go to
// Stripe's frame only; Credo posts the payment when Stripe's signed webhook confirms it, never from this page.
(function () {
    var form = document.getElementById("stripe-form");
    if (!form || typeof Stripe === "undefined") { return; }
    var stripe = Stripe(form.dataset.key);
    var elements = stripe.elements({ clientSecret: form.dataset.secret });
    elements.create("payment").mount("#stripe-element");
    form.addEventListener("submit", function (e) {
        e.preventDefault();
        stripe.confirmPayment({ elements: elements, confirmParams: { return_url: form.dataset.return } }).then(function (result) {
            if (result.error) {
                var box = document.getElementById("stripe-error");
                box.textContent = result.error.message;
                box.hidden = false;
            }
        });
    });
})();
