// Pieces shared by the live views (questions, pitches): the <head> tags and the region that
// /static/live.js keeps up to date from a Server-Sent Events stream.
import type { PropsWithChildren } from '@kitajs/html';

/**
 * For PageMeta.head: the live script, and for browsers without JavaScript a refresh every
 * `refreshSeconds` (inside <noscript>, so it never reloads a page the script keeps current).
 * null: no refresh, for pages with a text field that a reload would empty; give them a refresh
 * link instead.
 */
export function liveHead(refreshSeconds: number | null = 10): string {
  const script = '<script src="/static/live.js" defer></script>';
  if (refreshSeconds === null) return script;
  const seconds = Math.max(3, Math.round(refreshSeconds));
  return `${script}<noscript><meta http-equiv="refresh" content="${seconds}"></noscript>`;
}

/**
 * The element whose content the stream at `src` replaces. Render the same fragment inside it as
 * the stream sends, so the page is complete without JavaScript. A fragment shared by everyone
 * cannot carry a person's CSRF token: give the page's token as `csrf`, and live.js puts it into
 * every `_csrf` field of each update.
 */
export function LiveRegion(
  props: PropsWithChildren<{
    src: string;
    id?: string;
    class?: string;
    csrf?: string;
    /** Further data-* attributes for page scripts. */
    attrs?: Record<string, string>;
  }>,
): JSX.Element {
  return (
    <div
      id={props.id}
      class={props.class}
      data-live-src={props.src}
      data-live-csrf={props.csrf}
      aria-live="polite"
      aria-relevant="additions text"
      {...(props.attrs ?? {})}
    >
      {props.children as 'safe'}
    </div>
  );
}
