const plainKey = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/**
 * A path inside a document as a person would write it: `skus[3].kit.components[0].sku`. Keys that are not
 * plain words (a connection's location id such as `gid://shopify/Location/1`) are quoted so the path stays
 * unambiguous.
 */
export function formatPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else {
      const key = String(segment);
      if (plainKey.test(key)) text += text === '' ? key : `.${key}`;
      else text += `[${JSON.stringify(key)}]`;
    }
  }
  return text;
}
