#!/usr/bin/env bash
# Builds upstream grpc_cli (gRPC 1.51, what operators use to administer opmon)
# from Debian 12's own `grpc` source package against the system libraries.
# Debian ships no grpc_cli binary. Result: $OUT/grpc_cli (default build/grpc_cli).
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${OUT:-$(pwd)/build/grpc_cli}
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo

bash scripts/bootstrap.sh
# Source packages need deb-src entries; add one for bookworm main if absent.
if ! grep -rqs "deb-src" /etc/apt/sources.list /etc/apt/sources.list.d/; then
  $SUDO tee /etc/apt/sources.list.d/opmon-deb-src.sources >/dev/null <<'SRC'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
  $SUDO apt-get -o DPkg::Lock::Timeout=600 update -qq
fi
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends libprotoc-dev dpkg-dev >/dev/null

mkdir -p "$OUT/src"
cd "$OUT/src"
if [ ! -d grpc-1.51.1 ]; then
  apt-get source --download-only grpc=1.51.1-3 2>/dev/null || apt-get source --download-only grpc
  tar xzf grpc_1.51.1.orig.tar.gz
fi
SRC=$OUT/src/grpc-1.51.1
GEN=$OUT/gen
mkdir -p "$GEN"
# Client stubs for reflection v1alpha (grpc_cli's reflection-backed descriptor database).
protoc -I "$SRC" --cpp_out="$GEN" --grpc_out="$GEN" --plugin=protoc-gen-grpc="$(command -v grpc_cpp_plugin)" \
  src/proto/grpc/reflection/v1alpha/reflection.proto

UTIL=$SRC/test/cpp/util
g++ -std=c++17 -O1 -w -I "$SRC" -I "$SRC/include" -I "$GEN" \
  "$UTIL/grpc_cli.cc" "$UTIL/cli_call.cc" "$UTIL/cli_credentials.cc" "$UTIL/grpc_tool.cc" \
  "$UTIL/proto_file_parser.cc" "$UTIL/proto_reflection_descriptor_database.cc" \
  "$UTIL/service_describer.cc" "$UTIL/test_config_cc.cc" \
  "$GEN/src/proto/grpc/reflection/v1alpha/reflection.pb.cc" \
  "$GEN/src/proto/grpc/reflection/v1alpha/reflection.grpc.pb.cc" \
  -o "$OUT/grpc_cli" \
  $(pkg-config --cflags --libs grpc++ protobuf) -lprotoc \
  -labsl_flags_parse -labsl_flags_internal -labsl_flags_marshalling -labsl_flags_reflection \
  -labsl_flags_usage -labsl_flags_usage_internal -labsl_flags_program_name -labsl_flags_config \
  -labsl_flags_private_handle_accessor -labsl_flags_commandlineflag -labsl_flags_commandlineflag_internal \
  -labsl_str_format_internal -labsl_strings -labsl_synchronization -lpthread
echo "grpc_cli built: $OUT/grpc_cli"
