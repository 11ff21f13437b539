// WCAG 2 contrast of text as the reader sees it, measured in the page: the
// text's colour (with its own alpha and every ancestor's opacity) laid over
// the background behind it, found by walking up through the ancestors and
// stacking their backgrounds until one is opaque. Colours are turned into
// numbers by painting them on a canvas, which reads any CSS colour syntax
// (color-mix results, color(srgb …), named colours) the way the browser does.
//
// Limits: a gradient or image background counts as transparent, and boxes
// that overlap without being ancestors (an absolutely placed band behind a
// bar) are not seen.

// Every visible element under `scope` that holds text of its own, with its
// contrast ratio; `scope` may match several roots.
export async function textContrasts(page, scope) {
  return page.evaluate((selector) => {
    const canvas = document.createElement("canvas");
    canvas.width = 1;
    canvas.height = 1;
    const paint = canvas.getContext("2d", { willReadFrequently: true });

    function rgba(css) {
      paint.clearRect(0, 0, 1, 1);
      paint.fillStyle = "rgba(0, 0, 0, 0)";
      paint.fillStyle = css;
      paint.fillRect(0, 0, 1, 1);
      const [r, g, b, a] = paint.getImageData(0, 0, 1, 1).data;
      return { r, g, b, a: a / 255 };
    }

    function over(top, bottom) {
      const a = top.a + bottom.a * (1 - top.a);
      if (a === 0) {
        return { r: 0, g: 0, b: 0, a: 0 };
      }
      const mix = (key) => (top[key] * top.a + bottom[key] * bottom.a * (1 - top.a)) / a;
      return { r: mix("r"), g: mix("g"), b: mix("b"), a };
    }

    function luminance({ r, g, b }) {
      const channel = (value) => {
        const c = value / 255;
        return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
    }

    function backgroundBehind(node) {
      const layers = [];
      for (let at = node; at; at = at.parentElement) {
        const color = rgba(getComputedStyle(at).backgroundColor);
        if (color.a > 0) {
          layers.push(color);
          if (color.a >= 1) {
            break;
          }
        }
      }
      // The canvas of a page with no opaque background anywhere is white.
      return layers.reverse().reduce((below, layer) => over(layer, below), { r: 255, g: 255, b: 255, a: 1 });
    }

    function opacityOf(node) {
      let product = 1;
      for (let at = node; at; at = at.parentElement) {
        product *= Number(getComputedStyle(at).opacity);
      }
      return product;
    }

    function describe(node) {
      const classes = typeof node.className === "string" && node.className ? `.${node.className.trim().split(/\s+/).join(".")}` : "";
      return `${node.tagName.toLowerCase()}${classes}`;
    }

    const found = [];
    document.querySelectorAll(selector).forEach((root) => {
      [root, ...root.querySelectorAll("*")].forEach((node) => {
        const ownText = Array.from(node.childNodes)
          .filter((child) => child.nodeType === Node.TEXT_NODE)
          .map((child) => child.textContent)
          .join("")
          .trim();
        if (!ownText || !node.checkVisibility({ opacityProperty: false, visibilityProperty: true })) {
          return;
        }
        const box = node.getBoundingClientRect();
        if (box.width === 0 || box.height === 0) {
          return;
        }
        const style = getComputedStyle(node);
        const background = backgroundBehind(node);
        const text = rgba(style.color);
        text.a *= opacityOf(node);
        const seen = over(text, background);
        const [light, dark] = [luminance(seen), luminance(background)].sort((x, y) => y - x);
        found.push({
          element: describe(node),
          text: ownText.slice(0, 40),
          ratio: Math.round(((light + 0.05) / (dark + 0.05)) * 100) / 100,
          disabled: Boolean(node.closest(":disabled")),
        });
      });
    });
    return found;
  }, scope);
}
