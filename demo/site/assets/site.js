// The help center's own small behaviours: the cookie bar and "Chat with us" buttons that open Parley.
(function () {
  const KEY = 'lovelace.cookie-choice';
  const bar = document.querySelector('.cookie-bar');
  let choice = null;
  try {
    choice = localStorage.getItem(KEY);
  } catch {
    choice = null; // storage blocked: ask again on every page, which is what a careful site does
  }
  if (bar && !choice) {
    bar.hidden = false;
    document.documentElement.classList.add('cookie-open');
  }
  document.querySelectorAll('[data-cookie]').forEach((button) => {
    button.addEventListener('click', () => {
      try {
        localStorage.setItem(KEY, button.getAttribute('data-cookie') || 'decline');
      } catch {
        // ignore: the bar just hides for this page
      }
      if (bar) bar.hidden = true;
      document.documentElement.classList.remove('cookie-open');
    });
  });

  document.querySelectorAll('[data-open-chat]').forEach((button) => {
    button.addEventListener('click', () => {
      if (window.Parley && typeof window.Parley.open === 'function') window.Parley.open();
    });
  });
})();
