import { Agent } from 'node:https';
import { connect as connectPlain, type Socket } from 'node:net';
import { connect as connectTls } from 'node:tls';

/**
 * The `https.Agent` that sends every connection of the SDK to one explicit endpoint (the `endpoint` setting).
 *
 * Why an agent: amazon-sp-api 1.2.1 has no option for its hosts. It always builds `https://<host>:443` requests
 * for `sellingpartnerapi-<region>.amazon.com`, Login with Amazon (`api.amazon.com`, hard-coded) and the presigned
 * S3 document URLs, and its only transport option is `https_proxy_agent`. So the connector, not the caller, builds
 * this agent from its own setting: the request line and the `Host` header stay Amazon's, and the endpoint (a
 * local sandbox, or a gateway that routes on `Host`) receives every call. An `http:` endpoint gets plain TCP
 * sockets, an `https:` one TLS to the endpoint's own name. Nothing process-wide is touched.
 */
export class AmazonEndpointAgent extends Agent {
  readonly #endpoint: URL;

  constructor(endpoint: string) {
    super({ keepAlive: true });
    this.#endpoint = new URL(endpoint);
  }

  override createConnection(): Socket {
    const secure = this.#endpoint.protocol === 'https:';
    const host = this.#endpoint.hostname;
    const port = Number(this.#endpoint.port || (secure ? 443 : 80));
    return secure ? connectTls({ host, port, servername: host }) : connectPlain({ host, port });
  }
}
