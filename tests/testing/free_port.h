#pragma once
// A loopback TCP port nothing listens on right now (the kernel's choice), for
// servers that must be told their port before they start. Another binder may
// take it meanwhile; the server then fails loudly, which tests accept.

namespace opmon::testing {

// 0 when the kernel gives none.
int FreeLoopbackPort();

}  // namespace opmon::testing
