// Event descriptions in Markdown, rendered the same way wherever an event page is shown.
import MarkdownIt from 'markdown-it';

// html: false escapes any HTML in the description; links are limited to http(s) and mailto.
const markdown = new MarkdownIt({ html: false, linkify: true, typographer: true });
const defaultValidateLink = markdown.validateLink.bind(markdown);
markdown.validateLink = (url) => /^(https?:|mailto:)/i.test(url.trim()) && defaultValidateLink(url);

export function renderMarkdown(text: string): string {
  return markdown.render(text);
}
