// Live preview on the Install page: rebuilds the corner widget with the chosen options through the public JS API
// (Parley.destroy() then Parley.init()), and shows the equivalent script tag.
(function () {
  const form = document.getElementById('preview-form');
  const status = document.getElementById('preview-status');
  const snippet = document.getElementById('preview-snippet');
  if (!form || !status || !snippet) return;
  const bridgeUrl = form.dataset.bridgeUrl || '';

  function toKebab(name) {
    return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
  }

  function readOptions() {
    const data = new FormData(form);
    const options = {};
    for (const [key, value] of data.entries()) {
      if (typeof value === 'string' && value.trim() !== '') options[key] = value.trim();
    }
    return options;
  }

  function showSnippet(options) {
    const attrs = Object.entries(options)
      .map(([key, value]) => ` data-${toKebab(key)}="${String(value).replace(/&/g, '&amp;').replace(/"/g, '&quot;')}"`)
      .join('');
    // textContent, never innerHTML: the options are user input.
    snippet.textContent = `<script src="${bridgeUrl}/widget.js"${attrs} async></script>`;
  }

  function apply() {
    const options = readOptions();
    showSnippet(options);
    const parley = window.Parley;
    if (!parley || typeof parley.init !== 'function') {
      status.textContent = 'The widget has not loaded yet: is the bridge running?';
      return;
    }
    try {
      parley.destroy();
      parley.init({ bridgeUrl, ...options, open: true });
      status.textContent = `Applied: theme ${options.theme}, color ${options.primaryColor}, ${options.position}.`;
    } catch (error) {
      status.textContent = `Could not apply the options: ${error instanceof Error ? error.message : String(error)}`;
    }
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    apply();
  });
  form.addEventListener('change', apply);
})();
