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
