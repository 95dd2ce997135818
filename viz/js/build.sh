#!/bin/sh
# Rebuild viz/explorer.bundle.js from src/ with the exact versions in package-lock.json.
set -eu
cd "$(dirname "$0")"
npm ci --no-audit --no-fund
npx --no-install esbuild src/main.js --bundle --minify --format=iife --target=es2020 \
  --legal-comments=eof --charset=ascii \
  --banner:js="/* govkg explorer: built from viz/js/src by viz/js/build.sh; sigma 3, graphology, @sigma/node-square (MIT) */" \
  --outfile=../explorer.bundle.js
echo "wrote $(cd .. && pwd)/explorer.bundle.js ($(wc -c < ../explorer.bundle.js) bytes)"
