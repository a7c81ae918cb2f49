/**
 * Finds text on the page that is not in the page's language. Runs in the browser (pass it to
 * `page.evaluate`). Data is exempt: anything inside `translate="no"` (hashes, addresses, names,
 * URIs), or marked with another `lang` (the language switch names the other language in it). Hex
 * and numbers are removed before looking; a few technical names are the same in every language.
 */
export function untranslatedText(): string[] {
  const lang = document.documentElement.lang;
  const allowed = new Set(["json", "rpc", "graphql", "url", "sha", "sm", "keccak", "dpr", "http", "https", "id"]);
  const cjk = /[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]/;
  const found: string[] = [];
  const check = (text: string, where: string) => {
    const value = text.replace(/\s+/g, " ").trim();
    if (value === "") return;
    if (/\{[A-Za-z]+\}/.test(value)) found.push(`${where}: unfilled placeholder in "${value}"`);
    const stripped = value.replace(/0x[0-9a-fA-F…]+/g, " ").replace(/\d+/g, " ");
    if (lang === "zh-CN") {
      const words = (stripped.match(/[A-Za-z]{2,}/g) ?? []).filter((w) => !allowed.has(w.toLowerCase()));
      if (words.length > 0) found.push(`${where}: English in Chinese page: "${value}"`);
    } else if (cjk.test(stripped)) {
      found.push(`${where}: Chinese in English page: "${value}"`);
    }
  };
  const exempt = (element: Element) =>
    element.closest('[translate="no"], script, style, noscript, template') !== null ||
    (element.closest("[lang]")?.getAttribute("lang") ?? lang) !== lang;
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.nodeType === Node.TEXT_NODE) {
      const parent = node.parentElement;
      if (parent && !exempt(parent)) check(node.textContent ?? "", `<${parent.tagName.toLowerCase()}>`);
    } else {
      const element = node as Element;
      if (exempt(element)) continue;
      for (const attribute of ["aria-label", "title", "placeholder", "alt"]) {
        const value = element.getAttribute(attribute);
        if (value) check(value, `<${element.tagName.toLowerCase()} ${attribute}>`);
      }
    }
  }
  check(document.title, "<title>");
  return found;
}
