// The account page's sign-out: the site signs its visitor out, and tells the chat so (Parley.identify(null)),
// so the next person on this browser sees none of this visitor's conversation.
(function () {
  document.querySelectorAll('[data-sign-out]').forEach((link) => {
    link.addEventListener('click', () => {
      if (window.Parley && typeof window.Parley.identify === 'function') window.Parley.identify(null);
    });
  });
})();
