// The public application form: shows and hides conditional fields as the answers they depend on change.
// The server ignores hidden fields whatever this script does.
(function () {
    function refresh(form) {
        form.querySelectorAll('[data-visible-when]').forEach(function (field) {
            var name = field.getAttribute('data-visible-when');
            if (!name) { return; }
            var source = form.querySelector('[name="' + CSS.escape(name) + '"]');
            var value = source ? source.value.trim() : '';
            var anyOf = (field.getAttribute('data-any-of') || '').split('|').filter(Boolean);
            field.hidden = !(value && (anyOf.length === 0 || anyOf.indexOf(value) >= 0));
        });
    }
    document.addEventListener('change', function (e) {
        var form = e.target.closest && e.target.closest('#application');
        if (form) { refresh(form); }
    });
})();
