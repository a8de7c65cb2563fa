/**
 * Turns the help center's small markdown subset into plain text for channels without markdown:
 * bold and italics lose their markers, bullets become "•", links become "text (url)".
 * @example toPlainText('- **Plus**: $4'); // '• Plus: $4'
 */
export function toPlainText(markdown: string): string {
  return markdown
    .replace(/\[([^\]]+)\]\(([^)]+)\)/g, '$1 ($2)')
    .replace(/\*\*([^*]+)\*\*/g, '$1')
    .replace(/(^|[^*])\*([^*\n]+)\*/g, '$1$2')
    .replace(/__([^_]+)__/g, '$1')
    .replace(/^(\s*)[-*] /gm, '$1• ');
}
