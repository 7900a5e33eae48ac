#include "tests/testing/test_certificates.h"

#include <fstream>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/status/status_macros.h"
#include "tests/testing/subprocess.h"

namespace opmon::testing {
namespace {

absl::Status Openssl(const std::vector<std::string>& args) {
  std::vector<std::string> argv = {"openssl"};
  argv.insert(argv.end(), args.begin(), args.end());
  absl::StatusOr<CommandResult> r = RunCommand(argv);
  if (!r.ok()) return r.status();
  if (r->exit_code != 0) return absl::InternalError(absl::StrCat("openssl ", args[0], " failed: ", r->output));
  return absl::OkStatus();
}

// A key and a certificate for `subject` signed by `ca`, with the extensions
// in `extensions` (openssl x509v3 config lines).
absl::StatusOr<PemPair> Issue(const std::string& prefix, const std::string& subject, const PemPair& ca,
                              const std::string& extensions) {
  PemPair pair{.cert = prefix + ".pem", .key = prefix + ".key"};
  const std::string csr = prefix + ".csr";
  const std::string ext = prefix + ".ext";
  std::ofstream(ext) << extensions;
  OPMON_RETURN_IF_ERROR(Openssl({"req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                                 "-nodes", "-keyout", pair.key, "-out", csr, "-subj", subject}));
  OPMON_RETURN_IF_ERROR(Openssl({"x509", "-req", "-in", csr, "-CA", ca.cert, "-CAkey", ca.key, "-CAcreateserial",
                                 "-days", "1", "-extfile", ext, "-out", pair.cert}));
  return pair;
}

}  // namespace

absl::StatusOr<TestCertificates> MakeTestCertificates(const std::string& dir, const std::string& name) {
  const std::string prefix = absl::StrCat(dir, "/", name);
  TestCertificates certs;
  certs.ca = {.cert = prefix + "-ca.pem", .key = prefix + "-ca.key"};
  OPMON_RETURN_IF_ERROR(Openssl({"req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                                 "-nodes", "-keyout", certs.ca.key, "-out", certs.ca.cert, "-days", "1", "-subj",
                                 absl::StrCat("/CN=", name, " test CA")}));
  OPMON_ASSIGN_OR_RETURN(
      certs.server, Issue(prefix + "-server", "/CN=localhost", certs.ca,
                          "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n"));
  OPMON_ASSIGN_OR_RETURN(certs.client, Issue(prefix + "-client", absl::StrCat("/CN=", name, " client"), certs.ca,
                                             "extendedKeyUsage=clientAuth\n"));
  return certs;
}

}  // namespace opmon::testing
