// Portal menu at phone width (issue 16 §6): the links fold behind a "Menu" button; without script they simply wrap.
(function () {
    var nav = document.querySelector('.portal-nav');
    var button = nav && nav.querySelector('.portal-menu-toggle');
    if (!button) { return; }
    nav.classList.add('folds');
    button.hidden = false;
    button.addEventListener('click', function () {
        var open = button.getAttribute('aria-expanded') !== 'true';
        button.setAttribute('aria-expanded', open ? 'true' : 'false');
        nav.classList.toggle('open', open);
    });
})();
