// Live views (questions, pitches). Each element with data-live-src="<SSE URL>" holds a fragment
// the server renders; this script listens to that URL and puts every `update` event's HTML into
// the element. The element carries aria-live in the server's HTML. Only what changed is touched
// (nodes are patched in place), so a screen reader hears the changed item, not the whole list,
// and a focused button keeps its focus. Without JavaScript the page refreshes itself (a meta
// refresh inside <noscript>).
(() => {
  const regions = document.querySelectorAll('[data-live-src]');
  if (regions.length === 0) return;

  const reloadSoon = (ms) => {
    window.setTimeout(() => window.location.reload(), ms);
  };

  // No EventSource (very old browsers): refresh now and then, as without JavaScript.
  if (!('EventSource' in window)) {
    reloadSoon(15000);
    return;
  }

  const sameElement = (a, b) =>
    a.nodeType === 1 && b.nodeType === 1 && a.tagName === b.tagName && (a.id || '') === (b.id || '');

  const syncAttributes = (from, to) => {
    for (const attr of Array.from(from.attributes)) {
      if (!to.hasAttribute(attr.name)) from.removeAttribute(attr.name);
    }
    for (const attr of Array.from(to.attributes)) {
      if (from.getAttribute(attr.name) !== attr.value) from.setAttribute(attr.name, attr.value);
    }
  };

  // Makes the children of `from` equal to those of `to`, keeping nodes that did not change.
  const patchChildren = (from, to) => {
    const before = Array.from(from.childNodes);
    const after = Array.from(to.childNodes);
    for (let i = 0; i < after.length; i++) {
      const old = before[i];
      const next = after[i];
      if (!old) {
        from.appendChild(next);
      } else if (old.isEqualNode(next)) {
        // unchanged
      } else if (old.nodeType === 3 && next.nodeType === 3) {
        old.nodeValue = next.nodeValue;
      } else if (sameElement(old, next)) {
        syncAttributes(old, next);
        patchChildren(old, next);
      } else {
        from.replaceChild(next, old);
      }
    }
    for (let i = after.length; i < before.length; i++) from.removeChild(before[i]);
  };

  for (const region of regions) {
    const url = region.getAttribute('data-live-src');
    if (!url) continue;
    const source = new EventSource(url);
    region.setAttribute('data-live-state', 'connecting');
    source.addEventListener('open', () => region.setAttribute('data-live-state', 'open'));
    source.addEventListener('update', (event) => {
      const template = document.createElement('template');
      template.innerHTML = event.data;
      // A fragment shared by all clients carries no CSRF token: the page's goes in.
      const csrf = region.getAttribute('data-live-csrf');
      if (csrf) {
        for (const input of template.content.querySelectorAll('input[name="_csrf"]')) {
          input.setAttribute('value', csrf);
        }
      }
      patchChildren(region, template.content);
      region.setAttribute('data-live-state', 'open');
      region.dispatchEvent(new CustomEvent('live:update', { bubbles: true }));
    });
    source.addEventListener('error', () => {
      region.setAttribute('data-live-state', 'reconnecting');
      // The browser retries by itself unless the server refused (e.g. a revoked display link):
      // then reload a little later, which shows the page as the server now has it.
      if (source.readyState === EventSource.CLOSED) reloadSoon(10000);
    });
  }
})();
