// Credo team UI: small progressive enhancements. Everything works without JavaScript.
document.addEventListener("htmx:responseError", function (evt) {
    var status = evt.detail.xhr ? evt.detail.xhr.status : 0;
    if (status === 401) {
        window.location.href = "/account/sign-in?returnUrl=" + encodeURIComponent(window.location.pathname + window.location.search);
        return;
    }
    var message = status === 403 ? "You do not have permission to do that." : "Something went wrong (" + status + "). Please retry.";
    window.alert(message);
});

// Inputs whose whole value is meant to be copied (a webhook secret) select it on focus; no inline handlers, which the
// Content-Security-Policy forbids.
document.addEventListener('focusin', (e) => {
    if (e.target instanceof HTMLInputElement && e.target.hasAttribute('data-select-on-focus')) {
        e.target.select();
    }
});
