/* The search's words, marked: in the question of each search result, and on the page a result
   opens (its address carries ?highlight=the words). An ES module that search.js imports only
   when a search starts or a page has ?highlight=, so a plain page view never loads it.

   A word matches at the start of a word of the text, as typed or as its stem (without an
   English plural or verb ending), so "offsets" marks "offset" and "Offsets", and
   "failOnDataLoss" marks "failOnDataLoss=false". Marks are <mark class="search-hit">, styled
   in docs/stylesheets/search.css with a contrast that holds in both palettes. */

// Words of fewer letters mark too much.
const MIN_LENGTH = 2;
const ENDINGS = /(?:ies|es|s|ed|ing|ly)$/u;
// Inside these, text is code to run, an icon, or a control's own label.
const SKIPPED = "script, style, svg, mark, button, .headerlink, [data-pagefind-ignore='all']";

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** A global, case-insensitive pattern of the words (space-separated), or null when none is
 *  long enough. */
export function termPattern(words) {
  const parts = new Set();
  for (const term of words) {
    const word = term.toLowerCase().replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "");
    if (word.length < MIN_LENGTH) continue;
    parts.add(escapeRegExp(word));
    const stem = word.replace(ENDINGS, "");
    if (stem.length >= 4 && stem !== word) parts.add(escapeRegExp(stem));
  }
  if (!parts.size) return null;
  const alternatives = [...parts].sort((a, b) => b.length - a.length).join("|");
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives})[\\p{L}\\p{N}]*`, "giu");
}

/** ``text`` as a list of strings and <mark> elements. */
export function markText(text, pattern) {
  if (!pattern) return [text];
  const nodes = [];
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    if (match.index > last) nodes.push(text.slice(last, match.index));
    const mark = document.createElement("mark");
    mark.className = "search-hit";
    mark.textContent = match[0];
    nodes.push(mark);
    last = match.index + match[0].length;
  }
  if (last < text.length) nodes.push(text.slice(last));
  return nodes;
}

/** Mark every match of ``query``'s words in ``root``; return how many were marked. */
export function highlight(root, query) {
  const pattern = termPattern(String(query || "").split(/\s+/));
  if (!root || !pattern) return 0;
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
    acceptNode(node) {
      if (!node.data.trim() || node.parentElement.closest(SKIPPED)) return NodeFilter.FILTER_REJECT;
      pattern.lastIndex = 0;
      return pattern.test(node.data) ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_REJECT;
    },
  });
  const nodes = [];
  while (walker.nextNode()) nodes.push(walker.currentNode);
  let count = 0;
  for (const node of nodes) {
    pattern.lastIndex = 0;
    const parts = markText(node.data, pattern);
    count += parts.filter((part) => typeof part !== "string").length;
    node.replaceWith(...parts);
  }
  return count;
}
