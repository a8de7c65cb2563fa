/**
 * Entry of `widget.js` (foundation placeholder of the real widget, issue 5): mounts a launcher button
 * in an open shadow root so the build, the size budget and the browser test have something real to check.
 */
const host = document.createElement('div');
host.setAttribute('data-parley', '');
const root = host.attachShadow({ mode: 'open' });
const button = document.createElement('button');
button.type = 'button';
button.textContent = 'Chat';
button.setAttribute('aria-label', 'Open chat');
root.append(button);
document.body.append(host);
export {};
