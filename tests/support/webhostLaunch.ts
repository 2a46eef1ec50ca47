/**
 * What a browser holds after opening the web host's launch address, for tests that call the
 * host from Node: the launch cookie (Set-Cookie) and the bridge secret (the redirect's
 * #bansos-bridge=... fragment, which the page keeps and sends as the x-bansos-bridge header).
 */
export interface Launched {
  /** `bansos_host=...`, ready for a Cookie header. */
  hostCookie: string;
  bridge: string;
}

export async function openLaunchUrl(launchUrl: string): Promise<Launched> {
  const response = await fetch(launchUrl, { redirect: 'manual' });
  const hostCookie = /^bansos_host=[^;]+/.exec(response.headers.get('set-cookie') ?? '')?.[0];
  const bridge = /#bansos-bridge=([\w-]+)$/.exec(response.headers.get('location') ?? '')?.[1];
  if (response.status !== 302 || !hostCookie || !bridge) {
    throw new Error(`the launch address did not open the host (HTTP ${response.status})`);
  }
  return { hostCookie, bridge };
}
