// The phone page of a question room: the live list is the same for every phone, so after each
// update this puts back which posts this person has voted for (data-voted on the list, written
// by the server when it rendered the page).
(() => {
  const region = document.getElementById('q-live');
  if (!region) return;
  const mark = () => {
    const voted = new Set((region.getAttribute('data-voted') || '').split(' ').filter(Boolean));
    for (const item of region.querySelectorAll('[data-question]')) {
      const done = voted.has(item.getAttribute('data-question'));
      const form = item.querySelector('.q-vote-form');
      const note = item.querySelector('.q-voted');
      if (form) form.hidden = done;
      if (note) note.hidden = !done;
    }
  };
  region.addEventListener('live:update', mark);
})();
