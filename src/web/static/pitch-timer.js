// The clock of a running pitch (issue 8): every element with data-deadline (milliseconds since
// 1970, the server's clock) shows the time left, or the time over, and counts down each second.
// The page's data-server-now corrects a device whose clock is off. Elements that /static/live.js
// swaps in are picked up on the next tick. Without this script the page shows the time left
// when it was made (and refreshes itself where the view allows).
(() => {
  const stamp = document.querySelector('[data-server-now]');
  const serverNow = stamp ? Number(stamp.getAttribute('data-server-now')) : Number.NaN;
  // Server time minus device time when the page was made (network delay is well under a second).
  const offset = Number.isFinite(serverNow) ? serverNow - Date.now() : 0;

  const format = (seconds) => {
    const s = Math.abs(seconds);
    return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
  };

  const tick = () => {
    const now = Date.now() + offset;
    for (const el of document.querySelectorAll('[data-deadline]')) {
      const deadline = Number(el.getAttribute('data-deadline'));
      if (!Number.isFinite(deadline)) continue;
      const left = Math.round((deadline - now) / 1000);
      const template = el.getAttribute(left >= 0 ? 'data-left' : 'data-over') || '{t}';
      const text = template.replace('{t}', format(left));
      if (el.textContent !== text) el.textContent = text;
      el.classList.toggle('pitch-timer-over', left < 0);
    }
  };

  tick();
  window.setInterval(tick, 1000);
  document.addEventListener('live:update', tick);
})();
