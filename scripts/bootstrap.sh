#!/usr/bin/env bash
# Installs every build and runtime dependency of opmon on Debian 12.
# Works as root on a fresh machine (no prior apt-get update) and is safe to re-run.
set -euo pipefail

PACKAGES=(
  # toolchain
  build-essential cmake ninja-build ccache pkg-config git curl ca-certificates
  clang libclang-rt-14-dev
  # gRPC / protobuf / abseil
  libssl-dev libgrpc++-dev libgrpc-dev protobuf-compiler protobuf-compiler-grpc libprotobuf-dev libabsl-dev
  # database
  postgresql-15 postgresql-client-15 libpqxx-dev libpq-dev
  # config, json, cli, logging, metrics
  libyaml-cpp-dev libtomlplusplus-dev libsimdjson-dev nlohmann-json3-dev libcli11-dev libfmt-dev libspdlog-dev
  prometheus-cpp-dev
  # webhook deliveries (http and https)
  libcurl4-openssl-dev
  # gzip of pg_dump directory dumps (legacy import)
  zlib1g-dev
  # tests and benchmarks
  libgtest-dev libgmock-dev googletest libbenchmark-dev
  systemd  # systemd-analyze verify of deploy/systemd (absent from minimal container images)
  chromium  # headless rendering of the lookml HTML preview in tests
)
# Node runs the reference JavaScript UDFs (kernel tests/benchmarks) and the npm
# lookml-parser. Machines that already carry a Node.js build with its own npm
# keep it: Debian's npm package conflicts with those builds.
command -v node >/dev/null 2>&1 || PACKAGES+=(nodejs)
command -v npm >/dev/null 2>&1 || PACKAGES+=(npm)

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "bootstrap: installing ${#missing[@]} package(s): ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  # Wait for a concurrent apt/dpkg run instead of failing.
  APT_OPTS=(-o DPkg::Lock::Timeout=600)
  $SUDO apt-get "${APT_OPTS[@]}" update -qq
  $SUDO apt-get "${APT_OPTS[@]}" install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "bootstrap: all ${#PACKAGES[@]} packages present"
fi

# The Debian postgresql package starts a system cluster; opmon never uses it
# (the local stack and the tests run private clusters), so leave it alone.

# The npm packages of the Kubernetes manifest check (tests/deploy), pinned by
# its package-lock.json; skipped when they are already installed.
DEPLOY_CHECKS=$(cd "$(dirname "$0")/../tests/deploy" && pwd)
if ! cmp -s "$DEPLOY_CHECKS/package-lock.json" "$DEPLOY_CHECKS/node_modules/.package-lock.json.installed" 2>/dev/null; then
  echo "bootstrap: installing the npm packages of tests/deploy"
  npm ci --prefix "$DEPLOY_CHECKS" --no-audit --no-fund --loglevel=error
  cp "$DEPLOY_CHECKS/package-lock.json" "$DEPLOY_CHECKS/node_modules/.package-lock.json.installed"
fi
