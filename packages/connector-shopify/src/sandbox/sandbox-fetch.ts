import { setAbstractFetchFunc } from '@shopify/shopify-api/runtime';

const sandboxes = new Map<string, string>();
let installed = false;

/**
 * Routes the SDK's requests for a sandbox store to the local sandbox, through the SDK's supported fetch hook
 * (`setAbstractFetchFunc`); every other store still goes to Shopify. The connector code is unchanged: only where
 * `https://<shop>/admin/api/...` is answered differs.
 */
export function routeShopToSandbox(shop: string, sandboxUrl: string): void {
  sandboxes.set(shop, sandboxUrl);
  if (installed) return;
  installed = true;
  setAbstractFetchFunc(async (input, init) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    const target = sandboxes.get(url.host);
    if (target === undefined) return await globalThis.fetch(input, init);
    return await globalThis.fetch(`${target}${url.pathname}${url.search}`, init);
  });
}

export function forgetSandboxShop(shop: string): void {
  sandboxes.delete(shop);
}
