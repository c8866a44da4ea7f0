#!/usr/bin/env bash
# Benchmarks trawl against its peers on a generated gallery served by nginx on loopback.
#   bench/harness/run.sh [--smoke] [--pages N --works N --rounds N --delays 0,20] [--tools trawl,aiohttp,...]
# Installs what it needs (Debian packages) when missing; `--help` lists every option.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

need=()
command -v nginx >/dev/null 2>&1 || need+=(nginx)
[ -f /usr/lib/nginx/modules/ngx_http_echo_module.so ] || need+=(libnginx-mod-http-echo)
[ -x /usr/bin/time ] || need+=(time)
command -v curl >/dev/null 2>&1 || need+=(curl)
command -v wget2 >/dev/null 2>&1 || need+=(wget2)
[ -x /usr/bin/python3 ] || need+=(python3)
for m in aiohttp:python3-aiohttp bs4:python3-bs4 lxml:python3-lxml scrapy:python3-scrapy requests:python3-requests PIL:python3-pil; do
  /usr/bin/python3 -c "import ${m%%:*}" >/dev/null 2>&1 || need+=("${m#*:}")
done
if [ ${#need[@]} -gt 0 ]; then
  echo "[bench] installing: ${need[*]}" >&2
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >&2
fi

exec /usr/bin/python3 "$here/bench.py" "$@"
